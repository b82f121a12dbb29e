import { cleanLine } from '../display-text.js';

/** Pure rules about businesses: names, domains and the settings a business starts with. */

export const DEFAULT_INVITATION_DELAY_DAYS = 7;
export const DEFAULT_FREQUENCY_DAYS = 365;
export const DEFAULT_PLAN = 'unlimited';
export const DEFAULT_KEY_GRACE_DAYS = 30;

const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const hostNamePattern = new RegExp(`^(?=.{1,253}$)${label}(?:\\.${label})+$`);

export type DomainCheck = { ok: true; domain: string } | { ok: false; reason: string };

/**
 * A business is known by its web domain (`acme.example`), lower-cased. People paste URLs, so a scheme,
 * a trailing slash and surrounding spaces are forgiven; a path, a port or a bare word are not.
 */
export function normalizeBusinessDomain(input: string): DomainCheck {
  let candidate = input.trim().toLowerCase();
  candidate = candidate.replace(/^https?:\/\//, '').replace(/\/$/, '');
  if (candidate === '') return { ok: false, reason: 'the domain is empty' };
  if (/[/?#:@\s]/.test(candidate)) {
    return { ok: false, reason: `"${input}" is not a bare domain; give only the host, as in acme.example` };
  }
  let ascii: string;
  try {
    // The URL parser turns an internationalised domain into its punycode form, which links carry.
    ascii = new URL(`http://${candidate}`).hostname;
  } catch {
    return { ok: false, reason: `"${input}" is not a valid domain name` };
  }
  if (!hostNamePattern.test(ascii)) {
    return {
      ok: false,
      reason: `"${input}" is not a valid domain name: it needs a dot, as in acme.example, and only letters, digits and hyphens`,
    };
  }
  return { ok: true, domain: ascii };
}

export function validateBusinessName(
  input: string,
): { ok: true; name: string } | { ok: false; reason: string } {
  const name = cleanLine(input);
  if (name === '') return { ok: false, reason: 'the name is empty' };
  if (name.length > 200) return { ok: false, reason: 'the name is longer than 200 characters' };
  return { ok: true, name };
}

/** A business names at most this many further domains its AFS snippets may send as. */
export const MAX_AFS_SENDER_DOMAINS = 20;

/**
 * The further domains an AFS snippet may name as sender or reply-to, from a list a person typed
 * (`mail.example, news.example` or one per argument): each normalised like a business domain, repeats
 * dropped. An empty list clears the setting.
 */
export function parseSenderDomains(
  input: readonly string[],
): { ok: true; domains: string[] } | { ok: false; reason: string } {
  const domains: string[] = [];
  for (const entry of input.flatMap((item) => item.split(/[\s,]+/)).filter((item) => item !== '')) {
    const domain = normalizeBusinessDomain(entry);
    if (!domain.ok) return domain;
    if (!domains.includes(domain.domain)) domains.push(domain.domain);
  }
  if (domains.length > MAX_AFS_SENDER_DOMAINS) {
    return { ok: false, reason: `at most ${MAX_AFS_SENDER_DOMAINS} sender domains can be listed` };
  }
  return { ok: true, domains };
}
