/**
 * Every error a caller can see: a stable machine code, an HTTP status and a message that says what to do.
 * Adapters present these (problem+json over HTTP, a line on stderr in the CLI); anything else is a bug and
 * becomes a plain 500 that leaks nothing.
 */

export const ERRORS = {
  // Generic request problems.
  validation_failed: { status: 400, title: 'The request is not valid' },
  not_found: { status: 404, title: 'Not found' },
  unauthorized: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'Not allowed' },
  rate_limited: { status: 429, title: 'Too many requests' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'The request body has a type this route does not read' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
  body_not_utf8: { status: 400, title: 'The request body is not valid UTF-8' },
  // The database or the data disk is away for a moment: the same request succeeds once it is back.
  database_unavailable: { status: 503, title: 'The database cannot be reached' },
  storage_full: { status: 503, title: 'The server has no room left to store data' },
  // Businesses and their secrets.
  business_domain_taken: { status: 409, title: 'A business with this domain already exists' },
  business_domain_invalid: { status: 400, title: 'The domain is not a valid host name' },
  business_not_found: { status: 404, title: 'No business with this domain or id' },
  business_name_invalid: { status: 400, title: 'The business name is not valid' },
  bgl_key_invalid: { status: 400, title: 'A BGL key is not 32 bytes of standard base64' },
  bgl_keys_incomplete: { status: 400, title: 'Both BGL keys must be given together' },
  unique_link_secret_invalid: { status: 400, title: 'The Unique Link secret is not valid' },
  locale_invalid: { status: 400, title: 'The locale is not supported' },
  api_key_not_found: { status: 404, title: 'No such API key' },
  // Invitations: the funnel refuses a request only when it is not valid; decisions are values, not errors.
  invitation_email_invalid: { status: 400, title: 'The email address is not valid' },
  invitation_reference_invalid: { status: 400, title: 'The reference number is not valid' },
  invitation_field_invalid: { status: 400, title: 'A field of the invitation is not valid' },
  invitation_not_found: { status: 404, title: 'No such invitation' },
  invitation_link_invalid: { status: 404, title: 'This link is not valid' },
  template_placeholder_unknown: { status: 400, title: 'The template uses an unknown placeholder' },
  template_invalid: { status: 400, title: 'The template is not valid' },
  template_not_found: { status: 404, title: 'No such template' },
  plan_invalid: { status: 400, title: 'The plan is not valid' },
  // Vouch's own API.
  idempotency_key_reused: { status: 409, title: 'The Idempotency-Key was used with another request' },
  idempotency_key_in_progress: { status: 409, title: 'A request with this Idempotency-Key is still running' },
  // The hosted platform's Invitation API: OAuth (RFC 6749 names in each problem's `error` member) and its bodies.
  oauth_invalid_request: { status: 400, title: 'The token request is not valid' },
  oauth_invalid_client: { status: 401, title: 'The client id or secret is wrong' },
  oauth_invalid_grant: { status: 400, title: 'The refresh token is unknown, expired or used' },
  oauth_unsupported_grant_type: { status: 400, title: 'This grant type is not supported' },
  access_token_invalid: { status: 401, title: 'The access token is unknown, expired or revoked' },
  invitation_products_conflict: { status: 400, title: 'Give products or productSkus, not both' },
  send_time_invalid: { status: 400, title: 'The send time is not a valid UTC time' },
  invitation_data_selector_invalid: {
    status: 400,
    title: 'Give customerEmails or deleteOlderThan, exactly one',
  },
  // Imports.
  import_not_found: { status: 404, title: 'No such import' },
  import_file_missing: { status: 400, title: 'The import has no file' },
  import_file_too_large: { status: 413, title: 'The file is too large' },
  import_upload_invalid: { status: 400, title: 'The upload could not be read' },
  // Shop integrations: their inbound URLs and what a shop posts to them.
  integration_not_found: { status: 404, title: 'No integration has this id or URL' },
  integration_provider_invalid: { status: 400, title: 'The provider is not one Vouch integrates with' },
  integration_settings_invalid: { status: 400, title: "The integration's settings are not valid" },
  integration_secret_invalid: { status: 400, title: 'The signing secret is not valid' },
  integration_signature_missing: { status: 401, title: 'The request carries no signature' },
  integration_signature_invalid: { status: 401, title: 'The signature does not match the body' },
  integration_signature_stale: { status: 400, title: 'The signed request is too old or replayed' },
  integration_payload_invalid: { status: 400, title: 'The body is not what this integration reads' },
  integration_payload_too_large: { status: 413, title: 'The body is larger than an integration accepts' },
  // Outbound webhooks: subscriptions and their delivery log.
  webhook_url_invalid: { status: 400, title: 'The webhook URL is not an http(s) URL Vouch can post to' },
  webhook_url_private: { status: 400, title: 'The webhook URL points at a loopback or private address' },
  webhook_events_invalid: { status: 400, title: 'The webhook events are not ones Vouch sends' },
  webhook_subscription_not_found: { status: 404, title: 'No such webhook subscription' },
  webhook_delivery_not_found: { status: 404, title: 'No such webhook delivery' },
  webhook_delivery_busy: { status: 409, title: 'A worker is sending this delivery right now' },
  // Dashboard accounts: users, sessions and one-time links.
  user_email_invalid: { status: 400, title: 'The email address is not valid' },
  user_email_taken: { status: 409, title: 'A user with this email already exists' },
  user_not_found: { status: 404, title: 'No user with this email or id' },
  user_role_invalid: { status: 400, title: 'The role is not owner or member' },
  password_too_short: { status: 400, title: 'The password is too short' },
  password_too_long: { status: 400, title: 'The password is too long' },
  login_failed: { status: 401, title: 'The email or password is wrong' },
  password_link_invalid: { status: 404, title: 'The link is unknown, used or expired' },
  setup_not_allowed: { status: 403, title: 'The first operator can only be created once, from this machine' },
  last_owner: { status: 409, title: 'A business keeps at least one owner' },
  csrf_invalid: { status: 403, title: 'The form is out of date or was not sent from Vouch' },
  // Moderating reviews from the dashboard.
  review_not_found: { status: 404, title: 'This business has no review with this id' },
  review_status_conflict: { status: 409, title: 'The review is not in a state that allows this' },
  team_member_exists: { status: 409, title: 'This person is already in the team' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class VouchError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  /** Extra machine-readable facts (the field, the line), safe to show to the caller. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'VouchError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.title = ERRORS[code].title;
    this.details = details;
  }
}

export function isVouchError(error: unknown): error is VouchError {
  return error instanceof VouchError;
}

/** RFC 9457 problem details, with Vouch's stable `code` beside the standard members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  [extension: string]: unknown;
}

export function toProblem(error: VouchError): Problem {
  return {
    ...error.details,
    type: `urn:vouch:problem:${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    code: error.code,
  };
}

export const INTERNAL_PROBLEM: Problem = {
  type: 'about:blank',
  title: ERRORS.internal_error.title,
  status: 500,
  detail: 'The server could not complete the request. It has been logged; please try again later.',
  code: 'internal_error',
};
