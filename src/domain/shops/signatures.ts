import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether `given` is the base64 HMAC-SHA256 of the raw body under the secret, as Shopify
 * (`X-Shopify-Hmac-Sha256`) and WooCommerce (`X-WC-Webhook-Signature`) sign. The digests are compared in
 * constant time; a header that does not decode to 32 bytes never matches.
 */
export function hmacSha256Base64Matches(secret: string, body: Buffer, given: string): boolean {
  const expected = createHmac('sha256', secret).update(body).digest();
  const trimmed = given.trim();
  if (!/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return false;
  const received = Buffer.from(trimmed, 'base64');
  return received.length === expected.length && timingSafeEqual(received, expected);
}

/** The signature a platform would send for this body: for tests, fixtures and the benchmark. */
export function hmacSha256Base64(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** One header's value; a header sent twice is not a value to trust. */
export function singleHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
