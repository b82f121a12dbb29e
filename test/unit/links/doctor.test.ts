import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  buildBglLink,
  buildUniqueLink,
  diagnoseLink,
  LINK_FINDING_CODES,
  readBglIv,
} from '../../../src/links.js';
import type { BglKeyPair, LinkDiagnosis, LinkDoctorContext, LinkFindingCode } from '../../../src/links.js';

// Every broken link below is built here with node:crypto alone, never with the library's builders, so a
// mistake shared by builder and doctor cannot hide.

const DOMAIN = 'shop.example';
const SECRET = 'business-secret-1';
const EMAIL = 'jane.doe@example.com';
const REFERENCE = 'ORD-1001';
const NAME = 'Jane Doe';

const codesSeen = new Set<LinkFindingCode>();

function diagnose(url: string, context: LinkDoctorContext): LinkDiagnosis {
  const diagnosis = diagnoseLink(url, context);
  for (const finding of diagnosis.findings) codesSeen.add(finding.code);
  return diagnosis;
}

function codes(diagnosis: LinkDiagnosis): string[] {
  return diagnosis.findings.map((finding) => finding.code);
}

function findingOf(diagnosis: LinkDiagnosis, code: LinkFindingCode): { message: string; severity: string } {
  const finding = diagnosis.findings.find((candidate) => candidate.code === code);
  if (finding === undefined) throw new Error(`No ${code} in ${JSON.stringify(diagnosis.findings)}`);
  return finding;
}

const sha1 = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');
const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

interface UniqueParts {
  a?: string;
  b?: string;
  c?: string;
  e?: string;
}

/** Values go into the query exactly as given: the caller decides what is percent-encoded. */
function uniqueLink(parts: UniqueParts, path = `/evaluate/${DOMAIN}`): string {
  const query = Object.entries(parts)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${value ?? ''}`)
    .join('&');
  return `https://reviews.example.com${path}?${query}`;
}

function goodUniqueParts(): Required<UniqueParts> {
  return {
    a: REFERENCE,
    b: encodeURIComponent(base64(EMAIL)),
    c: encodeURIComponent(NAME),
    e: sha1(SECRET + EMAIL + REFERENCE),
  };
}

const withSecret: LinkDoctorContext = { domain: DOMAIN, uniqueLinkSecrets: [SECRET] };

const ENCRYPT_KEY = randomBytes(32);
const AUTH_KEY = randomBytes(32);
const KEY_PAIR: BglKeyPair = {
  encryptKey: ENCRYPT_KEY.toString('base64'),
  authKey: AUTH_KEY.toString('base64'),
};
const withKeys: LinkDoctorContext = { domain: DOMAIN, bglKeys: [KEY_PAIR] };
const PAYLOAD = { email: EMAIL, name: NAME, ref: REFERENCE, skus: ['SKU-1'], tags: ['summer-sale'] };

interface TokenRecipe {
  plaintext?: string | Buffer;
  aesKey?: Buffer;
  macKey?: Buffer;
  iv?: Buffer;
  padding?: 'pkcs7' | 'zeros';
  macOver?: 'iv_and_ciphertext' | 'ciphertext';
  layout?: 'iv_ciphertext_tag' | 'tag_iv_ciphertext';
}

function bglToken(recipe: TokenRecipe = {}): string {
  const iv = recipe.iv ?? randomBytes(16);
  const plaintext = recipe.plaintext ?? JSON.stringify(PAYLOAD);
  const cipher = createCipheriv('aes-256-cbc', recipe.aesKey ?? ENCRYPT_KEY, iv);
  let ciphertext: Buffer;
  if (recipe.padding === 'zeros') {
    cipher.setAutoPadding(false);
    const bytes = Buffer.from(plaintext);
    const padded = Buffer.concat([bytes, Buffer.alloc((16 - (bytes.length % 16)) % 16 || 16)]);
    ciphertext = Buffer.concat([cipher.update(padded), cipher.final()]);
  } else {
    ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  }
  const hmac = createHmac('sha256', recipe.macKey ?? AUTH_KEY);
  if (recipe.macOver !== 'ciphertext') hmac.update(iv);
  const tag = hmac.update(ciphertext).digest();
  const parts = recipe.layout === 'tag_iv_ciphertext' ? [tag, iv, ciphertext] : [iv, ciphertext, tag];
  return Buffer.concat(parts).toString('base64');
}

