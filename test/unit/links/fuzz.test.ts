import { randomBytes } from 'node:crypto';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  buildBglLink,
  buildUniqueLink,
  decryptBglToken,
  decryptBglTokenRaw,
  diagnoseLink,
  generateBglKey,
  LINK_FINDING_CODES,
  verifyUniqueLink,
} from '../../../src/links.js';
import type {
  BglKeyPair,
  LinkDiagnosis,
  LinkFailureCode,
  LinkResult,
  UniqueLinkQuery,
} from '../../../src/links.js';

// Exhaustive over the union: the compiler fails here when a code is added without being listed.
const FAILURE_CODES: Record<LinkFailureCode, true> = {
  unique_link_missing_parameter: true,
  unique_link_bad_email_encoding: true,
  unique_link_hash_malformed: true,
  unique_link_hash_mismatch: true,
  unique_link_secret_missing: true,
  reference_forbidden_character: true,
  link_field_invalid: true,
  bgl_key_invalid: true,
  bgl_keys_missing: true,
  bgl_not_base64: true,
  bgl_too_short: true,
  bgl_bad_length: true,
  bgl_mac_mismatch: true,
  bgl_bad_padding: true,
  bgl_not_json: true,
  bgl_missing_field: true,
  bgl_bad_field: true,
};

const SECRET = 'fuzz-secret';
const keys: BglKeyPair = { encryptKey: generateBglKey(), authKey: generateBglKey() };
const DOMAIN = 'shop.example';
const uniqueLink = buildUniqueLink({
  baseUrl: 'https://reviews.example.com',
  domain: DOMAIN,
  secret: SECRET,
  email: 'jane.doe@example.com',
  reference: 'ORD-1001',
  name: 'Jane Doe',
});
const bglLink = buildBglLink({
  baseUrl: 'https://reviews.example.com',
  domain: DOMAIN,
  keys,
  payload: { email: 'jane.doe@example.com', name: 'Jane Doe', ref: 'ORD-1001', skus: ['SKU-1'], tags: ['x'] },
});
const bglToken = new URL(bglLink).searchParams.get('p') ?? '';
const context = { domain: DOMAIN, uniqueLinkSecrets: [SECRET], bglKeys: [keys] };

/** Only a typed result may come back: a known failure code with a message. */
function expectTypedResult<T>(run: () => LinkResult<T>): LinkResult<T> {
  const result = run();
  if (!result.ok) {
    expect(Object.hasOwn(FAILURE_CODES, result.failure.code)).toBe(true);
    expect(result.failure.message.length).toBeGreaterThan(10);
  }
  return result;
}

function expectWellFormedDiagnosis(url: string): LinkDiagnosis {
  const diagnosis = diagnoseLink(url, context);
  expect(['unique', 'bgl', 'unknown']).toContain(diagnosis.kind);
  for (const finding of diagnosis.findings) {
    expect(finding.code).not.toBe('link_doctor_failed');
    expect(Object.hasOwn(LINK_FINDING_CODES, finding.code)).toBe(true);
    expect(finding.message.length).toBeGreaterThan(10);
  }
  // Valid means: verified, and nothing in it is an error.
  expect(diagnosis.valid).toBe(
    diagnosis.consumer !== undefined && !diagnosis.findings.some((finding) => finding.severity === 'error'),
  );
  if (!diagnosis.valid) expect(diagnosis.findings.some((finding) => finding.severity === 'error')).toBe(true);
  return diagnosis;
}

/** A valid link with a few characters inserted, deleted or replaced. */
const mutatedLink = (link: string): fc.Arbitrary<string> =>
  fc
    .array(
      fc.record({
        at: fc.nat({ max: link.length }),
        remove: fc.nat({ max: 3 }),
        insert: fc.string({
          unit: fc.constantFrom('+', '/', '=', '%', '&', '#', ' ', '\n', 'A', '%2B', '%0A', 'é'),
          maxLength: 3,
        }),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) =>
      edits.reduce(
        (current, edit) => current.slice(0, edit.at) + edit.insert + current.slice(edit.at + edit.remove),
        link,
      ),
    );

describe('fuzzing verifyUniqueLink', () => {
  it('returns a typed result for any record of strings', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'e', 'x'), fc.string({ unit: 'binary' })),
        (query) => {
          expectTypedResult(() => verifyUniqueLink(query, [SECRET]));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('returns a typed result for any value at all as query and secrets', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (query, secrets) => {
        expectTypedResult(() => verifyUniqueLink(query as UniqueLinkQuery, secrets as string[]));
      }),
      { numRuns: 1000 },
    );
  });

  it('returns a typed result for mutated valid links', () => {
    fc.assert(
      fc.property(mutatedLink(uniqueLink), (link) => {
        const query = new URLSearchParams(link.split('?')[1] ?? '');
        expectTypedResult(() => verifyUniqueLink(query, [SECRET]));
      }),
      { numRuns: 1000 },
    );
  });

  it('copes with 1 MB values', () => {
    const huge = 'A'.repeat(1 << 20);
    const result = expectTypedResult(() =>
      verifyUniqueLink({ a: huge, b: huge, c: huge, e: huge }, [SECRET]),
    );
    expect(result.ok ? undefined : result.failure.code).toBe('unique_link_hash_malformed');
  });
});

