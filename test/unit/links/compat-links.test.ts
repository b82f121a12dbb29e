import { createHash, randomBytes } from 'node:crypto';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { runCli } from '../../../src/cli/main.js';
import { findEmailProblem } from '../../../src/domain/invitations/fields.js';
import { findLinkFieldProblem } from '../../../src/domain/links/link-fields.js';
import type { CliIo } from '../../../src/cli/output.js';
import {
  buildUniqueLink,
  checkBglPayload,
  decryptBglToken,
  diagnoseLink,
  encryptBglPayload,
  verifyUniqueLink,
} from '../../../src/links.js';
import type { BglKeyPair, LinkDiagnosis, LinkFindingCode, LinkResult } from '../../../src/links.js';
import {
  independentBglLink,
  independentBglToken,
  independentUniqueLink,
} from '../../support/independent-links.js';

// Links built the way code nobody here wrote builds them (issue 14, items 10, 11, 13 and 14): every link is
// made with node:crypto alone (test/support/independent-links.ts), never with Vouch's builders.

const BASE = 'https://reviews.example.com';
const DOMAIN = 'shop.example';
const SECRET = 'business-secret-1';
const KEYS: BglKeyPair = {
  encryptKey: randomBytes(32).toString('base64'),
  authKey: randomBytes(32).toString('base64'),
};

const sha1 = (text: string | Buffer): string => createHash('sha1').update(text).digest('hex');

function failureCode<T>(result: LinkResult<T>): string | undefined {
  return result.ok ? undefined : result.failure.code;
}

function bglLink(payload: object): string {
  return independentBglLink(BASE, DOMAIN, KEYS.encryptKey, KEYS.authKey, payload);
}

function decryptPayload(payload: object) {
  return decryptBglToken(independentBglToken(KEYS.encryptKey, KEYS.authKey, payload), [KEYS]);
}

function checkLink(url: string): LinkDiagnosis {
  return diagnoseLink(url, { domain: DOMAIN, uniqueLinkSecrets: [SECRET], bglKeys: [KEYS] });
}

function severities(diagnosis: LinkDiagnosis): Partial<Record<LinkFindingCode, string>> {
  return Object.fromEntries(diagnosis.findings.map((finding) => [finding.code, finding.severity]));
}

describe('item 10: BGL payload keys in another letter case', () => {
  // Newtonsoft.Json, as in the hosted platform's C# example, writes the property names as declared.
  const pascal = {
    Email: 'jane.doe@example.com',
    Name: 'Jane Doe',
    Ref: 'ORD-1001',
    Skus: ['SKU-1'],
    Tags: ['summer'],
  };

  it('decrypts PascalCase keys into the payload fields', () => {
    const result = decryptPayload(pascal);
    expect(result.ok && result.value.payload).toMatchObject({
      email: 'jane.doe@example.com',
      name: 'Jane Doe',
      ref: 'ORD-1001',
      skus: ['SKU-1'],
      tags: ['summer'],
    });
  });

  it('is valid in the doctor, with a warning naming the key', () => {
    const diagnosis = checkLink(bglLink(pascal));
    expect(diagnosis.valid).toBe(true);
    expect(severities(diagnosis)).toEqual({ bgl_field_case: 'warning' });
    expect(diagnosis.findings[0]?.message).toContain('"Email"');
    expect(diagnosis.consumer).toMatchObject({ email: 'jane.doe@example.com', reference: 'ORD-1001' });
  });

  it('refuses a field given twice in two cases, neither of them lowercase', () => {
    const result = decryptPayload({ ...pascal, EMAIL: 'other@example.com' });
    expect(failureCode(result)).toBe('bgl_bad_field');
    expect(result.ok ? '' : result.failure.message).toContain('"EMAIL"');
  });

  it('prefers the lowercase key when both are present', () => {
    const result = decryptPayload({ ...pascal, email: 'exact@example.com' });
    expect(result.ok && result.value.payload.email).toBe('exact@example.com');
  });

  it('still calls a different name a rename', () => {
    expect(failureCode(decryptPayload({ Email: 'a@example.com', Name: 'A', ReferenceId: 'R-1' }))).toBe(
      'bgl_missing_field',
    );
  });
});

