import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { isUtf8 } from 'node:buffer';

import { decodeLenientBase64, decodeStandardBase64 } from './base64.js';
import type { FindingList } from './findings.js';
import type { RawLink, RawParameter } from './raw-link.js';
import { findForbiddenReferenceCharacter, forbiddenReferenceMessage } from './reference.js';
import { decodeUniqueLinkEmail, verifyUniqueLink } from './unique-link.js';
import type { VerifiedUniqueLink } from './unique-link.js';

type Part = 'secret' | 'email' | 'reference';
type HashAlgorithm = 'sha1' | 'sha256' | 'md5';

/** The documented order first, so a good link matches on the first try. */
const CONCATENATION_ORDERS: readonly (readonly [Part, Part, Part])[] = [
  ['secret', 'email', 'reference'],
  ['secret', 'reference', 'email'],
  ['email', 'secret', 'reference'],
  ['email', 'reference', 'secret'],
  ['reference', 'secret', 'email'],
  ['reference', 'email', 'secret'],
];

const HMAC_MESSAGE_ORDERS: readonly (readonly [Part, Part])[] = [
  ['email', 'reference'],
  ['reference', 'email'],
];

const ALGORITHM_BY_HEX_LENGTH: ReadonlyMap<number, HashAlgorithm> = new Map([
  [40, 'sha1'],
  [64, 'sha256'],
  [32, 'md5'],
]);

const ALGORITHM_LABEL: Readonly<Record<HashAlgorithm, string>> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  md5: 'MD5',
};

interface EmailCandidate {
  readonly text: string;
  /** The base64 text of the email was hashed, not the email. */
  readonly base64: boolean;
  /** How this email differs from the one in b, when it is a whitespace or case variant. */
  readonly variant?: string;
}

interface ReferenceCandidate {
  readonly text: string;
  /** The reference had a '+' that arrived as a space. */
  readonly plusRestored: boolean;
  /** 'a' percent-encodes the reference's Latin-1 bytes (%FC for ü), which a server reads as U+FFFD. */
  readonly latin1Query?: boolean;
}

/**
 * The reference as Latin-1 when 'a' percent-encodes bytes that are not UTF-8 (PHP urlencode of a Latin-1
 * string), else `undefined`: then the server's UTF-8 reading is already the right one.
 */
function readLatin1Query(raw: string): string | undefined {
  if (!/%[89a-f][0-9a-f]/i.test(raw)) return undefined;
  const bytes: number[] = [];
  for (let index = 0; index < raw.length; index++) {
    const char = raw.charAt(index);
    const hex = char === '%' ? raw.slice(index + 1, index + 3) : '';
    if (/^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(char === '+' ? ' ' : char, 'utf8'));
    }
  }
  const buffer = Buffer.from(bytes);
  return isUtf8(buffer) ? undefined : buffer.toString('latin1');
}

interface HashMatch {
  readonly secretIndex: number | 'empty';
  readonly construction: 'concatenation' | 'hmac';
  readonly order: readonly Part[];
  readonly email: EmailCandidate;
  readonly reference: ReferenceCandidate;
  /** The bytes hashed: UTF-8 as documented, or Latin-1 (PHP utf8_decode, Python .encode('latin-1')). */
  readonly encoding: TextEncoding;
}

type TextEncoding = 'utf8' | 'latin1';

const UTF8_ONLY: readonly TextEncoding[] = ['utf8'];
const UTF8_THEN_LATIN1: readonly TextEncoding[] = ['utf8', 'latin1'];

/** Latin-1 gives other bytes than UTF-8 only for text beyond ASCII that Latin-1 can write (up to U+00FF). */
function textEncodings(text: string): readonly TextEncoding[] {
  let beyondAscii = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 0xff) return UTF8_ONLY;
    if (code > 0x7f) beyondAscii = true;
  }
  return beyondAscii ? UTF8_THEN_LATIN1 : UTF8_ONLY;
}

export interface UniqueDiagnosis {
  readonly verified?: VerifiedUniqueLink;
}

function describeOrder(algorithm: HashAlgorithm, order: readonly Part[]): string {
  return `${algorithm}(${order.join(' + ')})`;
}

