import { timingSafeEqual } from 'node:crypto';

import { decodeLenientBase64, decodeStandardBase64 } from './base64.js';
import {
  AES_BLOCK_BYTES,
  BGL_IV_BYTES,
  BGL_MIN_TOKEN_BYTES,
  BGL_TAG_BYTES,
  decryptAesCbc,
  decryptBglToken,
  hmacSha256,
  parseBglJson,
} from './bgl.js';
import type { DecryptedBglToken } from './bgl.js';
import { readBglPayload } from './bgl-payload.js';
import type { BglPayloadLeniency } from './bgl-payload.js';
import { LinkKeyError } from './errors.js';
import type { FindingList, LinkFindingCode } from './findings.js';
import { BGL_KEY_BYTES, decodeBglKey } from './keys.js';
import type { BglKeyPair } from './keys.js';
import type { RawLink } from './raw-link.js';

type Layout = 'standard' | 'ciphertext_only' | 'tag_first' | 'tag_first_ciphertext_only';

/** The documented layout first, so a good token matches on the first try. */
const LAYOUTS: readonly Layout[] = ['standard', 'ciphertext_only', 'tag_first', 'tag_first_ciphertext_only'];

interface TokenParts {
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

/** How a key was turned into bytes, when not by base64-decoding the right key. */
type KeyMistake = 'whole_text' | 'text_first_32' | 'swapped';

interface KeyVariant {
  readonly bytes: Buffer;
  readonly mistake?: KeyMistake;
}

interface DecodedPair {
  readonly index: number;
  readonly pair: BglKeyPair;
  readonly macKeys: readonly KeyVariant[];
  readonly aesKeys: readonly KeyVariant[];
}

interface Decryption {
  readonly plaintext: Buffer;
  readonly aesMistake?: KeyMistake;
  readonly json: unknown;
  readonly isJson: boolean;
}

export interface BglDiagnosis {
  readonly verified?: DecryptedBglToken;
}

function splitToken(bytes: Buffer, layout: Layout): TokenParts {
  const tagFirst = layout === 'tag_first' || layout === 'tag_first_ciphertext_only';
  const ivStart = tagFirst ? BGL_TAG_BYTES : 0;
  const tagStart = tagFirst ? 0 : bytes.length - BGL_TAG_BYTES;
  const ciphertextEnd = tagFirst ? bytes.length : bytes.length - BGL_TAG_BYTES;
  return {
    iv: bytes.subarray(ivStart, ivStart + BGL_IV_BYTES),
    ciphertext: bytes.subarray(ivStart + BGL_IV_BYTES, ciphertextEnd),
    tag: bytes.subarray(tagStart, tagStart + BGL_TAG_BYTES),
  };
}

function macCovers(layout: Layout, parts: TokenParts): readonly Buffer[] {
  return layout === 'ciphertext_only' || layout === 'tag_first_ciphertext_only'
    ? [parts.ciphertext]
    : [parts.iv, parts.ciphertext];
}

function decodePairs(pairs: readonly BglKeyPair[] | undefined, findings: FindingList): DecodedPair[] {
  if (!Array.isArray(pairs)) return [];
  const decoded: DecodedPair[] = [];
  pairs.forEach((pair: BglKeyPair, index) => {
    try {
      const encrypt = decodeBglKey(pair.encryptKey, 'encrypt');
      const auth = decodeBglKey(pair.authKey, 'auth');
      const authText = Buffer.from(pair.authKey, 'utf8');
      const encryptText = Buffer.from(pair.encryptKey, 'utf8');
      decoded.push({
        index,
        pair,
        macKeys: [
          { bytes: auth },
          { bytes: authText, mistake: 'whole_text' },
          { bytes: authText.subarray(0, BGL_KEY_BYTES), mistake: 'text_first_32' },
          { bytes: encrypt, mistake: 'swapped' },
        ],
        // PHP's openssl_encrypt silently cuts a 44-character text key to its first 32 bytes.
        aesKeys: [
          { bytes: encrypt },
          { bytes: encryptText.subarray(0, BGL_KEY_BYTES), mistake: 'text_first_32' },
          { bytes: auth, mistake: 'swapped' },
        ],
      });
    } catch (error) {
      const reason = error instanceof LinkKeyError ? error.message : 'it is not a key pair';
      findings.add('bgl_key_invalid', `Key pair #${index} given for checking is unusable: ${reason}`);
    }
  });
  return decoded;
}

function tryDecrypt(aesKeys: readonly KeyVariant[], parts: TokenParts): Decryption | undefined {
  let paddedOnly: Decryption | undefined;
  for (const key of aesKeys) {
    if (key.bytes.length !== BGL_KEY_BYTES) continue;
    const plaintext = decryptAesCbc(key.bytes, parts.iv, parts.ciphertext);
    if (plaintext === undefined) continue;
    const json = parseBglJson(plaintext);
    const decryption: Decryption = {
      plaintext,
      json: json.ok ? json.value : undefined,
      isJson: json.ok && typeof json.value === 'object' && json.value !== null,
      ...(key.mistake === undefined ? {} : { aesMistake: key.mistake }),
    };
    // A wrong key still yields valid padding one time in 256; only JSON shows the key was right.
    if (decryption.isJson) return decryption;
    paddedOnly ??= decryption;
  }
  return paddedOnly;
}

/** Reads the `p` value however it was mangled, saying how; `undefined` when no token can be read. */
function readTokenBytes(
  link: RawLink,
  raw: string,
  decoded: string,
  findings: FindingList,
): Buffer | undefined {
  if (link.hadLineBreaks) {
    findings.add(
      'bgl_line_breaks',
      'The link text contains line breaks. URL parsers drop them, so it works here, but mail clients and ' +
        'servers may cut the link there; write the token as one line of base64 (PHP base64_encode without ' +
        'chunk_split, Python base64.b64encode, not encodebytes).',
      'warning',
    );
  }
  if (raw.includes('/')) {
    findings.add(
      'bgl_slash_not_encoded',
      "The token's '/' characters are not percent-encoded. It works, but encode the token with " +
        "encodeURIComponent (PHP rawurlencode, Python urllib.parse.quote(token, safe='')) so '/' becomes %2F.",
    );
  }

  let token = decoded;
  if (token.includes('\n') || token.includes('\r')) {
    const lineLength = token.split(/\r?\n|\r/)[0]?.length ?? 0;
    token = token.replace(/[\r\n]/g, '');
    findings.add(
      'bgl_line_breaks',
      `The token contains line breaks (every ${lineLength} characters, sent as %0A/%0D), as MIME-style base64 ` +
        'encoders write them (PHP chunk_split, Python base64.encodebytes, openssl base64 without -A); write ' +
        'the token as one line of base64.',
    );
  }
  if (token.includes(' ')) {
    token = token.replaceAll(' ', '+');
    findings.add(
      'bgl_token_not_url_encoded',
      "The token was put in the link without percent-encoding, so each '+' of its base64 arrived as a space. " +
        "Encode it with encodeURIComponent (PHP rawurlencode, Python urllib.parse.quote(token, safe='')).",
    );
  }
  if (token.includes('%')) {
    try {
      const once = decodeURIComponent(token);
      if (decodeLenientBase64(once) !== undefined) {
        token = once;
        findings.add(
          'bgl_double_encoded',
          'The token was percent-encoded twice (%252B instead of %2B); encode it once, with encodeURIComponent.',
        );
      }
    } catch {
      // Not percent-encoding after all; the base64 check below names the problem.
    }
  }

  const strict = decodeStandardBase64(token);
  if (strict !== undefined) return strict;
  const lenient = decodeLenientBase64(token);
  if (lenient !== undefined) {
    const urlSafe = token.includes('-') || token.includes('_');
    findings.add(
      'bgl_not_base64',
      urlSafe
        ? "The token uses the URL-safe base64 alphabet ('-' and '_'); use standard base64 ('+', '/', '=' " +
            'padding) and percent-encode it in the link.'
        : "The token is base64 without its '=' padding; use standard base64 with padding and percent-encode it.",
    );
    return lenient;
  }
  findings.add(
    'bgl_not_base64',
    'The token is not base64 at all; p must be encodeURIComponent(base64(IV || ciphertext || tag)).',
  );
  return undefined;
}

function describeKeyMistakes(
  macMistake: KeyMistake | undefined,
  aesMistake: KeyMistake | undefined,
): string[] {
  const described: string[] = [];
  if (macMistake === 'whole_text')
    described.push("the HMAC key is the authentication key's base64 text (all 44 characters)");
  if (macMistake === 'text_first_32')
    described.push("the HMAC key is the first 32 characters of the authentication key's base64 text");
  if (aesMistake === 'text_first_32')
    described.push("the AES key is the first 32 characters of the encryption key's base64 text");
  return described;
}

function reportKeyMistakes(
  macMistake: KeyMistake | undefined,
  aesMistake: KeyMistake | undefined,
  findings: FindingList,
): void {
  const asText = describeKeyMistakes(macMistake, aesMistake);
  if (asText.length > 0) {
    findings.add(
      'bgl_keys_used_as_text',
      `The keys were used as text instead of bytes: ${asText.join('; ')}. Base64-decode both keys to their 32 ` +
        "bytes first (PHP base64_decode, Python base64.b64decode, Node Buffer.from(key, 'base64')).",
    );
  }
  if (macMistake === 'swapped' || aesMistake === 'swapped') {
    const what = [
      macMistake === 'swapped' ? 'the HMAC was computed with the encryption key' : undefined,
      aesMistake === 'swapped' ? 'AES used the authentication key' : undefined,
    ].filter((part) => part !== undefined);
    findings.add(
      'bgl_keys_swapped',
      `The keys are mixed up: ${what.join(' and ')}. Encrypt with the encryption key and compute the HMAC with ` +
        'the authentication key.',
    );
  }
}

function reportLayout(layout: Layout, findings: FindingList): void {
  if (layout === 'ciphertext_only' || layout === 'tag_first_ciphertext_only') {
    findings.add(
      'bgl_mac_over_ciphertext_only',
      'The HMAC was computed over the ciphertext alone; compute it over IV || ciphertext, so the IV is ' +
        'authenticated too.',
    );
  }
  if (layout === 'tag_first' || layout === 'tag_first_ciphertext_only') {
    findings.add(
      'bgl_tag_before_iv',
      'The tag was placed before the IV (tag || IV || ciphertext); put it last: base64(IV || ciphertext || tag).',
    );
  }
}

function reportIv(iv: Buffer, seenIvs: ReadonlySet<string> | undefined, findings: FindingList): void {
  if (iv.every((byte) => byte === 0)) {
    findings.add(
      'bgl_reused_iv',
      'The IV is 16 zero bytes, so every link shares it and equal payload prefixes show through; generate 16 ' +
        'fresh random bytes per link (PHP random_bytes(16), Python os.urandom(16), Node crypto.randomBytes(16)).',
    );
  }
  if (seenIvs instanceof Set && seenIvs.has(iv.toString('base64'))) {
    findings.add(
      'bgl_reused_iv',
      'Another link already used this IV; generate 16 fresh random bytes for every link instead of reusing ' +
        'or deriving the IV.',
    );
  }
}

const LENIENCY_FINDINGS: Readonly<Record<BglPayloadLeniency['kind'], LinkFindingCode>> = {
  key_case: 'bgl_field_case',
  null_field: 'bgl_field_null',
  numeric_ref: 'bgl_ref_number',
};

function reportPayload(decryption: Decryption, findings: FindingList): void {
  if (!decryption.isJson) {
    const json = parseBglJson(decryption.plaintext);
    findings.add(
      'bgl_not_json',
      json.ok
        ? 'The decrypted payload is JSON but not an object; encrypt JSON.stringify({ email, name, ref, … }).'
        : json.failure.message,
    );
    return;
  }
  const reading = readBglPayload(decryption.json, false);
  for (const leniency of reading.leniencies) {
    findings.add(LENIENCY_FINDINGS[leniency.kind], leniency.message);
  }
  for (const problem of reading.problems) {
    if (problem.renamedFrom !== undefined) {
      const required = problem.field === 'email' || problem.field === 'name' || problem.field === 'ref';
      findings.add('bgl_field_renamed', problem.failure.message, required ? 'error' : 'warning');
    } else if (problem.tagWithSpace !== undefined) {
      findings.add('bgl_tag_has_space', problem.failure.message);
    } else {
      findings.add(problem.failure.code, problem.failure.message);
    }
  }
}

export function diagnoseBglLink(
  link: RawLink,
  keyPairs: readonly BglKeyPair[] | undefined,
  seenIvs: ReadonlySet<string> | undefined,
  findings: FindingList,
): BglDiagnosis {
  const parameter = link.parameters.get('p');
  if (parameter === undefined || parameter.decoded === '') {
    findings.add(
      'bgl_missing_parameter',
      'The link has no p parameter; a BGL link is /evaluate-bgl/{domain}?p={token}.',
    );
    return {};
  }
  const pairs = decodePairs(keyPairs, findings);
  const strict = decryptBglToken(
    parameter.decoded,
    pairs.map((decoded) => decoded.pair),
  );

  const bytes = readTokenBytes(link, parameter.raw, parameter.decoded, findings);
  if (bytes !== undefined) diagnoseToken(bytes, pairs, keyPairs, seenIvs, findings);

  if (strict.ok) return { verified: strict.value };
  if (!findings.hasErrors()) findings.add(strict.failure.code, strict.failure.message);
  return {};
}

function diagnoseToken(
  bytes: Buffer,
  pairs: readonly DecodedPair[],
  keyPairs: readonly BglKeyPair[] | undefined,
  seenIvs: ReadonlySet<string> | undefined,
  findings: FindingList,
): void {
  if (bytes.length < BGL_MIN_TOKEN_BYTES) {
    findings.add(
      'bgl_too_short',
      `The token decodes to ${bytes.length} bytes; a token is at least ${BGL_MIN_TOKEN_BYTES} (16-byte IV, ` +
        'ciphertext, 32-byte tag). It was probably cut off when the link was copied.',
    );
    return;
  }
  const ciphertextLength = bytes.length - BGL_MIN_TOKEN_BYTES;
  if (ciphertextLength === 0 || ciphertextLength % AES_BLOCK_BYTES !== 0) {
    findings.add(
      'bgl_bad_length',
      `The token decodes to ${bytes.length} bytes, leaving ${ciphertextLength} bytes of ciphertext beside a ` +
        '16-byte IV and a 32-byte tag; AES-CBC ciphertext is a positive multiple of 16. Append the full ' +
        '32-byte HMAC-SHA256 tag (not truncated, not hex) and use PKCS#7 padding.',
    );
    return;
  }
  if (pairs.length === 0) {
    reportIv(splitToken(bytes, 'standard').iv, seenIvs, findings);
    if (!Array.isArray(keyPairs) || keyPairs.length === 0) {
      findings.add(
        'link_keys_not_given',
        "No BGL keys were given, so the token could not be checked; pass the business's keys.",
      );
    }
    return;
  }

  for (const pair of pairs) {
    for (const layout of LAYOUTS) {
      const parts = splitToken(bytes, layout);
      const covered = macCovers(layout, parts);
      const macKey = pair.macKeys.find((key) =>
        timingSafeEqual(hmacSha256(key.bytes, ...covered), parts.tag),
      );
      if (macKey === undefined) continue;

      if (pair.index > 0) {
        findings.add(
          'bgl_previous_keys',
          `The link is made with previous key pair #${pair.index}, still accepted during rotation; build new ` +
            'links with the current keys before the old ones are retired.',
        );
      }
      reportLayout(layout, findings);
      reportIv(parts.iv, seenIvs, findings);
      const decryption = tryDecrypt(pair.aesKeys, parts);
      reportKeyMistakes(macKey.mistake, decryption?.aesMistake, findings);
      if (decryption === undefined) {
        findings.add(
          'bgl_bad_padding',
          'The tag is genuine but the data does not decrypt to PKCS#7-padded text with the encryption key: use ' +
            'AES-256-CBC (not ECB, CTR or GCM) with PKCS#7 padding (not zero padding), and send the IV you encrypted with.',
        );
        return;
      }
      reportPayload(decryption, findings);
      return;
    }
  }

  // No tag matches. If the encryption still works, the keys are right and the tag is what is wrong.
  reportIv(splitToken(bytes, 'standard').iv, seenIvs, findings);
  for (const pair of pairs) {
    for (const layout of ['standard', 'tag_first'] as const) {
      const decryption = tryDecrypt(pair.aesKeys, splitToken(bytes, layout));
      if (decryption?.isJson !== true) continue;
      findings.add(
        'bgl_mac_mismatch',
        `The token decrypts with key pair #${pair.index}, but its tag matches no HMAC-SHA256 construction we ` +
          'know (over IV || ciphertext or the ciphertext alone, with the authentication key as bytes or text): ' +
          'compute HMAC-SHA256(authentication key bytes, IV || ciphertext) and append all 32 bytes.',
      );
      reportKeyMistakes(undefined, decryption.aesMistake, findings);
      if (layout === 'tag_first') reportLayout(layout, findings);
      reportPayload(decryption, findings);
      return;
    }
  }
  findings.add(
    'bgl_unknown_keys',
    "Neither the tag nor the encryption matches this business's keys under any construction we know: the " +
      "link was most likely built with another business's keys, or with keys that were since regenerated. " +
      "Copy both keys again from this business's settings.",
  );
}
