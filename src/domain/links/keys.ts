import { createSecretKey, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import { BoundedCache } from '../../shared/bounded-cache.js';
import { decodeStandardBase64 } from './base64.js';
import { LinkKeyError } from './errors.js';

/** A business's two BGL keys, each 32 random bytes written in standard base64, as shown to the business. */
export interface BglKeyPair {
  readonly encryptKey: string;
  readonly authKey: string;
}

export const BGL_KEY_BYTES = 32;

/**
 * Decodes one BGL key to its 32 raw bytes.
 *
 * @throws {LinkKeyError} `bgl_key_invalid` unless the text is standard base64 of exactly 32 bytes.
 * @example
 * const authKeyBytes = decodeBglKey('oGmd/bHHkd+N6P6lZQxyfikjU7c5P/mhWO/noCsERyY=', 'auth'); // 32 bytes
 */
export function decodeBglKey(base64Key: string, which: 'encrypt' | 'auth'): Buffer {
  const label = which === 'encrypt' ? 'encryption' : 'authentication';
  if (typeof base64Key !== 'string') {
    throw new LinkKeyError('bgl_key_invalid', `The BGL ${label} key is missing; give it as base64 text.`);
  }
  const bytes = decodeStandardBase64(base64Key);
  if (bytes === undefined) {
    throw new LinkKeyError(
      'bgl_key_invalid',
      `The BGL ${label} key is not standard base64; it must be 44 characters of A-Z, a-z, 0-9, '+' and '/' ` +
        `ending in '=' (check for spaces, line breaks or the URL-safe '-' and '_').`,
    );
  }
  if (/^[0-9a-f]{64}$/i.test(base64Key)) {
    throw new LinkKeyError(
      'bgl_key_invalid',
      `The BGL ${label} key is written in hex; give the same 32 bytes in standard base64 (44 characters).`,
    );
  }
  if (bytes.length !== BGL_KEY_BYTES) {
    throw new LinkKeyError(
      'bgl_key_invalid',
      `The BGL ${label} key decodes to ${bytes.length} bytes; it must decode to exactly ${BGL_KEY_BYTES}.`,
    );
  }
  return bytes;
}

/**
 * Both BGL keys decoded once, for callers that verify many links with the same keys. Decryption also
 * accepts a plain {@link BglKeyPair} and caches its decoding, so preparing is an optimisation, not a duty.
 */
export class PreparedBglKeys {
  readonly encryptKey: KeyObject;
  readonly authKey: KeyObject;

  constructor(pair: BglKeyPair) {
    // KeyObjects skip the per-call key import that Buffers cost in createHmac and createDecipheriv.
    this.encryptKey = createSecretKey(decodeBglKey(pair.encryptKey, 'encrypt'));
    this.authKey = createSecretKey(decodeBglKey(pair.authKey, 'auth'));
  }
}

/** Either form of a business's BGL keys. */
export type BglKeys = BglKeyPair | PreparedBglKeys;

const PREPARED_CACHE_LIMIT = 256;
/**
 * Keyed by the encryption key text alone: a stored string keeps its hash, so the lookup costs no
 * concatenation and no rehashing, and a business's two keys change together.
 */
const preparedByEncryptKey = new BoundedCache<string, { authKey: string; prepared: PreparedBglKeys }>({
  maxEntries: PREPARED_CACHE_LIMIT,
});

/**
 * Decodes a key pair once. Repeated calls with the same key texts return the same object, so passing
 * plain key pairs on every request costs one map lookup, not two base64 decodings.
 *
 * @throws {LinkKeyError} `bgl_key_invalid` when either key is not standard base64 of 32 bytes.
 * @example
 * const keys = prepareBglKeys({ encryptKey: business.bglEncryptKey, authKey: business.bglAuthKey });
 * const result = decryptBglToken(token, [keys]);
 */
export function prepareBglKeys(pair: BglKeyPair): PreparedBglKeys {
  const cached = preparedByEncryptKey.get(pair.encryptKey);
  if (cached !== undefined && cached.authKey === pair.authKey) return cached.prepared;
  const prepared = new PreparedBglKeys(pair);
  preparedByEncryptKey.set(pair.encryptKey, { authKey: pair.authKey, prepared });
  return prepared;
}

/**
 * Prepared keys, or the reason they are unusable, without throwing: verification must never throw, and
 * at run time callers from plain JavaScript may hand over anything.
 */
export function resolveBglKeys(keys: unknown): PreparedBglKeys | LinkKeyError {
  if (keys instanceof PreparedBglKeys) return keys;
  if (typeof keys !== 'object' || keys === null) {
    return new LinkKeyError('bgl_key_invalid', 'A BGL key pair is missing; give { encryptKey, authKey }.');
  }
  const { encryptKey, authKey } = keys as { encryptKey?: unknown; authKey?: unknown };
  if (typeof encryptKey !== 'string' || typeof authKey !== 'string') {
    return new LinkKeyError(
      'bgl_key_invalid',
      'A BGL key pair needs both encryptKey and authKey as base64 text.',
    );
  }
  try {
    return prepareBglKeys({ encryptKey, authKey });
  } catch (error) {
    if (error instanceof LinkKeyError) return error;
    throw error;
  }
}

/**
 * A fresh BGL key: 32 random bytes in standard base64, the form shown to a business.
 *
 * @example
 * const keys = { encryptKey: generateBglKey(), authKey: generateBglKey() };
 */
export function generateBglKey(): string {
  return randomBytes(BGL_KEY_BYTES).toString('base64');
}

/**
 * A fresh Unique Link secret: 24 random bytes as 32 URL- and shell-safe characters.
 *
 * @example
 * const secret = generateUniqueLinkSecret(); // e.g. 'q3J0Yx2m…' (32 characters)
 */
export function generateUniqueLinkSecret(): string {
  return randomBytes(24).toString('base64url');
}
