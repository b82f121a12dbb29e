import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { isUtf8 } from 'node:buffer';

import { decodeLenientBase64, decodeStandardBase64 } from './base64.js';
import { checkBglPayload } from './bgl-payload.js';
import type { BglPayload } from './bgl-payload.js';
import { LinkInputError, LinkKeyError } from './errors.js';
import { resolveBglKeys } from './keys.js';
import type { BglKeys, PreparedBglKeys } from './keys.js';
import { entranceUrl } from './link-url.js';
import { linkFailure, linkOk } from './result.js';
import type { LinkResult } from './result.js';

export const BGL_IV_BYTES = 16;
export const BGL_TAG_BYTES = 32;
export const AES_BLOCK_BYTES = 16;
/** IV and tag with no ciphertext: anything shorter cannot be a token. */
export const BGL_MIN_TOKEN_BYTES = BGL_IV_BYTES + BGL_TAG_BYTES;

export interface BglEncryptOptions {
  /** A fixed IV, for tests and test vectors only: a real link needs 16 fresh random bytes. */
  iv?: Uint8Array;
}

export interface BglLinkInput {
  baseUrl: string;
  domain: string;
  keys: BglKeys;
  payload: BglPayload;
  /** Two-letter country code; the link then points at the country host `{cc}.{host}`. */
  country?: string;
  embed?: boolean;
}

export interface DecryptedBglToken {
  payload: BglPayload;
  /** Which key pair matched: 0 is the current one, higher ones are rotated-out pairs. */
  keyIndex: number;
}

export interface DecryptedBglPlaintext {
  plaintext: Buffer;
  keyIndex: number;
}

function keysOrThrow(keys: BglKeys): PreparedBglKeys {
  const resolved = resolveBglKeys(keys);
  if (resolved instanceof LinkKeyError) throw resolved;
  return resolved;
}

/** HMAC-SHA256 over the concatenation of `parts`, fed piecewise so no joined copy is made. */
export function hmacSha256(key: KeyObject | Uint8Array, ...parts: readonly Uint8Array[]): Buffer {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/**
 * AES-256-CBC decryption with PKCS#7 padding, or `undefined` when the data is not whole blocks or its
 * padding is not valid. Callers verify the tag first, so a padding failure says nothing to an attacker.
 */
export function decryptAesCbc(
  key: KeyObject | Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
): Buffer | undefined {
  if (ciphertext.length === 0 || ciphertext.length % AES_BLOCK_BYTES !== 0) return undefined;
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    // OpenSSL's final() refuses padding that is not PKCS#7.
    return undefined;
  }
}

/**
 * Encrypts and signs raw bytes into a BGL token: base64(IV || AES-256-CBC(plaintext) || HMAC-SHA256(IV ||
 * ciphertext)). Most callers want {@link encryptBglPayload}; this one exists for test vectors and tools.
 *
 * @throws {LinkKeyError} `bgl_key_invalid` when a key is not standard base64 of 32 bytes.
 * @throws {LinkInputError} `bgl_iv_invalid` when a given IV is not 16 bytes.
 * @example
 * const token = encryptBglToken('this is a test input string', { encryptKey, authKey });
 */
export function encryptBglToken(
  plaintext: string | Uint8Array,
  keys: BglKeys,
  options: BglEncryptOptions = {},
): string {
  const prepared = keysOrThrow(keys);
  const iv = options.iv ?? randomBytes(BGL_IV_BYTES);
  if (iv.length !== BGL_IV_BYTES) {
    throw new LinkInputError('bgl_iv_invalid', `The IV must be ${BGL_IV_BYTES} bytes; it is ${iv.length}.`);
  }
  const cipher = createCipheriv('aes-256-cbc', prepared.encryptKey, iv);
  const plaintextBytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const ciphertext = Buffer.concat([cipher.update(plaintextBytes), cipher.final()]);
  const tag = hmacSha256(prepared.authKey, iv, ciphertext);
  return Buffer.concat([iv, ciphertext, tag]).toString('base64');
}

/**
 * Encrypts a payload into a BGL token after checking it as the receiver will, so a token that Vouch
 * would refuse is never produced.
 *
 * @throws {LinkKeyError} `bgl_key_invalid` for a bad key.
 * @throws {LinkInputError} `bgl_missing_field`, `bgl_bad_field`, `reference_forbidden_character` or
 * `link_field_invalid` (an email the review page would refuse).
 * @example
 * const token = encryptBglPayload({ email: 'jane@example.com', name: 'Jane Doe', ref: 'A-1001' }, keys);
 */
