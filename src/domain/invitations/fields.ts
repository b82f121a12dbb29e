import { findForbiddenReferenceCharacter } from '../links/reference.js';

/**
 * Field rules every invitation channel shares (file rows, API bodies, AFS mail, manual entry), so a
 * reference or an email is judged the same way whichever door it came through.
 */
export const FIELD_LIMITS = {
  email: 254,
  name: 200,
  reference: 128,
  sku: 255,
  productName: 500,
  url: 2048,
  tag: 64,
  tags: 20,
  products: 100,
  templateId: 64,
} as const;

export type InvitationField = keyof typeof FIELD_LIMITS;

// Deliberately pragmatic: one @, no spaces or characters mail systems reject, a dotted domain of sane
// labels. RFC 5322 allows far more, but those addresses do not survive real shops' mail pipelines.
const LOCAL_PART = /^[^\s@"(),:;<>[\\\]]{1,64}$/u;
const DOMAIN_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;
/**
 * The same rules for an all-ASCII address, in one expression without Unicode classes: most addresses are
 * plain ASCII, and every link opened and every row imported is checked. It accepts nothing the rules
 * above refuse (test/unit/invitations/fields.test.ts checks that); anything else goes through them.
 */
const PLAIN_ADDRESS =
  /^(?!\.)(?!.*\.\.)[!#-'*+\-./0-9=?A-Z^-~]{1,64}(?<!\.)@(?:(?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

export type EmailProblem = 'missing' | 'too_long' | 'syntax';

/** Why `email` is not a usable address, or `undefined` when it is. Callers trim before calling. */
export function findEmailProblem(email: string): EmailProblem | undefined {
  if (email.length === 0) return 'missing';
  if (email.length > FIELD_LIMITS.email) return 'too_long';
  return PLAIN_ADDRESS.test(email) ? undefined : emailSyntaxProblem(email);
}

/** The address rules in full, Unicode included; exported for the test that PLAIN_ADDRESS agrees. */
export function emailSyntaxProblem(email: string): 'syntax' | undefined {
  const at = email.lastIndexOf('@');
  if (at <= 0 || email.indexOf('@') !== at) return 'syntax';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return 'syntax';
  }
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return 'syntax';
  return undefined;
}

export function describeEmailProblem(email: string, problem: EmailProblem): string {
  switch (problem) {
    case 'missing':
      return "The email address is empty; give the customer's address, such as jane@example.com.";
    case 'too_long':
      return `The email address is ${email.length} characters long; an address has at most ${FIELD_LIMITS.email}.`;
    case 'syntax':
      return `"${email}" is not an email address; it needs one @ and a domain with a dot, such as jane@example.com.`;
  }
}

/**
 * Lower-cases the whole address. The local part is case-sensitive in theory, but no mail provider of note
 * treats it so, and Jane@ and jane@ being two customers would break duplicates and unsubscribes.
 */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed;
  return `${trimmed.slice(0, at).toLowerCase()}@${trimmed.slice(at + 1).toLowerCase()}`;
}

export type ReferenceProblem =
  { kind: 'missing' } | { kind: 'too_long' } | { kind: 'forbidden_character'; character: string };

export function findReferenceProblem(reference: string): ReferenceProblem | undefined {
  if (reference.length === 0) return { kind: 'missing' };
  if (reference.length > FIELD_LIMITS.reference) return { kind: 'too_long' };
  const character = findForbiddenReferenceCharacter(reference);
  return character === undefined ? undefined : { kind: 'forbidden_character', character };
}

export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

const US_DATE_TIME = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;
const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * `preferredSendTime` as the hosted platform takes it (compat §6): UTC, either `MM/DD/YYYY HH:mm:ss` or
 * ISO 8601. An ISO time without a zone is read as UTC. Returns epoch ms, or `undefined` when unreadable.
 */
export function parsePreferredSendTime(value: string): number | undefined {
  const text = value.trim();
  const us = US_DATE_TIME.exec(text);
  if (us) {
    const [, month, day, year, hour, minute, second] = us.map(Number) as [number, ...number[]];
    const ms = Date.UTC(year!, month! - 1, day, hour, minute, second);
    const check = new Date(ms);
    // Date.UTC rolls 02/31 over into March; a date that rolled is not the date that was meant.
    if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day) return undefined;
    return ms;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(ISO_WITHOUT_ZONE.test(text) ? `${text}Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}
