/**
 * Why a link was refused. Verification and decryption return these as values: a link that fails is an
 * expected outcome of a public URL, not an exception.
 */
export type LinkFailureCode =
  | 'unique_link_missing_parameter'
  | 'unique_link_bad_email_encoding'
  | 'unique_link_hash_malformed'
  | 'unique_link_hash_mismatch'
  | 'unique_link_secret_missing'
  | 'reference_forbidden_character'
  | 'link_field_invalid'
  | 'bgl_key_invalid'
  | 'bgl_keys_missing'
  | 'bgl_not_base64'
  | 'bgl_too_short'
  | 'bgl_bad_length'
  | 'bgl_mac_mismatch'
  | 'bgl_bad_padding'
  | 'bgl_not_json'
  | 'bgl_missing_field'
  | 'bgl_bad_field';

export interface LinkFailure {
  readonly code: LinkFailureCode;
  /** A sentence for a developer: what is wrong and how to fix it. Never contains a key or a secret. */
  readonly message: string;
  /** The query parameter (`a`, `b`, `c`, `e`, `p`) or payload field (`email`, `ref`, `skus`…) at fault. */
  readonly field?: string;
}

export type LinkResult<T> = { ok: true; value: T } | { ok: false; failure: LinkFailure };

export function linkOk<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function linkFailure(
  code: LinkFailureCode,
  message: string,
  field?: string,
): { ok: false; failure: LinkFailure } {
  return { ok: false, failure: field === undefined ? { code, message } : { code, message, field } };
}