export function encryptBglPayload(
  payload: BglPayload,
  keys: BglKeys,
  options: BglEncryptOptions = {},
): string {
  const checked = checkBglPayload(payload);
  if (!checked.ok) {
    const { code, message, field } = checked.failure;
    const inputCode =
      code === 'bgl_missing_field' ||
      code === 'reference_forbidden_character' ||
      code === 'link_field_invalid'
        ? code
        : 'bgl_bad_field';
    throw new LinkInputError(inputCode, message, field);
  }
  // The payload as Vouch reads it (lowercase keys, a text ref), so the token is written as compat §1 says.
  return encryptBglToken(JSON.stringify(checked.value), keys, options);
}

/**
 * Builds an encrypted link: `{base}/evaluate-bgl/{domain}?p={encodeURIComponent(token)}`.
 *
 * @throws {LinkKeyError} for a bad key; {@link LinkInputError} for a bad payload, base URL or country.
 * @example
 * buildBglLink({
 *   baseUrl: 'https://reviews.example.com', domain: 'shop.example',
 *   keys: { encryptKey, authKey },
 *   payload: { email: 'jane@example.com', name: 'Jane Doe', ref: 'A-1001', skus: ['SKU-1'] },
 * }); // 'https://reviews.example.com/evaluate-bgl/shop.example?p=…'
 */
export function buildBglLink(input: BglLinkInput): string {
  const entrance = entranceUrl({
    baseUrl: input.baseUrl,
    kind: 'bgl',
    domain: input.domain,
    embed: input.embed,
    country: input.country,
  });
  return `${entrance}?p=${encodeURIComponent(encryptBglPayload(input.payload, input.keys))}`;
}

/**
 * Authenticates and decrypts a BGL token to its raw plaintext, trying each key pair (current first).
 * The tag is compared in constant time before anything is decrypted. Never throws.
 *
 * @example
 * const result = decryptBglTokenRaw(token, [{ encryptKey, authKey }]);
 * if (result.ok) console.log(result.value.plaintext.toString('utf8'));
 */
export function decryptBglTokenRaw(
  token: string,
  keyPairs: readonly BglKeys[],
): LinkResult<DecryptedBglPlaintext> {
  if (typeof token !== 'string') return linkFailure('bgl_not_base64', 'The token is missing.', 'p');
  const bytes = decodeStandardBase64(token);
  if (bytes === undefined) {
    return linkFailure(
      'bgl_not_base64',
      "The token is not standard base64 (A-Z, a-z, 0-9, '+', '/', '=' padding, no spaces or line breaks); " +
        'percent-encode it with encodeURIComponent when putting it in the link.',
      'p',
    );
  }
  const length = bytes.length;
  if (length < BGL_MIN_TOKEN_BYTES) {
    return linkFailure(
      'bgl_too_short',
      `The token decodes to ${length} bytes; a token is at least ${BGL_MIN_TOKEN_BYTES} (16-byte IV, ciphertext, ` +
        '32-byte HMAC-SHA256 tag). It was probably cut off.',
      'p',
    );
  }
  const ciphertextLength = length - BGL_MIN_TOKEN_BYTES;
  if (ciphertextLength === 0 || ciphertextLength % AES_BLOCK_BYTES !== 0) {
    return linkFailure(
      'bgl_bad_length',
      `The token decodes to ${length} bytes, leaving ${ciphertextLength} bytes of ciphertext between the 16-byte ` +
        'IV and the 32-byte tag; AES-CBC ciphertext is a positive multiple of 16. Check the layout IV || ' +
        'ciphertext || full 32-byte tag.',
      'p',
    );
  }
  if (!Array.isArray(keyPairs) || keyPairs.length === 0) {
    return linkFailure('bgl_keys_missing', 'No BGL key pair was given to check the token against.');
  }

  const signed = bytes.subarray(0, length - BGL_TAG_BYTES);
  const tag = bytes.subarray(length - BGL_TAG_BYTES);
  for (let keyIndex = 0; keyIndex < keyPairs.length; keyIndex++) {
    const keys = resolveBglKeys(keyPairs[keyIndex]);
    if (keys instanceof LinkKeyError) {
      return linkFailure('bgl_key_invalid', `BGL key pair #${keyIndex}: ${keys.message}`);
    }
    if (!timingSafeEqual(hmacSha256(keys.authKey, signed), tag)) continue;
    const plaintext = decryptAesCbc(
      keys.encryptKey,
      bytes.subarray(0, BGL_IV_BYTES),
      bytes.subarray(BGL_IV_BYTES, length - BGL_TAG_BYTES),
    );
    if (plaintext === undefined) {
      return linkFailure(
        'bgl_bad_padding',
        'The tag is genuine but the decrypted data does not end in PKCS#7 padding: encrypt with ' +
          'AES-256-CBC and PKCS#7 padding, with the encryption key (not the authentication key).',
        'p',
      );
    }
    return linkOk({ plaintext, keyIndex });
  }
  return linkFailure(
    'bgl_mac_mismatch',
    "The token's HMAC-SHA256 tag does not match this business's authentication key; run the link through " +
      'diagnoseLink (or `vouch link check`) to see how it was built.',
    'p',
  );
}

