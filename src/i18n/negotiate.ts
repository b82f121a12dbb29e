import type { Locale } from '../domain/locales.js';
import { LANGUAGE_TAG, localeFromHost, matchLocaleTag } from './country-locales.js';

// Tags are matched where country hosts are read, since a `{lang}-{cc}` host is matched as the tag.

const MAX_ACCEPT_LANGUAGE_RANGES = 32;

/** Where the page's language came from, in the order `negotiateLocale` tries them. */
export type LocaleSource = 'host' | 'link' | 'accept-language' | 'business';

export interface LocaleNegotiationInput {
  /** The request's Host header, port and all. */
  host: string | undefined;
  /** The host of `VOUCH_PUBLIC_URL`; country hosts are `{cc}.{publicHost}`. */
  publicHost: string;
  /** A locale the link or invitation names (`locale` of the API, the AFS snippet or the CLI). */
  linkLocale?: string | null | undefined;
  /** The Accept-Language header; Node gives an array when the header came more than once. */
  acceptLanguage?: string | readonly string[] | undefined;
  /** The business's own language, used when nothing else decides. */
  businessDefault: Locale;
}

export interface NegotiatedLocale {
  locale: Locale;
  source: LocaleSource;
}

/**
 * The language ranges of an Accept-Language header, most wanted first (by q, then by position). Ranges
 * with q=0 ("not acceptable"), `*`, malformed ranges and malformed q-values are dropped; so is anything
 * after the first 32 ranges. Never throws.
 */
export function parseAcceptLanguage(header: string | readonly string[] | undefined): string[] {
  const text = typeof header === 'string' ? header : Array.isArray(header) ? header.join(',') : '';
  const ranges: { range: string; q: number; position: number }[] = [];
  text.split(',', MAX_ACCEPT_LANGUAGE_RANGES).forEach((entry, position) => {
    const [rangePart = '', ...parameters] = entry.split(';');
    const range = rangePart.trim().replaceAll('_', '-').toLowerCase();
    if (!LANGUAGE_TAG.test(range)) return;
    let q = 1;
    for (const parameter of parameters) {
      const [name = '', value = ''] = parameter.split('=');
      if (name.trim().toLowerCase() === 'q') q = parseQuality(value);
    }
    if (q > 0) ranges.push({ range, q, position });
  });
  return ranges.sort((a, b) => b.q - a.q || a.position - b.position).map(({ range }) => range);
}

/** The first range of the header Vouch can serve, exact locale before language; undefined if none. */
export function localeFromAcceptLanguage(header: string | readonly string[] | undefined): Locale | undefined {
  for (const range of parseAcceptLanguage(header)) {
    const locale = matchLocaleTag(range);
    if (locale) return locale;
  }
  return undefined;
}

/**
 * Picks the language of a review page or email, first match wins:
 * 1. a country host (`de.{publicHost}`),
 * 2. the locale the link or invitation names,
 * 3. the browser's Accept-Language, in its order of preference,
 * 4. the business's default.
 * Never throws: garbage in any input just moves on to the next source.
 *
 * @example
 * negotiateLocale({ host: 'localhost:3000', publicHost: 'localhost', acceptLanguage: 'de-CH,de;q=0.9',
 *   businessDefault: 'en-US' }); // { locale: 'de-DE', source: 'accept-language' }
 */
export function negotiateLocale(input: LocaleNegotiationInput): NegotiatedLocale {
  const fromHost = typeof input.host === 'string' ? localeFromHost(input.host, input.publicHost) : undefined;
  if (fromHost) return { locale: fromHost, source: 'host' };
  const fromLink = typeof input.linkLocale === 'string' ? matchLocaleTag(input.linkLocale) : undefined;
  if (fromLink) return { locale: fromLink, source: 'link' };
  const fromHeader = localeFromAcceptLanguage(input.acceptLanguage);
  if (fromHeader) return { locale: fromHeader, source: 'accept-language' };
  return { locale: input.businessDefault, source: 'business' };
}

/** A q-value between 0 and 1; NaN (which drops the range) for anything else. */
function parseQuality(value: string): number {
  const trimmed = value.trim();
  if (!/^\d(?:\.\d{0,3})?$/.test(trimmed)) return Number.NaN;
  const q = Number(trimmed);
  return q <= 1 ? q : Number.NaN;
}
