import { parseLocale, type Locale } from '../domain/locales.js';

/**
 * Country hosts: the review pages served on `{cc}.{public host}` (say `de.reviews.example.com`) speak that
 * country's language, as the hosted platform's country hosts do (spec/compat.md §1 point 4). Keep this
 * table and the one in docs/locales.md the same; a unit test compares them.
 *
 * Choices where a country has more than one language, or its own is not one of Vouch's locales:
 * - `uk` is not an ISO code but is the host people type for Britain; it and `gb` both serve en-GB.
 *   Other Commonwealth English (ie, au, nz, za, in, sg) follows British spelling, so en-GB too.
 * - `ca` serves en-US: Canada's English majority reads US spelling in shops; French-speaking Canadians
 *   get French by using the `fr` host.
 * - `ch` and `li` serve de-DE (German is the majority language of Switzerland); `at` is German too.
 * - `be` serves fr-FR and `lu` fr-FR: a Belgian business with Dutch-speaking customers links to the `nl`
 *   host instead. `mc` (Monaco) is French.
 * - Latin America (mx, ar, cl, co, pe) serves es-ES, the only Spanish Vouch has; Portugal (`pt`) serves
 *   pt-BR, the only Portuguese.
 * - `no` is Norway and serves Bokmål (nb-NO), the written standard most Norwegians use.
 */
export const COUNTRY_LOCALES = {
  us: 'en-US',
  ca: 'en-US',
  uk: 'en-GB',
  gb: 'en-GB',
  ie: 'en-GB',
  au: 'en-GB',
  nz: 'en-GB',
  za: 'en-GB',
  in: 'en-GB',
  sg: 'en-GB',
  de: 'de-DE',
  at: 'de-DE',
  ch: 'de-DE',
  li: 'de-DE',
  fr: 'fr-FR',
  be: 'fr-FR',
  lu: 'fr-FR',
  mc: 'fr-FR',
  es: 'es-ES',
  mx: 'es-ES',
  ar: 'es-ES',
  cl: 'es-ES',
  co: 'es-ES',
  pe: 'es-ES',
  it: 'it-IT',
  nl: 'nl-NL',
  dk: 'da-DK',
  se: 'sv-SE',
  no: 'nb-NO',
  fi: 'fi-FI',
  pl: 'pl-PL',
  br: 'pt-BR',
  pt: 'pt-BR',
  jp: 'ja-JP',
} as const satisfies Record<string, Locale>;

export type CountryCode = keyof typeof COUNTRY_LOCALES;

/** The locale of a country-host code (`de`, `UK`), or undefined when the code has no country host. */
export function localeForCountry(code: string): Locale | undefined {
  const key = code.trim().toLowerCase();
  return Object.hasOwn(COUNTRY_LOCALES, key) ? COUNTRY_LOCALES[key as CountryCode] : undefined;
}

/** A language host's label: a two-letter language, a dash, a two-letter country (`fr-be`, `nl-be`). */
const LANGUAGE_HOST_LABEL = /^[a-z]{2}-[a-z]{2}$/;

/**
 * The locale of a country host: `requestHost` is the request's Host header (a port is ignored) and
 * `publicHost` the host of `VOUCH_PUBLIC_URL`. Two forms are read, as the hosted platform uses both:
 * `{cc}.{publicHost}` with a `cc` of the table, and `{lang}-{cc}.{publicHost}` for countries with more
 * than one language (`fr-be.`, `nl-be.`, `de-ch.`), which is the language tag `{lang}-{CC}` matched as a
 * browser's would be. Anything else — the public host itself, `api.…`, a deeper subdomain, a language
 * Vouch lacks, another domain — gives undefined.
 *
 * @example
 * localeFromHost('de.localhost:3000', 'localhost'); // 'de-DE'
 * localeFromHost('nl-be.localhost:3000', 'localhost'); // 'nl-NL'
 * localeFromHost('localhost:3000', 'localhost'); // undefined
 */
export function localeFromHost(requestHost: string, publicHost: string): Locale | undefined {
  const host = hostName(requestHost);
  const base = hostName(publicHost);
  if (host === '' || base === '' || !host.endsWith(`.${base}`)) return undefined;
  const label = host.slice(0, host.length - base.length - 1);
  if (LANGUAGE_HOST_LABEL.test(label)) return matchLocaleTag(label);
  return label.includes('.') ? undefined : localeForCountry(label);
}

/** A language (no region) and the locale that serves it. */
const LANGUAGE_LOCALES: Readonly<Record<string, Locale>> = {
  en: 'en-US',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
  it: 'it-IT',
  nl: 'nl-NL',
  da: 'da-DK',
  sv: 'sv-SE',
  nb: 'nb-NO',
  nn: 'nb-NO',
  no: 'nb-NO',
  fi: 'fi-FI',
  pl: 'pl-PL',
  pt: 'pt-BR',
  ja: 'ja-JP',
};

/**
 * English regions without a country host that still write British English: Hong Kong, Malta, and the
 * "world" (001) and "Europe" (150) variants browsers offer. Regions with a country host follow the table.
 */
const BRITISH_ENGLISH_REGIONS: ReadonlySet<string> = new Set(['hk', 'mt', '001', '150']);

export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/;

/**
 * The locale that serves a language tag: the exact locale when Vouch has it (`de-DE`, `en_gb`), else the
 * locale of its language (`de-CH` → de-DE, `pt` → pt-BR, `nn` → nb-NO). English with a British-style
 * region (`en-AU`, `en-IE`, `en-IN`) gets en-GB, any other English en-US. Undefined for anything else.
 */
export function matchLocaleTag(tag: string): Locale | undefined {
  if (typeof tag !== 'string') return undefined;
  const normalized = tag.trim().replaceAll('_', '-').toLowerCase();
  if (!LANGUAGE_TAG.test(normalized)) return undefined;
  const exact = parseLocale(normalized);
  if (exact) return exact;
  const [language = '', ...subtags] = normalized.split('-');
  if (language === 'en') {
    const region = subtags.find((subtag) => /^(?:[a-z]{2}|\d{3})$/.test(subtag));
    if (region === undefined) return 'en-US';
    const countryLocale = localeForCountry(region);
    if (countryLocale === 'en-GB' || BRITISH_ENGLISH_REGIONS.has(region)) return 'en-GB';
    return 'en-US';
  }
  return Object.hasOwn(LANGUAGE_LOCALES, language) ? LANGUAGE_LOCALES[language] : undefined;
}

/** Lower-case host name without port or trailing dot; accepts a bare host, `host:port` or a URL. */
function hostName(value: string): string {
  if (typeof value !== 'string') return '';
  let host = value.trim().toLowerCase();
  if (host.includes('://')) {
    try {
      host = new URL(host).hostname;
    } catch {
      return '';
    }
  }
  if (host.startsWith('[')) return ''; // an IPv6 literal has no country subdomain
  const colon = host.indexOf(':');
  if (colon !== -1) host = host.slice(0, colon);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host;
}
