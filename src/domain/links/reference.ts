import { linkFailure, linkOk } from './result.js';
import type { LinkResult } from './result.js';

/** Characters the hosted platform fails on in a reference number (compat §3). */
export const FORBIDDEN_REFERENCE_CHARACTERS: readonly string[] = ['#', '*', '+', '"', '%', '&'];

const HASH = 35;
const ASTERISK = 42;
const PLUS = 43;
const DOUBLE_QUOTE = 34;
const PERCENT = 37;
const AMPERSAND = 38;

/**
 * The first character of `reference` that a reference must not contain, or `undefined` when it is clean.
 *
 * @example
 * findForbiddenReferenceCharacter('A-100#2'); // '#'
 * findForbiddenReferenceCharacter('A-1002'); // undefined
 */
export function findForbiddenReferenceCharacter(reference: string): string | undefined {
  for (let index = 0; index < reference.length; index++) {
    const code = reference.charCodeAt(index);
    if (
      code === HASH ||
      code === ASTERISK ||
      code === PLUS ||
      code === DOUBLE_QUOTE ||
      code === PERCENT ||
      code === AMPERSAND
    ) {
      return reference.charAt(index);
    }
  }
  return undefined;
}

export function forbiddenReferenceMessage(reference: string, character: string, source: string): string {
  return (
    `The reference "${reference}" from ${source} contains '${character}', which a reference must not contain ` +
    `(forbidden: ${FORBIDDEN_REFERENCE_CHARACTERS.join(' ')}); use an order number without it.`
  );
}

/**
 * Checks a reference number against compat §3, naming the character and where the reference came from.
 *
 * @example
 * const checked = checkReference('ORDER#1', 'CSV line 4');
 * if (!checked.ok) console.log(checked.failure.message); // names '#' and "CSV line 4"
 */
export function checkReference(reference: string, source = 'the link'): LinkResult<string> {
  const character = findForbiddenReferenceCharacter(reference);
  if (character === undefined) return linkOk(reference);
  return linkFailure(
    'reference_forbidden_character',
    forbiddenReferenceMessage(reference, character, source),
    'ref',
  );
}
