import { PostgresAdapter } from 'kysely';
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serialId = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

  await db.schema
    .createTable('afs_messages')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('received_at', 'bigint', (col) => col.notNull())
    .addColumn('via', 'varchar(8)', (col) => col.notNull())
    .addColumn('envelope_from', 'varchar(254)')
    .addColumn('size', 'integer', (col) => col.notNull())
    // The message as received, until the retention period ends; then only what was extracted remains.
    .addColumn('raw', postgres ? 'bytea' : 'blob')
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('sender', 'varchar(254)')
    .addColumn('subject', 'text')
    .addColumn('extracted', 'text')
    .addColumn('decision', 'varchar(24)')
    .addColumn('code', 'varchar(48)')
    .addColumn('reason', 'text')
    .addColumn('invitation_id', 'varchar(36)')
    .addColumn('processed_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('afs_messages_by_business')
    .on('afs_messages')
    .columns(['business_id', 'received_at'])
    .execute();
  await db.schema
    .createIndex('afs_messages_by_status')
    .on('afs_messages')
    .columns(['status', 'received_at'])
    .execute();

  await db.schema
    .createTable('afs_senders')
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('sender', 'varchar(254)', (col) => col.notNull())
    .addColumn('first_seen_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('afs_senders_pk', ['business_id', 'sender'])
    .execute();

  await db.schema
    .createTable('business_alerts')
    .addColumn('id', 'integer', serialId)
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('type', 'varchar(32)', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('read_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('business_alerts_by_business')
    .on('business_alerts')
    .columns(['business_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('business_alerts').execute();
  await db.schema.dropTable('afs_senders').execute();
  await db.schema.dropTable('afs_messages').execute();
}
