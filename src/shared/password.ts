import { scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt at one of OWASP's recommended costs (N=2^15, r=8, p=3): the same work as N=2^17 with a quarter
 * of the memory (32 MiB), so a burst of logins does not balloon the process. About 0.3 s a hash here.
 * Stored with its parameters, so a later raise of the cost still verifies older hashes.
 */
const COST = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_LENGTH = 32;
/** Room for the cost above (128·N·r bytes) and a raise of it; Node's default cap is exactly 32 MiB. */
const MAX_MEMORY = 128 * 1024 * 1024;

/** The shortest password a user may choose; length beats composition rules (NIST SP 800-63B). */
export const MIN_PASSWORD_LENGTH = 10;
/** scrypt reads any length, but a megabyte "password" is a denial of service, not a password. */
export const MAX_PASSWORD_LENGTH = 200;

function derive(password: string, salt: Buffer, options: ScryptOptions, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, length, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
export async function hashPassword(password: string, salt: Buffer): Promise<string> {
  const key = await derive(password, salt, COST, KEY_LENGTH);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Compares in constant time; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64'),
    { N: +n, r: +r, p: +p },
    expected.length,
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of nothing anybody knows, verified against when the email is unknown, so a login for an unknown
 * address takes as long as one for a known address with a wrong password.
 */
export const DECOY_HASH =
  'scrypt$32768$8$3$ZGVjb3ktc2FsdC1ub3QtdXNlZA==$xcc35f13h2FnrHSEvFnoj5YEHymIWKTufjpmtlC579M=';
