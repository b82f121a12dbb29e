import { createHmac, timingSafeEqual } from 'node:crypto';

const TOKEN_LIFETIME_MS = 4 * 60 * 60 * 1000;

/**
 * Stateless form tokens: the page embeds an HMAC of what the form is about and when it was shown, and a
 * POST without a fresh one is refused. No cookie is needed, so the form also works inside an iframe on the
 * business's site, where browsers drop third-party cookies.
 */
export class FormTokens {
  constructor(private readonly secret: Buffer) {}

  issue(subject: string, now: number): string {
    return `${now.toString(36)}.${this.mac(subject, now)}`;
  }

  verify(token: string | undefined, subject: string, now: number): boolean {
    if (typeof token !== 'string') return false;
    const [issuedText, mac] = token.split('.');
    if (!issuedText || !mac || !/^[0-9a-z]{1,12}$/.test(issuedText)) return false;
    const issuedAt = parseInt(issuedText, 36);
    if (!(issuedAt <= now + 60_000 && now - issuedAt <= TOKEN_LIFETIME_MS)) return false;
    const expected = Buffer.from(this.mac(subject, issuedAt));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** A signature for a URL the server hands out (a thank-you page), checked in constant time. */
  sign(value: string): string {
    return createHmac('sha256', this.secret).update(`url|${value}`).digest('base64url').slice(0, 32);
  }

  checkSignature(value: string, signature: string | undefined): boolean {
    if (typeof signature !== 'string') return false;
    const expected = Buffer.from(this.sign(value));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(subject: string, issuedAt: number): string {
    return createHmac('sha256', this.secret).update(`form|${issuedAt}|${subject}`).digest('base64url');
  }
}
