/**
 * The words of Vouch's review pages and emails, in every supported locale. Pages and emails never hold
 * text of their own: they ask `t` (or a `translator`) for a key of the source catalog, `catalogs/en-US.ts`.
 * How a page picks its locale is `negotiateLocale`; docs/locales.md explains both for operators.
 */
import type { Locale } from '../domain/locales.js';
import { BoundedCache } from '../shared/bounded-cache.js';
import { CATALOGS, type MessageKey } from './catalogs/index.js';

export type { Catalog, MessageKey } from './catalogs/index.js';
export {
  COUNTRY_LOCALES,
  localeForCountry,
  localeFromHost,
  matchLocaleTag,
  type CountryCode,
} from './country-locales.js';
export {
  localeFromAcceptLanguage,
  negotiateLocale,
  parseAcceptLanguage,
  type LocaleNegotiationInput,
  type LocaleSource,
  type NegotiatedLocale,
} from './negotiate.js';

/** Values for a message's `{name}` placeholders; numbers are formatted for the locale. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** The plural forms every catalog carries for a counted message. Intl's `zero` and `two` fall back to `other`. */
export const PLURAL_FORMS = ['one', 'few', 'many', 'other'] as const;
export type PluralForm = (typeof PLURAL_FORMS)[number];

/** The counted messages: the keys that end in `.other`, without it (`'public.reviewCount'`). */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.other` ? Base : never;
}[MessageKey];

const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * The message `key` in `locale`, with each `{name}` replaced by `params[name]`. A placeholder without a
 * value stays as it is, so a missing parameter shows on the page instead of vanishing. Values are
 * inserted once: a business called "{business}" stays that.
 *
 * @example
 * t('de-DE', 'public.trustScore.value', { score: 4.5 }); // 'TrustScore 4,5 von 5'
 */
export function t(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = CATALOGS[locale][key];
  if (params === undefined) return template;
  return template.replace(PLACEHOLDER, (placeholder, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (value === undefined) return placeholder;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

/**
 * A counted message: picks `{baseKey}.{form}` by the locale's plural rules for `count`, and fills
 * `{count}` with the formatted number.
 *
 * @example
 * tCount('pl-PL', 'public.reviewCount', 3); // '3 opinie'
 * tCount('pl-PL', 'public.reviewCount', 5); // '5 opinii'
 */
export function tCount(locale: Locale, baseKey: PluralKey, count: number, params?: MessageParams): string {
  const key: MessageKey = `${baseKey}.${pluralForm(locale, count)}`;
  return t(locale, key, { ...params, count });
}

/** The plural form a catalog uses for `count` in `locale`. */
export function pluralForm(locale: Locale, count: number): PluralForm {
  const category = pluralRules.getOrCreate(locale, () => new Intl.PluralRules(locale)).select(count);
  return (PLURAL_FORMS as readonly string[]).includes(category) ? (category as PluralForm) : 'other';
}

/** A date as the locale writes it in full ("5. März 2024", "March 5, 2024"), in UTC. */
export function formatDate(locale: Locale, epochMs: number): string {
  return dateFormats
    .getOrCreate(locale, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }))
    .format(epochMs);
}

/** A number as the locale writes it ("1.234,5" in German), with at most `maxFractionDigits` decimals. */
export function formatNumber(locale: Locale, n: number, maxFractionDigits?: number): string {
  return numberFormats
    .getOrCreate(
      `${locale} ${maxFractionDigits ?? ''}`,
      () => new Intl.NumberFormat(locale, { maximumFractionDigits: maxFractionDigits ?? 3 }),
    )
    .format(n);
}

/** The functions above, bound to one locale; safe to destructure. */
export interface Translator {
  readonly locale: Locale;
  readonly t: (key: MessageKey, params?: MessageParams) => string;
  readonly tCount: (baseKey: PluralKey, count: number, params?: MessageParams) => string;
  readonly formatDate: (epochMs: number) => string;
  readonly formatNumber: (n: number, maxFractionDigits?: number) => string;
}

/**
 * @example
 * const { t, tCount } = translator('fr-FR');
 * t('public.title', { business: 'Acme' }); // 'Avis sur Acme'
 */
export function translator(locale: Locale): Translator {
  return {
    locale,
    t: (key, params) => t(locale, key, params),
    tCount: (baseKey, count, params) => tCount(locale, baseKey, count, params),
    formatDate: (epochMs) => formatDate(locale, epochMs),
    formatNumber: (n, maxFractionDigits) => formatNumber(locale, n, maxFractionDigits),
  };
}

// Building an Intl formatter is costly next to using one; a page formats many numbers and dates.
// Keys are locales (and a digit count), a small closed set; the bound only guards against a caller's surprise.
const FORMATTERS_KEPT = 200;
const pluralRules = new BoundedCache<string, Intl.PluralRules>({ maxEntries: FORMATTERS_KEPT });
const dateFormats = new BoundedCache<string, Intl.DateTimeFormat>({ maxEntries: FORMATTERS_KEPT });
const numberFormats = new BoundedCache<string, Intl.NumberFormat>({ maxEntries: FORMATTERS_KEPT });