function emailCandidates(email: string, encodedForms: readonly string[]): EmailCandidate[] {
  const variants: readonly (readonly [string, string | undefined])[] = [
    [email, undefined],
    [email.trim(), 'without its surrounding whitespace'],
    [email.toLowerCase(), 'in lowercase'],
    [email.trim().toLowerCase(), 'trimmed and in lowercase'],
    [email.toUpperCase(), 'in uppercase'],
    [`${email} `, 'with a trailing space'],
    [`${email}\n`, 'with a trailing line break'],
    [`${email}\r\n`, 'with a trailing CR LF'],
    [` ${email}`, 'with a leading space'],
  ];
  const seen = new Set<string>();
  const candidates: EmailCandidate[] = [];
  for (const [text, variant] of variants) {
    if (seen.has(text)) continue;
    seen.add(text);
    candidates.push(variant === undefined ? { text, base64: false } : { text, base64: false, variant });
  }
  for (const text of encodedForms) {
    if (seen.has(text)) continue;
    seen.add(text);
    candidates.push({ text, base64: true });
  }
  return candidates;
}

function findHashMatch(
  target: Buffer,
  algorithm: HashAlgorithm,
  secrets: readonly string[],
  emails: readonly EmailCandidate[],
  references: readonly ReferenceCandidate[],
): HashMatch | undefined {
  const secretsToTry: readonly (readonly [number | 'empty', string])[] = [
    ...secrets.map((secret, index) => [index, secret] as const),
    ['empty', ''],
  ];
  for (const [secretIndex, secret] of secretsToTry) {
    for (const email of emails) {
      for (const reference of references) {
        const parts: Readonly<Record<Part, string>> = {
          secret,
          email: email.text,
          reference: reference.text,
        };
        for (const order of CONCATENATION_ORDERS) {
          const text = order.map((part) => parts[part]).join('');
          for (const encoding of textEncodings(text)) {
            const hash = createHash(algorithm).update(text, encoding).digest();
            // Constant time even here: the doctor must not become a timing oracle for forging hashes.
            if (timingSafeEqual(hash, target))
              return { secretIndex, construction: 'concatenation', order, email, reference, encoding };
          }
        }
        if (secret === '') continue;
        for (const order of HMAC_MESSAGE_ORDERS) {
          const text = order.map((part) => parts[part]).join('');
          for (const encoding of textEncodings(text)) {
            const hash = createHmac(algorithm, secret).update(text, encoding).digest();
            if (timingSafeEqual(hash, target))
              return { secretIndex, construction: 'hmac', order, email, reference, encoding };
          }
        }
      }
    }
  }
  return undefined;
}

/** Reads `b` however it was mangled, saying how; `undefined` when no email can be read from it. */
function readEmail(b: RawParameter, findings: FindingList): string | undefined {
  const strict = decodeUniqueLinkEmail(b.decoded);
  if (strict !== undefined) return strict;

  if (b.decoded.includes(' ')) {
    const restored = decodeUniqueLinkEmail(b.decoded.replaceAll(' ', '+'));
    if (restored !== undefined) {
      findings.add(
        'unique_email_plus_became_space',
        "The base64 email in 'b' was put in the link without percent-encoding, so its '+' arrived as a space " +
          "('+' means a space in a query). Encode b with encodeURIComponent (PHP rawurlencode, Python " +
          "urllib.parse.quote(b, safe='')), which turns '+' into %2B.",
      );
      return restored;
    }
  }

  const bytes = decodeStandardBase64(b.decoded);
  if (bytes !== undefined && bytes.length > 0 && !isUtf8(bytes)) {
    findings.add(
      'unique_link_bad_email_encoding',
      "'b' is base64 of the email's Latin-1 (ISO-8859-1) bytes, not of its UTF-8 bytes; base64-encode the " +
        "UTF-8 bytes (PHP: drop utf8_decode; Python: email.encode('utf-8')).",
    );
    return bytes.toString('latin1');
  }

  const lenientBytes = decodeLenientBase64(b.decoded);
  if (lenientBytes !== undefined && lenientBytes.length > 0 && isUtf8(lenientBytes)) {
    const urlSafe = b.decoded.includes('-') || b.decoded.includes('_');
    findings.add(
      'unique_link_bad_email_encoding',
      urlSafe
        ? "'b' uses the URL-safe base64 alphabet ('-' and '_'); use standard base64 ('+' and '/', '=' padding) " +
            'and percent-encode it in the link.'
        : "'b' is base64 without its '=' padding or with stray whitespace; use standard base64 with padding " +
            'and percent-encode it in the link.',
    );
    return lenientBytes.toString('utf8');
  }

  if (b.decoded.includes('@')) {
    findings.add(
      'unique_link_bad_email_encoding',
      `'b' holds the email as plain text; put the standard base64 of the email there (b=${encodeURIComponent(
        Buffer.from(b.decoded, 'utf8').toString('base64'),
      )}).`,
    );
    return b.decoded;
  }

  findings.add(
    'unique_link_bad_email_encoding',
    "'b' is neither standard base64 of an email nor an email; put base64(email) there, percent-encoded.",
  );
  return undefined;
}