describe('item 11: null lists and numeric references', () => {
  const base = { email: 'jane.doe@example.com', name: 'Jane Doe', ref: 'ORD-1001' };

  it('reads null skus, tags and locale as absent', () => {
    const result = decryptPayload({ ...base, skus: null, tags: null, locale: null });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.payload).not.toHaveProperty('skus');
    expect(result.value.payload).not.toHaveProperty('tags');
    expect(result.value.payload).not.toHaveProperty('locale');
    expect(checkLink(bglLink({ ...base, skus: null, tags: null }))).toMatchObject({ valid: true });
    expect(severities(checkLink(bglLink({ ...base, skus: null })))).toEqual({ bgl_field_null: 'warning' });
  });

  it('reads an integer reference as its decimal text', () => {
    const result = decryptPayload({ ...base, ref: 4711 });
    expect(result.ok && result.value.payload.ref).toBe('4711');
    const negative = decryptPayload({ ...base, ref: -3 });
    expect(negative.ok && negative.value.payload.ref).toBe('-3');
    const diagnosis = checkLink(bglLink({ ...base, ref: 4711 }));
    expect(diagnosis).toMatchObject({ valid: true, consumer: { reference: '4711' } });
    expect(severities(diagnosis)).toEqual({ bgl_ref_number: 'warning' });
  });

  it.each([
    ['a fraction', 12.5],
    ['an integer beyond 2^53 - 1', 2 ** 53],
  ])('refuses a numeric reference with %s, saying to send text', (_case, ref) => {
    const result = decryptPayload({ ...base, ref });
    expect(failureCode(result)).toBe('bgl_bad_field');
    expect(result.ok ? '' : result.failure.message).toContain('string');
  });

  it('still refuses a null reference and a numeric email', () => {
    expect(failureCode(decryptPayload({ ...base, ref: null }))).toBe('bgl_bad_field');
    expect(failureCode(decryptPayload({ ...base, email: 42 }))).toBe('bgl_bad_field');
  });

  it('keeps checkBglPayload and the builder in line: the builder writes the fields as Vouch reads them', () => {
    const checked = checkBglPayload({ Email: 'a@example.com', Name: 'A', Ref: 7, Skus: null });
    expect(checked.ok && checked.value).toEqual({ email: 'a@example.com', name: 'A', ref: '7' });
    const token = encryptBglPayload(
      { Email: 'a@example.com', Name: 'A', Ref: 7 } as unknown as Parameters<typeof encryptBglPayload>[0],
      KEYS,
    );
    const decrypted = decryptBglToken(token, [KEYS]);
    expect(decrypted.ok && decrypted.value.payload).toEqual({ email: 'a@example.com', name: 'A', ref: '7' });
  });
});

describe('links shaped like each published example land, with the doctor warning', () => {
  it.each([
    [
      'C# (Newtonsoft, default settings)',
      { Email: 'jane.doe@example.com', Name: 'Jane Doe', Ref: '1001', Skus: null, Tags: null },
      ['bgl_field_case', 'bgl_field_null'],
    ],
    [
      'Python (json.dumps of None lists)',
      { email: 'jane.doe@example.com', name: 'Jane Doe', ref: '1001', skus: null, tags: null },
      ['bgl_field_null'],
    ],
    [
      'PHP ($order->get_id(), null lists)',
      { email: 'jane.doe@example.com', name: 'Jane Doe', ref: 1001, skus: null, tags: null },
      ['bgl_ref_number', 'bgl_field_null'],
    ],
    [
      'Go (struct without json tags, nil slices)',
      { Email: 'jane.doe@example.com', Name: 'Jane Doe', Ref: '1001', Skus: null, Tags: null },
      ['bgl_field_case', 'bgl_field_null'],
    ],
    ['Node', { email: 'jane.doe@example.com', name: 'Jane Doe', ref: '1001', skus: [], tags: [] }, []],
  ])('%s', (_example, payload, warnings) => {
    const decrypted = decryptPayload(payload);
    expect(decrypted.ok && decrypted.value.payload).toMatchObject({
      email: 'jane.doe@example.com',
      name: 'Jane Doe',
      ref: '1001',
    });
    const diagnosis = checkLink(bglLink(payload));
    expect(diagnosis.valid).toBe(true);
    expect(new Set(diagnosis.findings.map((finding) => finding.code))).toEqual(new Set(warnings));
    expect(diagnosis.findings.every((finding) => finding.severity === 'warning')).toBe(true);
  });
});

