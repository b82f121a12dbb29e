import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Links built the way a business's own code builds them (compat §1 and §2), with node:crypto alone and
 * none of Vouch's code, so the tests prove Vouch accepts what others make, not only what it makes itself.
 */
export function independentUniqueLink(
  base: string,
  domain: string,
  secret: string,
  customer: { email: string; name: string; reference: string },
): string {
  const hash = createHash('sha1')
    .update(secret + customer.email + customer.reference)
    .digest('hex');
  const b = Buffer.from(customer.email).toString('base64');
  return `${base}/evaluate/${domain}?a=${encodeURIComponent(customer.reference)}&b=${encodeURIComponent(b)}&c=${encodeURI(customer.name)}&e=${hash}`;
}

export function independentBglToken(encryptKey: string, authKey: string, payload: object): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', Buffer.from(encryptKey, 'base64'), iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  const tag = createHmac('sha256', Buffer.from(authKey, 'base64'))
    .update(Buffer.concat([iv, ciphertext]))
    .digest();
  return Buffer.concat([iv, ciphertext, tag]).toString('base64');
}

export function independentBglLink(
  base: string,
  domain: string,
  encryptKey: string,
  authKey: string,
  payload: object,
  embed = false,
): string {
  return `${base}/evaluate-bgl/${embed ? 'embed/' : ''}${domain}?p=${encodeURIComponent(independentBglToken(encryptKey, authKey, payload))}`;
}
