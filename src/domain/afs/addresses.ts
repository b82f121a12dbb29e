import { domainToASCII } from 'node:url';

/**
 * Who an AFS mail is for: the business's own domain marks a test email (compat §4), and Vouch's own AFS
 * address (`{domain}+{token}@{afs mail domain}`, the token 32 hex characters, or 10 for an address made
 * before they grew) is never a customer.
 */

/** The business an inbound AFS mail was sent to, as far as extraction needs it. */
export interface AfsBusiness {
  /** The business's registered domain, such as `shop.example`. */
  domain: string;
  /** The business's private AFS address, when known; never taken as a recipient. */
  afsAddress?: string;
  /**
   * Further domains (with their subdomains) whose addresses a snippet may make the sender or reply-to;
   * the business's own domain always may.
   */
  senderDomains?: readonly string[];
}

/** The token of an AFS address: 32 hex characters (128 bits), or 10 for an address made before those. */
export const AFS_TOKEN = /^(?:[0-9a-f]{32}|[0-9a-f]{10})$/i;
const AFS_LOCAL_PART = /^(.+)\+(?:[0-9a-f]{32}|[0-9a-f]{10})$/;

/** The ASCII (punycode) lower-case form of a host, without a trailing dot. */
export function normalizeHost(host: string): string {
  const lower = host.trim().toLowerCase().replace(/\.$/, '');
  const ascii = domainToASCII(lower);
  return ascii === '' ? lower : ascii;
}

/** The business's domain as mail compares it: `www.shop.example` sends mail as `shop.example`. */
function businessMailDomain(business: AfsBusiness): string {
  return normalizeHost(business.domain).replace(/^www\./, '');
}

function splitAddress(address: string): { local: string; host: string } | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  return { local: address.slice(0, at).toLowerCase(), host: normalizeHost(address.slice(at + 1)) };
}

/** Whether `host` is `domain` or one of its subdomains. */
function isSameOrSubdomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Whether the address is on the business's own domain or a subdomain of it: a test email. */
export function isOwnDomainAddress(address: string, business: AfsBusiness): boolean {
  const parts = splitAddress(address);
  const domain = businessMailDomain(business);
  return parts !== undefined && domain !== '' && isSameOrSubdomain(parts.host, domain);
}

/**
 * Whether the address is an AFS address of Vouch's: the business's own one, `{business domain}+{token}`
 * at any host, or any `…+{token}` at one of `afsMailDomains` (a token is 32 or 10 hex characters).
 */
export function isAfsAddress(
  address: string,
  business: AfsBusiness,
  afsMailDomains: readonly string[] = [],
): boolean {
  const lower = address.trim().toLowerCase();
  if (business.afsAddress !== undefined && lower === business.afsAddress.trim().toLowerCase()) return true;
  const parts = splitAddress(lower);
  if (parts === undefined) return false;
  const local = AFS_LOCAL_PART.exec(parts.local);
  if (local === null) return false;
  const prefix = local[1] ?? '';
  if (normalizeHost(prefix) === normalizeHost(business.domain)) return true;
  return afsMailDomains.some((domain) => isSameOrSubdomain(parts.host, normalizeHost(domain)));
}

/**
 * Whether a snippet may name this address as the sender or reply-to of the business's invitations: on
 * its own domain or a subdomain (as for test emails), or on one of the domains it listed. Anyone who can
 * get an email BCC'd to the AFS address could otherwise send mail as any address through Vouch.
 */
export function isAllowedSenderAddress(address: string, business: AfsBusiness): boolean {
  if (isOwnDomainAddress(address, business)) return true;
  const parts = splitAddress(address);
  return (
    parts !== undefined &&
    (business.senderDomains ?? []).some((domain) => isSameOrSubdomain(parts.host, normalizeHost(domain)))
  );
}

/** The business's domain as used for the own-domain rule, for messages. */
export function ownDomainOf(business: AfsBusiness): string {
  return businessMailDomain(business);
}
