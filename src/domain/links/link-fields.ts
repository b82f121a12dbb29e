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
  const emailProblem = findEmailProblem(trimmedEmail);
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
