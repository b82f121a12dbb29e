import { createCipheriv, createHmac, randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  buildBglLink,
  checkBglPayload,
  decodeBglKey,
  decryptBglToken,
  decryptBglTokenRaw,
  encryptBglPayload,
  encryptBglToken,
  findReusedIvs,
  generateBglKey,
  LinkInputError,
  LinkKeyError,
  prepareBglKeys,
  PreparedBglKeys,
  readBglIv,
} from '../../../src/links.js';
import type { BglKeyPair, BglPayload, LinkResult } from '../../../src/links.js';

const keys: BglKeyPair = { encryptKey: generateBglKey(), authKey: generateBglKey() };
const payload: BglPayload = {
  email: 'jane.doe@example.com',
  name: 'Jane Doe',
  ref: 'ORD-1001',
  skus: ['SKU-1', 'SKU-2'],
  tags: ['summer-sale'],
  locale: 'de-DE',
};

/** The documented construction, with node:crypto only, so the library is checked against it. */
function seal(plaintext: string | Buffer, pair: BglKeyPair = keys, iv: Buffer = randomBytes(16)): string {
  const cipher = createCipheriv('aes-256-cbc', Buffer.from(pair.encryptKey, 'base64'), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = createHmac('sha256', Buffer.from(pair.authKey, 'base64'))
    .update(iv)
    .update(ciphertext)
    .digest();
  return Buffer.concat([iv, ciphertext, tag]).toString('base64');
}

/** A genuine tag over arbitrary bytes, to reach the checks that run after the tag. */
function signRaw(iv: Buffer, ciphertext: Buffer, pair: BglKeyPair = keys): string {
  const tag = createHmac('sha256', Buffer.from(pair.authKey, 'base64'))
    .update(iv)
    .update(ciphertext)
    .digest();
  return Buffer.concat([iv, ciphertext, tag]).toString('base64');
}

/** The exception `run` throws; fails the test when it throws none. */
function thrownBy(run: () => unknown): Error & { code?: string; field?: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('Expected an exception');
}

function failure<T>(result: LinkResult<T>): { code: string; message: string; field?: string } | undefined {
  return result.ok ? undefined : result.failure;
}

describe('BGL keys', () => {
  it('generates 32 random bytes in standard base64', () => {
    const key = generateBglKey();
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(decodeBglKey(key, 'encrypt')).toHaveLength(32);
    expect(generateBglKey()).not.toBe(key);
  });

  it.each([
    ['16 bytes', randomBytes(16).toString('base64'), 'decodes to 16 bytes'],
    ['64 bytes', randomBytes(64).toString('base64'), 'decodes to 64 bytes'],
    ['the URL-safe alphabet', Buffer.alloc(32, 0xff).toString('base64url'), 'not standard base64'],
    ['a trailing line break', `${generateBglKey()}\n`, 'not standard base64'],
    ['hex', randomBytes(32).toString('hex'), 'written in hex'],
  ])('refuses a key of %s', (_label, key, reason) => {
    expect(() => decodeBglKey(key, 'auth')).toThrow(LinkKeyError);
    const error = thrownBy(() => decodeBglKey(key, 'auth'));
    expect(error.code).toBe('bgl_key_invalid');
    expect(error.message).toContain(reason);
    expect(() => decodeBglKey(key, 'auth')).toThrow(/authentication key/);
  });

  it('prepares again when only the authentication key changed', () => {
    const first = { encryptKey: keys.encryptKey, authKey: generateBglKey() };
    const second = { encryptKey: keys.encryptKey, authKey: generateBglKey() };
    expect(prepareBglKeys(first)).not.toBe(prepareBglKeys(second));
    expect(decryptBglToken(seal(JSON.stringify(payload), second), [first]).ok).toBe(false);
    expect(decryptBglToken(seal(JSON.stringify(payload), second), [second]).ok).toBe(true);
  });

  it('prepares a pair once and returns the same object for the same texts', () => {
    const prepared = prepareBglKeys(keys);
    expect(prepared).toBeInstanceOf(PreparedBglKeys);
    expect(prepareBglKeys({ ...keys })).toBe(prepared);
  });
});

describe('encryptBglToken and encryptBglPayload', () => {
  it('writes base64(IV || AES-256-CBC || HMAC-SHA256(IV || ciphertext)), as the raw construction does', () => {
    const iv = randomBytes(16);
    const plaintext = JSON.stringify(payload);
    expect(encryptBglToken(plaintext, keys, { iv })).toBe(seal(plaintext, keys, iv));
    expect(encryptBglToken(Buffer.from(plaintext), prepareBglKeys(keys), { iv })).toBe(
      seal(plaintext, keys, iv),
    );
  });

  it('uses a fresh IV for every token', () => {
    const ivs = new Set(Array.from({ length: 20 }, () => readBglIv(encryptBglPayload(payload, keys))));
    expect(ivs.size).toBe(20);
  });

  it('refuses bad keys with a LinkKeyError and a wrong IV with a LinkInputError', () => {
    expect(() => encryptBglToken('x', { encryptKey: 'short', authKey: keys.authKey })).toThrow(
      expect.objectContaining({ name: 'LinkKeyError', code: 'bgl_key_invalid' }),
    );
    expect(() => encryptBglToken('x', keys, { iv: Buffer.alloc(12) })).toThrow(
      expect.objectContaining({ name: 'LinkInputError', code: 'bgl_iv_invalid' }),
    );
  });

  it.each([
    [{ ...payload, ref: 'A#1' }, 'reference_forbidden_character', 'ref'],
    [
      { email: 'a@example.com', name: 'A', referenceId: 'R1' } as unknown as BglPayload,
      'bgl_missing_field',
      'ref',
    ],
    [{ ...payload, tags: ['summer sale'] }, 'bgl_bad_field', 'tags'],
    [{ ...payload, skus: 'SKU-1' } as unknown as BglPayload, 'bgl_bad_field', 'skus'],
  ])('refuses to encrypt a payload that would be refused: %j', (bad, code, field) => {
    expect(() => encryptBglPayload(bad, keys)).toThrow(LinkInputError);
    expect(() => encryptBglPayload(bad, keys)).toThrow(expect.objectContaining({ code, field }));
  });
});

describe('buildBglLink', () => {
  it('builds /evaluate-bgl/{domain}?p={encodeURIComponent(token)}', () => {
    const link = buildBglLink({
      baseUrl: 'https://reviews.example.com',
      domain: 'shop.example',
      keys,
      payload,
    });
    const match = /^https:\/\/reviews\.example\.com\/evaluate-bgl\/shop\.example\?p=([^&#]+)$/.exec(link);
    const encodedToken = match?.[1] ?? '';
    expect(encodedToken).not.toMatch(/[+/=]/);
    const token = decodeURIComponent(encodedToken);
    expect(encodeURIComponent(token)).toBe(encodedToken);
    expect(decryptBglToken(token, [keys])).toEqual({ ok: true, value: { payload, keyIndex: 0 } });
  });

  it('uses the embed path and the country host', () => {
    const link = new URL(
      buildBglLink({
        baseUrl: 'https://reviews.example.com',
        domain: 'shop.example',
        keys,
        payload,
        embed: true,
        country: 'se',
      }),
    );
    expect(link.host).toBe('se.reviews.example.com');
    expect(link.pathname).toBe('/evaluate-bgl/embed/shop.example');
  });
});

describe('decryptBglToken', () => {
  it('decrypts a token built without the library', () => {
    expect(decryptBglToken(seal(JSON.stringify(payload)), [keys])).toEqual({
      ok: true,
      value: { payload, keyIndex: 0 },
    });
  });

  it('keeps fields of its own that a business adds', () => {
    const withExtra = { ...payload, orderTotal: '129.90' };
    expect(decryptBglToken(seal(JSON.stringify(withExtra)), [keys])).toMatchObject({
      ok: true,
      value: { payload: withExtra },
    });
  });

  it('says which key pair matched during a rotation, with text or prepared keys', () => {
    const current = { encryptKey: generateBglKey(), authKey: generateBglKey() };
    const token = seal(JSON.stringify(payload));
    expect(decryptBglToken(token, [current, keys])).toMatchObject({ ok: true, value: { keyIndex: 1 } });
    expect(decryptBglToken(token, [prepareBglKeys(current), prepareBglKeys(keys)])).toMatchObject({
      ok: true,
      value: { keyIndex: 1 },
    });
  });

  it.each([
    ['spaces where + was', (token: string) => token.replaceAll('+', ' ') + ' '],
    ['line breaks', (token: string) => token.replace(/(.{76})/g, '$1\n')],
    ['the URL-safe alphabet', (token: string) => Buffer.from(token, 'base64').toString('base64url')],
    ['a percent-encoding left in', (token: string) => encodeURIComponent(token) + '%2B'],
  ])('refuses a token with %s as not base64', (_label, mangle) => {
    let token = seal(JSON.stringify(payload));
    while (!token.includes('+') || !token.includes('/')) token = seal(JSON.stringify(payload));
    expect(failure(decryptBglToken(mangle(token), [keys]))).toMatchObject({
      code: 'bgl_not_base64',
      field: 'p',
    });
  });

  it('refuses a token under 48 bytes as too short', () => {
    expect(failure(decryptBglToken(randomBytes(47).toString('base64'), [keys]))?.code).toBe('bgl_too_short');
  });

  it.each([48, 48 + 20, 48 + 33])('refuses %i bytes as a bad length', (length) => {
    expect(failure(decryptBglToken(randomBytes(length).toString('base64'), [keys]))?.code).toBe(
      'bgl_bad_length',
    );
  });

  it('checks the tag before decrypting: a changed ciphertext byte is a tag mismatch, not a padding error', () => {
    const bytes = Buffer.from(seal(JSON.stringify(payload)), 'base64');
    bytes[bytes.length - 40] = (bytes[bytes.length - 40] ?? 0) ^ 0x01;
    expect(failure(decryptBglToken(bytes.toString('base64'), [keys]))?.code).toBe('bgl_mac_mismatch');
  });

  it('refuses a token made with other keys', () => {
    const other = { encryptKey: generateBglKey(), authKey: generateBglKey() };
    expect(failure(decryptBglToken(seal(JSON.stringify(payload), other), [keys]))?.code).toBe(
      'bgl_mac_mismatch',
    );
  });

  it('refuses a genuine tag over data that is not PKCS#7-padded', () => {
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', Buffer.from(keys.encryptKey, 'base64'), iv).setAutoPadding(
      false,
    );
    const zeroPadded = Buffer.concat([Buffer.from('{"email":"a@b.c"}'), Buffer.alloc(15)]);
    const ciphertext = Buffer.concat([cipher.update(zeroPadded), cipher.final()]);
    expect(failure(decryptBglToken(signRaw(iv, ciphertext), [keys]))?.code).toBe('bgl_bad_padding');
  });

  it('refuses plaintext that is not JSON, or not UTF-8', () => {
    expect(failure(decryptBglToken(seal('email=a@b.c'), [keys]))?.code).toBe('bgl_not_json');
    expect(failure(decryptBglToken(seal(Buffer.from([0x7b, 0xff, 0x7d])), [keys]))?.code).toBe(
      'bgl_not_json',
    );
    expect(failure(decryptBglToken(seal('[1,2]'), [keys]))?.code).toBe('bgl_not_json');
    expect(failure(decryptBglToken(seal('null'), [keys]))?.code).toBe('bgl_not_json');
  });

  it.each(['email', 'name', 'ref'])('refuses a payload without %s, naming the field', (field) => {
    const { [field]: _removed, ...rest } = payload;
    const result = failure(decryptBglToken(seal(JSON.stringify(rest)), [keys]));
    expect(result).toMatchObject({ code: 'bgl_missing_field', field });
    expect(result?.message).toContain(`"${field}"`);
  });

  it('names the field a payload used instead of ref', () => {
    const { ref, ...rest } = payload;
    const result = failure(decryptBglToken(seal(JSON.stringify({ ...rest, referenceId: ref })), [keys]));
    expect(result).toMatchObject({ code: 'bgl_missing_field', field: 'ref' });
    expect(result?.message).toContain('rename "referenceId" to "ref"');
  });

  it.each([
    ['skus as a string', { skus: 'SKU-1' }, 'skus'],
    ['skus with a number', { skus: ['SKU-1', 7] }, 'skus'],
    ['tags with a space', { tags: ['summer sale'] }, 'tags'],
    ['tags with an empty tag', { tags: [''] }, 'tags'],
    ['an empty email', { email: '' }, 'email'],
    ['a numeric ref with a fraction', { ref: 1001.5 }, 'ref'],
    ['a name that is not text', { name: null }, 'name'],
    ['a locale that is not text', { locale: 7 }, 'locale'],
  ])('refuses %s as a bad field', (_label, change, field) => {
    const result = failure(decryptBglToken(seal(JSON.stringify({ ...payload, ...change })), [keys]));
    expect(result).toMatchObject({ code: 'bgl_bad_field', field });
  });

  it('refuses a reference with a forbidden character, naming it', () => {
    const result = failure(decryptBglToken(seal(JSON.stringify({ ...payload, ref: '50%-OFF' })), [keys]));
    expect(result).toMatchObject({ code: 'reference_forbidden_character', field: 'ref' });
    expect(result?.message).toContain("'%'");
  });

  it('returns a failure, never an exception, for unusable keys', () => {
    const token = seal(JSON.stringify(payload));
    expect(failure(decryptBglToken(token, []))?.code).toBe('bgl_keys_missing');
    expect(failure(decryptBglToken(token, [{ encryptKey: 'x', authKey: 'y' }]))?.code).toBe(
      'bgl_key_invalid',
    );
    const garbage = [null, 42, { encryptKey: 1 }] as unknown as BglKeyPair[];
    expect(failure(decryptBglToken(token, garbage))?.code).toBe('bgl_key_invalid');
  });

  it('returns the raw plaintext from decryptBglTokenRaw', () => {
    const result = decryptBglTokenRaw(seal('any bytes at all'), [keys]);
    expect(result.ok && result.value.plaintext.toString()).toBe('any bytes at all');
  });

  it('decrypts plaintexts of every length around the block size', () => {
    for (let length = 0; length <= 49; length++) {
      const plaintext = 'x'.repeat(length);
      const result = decryptBglTokenRaw(seal(plaintext), [keys]);
      expect(result.ok && result.value.plaintext.toString()).toBe(plaintext);
    }
  });
});

describe('checkBglPayload', () => {
  it('accepts the documented shape and refuses others', () => {
    expect(checkBglPayload(payload).ok).toBe(true);
    expect(checkBglPayload({ email: 'a@b.c', name: '', ref: 'R' }).ok).toBe(true);
    expect(failure(checkBglPayload('text'))?.code).toBe('bgl_not_json');
  });
});

describe('IV reuse across tokens', () => {
  it('finds tokens that share an IV', () => {
    const iv = randomBytes(16);
    const tokens = [seal('a', keys, iv), seal('b'), seal('c', keys, iv), 'not a token'];
    expect(findReusedIvs(tokens)).toEqual([{ iv: iv.toString('base64'), tokenIndexes: [0, 2] }]);
    expect(findReusedIvs([seal('a'), seal('a')])).toEqual([]);
  });

  it('reads the IV of a token, and nothing from a non-token', () => {
    const iv = randomBytes(16);
    expect(readBglIv(seal('a', keys, iv))).toBe(iv.toString('base64'));
    expect(readBglIv('abc')).toBeUndefined();
  });
});
