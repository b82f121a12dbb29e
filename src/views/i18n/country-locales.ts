import type { Locale } from '../../domain/locales.js';

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

/**
 * The locale of a country host: `requestHost` is the request's Host header (a port is ignored) and
 * `publicHost` the host of `VOUCH_PUBLIC_URL`. Anything but `{cc}.{publicHost}` with a known `cc` —
 * the public host itself, `api.…`, a deeper subdomain, another domain — gives undefined.
 *
 * @example
 * localeFromHost('de.localhost:3000', 'localhost'); // 'de-DE'
 * localeFromHost('localhost:3000', 'localhost'); // undefined
 */
export function localeFromHost(requestHost: string, publicHost: string): Locale | undefined {
  const host = hostName(requestHost);
  const base = hostName(publicHost);
  if (host === '' || base === '' || !host.endsWith(`.${base}`)) return undefined;
  const label = host.slice(0, host.length - base.length - 1);
  return label.includes('.') ? undefined : localeForCountry(label);
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