function reportMatch(
  match: HashMatch,
  algorithm: HashAlgorithm,
  bEmail: string,
  findings: FindingList,
): void {
  if (match.secretIndex === 'empty') {
    findings.add(
      'unique_hash_empty_secret',
      'The hash was computed with an empty secret, so anyone could forge it: the code that builds the link ' +
        'did not get the secret. Set the business secret there, then compute sha1(secret + email + reference).',
    );
  } else if (match.secretIndex > 0) {
    findings.add(
      'unique_hash_previous_secret',
      `The link is signed with previous secret #${match.secretIndex}, which is still accepted during rotation; ` +
        'build new links with the current secret before the old one is retired.',
    );
  }
  if (algorithm !== 'sha1') {
    findings.add(
      'unique_hash_wrong_algorithm',
      `The hash is ${ALGORITHM_LABEL[algorithm]}; compute SHA-1 (40 hex digits): sha1(secret + email + reference).`,
    );
  }
  if (match.construction === 'hmac') {
    findings.add(
      'unique_hash_hmac',
      `The hash is an HMAC keyed with the secret over ${match.order.join(' + ')}; compute a plain ` +
        'sha1(secret + email + reference) instead, with no HMAC.',
    );
  } else if (match.order.join() !== 'secret,email,reference' && match.secretIndex !== 'empty') {
    findings.add(
      'unique_hash_wrong_order',
      `The hash was computed as ${describeOrder(algorithm, match.order)}; compute sha1(secret + email + ` +
        'reference) instead.',
    );
  }
  if (match.email.base64) {
    findings.add(
      'unique_hash_over_base64_email',
      "The hash was computed over the base64 email (as in 'b') instead of the email itself; compute " +
        'sha1(secret + email + reference) with the plain email, and base64 it only for b.',
    );
  }
  if (match.email.variant !== undefined) {
    findings.add(
      'unique_email_whitespace_or_case',
      `The hash was computed over the email ${JSON.stringify(match.email.text)} (${match.email.variant}) while ` +
        `'b' carries ${JSON.stringify(bEmail)}; normalise the email once and use that same string for b and ` +
        'the hash.',
    );
  }
  if (match.encoding === 'latin1') {
    findings.add(
      'unique_hash_latin1',
      'The hash was computed over the Latin-1 (ISO-8859-1) bytes of the email or reference, so their ' +
        'accented letters hash differently; hash the UTF-8 bytes of secret + email + reference (PHP: drop ' +
        "utf8_decode or mb_convert_encoding; Python: .encode('utf-8'); C#: Encoding.UTF8, not Encoding.Latin1).",
    );
  }
  if (match.reference.latin1Query === true) {
    findings.add(
      'unique_hash_latin1',
      `'a' percent-encodes the Latin-1 bytes of the reference ${JSON.stringify(match.reference.text)}, which ` +
        'arrives garbled (U+FFFD for each accented letter); percent-encode its UTF-8 bytes (encodeURIComponent, ' +
        'PHP rawurlencode of the UTF-8 text).',
    );
  }
  if (match.reference.plusRestored) {
    findings.add(
      'reference_forbidden_character',
      `The reference ${JSON.stringify(match.reference.text)} contains '+', sent unencoded so it arrived as a ` +
        "space; '+' is not allowed in a reference (nor # * \" % &): use an order number without it.",
    );
  }
}

export function diagnoseUniqueLink(
  link: RawLink,
  secrets: readonly string[] | undefined,
  findings: FindingList,
): UniqueDiagnosis {
  const a = link.parameters.get('a');
  const b = link.parameters.get('b');
  const c = link.parameters.get('c');
  const e = link.parameters.get('e');

  const missing = (['a', 'b', 'c', 'e'] as const).filter((name) => {
    const parameter = link.parameters.get(name);
    return parameter === undefined || (name !== 'c' && parameter.decoded === '');
  });
  for (const name of missing) {
    findings.add(
      'unique_link_missing_parameter',
      `The link has no '${name}' parameter, or it is empty; a Unique Link carries a (reference), b (base64 ` +
        'email), c (name) and e (hash).',
    );
  }
  if (link.fragment !== undefined && link.fragment.includes('=')) {
    findings.add(
      'reference_forbidden_character',
      "The link contains an unencoded '#', which ends the query, so the parameters after it were lost: a " +
        "value (probably the reference) contains '#'. References must not contain '#'; encode other values " +
        'with encodeURIComponent.',
    );
  }
  if (c?.raw.includes('+') === true) {
    findings.add(
      'unique_name_plus_for_space',
      `The name in 'c' ("${c.raw}") uses '+' for spaces (form encoding). Vouch reads '+' as a space, but encode ` +
        "the name as encodeURI does (a space is %20) so other readers agree and a real '+' survives as %2B.",
    );
  }
  if (a !== undefined) {
    const character = findForbiddenReferenceCharacter(a.decoded);
    if (character !== undefined) {
      findings.add(
        'reference_forbidden_character',
        forbiddenReferenceMessage(a.decoded, character, "the link's 'a' parameter"),
      );
    }
  }

  const strict = verifyUniqueLink(
    { a: a?.decoded, b: b?.decoded, c: c?.decoded, e: e?.decoded },
    secrets ?? [],
  );

  if (
    a !== undefined &&
    a.decoded !== '' &&
    b !== undefined &&
    b.decoded !== '' &&
    e !== undefined &&
    e.decoded !== ''
  ) {
    diagnoseHash(a, b, e, secrets, findings);
  }

  if (strict.ok) return { verified: strict.value };
  if (!findings.hasErrors()) findings.add(strict.failure.code, strict.failure.message);
  return {};
}

