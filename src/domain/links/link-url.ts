import { LinkInputError } from './errors.js';

export type LinkKind = 'unique' | 'bgl';

/** The path segment that starts each kind of review entrance. */
export const ENTRANCE_SEGMENT: Readonly<Record<LinkKind, string>> = {
  unique: 'evaluate',
  bgl: 'evaluate-bgl',
};

export const EMBED_SEGMENT = 'embed';

/** `de`, or `{lang}-{cc}` (`fr-be`, `nl-be`) for the language hosts of countries with several languages. */
const COUNTRY_CODE = /^[a-z]{2}(?:-[a-z]{2})?$/;

/**
 * `{base}/{entrance}[/embed]/{domain}`, on the country host `{cc}.{host}` when a country is given.
 * A base with a path (`https://example.com/vouch`) keeps it, so Vouch can live under a prefix.
 */
export function entranceUrl(input: {
  baseUrl: string;
  kind: LinkKind;
  domain: string;
  embed?: boolean | undefined;
  country?: string | undefined;
}): string {
  let base: URL;
  try {
    base = new URL(input.baseUrl);
  } catch {
    throw new LinkInputError(
      'link_base_url_invalid',
      `The base URL "${input.baseUrl}" is not an absolute URL; give one like https://reviews.example.com.`,
    );
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new LinkInputError('link_base_url_invalid', `The base URL must start with https:// or http://.`);
  }
  if (input.country !== undefined) {
    const country = input.country.toLowerCase();
    if (!COUNTRY_CODE.test(country)) {
      throw new LinkInputError(
        'link_country_invalid',
        `The country "${input.country}" is not a two-letter country code such as "de" or "se", nor a ` +
          'language host such as "fr-be".',
      );
    }
    base.hostname = `${country}.${base.hostname}`;
  }
  if (typeof input.domain !== 'string' || input.domain === '') {
    throw new LinkInputError('link_domain_invalid', "The business's domain is empty.", 'domain');
  }
  const prefix = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname;
  const embed = input.embed === true ? `/${EMBED_SEGMENT}` : '';
  return `${base.origin}${prefix}/${ENTRANCE_SEGMENT[input.kind]}${embed}/${encodeURIComponent(input.domain)}`;
}
