export type FindingSeverity = 'error' | 'warning' | 'info';

interface FindingDefinition {
  /** The usual severity. A few codes are milder in some cases, e.g. a renamed optional field. */
  readonly severity: FindingSeverity;
  /** What the code means, in one sentence, for docs and tools; each finding carries a specific message. */
  readonly summary: string;
}

/**
 * Every code `diagnoseLink` can report, with its usual severity and meaning. Codes are stable: tools and
 * tests may match on them. Failure codes of the verifiers appear here too, with the same meaning.
 */
export const LINK_FINDING_CODES = {
  link_unparseable: { severity: 'error', summary: 'The text is not a link.' },
  link_too_long: { severity: 'error', summary: 'The link is longer than 64 KiB, far beyond any real link.' },
  link_unknown_path: {
    severity: 'error',
    summary: 'The path is not /evaluate/{domain}, /evaluate-bgl/{domain} or their /embed/ forms.',
  },
  link_domain_mismatch: {
    severity: 'error',
    summary: "The domain in the path is not the business's registered domain.",
  },
  link_keys_not_given: {
    severity: 'error',
    summary: 'No secret or keys were given, so the signature could not be checked.',
  },
  link_doctor_failed: { severity: 'error', summary: 'The doctor hit an internal error; please report it.' },
  reference_forbidden_character: {
    severity: 'error',
    summary: 'The reference contains one of # * + " % &, which a reference must not contain.',
  },
  link_field_invalid: {
    severity: 'error',
    summary:
      'The signature is right but the email is not an address, or the name or reference is blank or too long; ' +
      'the review page refuses such a link the same way.',
  },

  unique_link_missing_parameter: {
    severity: 'error',
    summary: 'One of a, b, c, e is missing, empty or repeated.',
  },
  unique_link_bad_email_encoding: {
    severity: 'error',
    summary: 'The email b is not standard base64 of the email.',
  },
  unique_link_hash_malformed: { severity: 'error', summary: 'The hash e is not 40 hexadecimal digits.' },
  unique_link_hash_mismatch: { severity: 'error', summary: 'The hash e does not match the business secret.' },
  unique_link_secret_missing: {
    severity: 'error',
    summary: 'A Unique Link secret given for checking is empty.',
  },
  unique_email_plus_became_space: {
    severity: 'warning',
    summary:
      "The email b was not percent-encoded, so a '+' of its base64 arrived as a space; accepted with the '+' restored.",
  },
  unique_email_whitespace_or_case: {
    severity: 'error',
    summary: 'The hash was computed over the email with other whitespace or letter case than b carries.',
  },
  unique_name_plus_for_space: {
    severity: 'warning',
    summary: "The name c encodes spaces as '+' (form encoding) instead of %20 as encodeURI does.",
  },
  unique_hash_uppercase: {
    severity: 'error',
    summary: 'The hash e is written in uppercase hex; it must be lowercase.',
  },
  unique_hash_wrong_order: {
    severity: 'error',
    summary: 'The hash concatenates secret, email and reference in another order.',
  },
  unique_hash_over_base64_email: {
    severity: 'error',
    summary: 'The hash was computed over the base64 email instead of the raw email.',
  },
  unique_hash_wrong_algorithm: { severity: 'error', summary: 'The hash is SHA-256 or MD5 instead of SHA-1.' },
  unique_hash_hmac: {
    severity: 'error',
    summary: 'The hash is an HMAC keyed with the secret instead of a plain SHA-1 of the concatenation.',
  },
  unique_hash_latin1: {
    severity: 'error',
    summary:
      'The hash was computed over the Latin-1 bytes of the email or reference instead of their UTF-8 bytes.',
  },
  unique_hash_empty_secret: { severity: 'error', summary: 'The hash was computed with an empty secret.' },
  unique_hash_unknown_secret: {
    severity: 'error',
    summary: "No known construction matches the business's secrets: another business's or a wrong secret.",
  },
  unique_hash_previous_secret: {
    severity: 'warning',
    summary: 'The link is signed with a rotated-out secret that is still accepted.',
  },

  bgl_missing_parameter: { severity: 'error', summary: 'The link has no p parameter.' },
  bgl_line_breaks: { severity: 'error', summary: 'The token contains line breaks (MIME-style base64).' },
  bgl_token_not_url_encoded: {
    severity: 'error',
    summary: "The token was not percent-encoded, so each '+' arrived as a space.",
  },
  bgl_double_encoded: { severity: 'error', summary: 'The token was percent-encoded twice.' },
  bgl_slash_not_encoded: {
    severity: 'warning',
    summary: "The token's '/' is not percent-encoded; it works but should be %2F.",
  },
  bgl_not_base64: { severity: 'error', summary: 'The token is not standard base64.' },
  bgl_too_short: { severity: 'error', summary: 'The token is shorter than IV plus tag (48 bytes).' },
  bgl_bad_length: { severity: 'error', summary: 'The ciphertext length is not a positive multiple of 16.' },
  bgl_key_invalid: {
    severity: 'error',
    summary: 'A key given for checking is not standard base64 of 32 bytes.',
  },
  bgl_keys_missing: { severity: 'error', summary: 'No BGL key pair was given for checking.' },
  bgl_keys_used_as_text: {
    severity: 'error',
    summary: 'A key was used as its base64 text instead of its 32 decoded bytes.',
  },
  bgl_keys_swapped: { severity: 'error', summary: 'The encryption and authentication keys were swapped.' },
  bgl_mac_over_ciphertext_only: {
    severity: 'error',
    summary: 'The HMAC covers the ciphertext alone instead of IV || ciphertext.',
  },
  bgl_tag_before_iv: {
    severity: 'error',
    summary: 'The token is tag || IV || ciphertext instead of IV || ciphertext || tag.',
  },
  bgl_mac_mismatch: {
    severity: 'error',
    summary: 'The token decrypts with the encryption key, but its tag matches no known construction.',
  },
  bgl_unknown_keys: {
    severity: 'error',
    summary: "Nothing matches the business's keys: another business's keys or regenerated keys.",
  },
  bgl_bad_padding: { severity: 'error', summary: 'The tag matches but the plaintext is not PKCS#7-padded.' },
  bgl_not_json: { severity: 'error', summary: 'The decrypted payload is not a JSON object in UTF-8.' },
  bgl_missing_field: {
    severity: 'error',
    summary: 'A required payload field (email, name, ref) is missing.',
  },
  bgl_field_renamed: {
    severity: 'error',
    summary: 'A payload field has another name (referenceId for ref, sku for skus, …).',
  },
  bgl_field_case: {
    severity: 'warning',
    summary: 'A payload key is written in another letter case (Email for email); accepted, as lowercase.',
  },
  bgl_field_null: {
    severity: 'warning',
    summary: 'An optional payload field (skus, tags, locale) is null; accepted as absent.',
  },
  bgl_ref_number: {
    severity: 'warning',
    summary: 'The reference is a JSON number; accepted as its decimal text.',
  },
  bgl_bad_field: { severity: 'error', summary: 'A payload field has the wrong type or an empty value.' },
  bgl_tag_has_space: { severity: 'error', summary: 'A tag contains a space.' },
  bgl_reused_iv: { severity: 'warning', summary: 'The IV is fixed or was already used by another link.' },
  bgl_previous_keys: {
    severity: 'warning',
    summary: 'The link is made with a rotated-out key pair that is still accepted.',
  },
} as const satisfies Record<string, FindingDefinition>;

export type LinkFindingCode = keyof typeof LINK_FINDING_CODES;

export interface Finding {
  code: LinkFindingCode;
  message: string;
  severity: FindingSeverity;
}

/** Findings in the order found, without repeats. */
export class FindingList {
  readonly items: Finding[] = [];

  add(
    code: LinkFindingCode,
    message: string,
    severity: FindingSeverity = LINK_FINDING_CODES[code].severity,
  ): void {
    if (this.items.some((item) => item.code === code && item.message === message)) return;
    this.items.push({ code, message, severity });
  }

  has(code: LinkFindingCode): boolean {
    return this.items.some((item) => item.code === code);
  }

  hasErrors(): boolean {
    return this.items.some((item) => item.severity === 'error');
  }
}