describe("item 13: a '+' of b that arrived as a space", () => {
  const customer = { email: 'maria~anna@example.com', name: 'Maria Anna', reference: 'ORD-1001' };
  const encoded = Buffer.from(customer.email).toString('base64');
  // The guide's own example leaves b unencoded, so its '+' is read as a space.
  const link = `${BASE}/evaluate/${DOMAIN}?a=${customer.reference}&b=${encoded}&c=Maria%20Anna&e=${sha1(
    SECRET + customer.email + customer.reference,
  )}`;

  it('is accepted, with the email as the hash signs it', () => {
    expect(encoded).toContain('+');
    const result = verifyUniqueLink(new URL(link).searchParams, [SECRET]);
    expect(result.ok && result.value.email).toBe(customer.email);
  });

  it('is valid in the doctor, with its warning', () => {
    const diagnosis = checkLink(link);
    expect(diagnosis).toMatchObject({ valid: true, consumer: { email: customer.email } });
    expect(severities(diagnosis)).toEqual({ unique_email_plus_became_space: 'warning' });
  });

  it('is still refused when the hash does not sign the email with the space turned back', () => {
    const forged = link.replace(/e=[0-9a-f]+/, `e=${sha1(`${SECRET}maria~anna@example.orgORD-1001`)}`);
    expect(failureCode(verifyUniqueLink(new URL(forged).searchParams, [SECRET]))).toBe(
      'unique_link_hash_mismatch',
    );
  });

  it('is accepted the same from a percent-encoded link', () => {
    const url = independentUniqueLink(BASE, DOMAIN, SECRET, customer);
    expect(verifyUniqueLink(new URL(url).searchParams, [SECRET]).ok).toBe(true);
    expect(checkLink(url)).toMatchObject({ valid: true, findings: [] });
  });
});

describe('item 14(c): link check and the landing agree on malformed fields', () => {
  const signed = (email: string, reference = 'ORD-1001', name = 'Jane') =>
    independentUniqueLink(BASE, DOMAIN, SECRET, { email, name, reference });

  it.each([
    ['an email without a domain', signed('jane.doe@')],
    ['an email without @', signed('jane.doe.example.com')],
    ['a reference of 129 characters', signed('jane@example.com', 'R'.repeat(129))],
    ['a name of 201 characters', signed('jane@example.com', 'ORD-1', 'N'.repeat(201))],
    ['a blank reference', signed('jane@example.com', ' ')],
  ])('a signed Unique Link with %s is refused by both', (_case, url) => {
    expect(failureCode(verifyUniqueLink(new URL(url).searchParams, [SECRET]))).toBe('link_field_invalid');
    const diagnosis = checkLink(url);
    expect(diagnosis.valid).toBe(false);
    expect(diagnosis.findings.map((finding) => finding.code)).toEqual(['link_field_invalid']);
  });

  it('a BGL link with a malformed email is refused by both', () => {
    const payload = { email: 'jane@', name: 'Jane', ref: 'ORD-1' };
    expect(failureCode(decryptPayload(payload))).toBe('link_field_invalid');
    expect(checkLink(bglLink(payload)).findings.map((finding) => finding.code)).toEqual([
      'link_field_invalid',
    ]);
  });

  it('accepts the address with surrounding spaces that the landing trims', () => {
    expect(verifyUniqueLink(new URL(signed(' jane@example.com ')).searchParams, [SECRET]).ok).toBe(true);
  });

  it('vouch link check exits 1 and prints the landing error', async () => {
    const out: string[] = [];
    const io: CliIo = { out: (text) => out.push(text), err: (text) => out.push(text), env: {} };
    const exitCode = await runCli(
      ['link', 'check', signed('jane.doe@'), '--secret', SECRET, '--domain', DOMAIN],
      io,
    );
    expect(exitCode).toBe(1);
    expect(out.join('\n')).toContain('invalid unique link');
    expect(out.join('\n')).toContain('error link_field_invalid');
  });
});

