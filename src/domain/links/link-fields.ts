import { describeEmailProblem, FIELD_LIMITS, findEmailProblem } from '../invitations/fields.js';
import type { LinkFailure } from './result.js';

/** Where each field sits in a link of each kind, for the failure's `field` and message. */
const FIELD_NAMES = {
  unique: {
    email: "'b'",
    name: "'c'",
    reference: "'a'",
    emailField: 'b',
    nameField: 'c',
    referenceField: 'a',
  },
  bgl: {
    email: 'the payload field "email"',
    name: 'the payload field "name"',
    reference: 'the payload field "ref"',
    emailField: 'email',
    nameField: 'name',
    referenceField: 'ref',
  },
} as const;

/**
 * Whether a link's email, name and reference make a review: a usable address (after trimming), a name
 * and a reference within the stored limits, a reference that is not blank. The verifiers run this after
 * the signature, so the landing and `vouch link check` refuse the same links with the same code;
 * `undefined` when the fields are fine.
 *
 * @example
 * findLinkFieldProblem('jane@', 'Jane', 'A-1', 'unique')?.code; // 'link_field_invalid'
 */
export function findLinkFieldProblem(
  email: string,
  name: string,
  reference: string,
  kind: 'unique' | 'bgl',
): LinkFailure | undefined {
  const names = FIELD_NAMES[kind];
  const trimmedEmail = email.trim();
  const emailProblem = isPlainAddress(trimmedEmail) ? undefined : findEmailProblem(trimmedEmail);
  if (emailProblem !== undefined) {
    return {
      code: 'link_field_invalid',
      message: `The email in ${names.email} is unusable: ${describeEmailProblem(trimmedEmail, emailProblem)}`,
      field: names.emailField,
    };
  }
  if (name.length > FIELD_LIMITS.name) {
    return {
      code: 'link_field_invalid',
      message: `The name in ${names.name} is ${name.length} characters long; a name has at most ${FIELD_LIMITS.name}.`,
      field: names.nameField,
    };
  }
  if (reference.trim() === '') {
    return {
      code: 'link_field_invalid',
      message: `The reference in ${names.reference} is blank; give the order number.`,
      field: names.referenceField,
    };
  }
  if (reference.length > FIELD_LIMITS.reference) {
    return {
      code: 'link_field_invalid',
      message:
        `The reference in ${names.reference} is ${reference.length} characters long; a reference has at ` +
        `most ${FIELD_LIMITS.reference}.`,
      field: names.referenceField,
    };
  }
  return undefined;
}

const DOT = 46;
const DASH = 45;
/** Characters the address rules refuse in a local part besides whitespace: " ( ) , : ; < > [ \ ] */
const LOCAL_PART_REFUSED = new Set([34, 40, 41, 44, 58, 59, 60, 62, 91, 92, 93]);

/**
 * True only for an ASCII address that `findEmailProblem` certainly accepts, in one pass without regular
 * expressions: every link opened is checked, and the Unicode-aware rules cost a third of a verification.
 * False means "ask `findEmailProblem`", which stays the one authority.
 */
function isPlainAddress(email: string): boolean {
  const length = email.length;
  if (length === 0 || length > FIELD_LIMITS.email) return false;
  const at = email.indexOf('@');
  if (at <= 0 || at > 64 || email.indexOf('@', at + 1) !== -1) return false;
  for (let index = 0; index < at; index++) {
    const code = email.charCodeAt(index);
    if (code <= 32 || code >= 127 || LOCAL_PART_REFUSED.has(code)) return false;
    if (code === DOT && (index === 0 || index === at - 1 || email.charCodeAt(index - 1) === DOT))
      return false;
  }
  let labels = 0;
  let labelStart = at + 1;
  for (let index = at + 1; index <= length; index++) {
    const code = index === length ? DOT : email.charCodeAt(index);
    if (code === DOT) {
      const labelLength = index - labelStart;
      if (labelLength < 1 || labelLength > 63) return false;
      if (email.charCodeAt(labelStart) === DASH || email.charCodeAt(index - 1) === DASH) return false;
      labels++;
      labelStart = index + 1;
      continue;
    }
    const isDigit = code >= 48 && code <= 57;
    const isLetter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (!isDigit && !isLetter && code !== DASH) return false;
  }
  return labels >= 2;
}
