import type { Locale } from '../../domain/locales.js';
import { daDK } from './da-DK.js';
import { deDE } from './de-DE.js';
import { enGB } from './en-GB.js';
import { enUS, type Catalog } from './en-US.js';
import { esES } from './es-ES.js';
import { fiFI } from './fi-FI.js';
import { frFR } from './fr-FR.js';
import { itIT } from './it-IT.js';
import { jaJP } from './ja-JP.js';
import { nbNO } from './nb-NO.js';
import { nlNL } from './nl-NL.js';
import { plPL } from './pl-PL.js';
import { ptBR } from './pt-BR.js';
import { svSE } from './sv-SE.js';

export type { Catalog, MessageKey } from './en-US.js';
export { enUS };

/** One catalog per supported locale; typed by `Locale`, so a locale without a catalog does not compile. */
export const CATALOGS: Readonly<Record<Locale, Catalog>> = {
  'en-US': enUS,
  'en-GB': enGB,
  'de-DE': deDE,
  'fr-FR': frFR,
  'es-ES': esES,
  'it-IT': itIT,
  'nl-NL': nlNL,
  'da-DK': daDK,
  'sv-SE': svSE,
  'nb-NO': nbNO,
  'fi-FI': fiFI,
  'pl-PL': plPL,
  'pt-BR': ptBR,
  'ja-JP': jaJP,
};
