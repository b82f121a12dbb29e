import type { Insertable, Selectable } from 'kysely';

/**
 * The database as the code sees it. Times are epoch milliseconds (bigint on PostgreSQL, integer on
 * SQLite) so both engines compare and sort them the same way; ids are UUID strings.
 */
export interface Database {
  businesses: BusinessTable;
  business_secrets: BusinessSecretTable;
  api_keys: ApiKeyTable;
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
}

export type BusinessRow = Selectable<BusinessTable>;
export type NewBusinessRow = Insertable<BusinessTable>;
export type BusinessSecretRow = Selectable<BusinessSecretTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
