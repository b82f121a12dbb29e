/** A key or secret handed to a builder is unusable. Verification never throws these; it returns a failure. */
export type LinkKeyErrorCode = 'bgl_key_invalid' | 'unique_link_secret_missing';

export class LinkKeyError extends Error {
  override readonly name = 'LinkKeyError';
  readonly code: LinkKeyErrorCode;

  constructor(code: LinkKeyErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The data handed to a builder would make a link that Vouch itself refuses (a forbidden reference
 * character, a payload without `ref`), so the builder stops instead of handing out a broken link.
 */
export type LinkInputErrorCode =
  | 'link_base_url_invalid'
  | 'link_domain_invalid'
  | 'link_country_invalid'
  | 'link_field_missing'
  | 'link_field_invalid'
  | 'reference_forbidden_character'
  | 'bgl_iv_invalid'
  | 'bgl_missing_field'
  | 'bgl_bad_field';

export class LinkInputError extends Error {
  override readonly name = 'LinkInputError';
  readonly code: LinkInputErrorCode;
  readonly field: string | undefined;

  constructor(code: LinkInputErrorCode, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}