/** A token whose base64 contains `character`, so encoding mistakes about it show. */
function bglTokenWith(character: string, recipe: TokenRecipe = {}): string {
  for (;;) {
    const token = bglToken(recipe);
    if (token.includes(character)) return token;
  }
}

function bglLink(pValue: string, path = `/evaluate-bgl/${DOMAIN}`): string {
  return `https://reviews.example.com${path}?p=${pValue}`;
}

describe('diagnoseLink on good links', () => {
  it('passes a Unique Link built without the library and tells who it is for', () => {
    const diagnosis = diagnose(uniqueLink(goodUniqueParts()), withSecret);
    expect(diagnosis).toEqual({
      valid: true,
      kind: 'unique',
      findings: [],
      domain: DOMAIN,
      embed: false,
      consumer: { email: EMAIL, name: NAME, reference: REFERENCE },
      keyIndex: 0,
    });
  });

  it('passes a BGL link built without the library and tells who it is for', () => {
    const diagnosis = diagnose(bglLink(encodeURIComponent(bglToken())), withKeys);
    expect(diagnosis).toMatchObject({ valid: true, kind: 'bgl', findings: [], keyIndex: 0 });
    expect(diagnosis.consumer).toEqual({
      email: EMAIL,
      name: NAME,
      reference: REFERENCE,
      skus: ['SKU-1'],
      tags: ['summer-sale'],
    });
  });

  it('passes links from the library builders, embedded and on a country host', () => {
    const unique = buildUniqueLink({
      baseUrl: 'https://reviews.example.com',
      domain: DOMAIN,
      secret: SECRET,
      email: EMAIL,
      reference: REFERENCE,
      name: NAME,
      embed: true,
      country: 'de',
    });
    expect(diagnose(unique, withSecret)).toMatchObject({ valid: true, findings: [], embed: true });
    const bgl = buildBglLink({
      baseUrl: 'https://reviews.example.com',
      domain: DOMAIN,
      keys: KEY_PAIR,
      payload: PAYLOAD,
      embed: true,
    });
    expect(diagnose(bgl, withKeys)).toMatchObject({ valid: true, findings: [], embed: true });
  });

  it('reads the link with surrounding whitespace and without a scheme', () => {
    const link = uniqueLink(goodUniqueParts()).replace('https://', '');
    expect(diagnose(`  ${link}\n`, withSecret)).toMatchObject({ valid: true, findings: [] });
  });
});

describe('diagnoseLink: any link', () => {
  it('link_unparseable: no link at all', () => {
    expect(codes(diagnose('   ', withSecret))).toEqual(['link_unparseable']);
  });

  it('link_too_long: 70 000 characters', () => {
    expect(codes(diagnose(uniqueLink({ a: 'A'.repeat(70_000) }), withSecret))).toEqual(['link_too_long']);
  });

  it('link_unknown_path: a good query on another path, still diagnosed by its parameters', () => {
    const diagnosis = diagnose(uniqueLink(goodUniqueParts(), `/review/${DOMAIN}`), withSecret);
    expect(codes(diagnosis)).toEqual(['link_unknown_path']);
    expect(diagnosis).toMatchObject({ valid: false, kind: 'unique' });
    expect(diagnosis.consumer).toBeUndefined();
  });

  it('link_domain_mismatch: a good link for another domain', () => {
    const diagnosis = diagnose(uniqueLink(goodUniqueParts(), '/evaluate/other.example'), withSecret);
    expect(codes(diagnosis)).toEqual(['link_domain_mismatch']);
    expect(findingOf(diagnosis, 'link_domain_mismatch').message).toContain('"other.example"');
    expect(diagnosis.consumer).toBeUndefined();
  });

  it('link_keys_not_given: a link checked without secret or keys', () => {
    expect(codes(diagnose(uniqueLink(goodUniqueParts()), { domain: DOMAIN }))).toEqual([
      'link_keys_not_given',
    ]);
    expect(codes(diagnose(bglLink(encodeURIComponent(bglToken())), { domain: DOMAIN }))).toEqual([
      'link_keys_not_given',
    ]);
  });
});

