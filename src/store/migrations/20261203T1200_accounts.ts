import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

/**
 * Dashboard accounts: users (an email and a scrypt password hash; operators run the whole installation),
 * their memberships of businesses (owner or member), server-side sessions (only the SHA-256 of the cookie's
 * token is stored), and one-time tokens for first-run setup, password resets and team invites (also stored
 * as digests). Reviews gain what the dashboard does to them: hidden with a reason, and a public reply.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    // Lower-cased; unique across the installation.
    .addColumn('email', 'varchar(254)', (col) => col.notNull().unique())
    .addColumn('name', 'varchar(200)', (col) => col.notNull().defaultTo(''))
    // scrypt$N$r$p$salt$hash (base64); null until the user chooses a password through a one-time link.
    .addColumn('password_hash', 'varchar(255)')
    .addColumn('operator', 'integer', (col) => col.notNull().defaultTo(0))
    // The dashboard's language; null follows the browser's Accept-Language.
    .addColumn('locale', 'varchar(16)')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    // owner or member.
    .addColumn('role', 'varchar(16)', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'business_id'])
    .execute();
  await db.schema.createIndex('memberships_by_business').on('memberships').columns(['business_id']).execute();

  await db.schema
    .createTable('sessions')
    // SHA-256 (hex) of the cookie's random token: a copy of the table logs nobody in.
    .addColumn('id', 'varchar(64)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('user_agent', 'varchar(300)')
    .execute();
  await db.schema.createIndex('sessions_by_user').on('sessions').columns(['user_id']).execute();

  await db.schema
    .createTable('user_tokens')
    // SHA-256 (hex) of the token in the emailed or printed link.
    .addColumn('id', 'varchar(64)', (col) => col.primaryKey())
    .addColumn('user_id', 'varchar(36)', (col) => col.notNull().references('users.id').onDelete('cascade'))
    // setup (first password, printed by the CLI), reset (forgotten password) or invite (a team invite).
    .addColumn('purpose', 'varchar(16)', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('user_tokens_by_user').on('user_tokens').columns(['user_id']).execute();

  // A password grant's tokens name their user: a new password or leaving the business ends them.
  await db.schema.alterTable('oauth_tokens').addColumn('user_id', 'varchar(36)').execute();

  await db.schema.alterTable('reviews').addColumn('hidden_reason', 'text').execute();
  await db.schema.alterTable('reviews').addColumn('hidden_at', 'bigint').execute();
  await db.schema.alterTable('reviews').addColumn('reply_text', 'text').execute();
  await db.schema.alterTable('reviews').addColumn('replied_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reviews').dropColumn('replied_at').execute();
  await db.schema.alterTable('reviews').dropColumn('reply_text').execute();
  await db.schema.alterTable('reviews').dropColumn('hidden_at').execute();
  await db.schema.alterTable('reviews').dropColumn('hidden_reason').execute();
  await db.schema.alterTable('oauth_tokens').dropColumn('user_id').execute();
  await db.schema.dropTable('user_tokens').execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema.dropTable('memberships').execute();
  await db.schema.dropTable('users').execute();
}
