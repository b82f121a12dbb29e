import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { vouch } from '../support/cli.js';

// Independent constructions of each mistake (raw node:crypto, not Vouch's builder).
const secret = 'TrustpilotSecret';
const email = 'john.smith@example.com';
const ref = 'A1B2C3';
const b64Email = Buffer.from(email).toString('base64');
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const uniqueLink = (hash: string, b = encodeURIComponent(b64Email), c = 'John%20Smith') =>
  `https://vouch.example/evaluate/mydomain.com?a=${ref}&b=${b}&c=${c}&e=${hash}`;

const encryptKey = randomBytes(32).toString('base64');
const authKey = randomBytes(32).toString('base64');
function bglToken(
  options: { macOverCiphertextOnly?: boolean; keysAsText?: boolean; payload?: object } = {},
): string {
  const iv = randomBytes(16);
  const encKey = options.keysAsText
    ? Buffer.from(encryptKey).subarray(0, 32)
    : Buffer.from(encryptKey, 'base64');
  const macKey = options.keysAsText ? Buffer.from(authKey) : Buffer.from(authKey, 'base64');
  const plaintext = JSON.stringify(options.payload ?? { email, name: 'John Smith', ref });
  const cipher = createCipheriv('aes-256-cbc', encKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = createHmac('sha256', macKey)
    .update(options.macOverCiphertextOnly ? ciphertext : Buffer.concat([iv, ciphertext]))
    .digest();
  return Buffer.concat([iv, ciphertext, tag]).toString('base64');
}
const bglLink = (p: string) => `https://vouch.example/evaluate-bgl/mydomain.com?p=${p}`;

interface CheckJson {
  valid: boolean;
  kind: string;
  findings: { code: string; message: string }[];
}

function check(url: string, args: string[]): { status: number | null; json: CheckJson } {
  const result = vouch(['link', 'check', url, '--json', ...args]);
  return { status: result.status, json: JSON.parse(result.stdout) as CheckJson };
}

const uniqueArgs = ['--secret', secret];
const bglArgs = ['--encrypt-key', encryptKey, '--auth-key', authKey];

describe('vouch link check names each mistake', () => {
  it.each([
    ['a correct Unique Link', uniqueLink(sha1(secret + email + ref)), uniqueArgs, null],
    [
      'the hash in another order',
      uniqueLink(sha1(email + secret + ref)),
      uniqueArgs,
      'unique_hash_wrong_order',
    ],
    [
      'the hash over the base64 email',
      uniqueLink(sha1(secret + b64Email + ref)),
      uniqueArgs,
      'unique_hash_over_base64_email',
    ],
    [
      'the hash in upper case',
      uniqueLink(sha1(secret + email + ref).toUpperCase()),
      uniqueArgs,
      'unique_hash_uppercase',
    ],
    [
      "another business's secret",
      uniqueLink(sha1('other' + email + ref)),
      uniqueArgs,
      'unique_hash_unknown_secret',
    ],
    ['a correct BGL link', bglLink(encodeURIComponent(bglToken())), bglArgs, null],
    [
      'a MAC over the ciphertext alone',
      bglLink(encodeURIComponent(bglToken({ macOverCiphertextOnly: true }))),
      bglArgs,
      'bgl_mac_over_ciphertext_only',
    ],
    [
      'keys used as their base64 text',
      bglLink(encodeURIComponent(bglToken({ keysAsText: true }))),
      bglArgs,
      'bgl_keys_used_as_text',
    ],
    [
      "the platform's C# example: PascalCase keys, null lists (valid, with warnings)",
      bglLink(
        encodeURIComponent(
          bglToken({ payload: { Email: email, Name: 'J', Ref: ref, Skus: null, Tags: null } }),
        ),
      ),
      bglArgs,
      null,
    ],
    [
      'a numeric ref, as PHP writes $order->get_id() (valid, with a warning)',
      bglLink(encodeURIComponent(bglToken({ payload: { email, name: 'J', ref: 1001 } }))),
      bglArgs,
      null,
    ],
    [
      'a signed link whose email is not an address, which the review page refuses',
      bglLink(encodeURIComponent(bglToken({ payload: { email: 'john.smith@', name: 'J', ref } }))),
      bglArgs,
      'link_field_invalid',
    ],
    [
      'referenceId in place of ref',
      bglLink(encodeURIComponent(bglToken({ payload: { email, name: 'J', referenceId: ref } }))),
      bglArgs,
      'bgl_field_renamed',
    ],
  ])('%s', (_case, url, args, expected) => {
    const { status, json } = check(url, args);
    if (expected === null) {
      expect(json.valid).toBe(true);
      expect(status).toBe(0);
    } else {
      expect(json.valid).toBe(false);
      expect(status).toBe(1);
      expect(json.findings.map((f) => f.code)).toContain(expected);
    }
  });

  it('warns about a name encoded with + for spaces, which still verifies', () => {
    const { status, json } = check(
      uniqueLink(sha1(secret + email + ref), undefined, 'John+Smith'),
      uniqueArgs,
    );
    expect(status).toBe(0);
    expect(json.findings.map((f) => f.code)).toEqual(['unique_name_plus_for_space']);
  });

  it('names a token that was not URL-encoded', () => {
    let token = bglToken();
    while (!token.includes('+')) token = bglToken();
    const { json } = check(bglLink(token), bglArgs);
    expect(json.findings.map((f) => f.code)).toContain('bgl_token_not_url_encoded');
  });
});