describe('diagnoseLink: Unique Link mistakes', () => {
  it('unique_link_missing_parameter: no hash', () => {
    const { e: _hash, ...parts } = goodUniqueParts();
    const diagnosis = diagnose(uniqueLink(parts), withSecret);
    expect(codes(diagnosis)).toEqual(['unique_link_missing_parameter']);
    expect(findingOf(diagnosis, 'unique_link_missing_parameter').message).toContain("'e'");
  });

  it('unique_link_bad_email_encoding: URL-safe base64, and a plain email', () => {
    const email = 'ab~cd@example.com';
    expect(Buffer.from(email).toString('base64url')).toContain('-');
    const urlSafe = {
      ...goodUniqueParts(),
      b: Buffer.from(email).toString('base64url'),
      e: sha1(SECRET + email + REFERENCE),
    };
    const urlSafeDiagnosis = diagnose(uniqueLink(urlSafe), withSecret);
    expect(codes(urlSafeDiagnosis)).toEqual(['unique_link_bad_email_encoding']);
    expect(findingOf(urlSafeDiagnosis, 'unique_link_bad_email_encoding').message).toContain('URL-safe');

    const plain = { ...goodUniqueParts(), b: encodeURIComponent(EMAIL) };
    const plainDiagnosis = diagnose(uniqueLink(plain), withSecret);
    expect(codes(plainDiagnosis)).toEqual(['unique_link_bad_email_encoding']);
    expect(findingOf(plainDiagnosis, 'unique_link_bad_email_encoding').message).toContain('plain text');
  });

  it('unique_link_hash_malformed: a hash that is not hex', () => {
    expect(codes(diagnose(uniqueLink({ ...goodUniqueParts(), e: 'not-a-hash' }), withSecret))).toEqual([
      'unique_link_hash_malformed',
    ]);
  });

  it('unique_link_secret_missing: an empty secret given for checking', () => {
    expect(codes(diagnose(uniqueLink(goodUniqueParts()), { uniqueLinkSecrets: [''] }))).toEqual([
      'unique_link_secret_missing',
    ]);
  });

  it("unique_email_plus_became_space: b sent without percent-encoding, its '+' read as a space", () => {
    const email = 'ab~cd@example.com';
    expect(base64(email)).toContain('+');
    const parts = { ...goodUniqueParts(), b: base64(email), e: sha1(SECRET + email + REFERENCE) };
    const diagnosis = diagnose(uniqueLink(parts), withSecret);
    expect(codes(diagnosis)).toEqual(['unique_email_plus_became_space']);
    expect(findingOf(diagnosis, 'unique_email_plus_became_space').severity).toBe('warning');
    expect(diagnosis).toMatchObject({ valid: true, consumer: { email } });
  });

  it('unique_hash_latin1: the hash over the Latin-1 bytes of an accented email', () => {
    const email = 'zoë@example.com';
    const parts = {
      ...goodUniqueParts(),
      b: encodeURIComponent(base64(email)),
      e: createHash('sha1')
        .update(Buffer.from(SECRET + email + REFERENCE, 'latin1'))
        .digest('hex'),
    };
    const diagnosis = diagnose(uniqueLink(parts), withSecret);
    expect(codes(diagnosis)).toEqual(['unique_hash_latin1']);
    expect(findingOf(diagnosis, 'unique_hash_latin1').message).toContain('UTF-8 bytes');
  });

  it('unique_email_whitespace_or_case: b carries the email as typed, the hash the normalised one', () => {
    const typed = 'Jane.Doe@Example.com ';
    const parts = {
      ...goodUniqueParts(),
      b: encodeURIComponent(base64(typed)),
      e: sha1(SECRET + EMAIL + REFERENCE),
    };
    const diagnosis = diagnose(uniqueLink(parts), withSecret);
    expect(codes(diagnosis)).toEqual(['unique_email_whitespace_or_case']);
    expect(findingOf(diagnosis, 'unique_email_whitespace_or_case').message).toContain(JSON.stringify(EMAIL));
  });

  it("unique_name_plus_for_space: a name form-encoded with '+' still works, with a warning", () => {
    const diagnosis = diagnose(uniqueLink({ ...goodUniqueParts(), c: 'Jane+Doe' }), withSecret);
    expect(codes(diagnosis)).toEqual(['unique_name_plus_for_space']);
    expect(findingOf(diagnosis, 'unique_name_plus_for_space').severity).toBe('warning');
    expect(diagnosis).toMatchObject({ valid: true, consumer: { name: NAME } });
  });

  it('unique_hash_uppercase: the hash in uppercase hex', () => {
    const parts = { ...goodUniqueParts(), e: sha1(SECRET + EMAIL + REFERENCE).toUpperCase() };
    expect(codes(diagnose(uniqueLink(parts), withSecret))).toEqual(['unique_hash_uppercase']);
  });

  it('unique_hash_wrong_order: sha1(email + secret + reference)', () => {
    const parts = { ...goodUniqueParts(), e: sha1(EMAIL + SECRET + REFERENCE) };
    const diagnosis = diagnose(uniqueLink(parts), withSecret);
    expect(codes(diagnosis)).toEqual(['unique_hash_wrong_order']);
    expect(findingOf(diagnosis, 'unique_hash_wrong_order').message).toBe(
      'The hash was computed as sha1(email + secret + reference); compute sha1(secret + email + reference) instead.',
    );
  });

  it.each([
    ['reference + email + secret', REFERENCE + EMAIL + SECRET],
    ['secret + reference + email', SECRET + REFERENCE + EMAIL],
  ])('unique_hash_wrong_order: sha1(%s)', (order, text) => {
    const diagnosis = diagnose(uniqueLink({ ...goodUniqueParts(), e: sha1(text) }), withSecret);
    expect(codes(diagnosis)).toEqual(['unique_hash_wrong_order']);
    expect(findingOf(diagnosis, 'unique_hash_wrong_order').message).toContain(`sha1(${order})`);
  });

  it('unique_hash_over_base64_email: sha1(secret + base64(email) + reference)', () => {
    const parts = { ...goodUniqueParts(), e: sha1(SECRET + base64(EMAIL) + REFERENCE) };
    expect(codes(diagnose(uniqueLink(parts), withSecret))).toEqual(['unique_hash_over_base64_email']);
  });

  it('unique_hash_wrong_algorithm: SHA-256 instead of SHA-1', () => {
    const e = createHash('sha256')
      .update(SECRET + EMAIL + REFERENCE)
      .digest('hex');
    expect(codes(diagnose(uniqueLink({ ...goodUniqueParts(), e }), withSecret))).toEqual([
      'unique_hash_wrong_algorithm',
    ]);
  });

  it('unique_hash_hmac: HMAC-SHA1 keyed with the secret', () => {
    const e = createHmac('sha1', SECRET)
      .update(EMAIL + REFERENCE)
      .digest('hex');
    expect(codes(diagnose(uniqueLink({ ...goodUniqueParts(), e }), withSecret))).toEqual([
      'unique_hash_hmac',
    ]);
  });

  it('unique_hash_empty_secret: the secret was empty when the link was built', () => {
    const parts = { ...goodUniqueParts(), e: sha1(EMAIL + REFERENCE) };
    expect(codes(diagnose(uniqueLink(parts), withSecret))).toEqual(['unique_hash_empty_secret']);
  });

  it("unique_hash_unknown_secret: another business's secret", () => {
    const parts = { ...goodUniqueParts(), e: sha1('another-business-secret' + EMAIL + REFERENCE) };
    expect(codes(diagnose(uniqueLink(parts), withSecret))).toEqual(['unique_hash_unknown_secret']);
  });

  it('unique_hash_previous_secret: a rotated-out secret still accepted, with a warning', () => {
    const diagnosis = diagnose(uniqueLink(goodUniqueParts()), {
      domain: DOMAIN,
      uniqueLinkSecrets: ['new-secret', SECRET],
    });
    expect(codes(diagnosis)).toEqual(['unique_hash_previous_secret']);
    expect(diagnosis).toMatchObject({ valid: true, keyIndex: 1 });
    expect(findingOf(diagnosis, 'unique_hash_previous_secret').severity).toBe('warning');
  });

  it("reference_forbidden_character: a reference with '&', percent-encoded and correctly hashed", () => {
    const parts = { ...goodUniqueParts(), a: encodeURIComponent('AB&12'), e: sha1(`${SECRET}${EMAIL}AB&12`) };
    const diagnosis = diagnose(uniqueLink(parts), withSecret);
    expect(codes(diagnosis)).toEqual(['reference_forbidden_character']);
    expect(findingOf(diagnosis, 'reference_forbidden_character').message).toContain("'&'");
  });

  it("reference_forbidden_character: a raw '+' in the reference, which arrived as a space", () => {
    const parts = { ...goodUniqueParts(), a: 'AB+12', e: sha1(`${SECRET}${EMAIL}AB+12`) };
    const diagnosis = diagnose(uniqueLink(parts), withSecret);
    expect(codes(diagnosis)).toEqual(['reference_forbidden_character']);
    expect(findingOf(diagnosis, 'reference_forbidden_character').message).toContain("'+'");
  });

  it("reference_forbidden_character: a raw '#' in the reference, which cut off the query", () => {
    const parts = { a: 'AB#12', b: goodUniqueParts().b, c: 'Jane%20Doe', e: sha1(`${SECRET}${EMAIL}AB#12`) };
    const diagnosis = diagnose(uniqueLink(parts), withSecret);
    expect(codes(diagnosis)).toContain('reference_forbidden_character');
    expect(codes(diagnosis)).toContain('unique_link_missing_parameter');
    expect(findingOf(diagnosis, 'reference_forbidden_character').message).toContain("'#'");
  });
});

