import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * The database as the code sees it. Times are epoch milliseconds (bigint on PostgreSQL, integer on
 * SQLite) so both engines compare and sort them the same way; ids are UUID strings.
 */
export interface Database {
  businesses: BusinessTable;
  business_secrets: BusinessSecretTable;
  api_keys: ApiKeyTable;
  oauth_tokens: OAuthTokenTable;
  plans: PlanTable;
  invitations: InvitationTable;
  invitation_events: InvitationEventTable;
  suppressions: SuppressionTable;
  templates: TemplateTable;
  reviews: ReviewTable;
  link_failure_days: LinkFailureDayTable;
  instance_settings: InstanceSettingTable;
  imports: ImportTable;
  import_rejections: ImportRejectionTable;
  afs_messages: AfsMessageTable;
  afs_senders: AfsSenderTable;
  business_alerts: BusinessAlertTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  idempotency_keys: IdempotencyKeyTable;
  integrations: IntegrationTable;
  integration_deliveries: IntegrationDeliveryTable;
  order_cancellations: OrderCancellationTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  user_tokens: UserTokenTable;
  dashboard_counts: DashboardCountTable;
}

export interface BusinessTable {
  id: string;
  name: string;
  domain: string;
  plan: string;
  default_locale: string;
  invitation_delay_days: number;
  /** At most one invitation per customer in this many days; null invites after every purchase. */
  frequency_days: number | null;
  /** Days after sending to remind once, when no review came; null sends no reminder. */
  reminder_days: number | null;
  afs_token: string;
  /** The From name and address of invitation emails; null uses the business name and the server's address. */
  sender_name: string | null;
  sender_email: string | null;
  reply_to: string | null;
  /** The footer every invitation carries; null uses the localised default. */
  legal_notice: string | null;
  /** 1 when invitation emails carry an open-tracking pixel. */
  track_opens: Generated<number>;
  /**
   * Domains besides its own whose addresses an AFS snippet may make the sender or reply-to: space-separated,
   * lower-case; null for none.
   */
  afs_sender_domains: ColumnType<string | null, string | null | undefined, string | null>;
  /** The hour of the day (UTC, 0-23) invitations go out at; null sends once the delay is over. */
  send_hour: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: number;
  updated_at: number;
}

export type SecretKind = 'unique_link' | 'bgl';

export interface BusinessSecretTable {
  id: string;
  business_id: string;
  kind: SecretKind;
  /** The Unique Link secret (kind unique_link). */
  secret: string | null;
  /** The BGL key pair, base64 (kind bgl). */
  encrypt_key: string | null;
  auth_key: string | null;
  created_at: number;
  /** When a newer secret replaced this one; null for the current secret. */
  retired_at: number | null;
  /** Until when a retired secret is still accepted (the rotation's grace period). */
  expires_at: number | null;
}