/**
 * Authenticates, decrypts and checks a BGL token, trying each key pair (current first, then rotated-out
 * pairs). Never throws; every refusal is a typed failure.
 *
 * @example
 * const result = decryptBglToken(new URL(link).searchParams.get('p') ?? '', [business.bglKeys]);
 * if (result.ok) console.log(result.value.payload.email, result.value.keyIndex);
 * else console.log(result.failure.code); // e.g. 'bgl_mac_mismatch'
 */
export function decryptBglToken(token: string, keyPairs: readonly BglKeys[]): LinkResult<DecryptedBglToken> {
  const decrypted = decryptBglTokenRaw(token, keyPairs);
  if (!decrypted.ok) return decrypted;
  const parsed = parseBglPlaintext(decrypted.value.plaintext);
  if (!parsed.ok) return parsed;
  return linkOk({ payload: parsed.value, keyIndex: decrypted.value.keyIndex });
}

export function parseBglJson(plaintext: Buffer): LinkResult<unknown> {
  if (!isUtf8(plaintext)) {
    return linkFailure(
      'bgl_not_json',
      'The decrypted payload is not UTF-8 text; encrypt the UTF-8 bytes of a JSON object.',
    );
  }
  try {
    return linkOk(JSON.parse(plaintext.toString('utf8')) as unknown);
  } catch {
    return linkFailure(
      'bgl_not_json',
      'The decrypted payload is not JSON; encrypt JSON.stringify({ email, name, ref, … }).',
    );
  }
}

function parseBglPlaintext(plaintext: Buffer): LinkResult<BglPayload> {
  const json = parseBglJson(plaintext);
  return json.ok ? checkBglPayload(json.value) : json;
}

/**
 * The IV of a token (base64 of its first 16 bytes), to collect in a set and pass to `diagnoseLink` as
 * `seenIvs`; `undefined` when the text is not a token.
 *
 * @example
 * const seenIvs = new Set(previousTokens.map(readBglIv).filter((iv) => iv !== undefined));
 */
export function readBglIv(token: string): string | undefined {
  if (typeof token !== 'string') return undefined;
  const bytes = decodeLenientBase64(token);
  if (bytes === undefined || bytes.length < BGL_MIN_TOKEN_BYTES) return undefined;
  return bytes.subarray(0, BGL_IV_BYTES).toString('base64');
}

export interface ReusedIv {
  /** The IV, in base64. */
  iv: string;
  /** Positions in the given list of the tokens that share it. */
  tokenIndexes: number[];
}

/**
 * Tokens that share an IV. One link cannot show IV reuse, a batch can: run it over the tokens a
 * business sent (or over a sample of its links) to catch a fixed IV.
 *
 * @example
 * findReusedIvs([tokenA, tokenB, tokenC]); // [{ iv: 'AAAAAAAAAAAAAAAAAAAAAA==', tokenIndexes: [0, 2] }]
 */
export function findReusedIvs(tokens: readonly string[]): ReusedIv[] {
  const indexesByIv = new Map<string, number[]>();
  tokens.forEach((token, index) => {
    const iv = readBglIv(token);
    if (iv === undefined) return;
    const indexes = indexesByIv.get(iv);
    if (indexes === undefined) indexesByIv.set(iv, [index]);
    else indexes.push(index);
  });
  return [...indexesByIv]
    .filter(([, tokenIndexes]) => tokenIndexes.length > 1)
    .map(([iv, tokenIndexes]) => ({ iv, tokenIndexes }));
}
