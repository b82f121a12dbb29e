import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('businesses')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    .addColumn('domain', 'varchar(253)', (col) => col.notNull().unique())
    .addColumn('plan', 'varchar(64)', (col) => col.notNull())
    .addColumn('default_locale', 'varchar(16)', (col) => col.notNull())
    .addColumn('invitation_delay_days', 'integer', (col) => col.notNull())
    .addColumn('frequency_days', 'integer')
    .addColumn('reminder_days', 'integer')
    .addColumn('afs_token', 'varchar(32)', (col) => col.notNull().unique())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('business_secrets')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('secret', 'text')
    .addColumn('encrypt_key', 'varchar(64)')
    .addColumn('auth_key', 'varchar(64)')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('retired_at', 'bigint')
    .addColumn('expires_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('business_secrets_by_business')
    .on('business_secrets')
    .columns(['business_id', 'kind'])
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('label', 'varchar(200)', (col) => col.notNull())
    .addColumn('prefix', 'varchar(32)', (col) => col.notNull())
    .addColumn('key_hash', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('api_keys_by_business').on('api_keys').column('business_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_keys').execute();
  await db.schema.dropTable('business_secrets').execute();
  await db.schema.dropTable('businesses').execute();
}
