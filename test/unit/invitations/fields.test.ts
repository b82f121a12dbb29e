import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emailSyntaxProblem,
  FIELD_LIMITS,
  findEmailProblem,
} from '../../../src/domain/invitations/fields.js';

/** What findEmailProblem must answer: the length rules, then the full address rules. */
function byFullRules(email: string): string | undefined {
  if (email.length === 0) return 'missing';
  if (email.length > FIELD_LIMITS.email) return 'too_long';
  return emailSyntaxProblem(email);
}

// Characters at the edges of the rules: the ones refused in a local part, dots, dashes, @, spaces, and
// letters outside ASCII (which the plain-address shortcut leaves to the full rules).
const tricky = fc.constantFrom(...'aZ09._-+@"(),:;<>[\\] é\u00e9xn!#~`|{}'.split(''));
const word = fc.string({ unit: tricky, minLength: 0, maxLength: 12 });

describe('findEmailProblem', () => {
  it('answers as the full rules do for any text near an address (the ASCII shortcut changes nothing)', () => {
    const nearAddress = fc
      .tuple(word, fc.constantFrom('@', '@@', ''), word, fc.constantFrom('.', '..', ''), word)
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(nearAddress, fc.emailAddress()), (email) => {
        expect(findEmailProblem(email)).toBe(byFullRules(email));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['jane@example.com', undefined],
    ['jane.doe+tag@mail.example.co.uk', undefined],
    ['j@ex-ample.com', undefined],
    ['jöns@exämple.se', undefined],
    ['.jane@example.com', 'syntax'],
    ['jane.@example.com', 'syntax'],
    ['ja..ne@example.com', 'syntax'],
    ['jane@example', 'syntax'],
    ['jane@-example.com', 'syntax'],
    ['jane@example.com-', 'syntax'],
    ['ja"ne@example.com', 'syntax'],
    ['', 'missing'],
  ])('%s → %s', (email, problem) => {
    expect(findEmailProblem(email)).toBe(problem);
  });
});
