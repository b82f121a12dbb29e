import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import {
  buildUniqueLink,
  decryptBglToken,
  decryptBglTokenRaw,
  encryptBglToken,
  uniqueLinkHash,
  verifyUniqueLink,
} from '../../../src/links.js';

interface UniqueLinkVector {
  secret: string;
  email: string;
  ref: string;
  name: string;
  domain: string;
  b: string;
  c: string;
  e: string;
  query?: string;
}

interface TestVectors {
  bgl: {
    encryptKey: string;
    authKey: string;
    decrypt: { token: string; plaintext: string }[];
    encryptedLength: { plaintext: string; base64Length: number }[];
  };
  uniqueLink: UniqueLinkVector[];
}

// The published vectors live in the shared spec beside the repository (../shared); a copy is committed so
// a clone elsewhere tests them too, and the copy must not drift from the spec where both are present.
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const sharedVectorsPath = path.resolve(repositoryRoot, '../shared/spec/test-vectors.json');
const committedVectorsText = readFileSync(
  path.join(repositoryRoot, 'test/fixtures/test-vectors.json'),
  'utf8',
);
const sharedVectorsText = existsSync(sharedVectorsPath) ? readFileSync(sharedVectorsPath, 'utf8') : undefined;
const vectors = JSON.parse(sharedVectorsText ?? committedVectorsText) as TestVectors;

describe.runIf(sharedVectorsText !== undefined)('the committed copy of the vectors', () => {
  it('matches the shared spec', () => {
    expect(JSON.parse(committedVectorsText)).toEqual(JSON.parse(sharedVectorsText ?? ''));
  });
});
const keys = { encryptKey: vectors.bgl.encryptKey, authKey: vectors.bgl.authKey };

describe('BGL test vectors', () => {
  it('has vectors to run', () => {
    expect(vectors.bgl.decrypt.length).toBeGreaterThan(0);
    expect(vectors.bgl.encryptedLength.length).toBeGreaterThan(0);
  });

  for (const [index, vector] of vectors.bgl.decrypt.entries()) {
    it(`decrypts vector ${index} to its plaintext`, () => {
      const result = decryptBglTokenRaw(vector.token, [keys]);
      expect(result).toMatchObject({ ok: true, value: { keyIndex: 0 } });
      if (result.ok) expect(result.value.plaintext.toString('utf8')).toBe(vector.plaintext);
    });

    it(`re-encrypts vector ${index} to the identical token with its IV`, () => {
      const iv = Buffer.from(vector.token, 'base64').subarray(0, 16);
      expect(encryptBglToken(vector.plaintext, keys, { iv })).toBe(vector.token);
    });

    it(`refuses vector ${index} as a payload, because its plaintext is not JSON`, () => {
      const result = decryptBglToken(vector.token, [keys]);
      expect(result.ok ? undefined : result.failure.code).toBe('bgl_not_json');
    });
  }

  for (const [index, vector] of vectors.bgl.encryptedLength.entries()) {
    it(`encrypts vector ${index} (${vector.plaintext.length} characters) to ${vector.base64Length} base64 characters`, () => {
      const token = encryptBglToken(vector.plaintext, keys);
      expect(token).toHaveLength(vector.base64Length);
      const result = decryptBglTokenRaw(token, [keys]);
      expect(result.ok && result.value.plaintext.toString('utf8')).toBe(vector.plaintext);
    });
  }
});

describe('Unique Link test vectors', () => {
  it('has vectors to run', () => {
    expect(vectors.uniqueLink.length).toBeGreaterThan(0);
  });

  for (const [index, vector] of vectors.uniqueLink.entries()) {
    const link = new URL(
      buildUniqueLink({
        baseUrl: 'https://reviews.example.com',
        domain: vector.domain,
        secret: vector.secret,
        email: vector.email,
        reference: vector.ref,
        name: vector.name,
      }),
    );

    it(`computes the hash of vector ${index}`, () => {
      expect(uniqueLinkHash(vector.secret, vector.email, vector.ref)).toBe(vector.e);
    });

    it(`builds vector ${index} with its b, c and e`, () => {
      expect(link.pathname).toBe(`/evaluate/${vector.domain}`);
      expect(link.searchParams.get('b')).toBe(vector.b);
      expect(link.search).toContain(`&c=${vector.c}&`);
      expect(link.searchParams.get('e')).toBe(vector.e);
    });

    if (vector.query !== undefined) {
      const query = vector.query;
      it(`builds exactly the query of vector ${index}`, () => {
        expect(link.search.slice(1)).toBe(query);
      });
    }

    it(`verifies vector ${index} from its own values`, () => {
      const result = verifyUniqueLink({ a: vector.ref, b: vector.b, c: decodeURI(vector.c), e: vector.e }, [
        vector.secret,
      ]);
      expect(result).toEqual({
        ok: true,
        value: { email: vector.email, name: vector.name, reference: vector.ref, secretIndex: 0 },
      });
    });

    it(`verifies the built link of vector ${index}`, () => {
      expect(verifyUniqueLink(link.searchParams, [vector.secret]).ok).toBe(true);
    });
  }
});