describe('diagnoseLink: BGL mistakes', () => {
  it('bgl_missing_parameter: no p', () => {
    expect(codes(diagnose(`https://reviews.example.com/evaluate-bgl/${DOMAIN}?q=1`, withKeys))).toEqual([
      'bgl_missing_parameter',
    ]);
  });

  it('bgl_keys_used_as_text: PHP openssl with the base64 texts as keys', () => {
    const token = bglToken({
      aesKey: Buffer.from(KEY_PAIR.encryptKey, 'utf8').subarray(0, 32),
      macKey: Buffer.from(KEY_PAIR.authKey, 'utf8'),
    });
    const diagnosis = diagnose(bglLink(encodeURIComponent(token)), withKeys);
    expect(codes(diagnosis)).toEqual(['bgl_keys_used_as_text']);
    expect(findingOf(diagnosis, 'bgl_keys_used_as_text').message).toContain('all 44 characters');
  });

  it('bgl_keys_used_as_text: the HMAC key as the first 32 characters of its text', () => {
    const token = bglToken({ macKey: Buffer.from(KEY_PAIR.authKey, 'utf8').subarray(0, 32) });
    expect(codes(diagnose(bglLink(encodeURIComponent(token)), withKeys))).toEqual(['bgl_keys_used_as_text']);
  });

  it('bgl_keys_swapped: encrypted with the authentication key, signed with the encryption key', () => {
    const token = bglToken({ aesKey: AUTH_KEY, macKey: ENCRYPT_KEY });
    expect(codes(diagnose(bglLink(encodeURIComponent(token)), withKeys))).toEqual(['bgl_keys_swapped']);
  });

  it('bgl_mac_over_ciphertext_only: HMAC over the ciphertext alone', () => {
    const token = bglToken({ macOver: 'ciphertext' });
    expect(codes(diagnose(bglLink(encodeURIComponent(token)), withKeys))).toEqual([
      'bgl_mac_over_ciphertext_only',
    ]);
  });

  it('bgl_tag_before_iv: tag || IV || ciphertext', () => {
    const token = bglToken({ layout: 'tag_iv_ciphertext' });
    expect(codes(diagnose(bglLink(encodeURIComponent(token)), withKeys))).toEqual(['bgl_tag_before_iv']);
  });

  it("bgl_token_not_url_encoded: the token's '+' arrived as a space", () => {
    const token = bglTokenWith('+');
    expect(codes(diagnose(bglLink(token.replaceAll('/', '%2F').replaceAll('=', '%3D')), withKeys))).toEqual([
      'bgl_token_not_url_encoded',
    ]);
  });

  it("bgl_slash_not_encoded: a raw '/' still works, with a warning", () => {
    const token = bglTokenWith('/');
    const diagnosis = diagnose(bglLink(encodeURIComponent(token).replaceAll('%2F', '/')), withKeys);
    expect(codes(diagnosis)).toEqual(['bgl_slash_not_encoded']);
    expect(diagnosis.valid).toBe(true);
    expect(findingOf(diagnosis, 'bgl_slash_not_encoded').severity).toBe('warning');
  });

  it.each([60, 76])('bgl_line_breaks: MIME base64 with a line break every %i characters', (lineLength) => {
    const token = bglToken({ plaintext: JSON.stringify({ ...PAYLOAD, tags: ['a', 'b', 'c', 'd', 'e'] }) });
    const wrapped = token.replace(new RegExp(`(.{${lineLength}})`, 'g'), '$1\r\n').trimEnd();
    const diagnosis = diagnose(bglLink(encodeURIComponent(wrapped)), withKeys);
    expect(codes(diagnosis)).toEqual(['bgl_line_breaks']);
    expect(findingOf(diagnosis, 'bgl_line_breaks').message).toContain(`every ${lineLength} characters`);
  });

  it('bgl_line_breaks: raw line breaks in the link text are dropped by parsers, with a warning', () => {
    const encoded = encodeURIComponent(bglToken());
    const diagnosis = diagnose(bglLink(encoded.replace(/(.{60})/g, '$1\n')), withKeys);
    expect(codes(diagnosis)).toEqual(['bgl_line_breaks']);
    expect(findingOf(diagnosis, 'bgl_line_breaks').severity).toBe('warning');
    expect(diagnosis.valid).toBe(true);
  });

  it('bgl_double_encoded: the token percent-encoded twice', () => {
    const token = bglTokenWith('+');
    expect(codes(diagnose(bglLink(encodeURIComponent(encodeURIComponent(token))), withKeys))).toEqual([
      'bgl_double_encoded',
    ]);
  });

  it('bgl_not_base64: URL-safe base64, then nothing base64 at all', () => {
    const urlSafe = Buffer.from(bglTokenWith('+'), 'base64').toString('base64url');
    expect(codes(diagnose(bglLink(urlSafe), withKeys))).toEqual(['bgl_not_base64']);
    expect(codes(diagnose(bglLink('%21%21%21%21'), withKeys))).toEqual(['bgl_not_base64']);
  });

  it('bgl_too_short: a token cut off when copied', () => {
    const cut = bglToken().slice(0, 40);
    expect(codes(diagnose(bglLink(encodeURIComponent(cut)), withKeys))).toEqual(['bgl_too_short']);
  });

  it('bgl_bad_length: a truncated 20-byte tag', () => {
    const bytes = Buffer.from(bglToken(), 'base64');
    const truncated = bytes.subarray(0, bytes.length - 12).toString('base64');
    expect(codes(diagnose(bglLink(encodeURIComponent(truncated)), withKeys))).toEqual(['bgl_bad_length']);
  });

  it('bgl_key_invalid: a key given for checking that is not 32 bytes', () => {
    const diagnosis = diagnose(bglLink(encodeURIComponent(bglToken())), {
      bglKeys: [{ encryptKey: 'c2hvcnQ=', authKey: KEY_PAIR.authKey }],
    });
    expect(codes(diagnosis)).toEqual(['bgl_key_invalid']);
  });

  it('bgl_mac_mismatch: encrypted right, signed with another key', () => {
    const token = bglToken({ macKey: randomBytes(32) });
    expect(codes(diagnose(bglLink(encodeURIComponent(token)), withKeys))).toEqual(['bgl_mac_mismatch']);
  });

  it("bgl_unknown_keys: another business's keys", () => {
    const token = bglToken({ aesKey: randomBytes(32), macKey: randomBytes(32) });
    expect(codes(diagnose(bglLink(encodeURIComponent(token)), withKeys))).toEqual(['bgl_unknown_keys']);
  });

  it('bgl_bad_padding: zero padding instead of PKCS#7', () => {
    const token = bglToken({ padding: 'zeros' });
    expect(codes(diagnose(bglLink(encodeURIComponent(token)), withKeys))).toEqual(['bgl_bad_padding']);
  });

  it('bgl_not_json: a query string encrypted instead of JSON', () => {
    const token = bglToken({ plaintext: `email=${EMAIL}&name=Jane&ref=${REFERENCE}` });
    expect(codes(diagnose(bglLink(encodeURIComponent(token)), withKeys))).toEqual(['bgl_not_json']);
  });

  it('bgl_missing_field: no name', () => {
    const token = bglToken({ plaintext: JSON.stringify({ email: EMAIL, ref: REFERENCE }) });
    const diagnosis = diagnose(bglLink(encodeURIComponent(token)), withKeys);
    expect(codes(diagnosis)).toEqual(['bgl_missing_field']);
    expect(findingOf(diagnosis, 'bgl_missing_field').message).toContain('"name"');
  });

  it('bgl_field_renamed: referenceId for ref is an error', () => {
    const token = bglToken({
      plaintext: JSON.stringify({ email: EMAIL, name: NAME, referenceId: REFERENCE }),
    });
    const diagnosis = diagnose(bglLink(encodeURIComponent(token)), withKeys);
    expect(codes(diagnosis)).toEqual(['bgl_field_renamed']);
    expect(findingOf(diagnosis, 'bgl_field_renamed').severity).toBe('error');
    expect(findingOf(diagnosis, 'bgl_field_renamed').message).toContain('rename "referenceId" to "ref"');
  });

  it('bgl_field_renamed: sku for skus loses the products, with a warning', () => {
    const token = bglToken({
      plaintext: JSON.stringify({ email: EMAIL, name: NAME, ref: REFERENCE, sku: ['SKU-1'] }),
    });
    const diagnosis = diagnose(bglLink(encodeURIComponent(token)), withKeys);
    expect(codes(diagnosis)).toEqual(['bgl_field_renamed']);
    expect(findingOf(diagnosis, 'bgl_field_renamed').severity).toBe('warning');
    expect(diagnosis.valid).toBe(true);
  });

  it('bgl_field_case: a case variant, Ref, is read as ref with a warning', () => {
    const token = bglToken({ plaintext: JSON.stringify({ email: EMAIL, name: NAME, Ref: REFERENCE }) });
    const diagnosis = diagnose(bglLink(encodeURIComponent(token)), withKeys);
    expect(codes(diagnosis)).toEqual(['bgl_field_case']);
    expect(findingOf(diagnosis, 'bgl_field_case').severity).toBe('warning');
    expect(diagnosis).toMatchObject({ valid: true, consumer: { reference: REFERENCE } });
  });

  it('bgl_field_null: null skus is read as no products, with a warning', () => {
    const token = bglToken({ plaintext: JSON.stringify({ ...PAYLOAD, skus: null }) });
    const diagnosis = diagnose(bglLink(encodeURIComponent(token)), withKeys);
    expect(codes(diagnosis)).toEqual(['bgl_field_null']);
    expect(diagnosis.valid).toBe(true);
  });

  it('bgl_ref_number: a numeric ref is read as its decimal text, with a warning', () => {
    const token = bglToken({ plaintext: JSON.stringify({ ...PAYLOAD, ref: 1001 }) });
    const diagnosis = diagnose(bglLink(encodeURIComponent(token)), withKeys);
    expect(codes(diagnosis)).toEqual(['bgl_ref_number']);
    expect(diagnosis).toMatchObject({ valid: true, consumer: { reference: '1001' } });
  });

  it('link_field_invalid: a signed payload whose email is not an address', () => {
    const token = bglToken({ plaintext: JSON.stringify({ ...PAYLOAD, email: 'jane.doe@example' }) });
    const diagnosis = diagnose(bglLink(encodeURIComponent(token)), withKeys);
    expect(codes(diagnosis)).toEqual(['link_field_invalid']);
    expect(findingOf(diagnosis, 'link_field_invalid').message).toContain('jane.doe@example');
  });

  it('bgl_bad_field: skus as one string', () => {
    const token = bglToken({ plaintext: JSON.stringify({ ...PAYLOAD, skus: 'SKU-1' }) });
    expect(codes(diagnose(bglLink(encodeURIComponent(token)), withKeys))).toEqual(['bgl_bad_field']);
  });

  it('bgl_tag_has_space: a tag with a space', () => {
    const token = bglToken({ plaintext: JSON.stringify({ ...PAYLOAD, tags: ['summer sale'] }) });
    const diagnosis = diagnose(bglLink(encodeURIComponent(token)), withKeys);
    expect(codes(diagnosis)).toEqual(['bgl_tag_has_space']);
    expect(findingOf(diagnosis, 'bgl_tag_has_space').message).toContain('"summer-sale"');
  });

  it("reference_forbidden_character: a payload reference with '\"'", () => {
    const token = bglToken({ plaintext: JSON.stringify({ ...PAYLOAD, ref: 'A"1' }) });
    const diagnosis = diagnose(bglLink(encodeURIComponent(token)), withKeys);
    expect(codes(diagnosis)).toEqual(['reference_forbidden_character']);
    expect(findingOf(diagnosis, 'reference_forbidden_character').message).toContain(`'"'`);
  });

  it('bgl_reused_iv: a fixed all-zero IV', () => {
    const diagnosis = diagnose(bglLink(encodeURIComponent(bglToken({ iv: Buffer.alloc(16) }))), withKeys);
    expect(codes(diagnosis)).toEqual(['bgl_reused_iv']);
    expect(diagnosis.valid).toBe(true);
  });

  it('bgl_reused_iv: an IV already seen in another link', () => {
    const iv = randomBytes(16);
    const earlier = bglToken({ iv });
    const seenIvs = new Set([readBglIv(earlier) ?? '']);
    const diagnosis = diagnose(
      bglLink(encodeURIComponent(bglToken({ iv, plaintext: JSON.stringify({ ...PAYLOAD, ref: 'B' }) }))),
      {
        ...withKeys,
        seenIvs,
      },
    );
    expect(codes(diagnosis)).toEqual(['bgl_reused_iv']);
    expect(codes(diagnose(bglLink(encodeURIComponent(bglToken())), { ...withKeys, seenIvs }))).toEqual([]);
  });

  it('bgl_previous_keys: a rotated-out key pair still accepted, with a warning', () => {
    const current = {
      encryptKey: randomBytes(32).toString('base64'),
      authKey: randomBytes(32).toString('base64'),
    };
    const diagnosis = diagnose(bglLink(encodeURIComponent(bglToken())), {
      domain: DOMAIN,
      bglKeys: [current, KEY_PAIR],
    });
    expect(codes(diagnosis)).toEqual(['bgl_previous_keys']);
    expect(diagnosis).toMatchObject({ valid: true, keyIndex: 1 });
  });

  it('names every mistake of a link with several', () => {
    const token = bglTokenWith('+', {
      macOver: 'ciphertext',
      aesKey: Buffer.from(KEY_PAIR.encryptKey, 'utf8').subarray(0, 32),
      plaintext: JSON.stringify({ email: EMAIL, name: NAME, referenceId: REFERENCE, tags: ['a b'] }),
    });
    const diagnosis = diagnose(bglLink(token), withKeys);
    expect(new Set(codes(diagnosis))).toEqual(
      new Set([
        ...(token.includes('/') ? ['bgl_slash_not_encoded'] : []),
        'bgl_token_not_url_encoded',
        'bgl_mac_over_ciphertext_only',
        'bgl_keys_used_as_text',
        'bgl_field_renamed',
        'bgl_tag_has_space',
      ]),
    );
  });
});

describe('the finding catalog', () => {
  it('is documented code by code in docs/links.md', () => {
    const guide = readFileSync(new URL('../../../docs/links.md', import.meta.url), 'utf8');
    // A row of a table in the guide starts with the code; the formatter pads the cell.
    const undocumented = Object.keys(LINK_FINDING_CODES).filter(
      (code) => !new RegExp(`^\\| \`${code}\` +\\|`, 'm').test(guide),
    );
    expect(undocumented).toEqual([]);
  });

  it('describes every code with a sentence', () => {
    for (const definition of Object.values(LINK_FINDING_CODES)) {
      expect(definition.summary).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('was exercised code by code by the tests above', () => {
    // Verifier codes the doctor replaces with a more specific finding, and its own internal error.
    const neverExpected = new Set<LinkFindingCode>([
      'link_doctor_failed',
      'unique_link_hash_mismatch',
      'bgl_keys_missing',
    ]);
    const untested = (Object.keys(LINK_FINDING_CODES) as LinkFindingCode[]).filter(
      (code) => !codesSeen.has(code) && !neverExpected.has(code),
    );
    expect(untested).toEqual([]);
  });
});