export interface ApiKeyTable {
  id: string;
  business_id: string;
  label: string;
  /** The first characters of the key, so a person can tell keys apart without the key itself. */
  prefix: string;
  /** SHA-256 of the whole key, hex: the key itself is shown once and never stored. */
  key_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  /** SHA-256 of the key's secret (the OAuth client secret), hex; null for a key made before secrets existed. */
  secret_hash: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One OAuth grant: an access token and its refresh token, both stored as SHA-256 digests. */
export interface OAuthTokenTable {
  id: string;
  business_id: string;
  /** The API key (OAuth client) it was issued to: revoking the key ends the grant. */
  api_key_id: string;
  access_token_hash: string;
  refresh_token_hash: string;
  /** client_credentials or refresh_token: how this pair was obtained. */
  grant_type: string;
  issued_at: number;
  /** When the access token stops working. */
  expires_at: number;
  refresh_expires_at: number;
  /** When a refresh replaced this pair; null while it is current. */
  revoked_at: number | null;
  /** The dashboard user of a password grant (and of the pairs refreshed from it); null for a client's own. */
  user_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PlanTable {
  name: string;
  /** Invitations a business on this plan may have sent per calendar month (UTC); null is unlimited. */
  monthly_cap: number | null;
  created_at: number;
  updated_at: number;
}

export interface InvitationTable {
  id: string;
  business_id: string;
  channel: string;
  kind: string;
  label: string;
  /** Normalised: the domain part lower-cased. */
  email: string;
  name: string;
  reference: string;
  locale: string | null;
  /** JSON array of InvitationProduct. */
  products: string;
  /** JSON array of strings. */
  tags: string;
  template_id: string | null;
  sender_name: string | null;
  sender_email: string | null;
  reply_to: string | null;
  redirect_uri: string | null;
  /** The capability in the email's links (/r/{token}, unsubscribe, pixel). */
  token: string;
  import_id: string | null;
  status: string;
  /** Why the invitation is in its status, in words a business owner understands. */
  reason: string | null;
  trigger_at: number;
  send_at: number | null;
  /** When the worker should next act (send, retry or remind); null when nothing is pending. */
  due_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  attempts: Generated<number>;
  sent_at: number | null;
  message_id: string | null;
  reminder_sent_at: number | null;
  reviewed_at: number | null;
  opened_at: number | null;
  clicked_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface InvitationEventTable {
  id: Generated<number>;
  invitation_id: string;
  business_id: string;
  type: string;
  at: number;
  /** JSON object with the event's facts (the SMTP answer, the reason, the next attempt). */
  detail: string | null;
}

export interface SuppressionTable {
  /** '*' for every business on this server, otherwise one business's id. */
  scope: string;
  email: string;
  reason: string;
  detail: string | null;
  created_at: number;
}

export interface TemplateTable {
  id: string;
  business_id: string;
  name: string;
  kind: string;
  /** The locale the template is written in; null serves every locale without a template of its own. */
  locale: string | null;
  subject: string;
  body: string;
  is_default: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface ReviewTable {
  id: string;
  business_id: string;
  invitation_id: string | null;
  /** verified, invited or organic (compat §8). */
  label: string;
  /** The entrance it came through: unique_link, bgl, invitation or organic. */
  source: string;
  email: string;
  name: string;
  /** The order reference; null for an organic review. */
  reference: string | null;
  rating: number;
  title: string;
  text: string;
  /** JSON array of { sku, name?, rating }. */
  products: string;
  locale: string;
  /** published, or pending until an organic reviewer confirms their email. */
  status: string;
  /** SHA-256 of the organic confirmation token; the token itself is only in the email. */
  confirm_token_hash: string | null;
  confirm_expires_at: number | null;
  created_at: number;
  updated_at: number;
  published_at: number | null;
  /**
   * SHA-256 of the Unique Link hash the review came through (null for other entrances): the signature is
   * the identity, so every split of one link's email and reference reaches this one review.
   */
  link_digest: ColumnType<string | null, string | null | undefined, string | null>;
  /** Why the business hid it (status `hidden`); the reviewer is told and can read it on the review's page. */
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** The business's public reply, shown under the review on the public page. */
  reply_text: ColumnType<string | null, string | null | undefined, string | null>;
  replied_at: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Refused links, one row per business, entrance, finding and UTC day. */
export interface LinkFailureDayTable {
  business_id: string;
  /** Days since 1970-01-01, UTC. */
  day: number;
  entrance: string;
  /** The link doctor's finding code: what the business should fix. */
  code: string;
  failures: number;
  /** When the last of them arrived. */
  last_at: number;
}

export interface InstanceSettingTable {
  key: string;
  value: string;
}

export interface ImportTable {
  id: string;
  business_id: string;
  file_name: string;
  /** The same file again resumes or repeats this import instead of starting another. */
  file_sha256: string;
  file_bytes: number;
  requested_type: string | null;
  /** running, completed, or unreadable (the file could not be read at all). */
  status: string;
  /** JSON ImportReport, written as the import goes and at its end. */
  report: string | null;
  failure: string | null;
  runs: Generated<number>;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface ImportRejectionTable {
  id: Generated<number>;
  import_id: string;
  line: number;
  /** JSON array of the row's cells as read. */
  cells: string;
  /** JSON array of { column, code, message, hint }. */
  errors: string;
}

export interface AfsMessageTable {
  id: string;
  business_id: string;
  received_at: number;
  /** smtp or http. */
  via: string;
  envelope_from: string | null;
  size: number;
  /** The raw message; null once the retention period has passed. */
  raw: Buffer | null;
  /** received (stored, not yet processed), processed, or kept (nothing usable, with the reason). */
  status: string;
  sender: string | null;
  subject: string | null;
  /** JSON of what was read from the message. */
  extracted: string | null;
  decision: string | null;
  code: string | null;
  reason: string | null;
  invitation_id: string | null;
  processed_at: number | null;
}

export interface AfsSenderTable {
  business_id: string;
  sender: string;
  first_seen_at: number;
}

export interface BusinessAlertTable {
  id: Generated<number>;
  business_id: string;
  type: string;
  message: string;
  created_at: number;
  read_at: number | null;
}

/** A shop's inbound hook: where it posts (the token's hash), what it signs with, and what it decides. */
export interface IntegrationTable {
  id: string;
  business_id: string;
  /** shopify, woocommerce, webhook or plugin. */
  provider: string;
  /** SHA-256 of the inbound URL's token, hex; the token itself is shown once. */
  token_hash: string;
  /** The token's first characters, so a person can tell URLs apart. */
  token_prefix: string;
  /** The HMAC key the shop signs with, as given: verifying needs the key itself. Never logged. */
  secret: string;
  /** JSON IntegrationSettings. */
  settings: string;
  created_at: number;
  updated_at: number;
}

/** What one inbound request became. Never the body: a rejected request's content is not kept. */
export interface IntegrationDeliveryTable {
  id: string;
  integration_id: string;
  business_id: string;
  received_at: number;
  topic: string | null;
  /** The platform's id of the delivery, set only once its signature held (dedupe). */
  delivery_id: string | null;
  /** valid, missing, invalid, stale or not_required. */
  signature: string;
  status_code: number;
  decision: string;
  reason: string | null;
  order_id: string | null;
  reference: string | null;
  /** JSON array of invitation ids. */
  invitation_ids: string;
}

/** An order a shop cancelled or refunded: a later event that would invite for it is decided cancelled. */
export interface OrderCancellationTable {
  business_id: string;
  reference: string;
  channel: string;
  reason: string;
  cancelled_at: number;
}

export type BusinessRow = Selectable<BusinessTable>;
export type NewBusinessRow = Insertable<BusinessTable>;
export type BusinessSecretRow = Selectable<BusinessSecretTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
export type OAuthTokenRow = Selectable<OAuthTokenTable>;
export type PlanRow = Selectable<PlanTable>;
export type InvitationRow = Selectable<InvitationTable>;
export type NewInvitationRow = Insertable<InvitationTable>;
export type InvitationEventRow = Selectable<InvitationEventTable>;
export type SuppressionRow = Selectable<SuppressionTable>;
export type TemplateRow = Selectable<TemplateTable>;
export type ReviewRow = Selectable<ReviewTable>;
export type ImportRow = Selectable<ImportTable>;
export type AfsMessageRow = Selectable<AfsMessageTable>;

/** A URL a business sends events to, with the Standard Webhooks secret its deliveries are signed with. */
export interface WebhookSubscriptionTable {
  id: string;
  business_id: string;
  url: string;
  /** Space-separated event types. */
  events: string;
  /** whsec_…, recoverable: every delivery is signed with it. */
  secret: string;
  /** The secret before the last rotation, signed with beside the new one until `previous_expires_at`. */
  previous_secret: string | null;
  previous_expires_at: number | null;
  /** active, or disabled (the receiver answered 410 Gone). */
  status: string;
  disabled_reason: string | null;
  created_at: number;
  updated_at: number;
}

/** The outbox: one event for one subscription, written in the transaction of the change it tells of. */
export interface WebhookDeliveryTable {
  id: string;
  business_id: string;
  subscription_id: string;
  /** The webhook-id header: the same on every attempt and replay, so receivers dedupe on it. */
  event_id: string;
  event_type: string;
  /** The exact JSON body sent. */
  payload: string;
  /** pending, delivered or failed. */
  status: string;
  attempts: Generated<number>;
  /** When the worker should next try; null when nothing is pending. */
  due_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
}

/** One try at sending a delivery: the delivery log. */
export interface WebhookAttemptTable {
  id: Generated<number>;
  delivery_id: string;
  business_id: string;
  attempt: number;
  at: number;
  /** The receiver's HTTP status; null when no answer came. */
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  /** 1 for a replay asked for from the CLI. */
  replay: Generated<number>;
}

/** An API POST's Idempotency-Key and, once the first request finished, its stored answer. */
export interface IdempotencyKeyTable {
  business_id: string;
  key: string;
  /** SHA-256 of method, route and body: the same key with another request is refused. */
  request_hash: string;
  /** Null while the first request runs. */
  status: number | null;
  content_type: string | null;
  body: string | null;
  created_at: number;
}

export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;
export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptTable>;
export type IntegrationRow = Selectable<IntegrationTable>;
export type IntegrationDeliveryRow = Selectable<IntegrationDeliveryTable>;

/** A dashboard user. The email is lower-cased; the password hash is null until a one-time link sets it. */
export interface UserTable {
  id: string;
  email: string;
  name: Generated<string>;
  password_hash: string | null;
  /** 1 for an operator of the whole installation (every business, creating businesses, every user). */
  operator: Generated<number>;
  locale: string | null;
  created_at: number;
  updated_at: number;
}

/** A user's place in a business: `owner` (keys, settings, team) or `member` (the day-to-day pages). */
export interface MembershipTable {
  user_id: string;
  business_id: string;
  role: string;
  created_at: number;
}

/** A logged-in browser. `id` is the SHA-256 of the cookie's token, never the token. */
export interface SessionTable {
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  user_agent: string | null;
}

/** A one-time link's token (its SHA-256): first-run setup, a password reset or a team invite. */
export interface UserTokenTable {
  id: string;
  user_id: string;
  purpose: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export type UserRow = Selectable<UserTable>;
export type MembershipRow = Selectable<MembershipTable>;
export type SessionRow = Selectable<SessionTable>;

/**
 * The overview's count of one metric through one method in one ended time bucket: a UTC day (`span` 24)
 * or an hour (`span` 1), `bucket` being its first hour since 1970-01-01; metric `_done` marks it counted.
 */
export interface DashboardCountTable {
  business_id: string;
  span: number;
  bucket: number;
  metric: string;
  method: string;
  count: number;
}