describe('fuzzing decryptBglToken', () => {
  it('returns a typed result for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (token) => {
        expectTypedResult(() => decryptBglToken(token, [keys]));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses any random bytes in base64 at the tag at the latest', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const result = expectTypedResult(() =>
          decryptBglToken(Buffer.from(bytes).toString('base64'), [keys]),
        );
        expect(result.ok ? undefined : result.failure.code).toMatch(
          /^bgl_(too_short|bad_length|mac_mismatch)$/,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a valid token truncated at every length', () => {
    const bytes = Buffer.from(bglToken, 'base64');
    for (let length = 0; length < bytes.length; length++) {
      const truncated = bytes.subarray(0, length).toString('base64');
      const result = expectTypedResult(() => decryptBglToken(truncated, [keys]));
      expect(result.ok).toBe(false);
      const textCut = expectTypedResult(() => decryptBglToken(bglToken.slice(0, length), [keys]));
      expect(textCut.ok).toBe(false);
    }
  });

  it('refuses a valid token with any one bit flipped', () => {
    const bytes = Buffer.from(bglToken, 'base64');
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = Buffer.from(bytes);
      flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      const result = decryptBglToken(flipped.toString('base64'), [keys]);
      expect(result.ok ? undefined : result.failure.code).toBe('bgl_mac_mismatch');
    }
  });

  it('returns a typed result for any value at all as token and keys', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (token, keyPairs) => {
        expectTypedResult(() => decryptBglToken(token as string, keyPairs as BglKeyPair[]));
        expectTypedResult(() => decryptBglToken(bglToken, keyPairs as BglKeyPair[]));
      }),
      { numRuns: 1000 },
    );
  });

  it('copes with 1 MB tokens', () => {
    const randomToken = randomBytes(3 << 18).toString('base64');
    const result = expectTypedResult(() => decryptBglTokenRaw(randomToken, [keys]));
    expect(result.ok ? undefined : result.failure.code).toBe('bgl_mac_mismatch');
    const text = expectTypedResult(() => decryptBglToken('é'.repeat(1 << 20), [keys]));
    expect(text.ok ? undefined : text.failure.code).toBe('bgl_not_base64');
  });
});

describe('fuzzing diagnoseLink', () => {
  it('answers any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expectWellFormedDiagnosis(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('answers any URL with any query on the entrance paths', () => {
    const path = fc.constantFrom(
      '/evaluate/shop.example',
      '/evaluate-bgl/shop.example',
      '/evaluate/embed/x',
      '/other',
    );
    const query = fc.dictionary(
      fc.constantFrom('a', 'b', 'c', 'e', 'p'),
      fc.string({ unit: 'binary', maxLength: 80 }),
    );
    fc.assert(
      fc.property(fc.webUrl(), path, query, (base, entrance, parameters) => {
        const search = Object.entries(parameters)
          .map(([name, value]) => `${name}=${value}`)
          .join('&');
        expectWellFormedDiagnosis(`${new URL(base).origin}${entrance}?${search}`);
      }),
      { numRuns: 500 },
    );
  });

  it('answers mutated valid links of both kinds', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedLink(uniqueLink), mutatedLink(bglLink)), (link) => {
        expectWellFormedDiagnosis(link);
      }),
      { numRuns: 500 },
    );
  });

  it('answers a BGL link with random bytes as its token', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const diagnosis = expectWellFormedDiagnosis(
          `https://reviews.example.com/evaluate-bgl/${DOMAIN}?p=${encodeURIComponent(Buffer.from(bytes).toString('base64'))}`,
        );
        expect(diagnosis.valid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('answers any context at all', () => {
    fc.assert(
      fc.property(fc.anything(), (anyContext) => {
        for (const link of [uniqueLink, bglLink]) {
          const diagnosis = diagnoseLink(link, anyContext as typeof context);
          expect(diagnosis.findings.map((finding) => finding.code)).not.toContain('link_doctor_failed');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses 1 MB of text at once, and reads a 60 KB link to the end', () => {
    expect(
      expectWellFormedDiagnosis(`${bglLink}${'A'.repeat(1 << 20)}`).findings.map((finding) => finding.code),
    ).toEqual(['link_too_long']);
    const long = `https://reviews.example.com/evaluate-bgl/${DOMAIN}?p=${randomBytes(45_000).toString('base64url')}`;
    expect(long.length).toBeLessThan(64 * 1024);
    expect(expectWellFormedDiagnosis(long).valid).toBe(false);
  });
});