describe('item 14(a): language hosts in the builders', () => {
  it('builds a link on the fr-be. host', () => {
    const link = buildUniqueLink({
      baseUrl: BASE,
      domain: DOMAIN,
      secret: SECRET,
      email: 'jane@example.com',
      name: 'Jane',
      reference: 'ORD-1',
      country: 'fr-BE',
    });
    expect(new URL(link).host).toBe('fr-be.reviews.example.com');
  });
});

describe('item 14(d): a hash over Latin-1 bytes', () => {
  const email = 'chloé@example.fr';
  const reference = 'Bestellung-Müller';
  const link = (hash: string, b = Buffer.from(email, 'utf8')) =>
    `${BASE}/evaluate/${DOMAIN}?a=${encodeURIComponent(reference)}&b=${encodeURIComponent(
      b.toString('base64'),
    )}&c=Chlo%C3%A9&e=${hash}`;
  const latin1Hash = sha1(Buffer.from(SECRET + email + reference, 'latin1'));

  it('has its own finding, which says to hash the UTF-8 bytes', () => {
    const diagnosis = checkLink(link(latin1Hash));
    expect(diagnosis.valid).toBe(false);
    expect(diagnosis.findings.map((finding) => finding.code)).toEqual(['unique_hash_latin1']);
    expect(diagnosis.findings[0]?.message).toContain('UTF-8');
  });

  it('names b holding Latin-1 bytes too', () => {
    const diagnosis = checkLink(link(latin1Hash, Buffer.from(email, 'latin1')));
    expect(new Set(diagnosis.findings.map((finding) => finding.code))).toEqual(
      new Set(['unique_link_bad_email_encoding', 'unique_hash_latin1']),
    );
    expect(diagnosis.findings.find((f) => f.code === 'unique_link_bad_email_encoding')?.message).toContain(
      'Latin-1',
    );
  });

  it("names a reference whose Latin-1 bytes were percent-encoded into 'a' too", () => {
    const latin1A = [...Buffer.from(reference, 'latin1')]
      .map((byte) => (byte > 0x7f ? `%${byte.toString(16).toUpperCase()}` : String.fromCharCode(byte)))
      .join('');
    const url = `${BASE}/evaluate/${DOMAIN}?a=${latin1A}&b=${encodeURIComponent(
      Buffer.from(email, 'utf8').toString('base64'),
    )}&c=Chloe&e=${latin1Hash}`;
    const diagnosis = checkLink(url);
    const found = diagnosis.findings.filter((finding) => finding.code === 'unique_hash_latin1');
    expect(diagnosis.findings.map((finding) => finding.code)).not.toContain('unique_hash_unknown_secret');
    expect(found.map((finding) => finding.message).join(' ')).toContain("'a' percent-encodes the Latin-1");
  });

  it('leaves the UTF-8 link valid', () => {
    expect(checkLink(link(sha1(SECRET + email + reference)))).toMatchObject({ valid: true, findings: [] });
  });
});

describe('the link field check', () => {
  it('judges every email as the invitation rules do, fast path or not', () => {
    const piece = fc.string({
      unit: fc.constantFrom(...'aZ09.-_+~@"(),:;<>[]\\ \té', '.', '@', '-'),
      maxLength: 12,
    });
    const address = fc.oneof(
      piece,
      fc.tuple(piece, fc.domain()).map(([local, host]) => `${local}@${host}`),
      fc.emailAddress(),
    );
    fc.assert(
      fc.property(address, (email) => {
        const problem = findLinkFieldProblem(email, 'Jane', 'R-1', 'unique');
        expect(problem === undefined).toBe(findEmailProblem(email.trim()) === undefined);
      }),
      { numRuns: 5000 },
    );
  });
});