function diagnoseHash(
  a: RawParameter,
  b: RawParameter,
  e: RawParameter,
  secrets: readonly string[] | undefined,
  findings: FindingList,
): void {
  const email = readEmail(b, findings);
  if (email === undefined) return;

  const hash = e.decoded;
  const algorithm = /^[0-9a-f]+$/i.test(hash) ? ALGORITHM_BY_HEX_LENGTH.get(hash.length) : undefined;
  if (algorithm === undefined) {
    findings.add(
      'unique_link_hash_malformed',
      `The hash 'e' must be 40 lowercase hexadecimal digits (SHA-1); it is ${hash.length} characters` +
        `${/^[0-9a-f]+$/i.test(hash) ? '' : ' and not hexadecimal'}. Use sha1(secret + email + reference) in hex.`,
    );
    return;
  }
  if (hash !== hash.toLowerCase()) {
    findings.add(
      'unique_hash_uppercase',
      "The hash 'e' is written in uppercase hex; write it in lowercase (PHP sha1() and Python hexdigest() " +
        'already do; drop the strtoupper/upper call).',
    );
  }

  const givenSecrets: readonly unknown[] = Array.isArray(secrets) ? secrets : [];
  givenSecrets.forEach((secret, index) => {
    if (typeof secret !== 'string' || secret === '') {
      findings.add(
        'unique_link_secret_missing',
        `Unique Link secret #${index} given for checking is empty; an empty secret would accept links anyone ` +
          'can make. Pass the business secret.',
      );
    }
  });
  const usableSecrets = givenSecrets.filter(
    (secret): secret is string => typeof secret === 'string' && secret !== '',
  );
  if (usableSecrets.length === 0) {
    if (givenSecrets.length === 0) {
      findings.add(
        'link_keys_not_given',
        "No Unique Link secret was given, so the hash could not be checked; pass the business's secret.",
      );
    }
    return;
  }

  const encodedEmail = Buffer.from(email, 'utf8').toString('base64');
  const encodedForms = [
    b.decoded,
    b.decoded.replaceAll(' ', '+'),
    encodedEmail,
    encodeURIComponent(encodedEmail),
  ];
  const references: ReferenceCandidate[] = [{ text: a.decoded, plusRestored: false }];
  if (a.raw.includes('+')) {
    const withPlus = a.raw
      .split('+')
      .map((piece) => new URLSearchParams(`v=${piece}`).get('v') ?? '')
      .join('+');
    references.push({ text: withPlus, plusRestored: true });
  }
  const latin1Reference = readLatin1Query(a.raw);
  if (latin1Reference !== undefined) {
    references.push({ text: latin1Reference, plusRestored: false, latin1Query: true });
  }

  const match = findHashMatch(
    Buffer.from(hash, 'hex'),
    algorithm,
    usableSecrets,
    emailCandidates(email, encodedForms),
    references,
  );
  if (match !== undefined) {
    reportMatch(match, algorithm, email, findings);
    return;
  }
  if (algorithm !== 'sha1') {
    findings.add(
      'unique_link_hash_malformed',
      `The hash 'e' has ${hash.length} hex digits, so it is not SHA-1 (40 digits; ${ALGORITHM_LABEL[algorithm]} ` +
        'has this length). Use sha1(secret + email + reference) in lowercase hex.',
    );
    return;
  }
  findings.add(
    'unique_hash_unknown_secret',
    "The hash matches no construction we know with this business's secret (any order of secret, email and " +
      'reference; raw or base64 email; other case or whitespace; HMAC): it was most likely made with another ' +
      "business's secret or a mistyped one. Copy the secret again from this business's settings.",
  );
}
