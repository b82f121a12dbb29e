/**
 * Why an AFS mail schedules no invitation. Stable machine codes: they are stored with the mail and shown
 * to the business beside a human reason.
 */
export const AFS_REASON_CODES = [
  /** Not a mail message at all: empty, binary, or no header could be read. */
  'afs_unreadable',
  /** The structured-data snippet is there but is not a JSON object Vouch can read. */
  'afs_snippet_invalid',
  /** Neither the snippet nor the To header names a customer. */
  'afs_no_recipient',
  /** The customer's address is not an email address. */
  'afs_bad_recipient',
  /** The customer is on the business's own domain: a test email, deliberately not invited. */
  'afs_own_domain_recipient',
  /** Neither the snippet nor the subject holds an order reference. */
  'afs_no_reference',
  /** The reference holds a character compat §3 forbids (`#`, `*`, `+`, `"`, `%`, `&`). */
  'afs_forbidden_reference_character',
  /** The reference is otherwise unusable: too long, or not text. */
  'afs_bad_reference',
  /** Processing the stored message failed (a defect, or the database refused its outcome); kept as failed. */
  'afs_processing_failed',
] as const;

export type AfsReasonCode = (typeof AFS_REASON_CODES)[number];
