import { PostgresAdapter } from 'kysely';
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serialId = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('invitation_id', 'varchar(36)')
    .addColumn('label', 'varchar(16)', (col) => col.notNull())
    .addColumn('source', 'varchar(16)', (col) => col.notNull())
    .addColumn('email', 'varchar(254)', (col) => col.notNull())
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    .addColumn('reference', 'varchar(128)')
    .addColumn('rating', 'integer', (col) => col.notNull())
    .addColumn('title', 'varchar(200)', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('products', 'text', (col) => col.notNull())
    .addColumn('locale', 'varchar(16)', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('confirm_token_hash', 'varchar(64)')
    .addColumn('confirm_expires_at', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('published_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('reviews_identity')
    .on('reviews')
    .columns(['business_id', 'email', 'reference'])
    .unique()
    .execute();
  await db.schema
    .createIndex('reviews_public')
    .on('reviews')
    .columns(['business_id', 'status', 'published_at', 'id'])
    .execute();
  await db.schema.createIndex('reviews_confirmation').on('reviews').column('confirm_token_hash').execute();

  await db.schema
    .createTable('link_failures')
    .addColumn('id', 'integer', serialId)
    .addColumn('business_id', 'varchar(36)')
    .addColumn('entrance', 'varchar(16)', (col) => col.notNull())
    .addColumn('code', 'varchar(48)', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('link_failures_by_business')
    .on('link_failures')
    .columns(['business_id', 'at'])
    .execute();

  await db.schema
    .createTable('instance_settings')
    .addColumn('key', 'varchar(64)', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('instance_settings').execute();
  await db.schema.dropTable('link_failures').execute();
  await db.schema.dropTable('reviews').execute();
}
