import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { referenceFromSubject } from '../../../src/domain/afs/subject-reference.js';
import { findForbiddenReferenceCharacter } from '../../../src/domain/links/reference.js';

function referenceOf(subject: string): string | undefined {
  const result = referenceFromSubject(subject);
  return 'reference' in result ? result.reference : undefined;
}

describe('referenceFromSubject', () => {
  it.each([
    ['Order #2111 confirmed', '2111'],
    ['Your order 2021-86574', '2021-86574'],
    ['Receipt #1999', '1999'],
    ['Order 224 shipped', '224'],
    ['Bestellung KSLDD5A', 'KSLDD5A'],
    ['Order # 5674', '5674'],
    ['Your order 224-KLMN-72OM56 is on its way', '224-KLMN-72OM56'],
    ['Rechnung 01-230920-716', '01-230920-716'],
    ['Commande 869fk45h expédiée', '869fk45h'],
    ['Order #AB12 confirmed', 'AB12'],
    ['Order 12345.', '12345'],
    ['Re: Fwd: Order: 100234, thank you!', '100234'],
    ['Bestellung Nr. 000123', '000123'],
    ['Your order-12345 has shipped', '12345'],
    ['Order 12345 - shipped', '12345'],
    ['Ordre 02021', '02021'],
  ])('%s → %s', (subject, reference) => {
    expect(referenceFromSubject(subject)).toEqual({ reference });
  });

  it.each([
    ['Receipt 1999', '1999 looks like a year; write #1999 in the subject if it is the order number'],
    ['Your order', undefined],
    ['Welcome back', undefined],
    [
      'Your order from 2024-05-01',
      '2024-05-01 looks like a date; write #2024-05-01 in the subject if it is the order number',
    ],
    [
      'Lieferung am 01-05-2024',
      '01-05-2024 looks like a date; write #01-05-2024 in the subject if it is the order number',
    ],
    ['Your 2 items have shipped', "2 is too short to be a reference without '#'; write #2"],
    ['Your order of €129.99 has shipped', undefined],
    ['Save 20% on your next order at 10:30', undefined],
    ['Thanks for your $1,299 purchase', undefined],
    ['Order ABC-DEF', undefined],
    ['Bestätigung5678901', undefined],
    ['', undefined],
  ])('%s → no reference', (subject, hint) => {
    const expected = {
      reason: `no reference in the subject '${subject}'`,
      ...(hint === undefined ? {} : { hint }),
    };
    expect(referenceFromSubject(subject)).toEqual(expected);
  });

  it('prefers a #-prefixed number over a dashed code, a dashed code over a mixed one, a mixed one over a number', () => {
    expect(referenceOf('Order 12345 ref ABC-123 code KSLDD5A #77')).toBe('77');
    expect(referenceOf('Order 12345 code KSLDD5A ref ABC-123')).toBe('ABC-123');
    expect(referenceOf('Order 12345 code KSLDD5A')).toBe('KSLDD5A');
    expect(referenceOf('Order 12345 of 67890')).toBe('12345');
  });

  it('takes the first of two references of the same shape', () => {
    expect(referenceOf('Order #1001 and #1002')).toBe('1001');
  });

  it('reads a year after # but not without', () => {
    expect(referenceOf('Order 2199')).toBeUndefined();
    expect(referenceOf('Order 2200')).toBe('2200');
    expect(referenceOf('Order 1899')).toBe('1899');
    expect(referenceOf('Order #2024')).toBe('2024');
    expect(referenceOf('Spring sale 2024, order 5678')).toBe('5678');
  });

  it('collapses whitespace and shortens a long subject in the reason', () => {
    const shown = `Hello there ${'word '.repeat(60)}`.trim().slice(0, 120);
    expect(shown).toHaveLength(120);
    expect(referenceFromSubject(`Hello\n\tthere ${'word '.repeat(60)}`)).toEqual({
      reason: `no reference in the subject '${shown}…'`,
    });
  });

  it('never throws and never returns a character a reference must not hold', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (subject) => {
        const result = referenceFromSubject(subject);
        if ('reference' in result) {
          expect(findForbiddenReferenceCharacter(result.reference)).toBeUndefined();
          expect(subject).toContain(result.reference);
          expect(result.reference).toMatch(/^[A-Za-z0-9-]{1,128}$/);
        } else {
          expect(result.reason.startsWith('no reference in the subject')).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('finds any reference with a digit that follows #, whatever surrounds it', () => {
    const token = fc
      .stringMatching(/^[A-Za-z0-9]{0,6}[0-9][A-Za-z0-9]{0,6}$/)
      .filter((text) => text.length > 0);
    const filler = fc.stringMatching(/^[A-Za-z ,:!]{0,30}$/);
    fc.assert(
      fc.property(filler, token, filler, (before, reference, after) => {
        expect(referenceOf(`${before} #${reference} ${after}`)).toBe(reference);
      }),
    );
  });

  it('stays linear on a long subject', () => {
    const subject = `${'1-'.repeat(200_000)}x ${'a1 '.repeat(100_000)}`;
    const started = performance.now();
    referenceFromSubject(subject);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
