import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  buildUniqueLink,
  generateUniqueLinkSecret,
  LinkInputError,
  LinkKeyError,
  verifyUniqueLink,
} from '../../../src/links.js';
import type { LinkResult, UniqueLinkInput } from '../../../src/links.js';

const SECRET = 'mykey12';
const base: UniqueLinkInput = {
  baseUrl: 'https://reviews.example.com',
  domain: 'shop.example',
  secret: SECRET,
  email: 'jane.doe@example.com',
  reference: 'ORD-1001',
  name: 'Jane Doe',
};

function sha1(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/** A correct query built without the library. */
function query(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    a: 'ORD-1001',
    b: Buffer.from('jane.doe@example.com').toString('base64'),
    c: 'Jane Doe',
    e: sha1(`${SECRET}jane.doe@example.comORD-1001`),
    ...overrides,
  };
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

function failureCode<T>(result: LinkResult<T>): string | undefined {
  return result.ok ? undefined : result.failure.code;
}

describe('buildUniqueLink', () => {
  it('builds the documented URL', () => {
    expect(buildUniqueLink(base)).toBe(
      'https://reviews.example.com/evaluate/shop.example?a=ORD-1001&b=amFuZS5kb2VAZXhhbXBsZS5jb20%3D' +
        `&c=Jane%20Doe&e=${sha1(`${SECRET}jane.doe@example.comORD-1001`)}`,
    );
  });

  it('uses the embed path and the country host', () => {
    const link = new URL(buildUniqueLink({ ...base, embed: true, country: 'DE' }));
    expect(link.host).toBe('de.reviews.example.com');
    expect(link.pathname).toBe('/evaluate/embed/shop.example');
  });

  it('keeps a port and a path prefix of the base URL', () => {
    const link = buildUniqueLink({ ...base, baseUrl: 'http://localhost:3000/vouch/', country: 'se' });
    expect(link.startsWith('http://se.localhost:3000/vouch/evaluate/shop.example?')).toBe(true);
  });

  it("percent-encodes base64 '+', '/' and '=' and a name's reserved characters, so they survive the query", () => {
    // This address encodes to base64 with '+' and '/'; the padding adds '='.
    const email = 'maria~zoë@example.com';
    const name = 'Smith & Sons #1 + Co';
    const link = buildUniqueLink({ ...base, email, name });
    expect(Buffer.from(email).toString('base64')).toMatch(/[+/=]/);
    expect(link).not.toMatch(/b=[^&]*[+/=]/);
    const parameters = new URL(link).searchParams;
    expect(verifyUniqueLink(parameters, [SECRET])).toMatchObject({ ok: true, value: { email, name } });
  });

  it('refuses an empty secret with a LinkKeyError', () => {
    expect(() => buildUniqueLink({ ...base, secret: '' })).toThrow(LinkKeyError);
    try {
      buildUniqueLink({ ...base, secret: '' });
    } catch (error) {
      expect(error).toMatchObject({ code: 'unique_link_secret_missing' });
    }
  });

  it.each([
    ['A#1', '#'],
    ['A*1', '*'],
    ['A+1', '+'],
    ['A"1', '"'],
    ['A%1', '%'],
    ['A&1', '&'],
  ])('refuses the reference %s, naming %s', (reference, character) => {
    const error = thrownBy(() => buildUniqueLink({ ...base, reference }));
    expect(error).toBeInstanceOf(LinkInputError);
    expect(error.code).toBe('reference_forbidden_character');
    expect(error.message).toContain(`'${character}'`);
  });

  it.each([
    [{ email: '' }, 'link_field_missing'],
    [{ reference: '' }, 'link_field_missing'],
    [{ baseUrl: 'reviews.example.com' }, 'link_base_url_invalid'],
    [{ baseUrl: 'ftp://reviews.example.com' }, 'link_base_url_invalid'],
    [{ country: 'deu' }, 'link_country_invalid'],
    [{ domain: '' }, 'link_domain_invalid'],
  ] satisfies [Partial<UniqueLinkInput>, string][])('refuses %j with %s', (overrides, code) => {
    expect(() => buildUniqueLink({ ...base, ...overrides })).toThrow(LinkInputError);
    expect(() => buildUniqueLink({ ...base, ...overrides })).toThrow(expect.objectContaining({ code }));
  });
});

describe('verifyUniqueLink', () => {
  it('accepts a query built without the library, as a record or as URLSearchParams', () => {
    const expected = {
      ok: true,
      value: { email: 'jane.doe@example.com', name: 'Jane Doe', reference: 'ORD-1001', secretIndex: 0 },
    };
    expect(verifyUniqueLink(query(), [SECRET])).toEqual(expected);
    const parameters = new URLSearchParams(query() as Record<string, string>);
    expect(verifyUniqueLink(parameters, [SECRET])).toEqual(expected);
  });

  it('says which secret matched during a rotation', () => {
    expect(verifyUniqueLink(query(), ['new-secret', SECRET])).toMatchObject({
      ok: true,
      value: { secretIndex: 1 },
    });
  });

  it('accepts an empty name', () => {
    expect(verifyUniqueLink(query({ c: '' }), [SECRET])).toMatchObject({ ok: true, value: { name: '' } });
  });

  it.each(['a', 'b', 'c', 'e'])('refuses a query without %s, naming it', (name) => {
    const result = verifyUniqueLink(query({ [name]: undefined }), [SECRET]);
    expect(result).toMatchObject({
      ok: false,
      failure: { code: 'unique_link_missing_parameter', field: name },
    });
  });

  it.each(['a', 'b', 'c', 'e'])(
    'refuses %s given twice in a URL query, as the landing does, whichever copy is signed',
    (name) => {
      const params = new URLSearchParams(query() as Record<string, string>);
      params.append(name, params.get(name) ?? '');
      const result = verifyUniqueLink(params, [SECRET]);
      expect(result).toMatchObject({
        ok: false,
        failure: { code: 'unique_link_missing_parameter', field: name },
      });
      expect(result.ok ? '' : result.failure.message).toContain('more than once');
    },
  );

  it('refuses a repeated parameter given as an array by a framework', () => {
    const repeated = { ...query(), a: ['ORD-1001', 'ORD-1002'] } as unknown as Record<string, string>;
    const result = verifyUniqueLink(repeated, [SECRET]);
    expect(result).toMatchObject({
      ok: false,
      failure: { code: 'unique_link_missing_parameter', field: 'a' },
    });
    expect(result.ok ? '' : result.failure.message).toContain('more than once');
  });

  it.each([
    ['an uppercase hash', query().e?.toUpperCase()],
    ['a SHA-256 hash', createHash('sha256').update('x').digest('hex')],
    ['a hash with a non-hex letter', `${query().e?.slice(0, 39)}g`],
  ])('refuses %s as malformed', (_label, e) => {
    expect(failureCode(verifyUniqueLink(query({ e }), [SECRET]))).toBe('unique_link_hash_malformed');
  });

  it.each([
    ['with a space where + was', 'ab cd+ef'],
    ['in the URL-safe alphabet', Buffer.from('jane.doe@example.com').toString('base64url')],
    ['as plain text', 'jane.doe@example.com'],
    ['as bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x41]).toString('base64')],
  ])('refuses an email %s', (_label, b) => {
    expect(failureCode(verifyUniqueLink(query({ b }), [SECRET]))).toBe('unique_link_bad_email_encoding');
  });

  it("accepts b with its padding sent raw ('=') or encoded ('%3D'), both decoding to '='", () => {
    const email = 'john.smith@example.com';
    const b = Buffer.from(email).toString('base64');
    expect(b.endsWith('==')).toBe(true);
    const e = sha1(`${SECRET}${email}ORD-1001`);
    for (const raw of [`b=${b}`, `b=${encodeURIComponent(b)}`]) {
      const parameters = new URLSearchParams(`a=ORD-1001&${raw}&c=John&e=${e}`);
      expect(verifyUniqueLink(parameters, [SECRET])).toMatchObject({ ok: true, value: { email } });
    }
  });

  it('refuses a reference with a forbidden character even when the hash matches', () => {
    const e = sha1(`${SECRET}jane.doe@example.comA&B`);
    const result = verifyUniqueLink(query({ a: 'A&B', e }), [SECRET]);
    expect(result).toMatchObject({
      ok: false,
      failure: { code: 'reference_forbidden_character', field: 'a' },
    });
    expect(result.ok ? '' : result.failure.message).toContain("'&'");
  });

  it('refuses a hash made with another secret', () => {
    expect(failureCode(verifyUniqueLink(query(), ['another-secret']))).toBe('unique_link_hash_mismatch');
  });

  it('refuses a hash over another reference, email or order', () => {
    expect(failureCode(verifyUniqueLink(query({ a: 'ORD-1002' }), [SECRET]))).toBe(
      'unique_link_hash_mismatch',
    );
    const otherEmail = Buffer.from('john@example.com').toString('base64');
    expect(failureCode(verifyUniqueLink(query({ b: otherEmail }), [SECRET]))).toBe(
      'unique_link_hash_mismatch',
    );
    const wrongOrder = sha1(`jane.doe@example.com${SECRET}ORD-1001`);
    expect(failureCode(verifyUniqueLink(query({ e: wrongOrder }), [SECRET]))).toBe(
      'unique_link_hash_mismatch',
    );
  });

  it('refuses to check against no secret or an empty one, which anyone could forge', () => {
    expect(failureCode(verifyUniqueLink(query(), []))).toBe('unique_link_secret_missing');
    const forged = sha1('jane.doe@example.comORD-1001');
    expect(failureCode(verifyUniqueLink(query({ e: forged }), ['']))).toBe('unique_link_secret_missing');
  });
});

describe('generateUniqueLinkSecret', () => {
  it('makes distinct 32-character URL-safe secrets', () => {
    const secrets = new Set(Array.from({ length: 50 }, generateUniqueLinkSecret));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
