import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { decodeStandardBase64 } from '../../../src/domain/links/base64.js';
import { findEmailProblem } from '../../../src/domain/invitations/fields.js';
import { readBglPayload } from '../../../src/domain/links/bgl-payload.js';
import {
  buildBglLink,
  buildUniqueLink,
  checkBglPayload,
  decryptBglToken,
  diagnoseLink,
  findForbiddenReferenceCharacter,
  verifyUniqueLink,
} from '../../../src/links.js';
import type { BglKeyPair, BglPayload } from '../../../src/links.js';

const text = (minLength = 0): fc.Arbitrary<string> =>
  fc.string({ unit: 'grapheme', minLength, maxLength: 40 });
// References, names and emails the review page takes: within the stored limits, an address with one @.
const reference = text(1).filter(
  (value) =>
    findForbiddenReferenceCharacter(value) === undefined && value.trim() !== '' && value.length <= 128,
);
const name = text().filter((value) => value.length <= 200);
const email = fc
  .tuple(text(1), fc.domain())
  .map(([local, host]) => `${local}@${host}`)
  .filter((value) => findEmailProblem(value.trim()) === undefined);
const key = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => Buffer.from(bytes).toString('base64'));
const keyPair: fc.Arbitrary<BglKeyPair> = fc.record({ encryptKey: key, authKey: key });
const domain = fc.domain();
const country = fc.option(fc.constantFrom('de', 'se', 'fr', 'nl'), { nil: undefined });
const tag = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
  .filter((value) => !/\s/u.test(value) && !value.includes('\u00a0'));

describe('Unique Link round trip', () => {
  it('verifies every built link to the same consumer, for any Unicode email, name and reference', () => {
    fc.assert(
      fc.property(
        fc.record({
          secret: text(1),
          email,
          name,
          reference,
          domain,
          country,
          embed: fc.boolean(),
        }),
        (input) => {
          const link = buildUniqueLink({ baseUrl: 'https://reviews.example.com', ...input });
          const verified = verifyUniqueLink(new URL(link).searchParams, [input.secret]);
          expect(verified).toEqual({
            ok: true,
            value: { email: input.email, name: input.name, reference: input.reference, secretIndex: 0 },
          });
          const diagnosis = diagnoseLink(link, { domain: input.domain, uniqueLinkSecrets: [input.secret] });
          expect(diagnosis.findings).toEqual([]);
          expect(diagnosis.valid).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses every built link under another secret', () => {
    fc.assert(
      fc.property(fc.record({ secret: text(1), other: text(1), email, name, reference, domain }), (input) => {
        fc.pre(input.secret !== input.other);
        const link = buildUniqueLink({ baseUrl: 'https://reviews.example.com', ...input });
        const verified = verifyUniqueLink(new URL(link).searchParams, [input.other]);
        expect(verified.ok ? 'accepted' : verified.failure.code).toBe('unique_link_hash_mismatch');
      }),
      { numRuns: 200 },
    );
  });
});

const payload: fc.Arbitrary<BglPayload> = fc.record(
  {
    email,
    name,
    ref: reference,
    skus: fc.array(text(1), { maxLength: 5 }),
    tags: fc.array(tag, { maxLength: 5 }),
    locale: fc.constantFrom('en-GB', 'de-DE', 'sv-SE'),
  },
  { requiredKeys: ['email', 'name', 'ref'] },
);

describe('BGL round trip', () => {
  it('decrypts every built link to the same payload, for any Unicode payload and keys', () => {
    fc.assert(
      fc.property(fc.record({ keys: keyPair, payload, domain, country, embed: fc.boolean() }), (input) => {
        const link = buildBglLink({ baseUrl: 'https://reviews.example.com', ...input });
        const token = new URL(link).searchParams.get('p') ?? '';
        expect(decryptBglToken(token, [input.keys])).toEqual({
          ok: true,
          value: { payload: input.payload, keyIndex: 0 },
        });
        const diagnosis = diagnoseLink(link, { domain: input.domain, bglKeys: [input.keys] });
        expect(diagnosis.findings).toEqual([]);
        expect(diagnosis.valid).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('strict base64', () => {
  it('decodes every standard base64 text back to its bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(decodeStandardBase64(Buffer.from(bytes).toString('base64'))).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it('accepts no text that is not the standard spelling of its bytes, up to unused trailing bits', () => {
    const base64ish = fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n%'),
      maxLength: 16,
    });
    fc.assert(
      fc.property(base64ish, (candidate) => {
        const decoded = decodeStandardBase64(candidate);
        if (decoded === undefined) return;
        const canonical = decoded.toString('base64');
        const dataLength = candidate.replace(/=+$/, '').length;
        expect(canonical).toHaveLength(candidate.length);
        expect(canonical.slice(0, Math.max(0, dataLength - 1))).toBe(
          candidate.slice(0, Math.max(0, dataLength - 1)),
        );
        expect(canonical.slice(dataLength)).toBe(candidate.slice(dataLength));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('payload checks', () => {
  const nearPayload = fc.record(
    {
      email: fc.oneof(text(), fc.integer(), fc.constant(null)),
      name: fc.oneof(text(), fc.constant(undefined), fc.boolean()),
      ref: fc.oneof(text(), fc.constantFrom('A#1', 'A-1', ' ')),
      skus: fc.oneof(fc.array(fc.oneof(text(), fc.integer())), text()),
      tags: fc.oneof(fc.array(fc.oneof(tag, text())), fc.constant('tag')),
      locale: fc.oneof(text(), fc.integer()),
      referenceId: text(),
    },
    { requiredKeys: [] },
  );

  it('gives the same verdict on the fast path as the full check', () => {
    fc.assert(
      fc.property(fc.oneof(nearPayload, fc.jsonValue()), (value) => {
        expect(checkBglPayload(value).ok).toBe(readBglPayload(value, true).problems.length === 0);
      }),
      { numRuns: 2000 },
    );
  });
});
