import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

/**
 * API secrets and OAuth tokens for the hosted platform's Invitation API. An API key gets a secret, kept
 * only as its SHA-256 (null for keys made before secrets existed, until `vouch api-key rotate-secret`).
 * A token grant is one row: the access and refresh tokens' SHA-256 digests, the business and the key it
 * was issued to (revoking the key ends it), when each expires, and when a refresh replaced it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('secret_hash', 'varchar(64)').execute();

  await db.schema
    .createTable('oauth_tokens')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('api_key_id', 'varchar(36)', (col) =>
      col.notNull().references('api_keys.id').onDelete('cascade'),
    )
    .addColumn('access_token_hash', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('refresh_token_hash', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('grant_type', 'varchar(32)', (col) => col.notNull())
    .addColumn('issued_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('refresh_expires_at', 'bigint', (col) => col.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('oauth_tokens_by_key')
    .on('oauth_tokens')
    .columns(['api_key_id', 'issued_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('oauth_tokens').execute();
  await db.schema.alterTable('api_keys').dropColumn('secret_hash').execute();
}
