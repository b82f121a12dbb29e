import { PostgresAdapter } from 'kysely';
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // Events are read in the order they happened; an identity column keeps that order within one millisecond.
  const serialId = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

  await db.schema.alterTable('businesses').addColumn('sender_name', 'varchar(200)').execute();
  await db.schema.alterTable('businesses').addColumn('sender_email', 'varchar(254)').execute();
  await db.schema.alterTable('businesses').addColumn('reply_to', 'varchar(254)').execute();
  await db.schema.alterTable('businesses').addColumn('legal_notice', 'text').execute();
  await db.schema
    .alterTable('businesses')
    .addColumn('track_opens', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('plans')
    .addColumn('name', 'varchar(64)', (col) => col.primaryKey())
    .addColumn('monthly_cap', 'integer')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('channel', 'varchar(16)', (col) => col.notNull())
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('label', 'varchar(16)', (col) => col.notNull())
    .addColumn('email', 'varchar(254)', (col) => col.notNull())
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    .addColumn('reference', 'varchar(128)', (col) => col.notNull())
    .addColumn('locale', 'varchar(16)')
    .addColumn('products', 'text', (col) => col.notNull())
    .addColumn('tags', 'text', (col) => col.notNull())
    .addColumn('template_id', 'varchar(64)')
    .addColumn('sender_name', 'varchar(200)')
    .addColumn('sender_email', 'varchar(254)')
    .addColumn('reply_to', 'varchar(254)')
    .addColumn('redirect_uri', 'varchar(2048)')
    .addColumn('token', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('import_id', 'varchar(36)')
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('reason', 'text')
    .addColumn('trigger_at', 'bigint', (col) => col.notNull())
    .addColumn('send_at', 'bigint')
    .addColumn('due_at', 'bigint')
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', 'bigint')
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('sent_at', 'bigint')
    .addColumn('message_id', 'varchar(255)')
    .addColumn('reminder_sent_at', 'bigint')
    .addColumn('reviewed_at', 'bigint')
    .addColumn('opened_at', 'bigint')
    .addColumn('clicked_at', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  // The identity index also serves the frequency rule (business, email, then trigger time is filtered).
  await db.schema
    .createIndex('invitations_identity')
    .on('invitations')
    .columns(['business_id', 'email', 'reference', 'kind'])
    .unique()
    .execute();
  await db.schema.createIndex('invitations_due').on('invitations').column('due_at').execute();
  await db.schema
    .createIndex('invitations_by_business')
    .on('invitations')
    .columns(['business_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('invitations_by_send_month')
    .on('invitations')
    .columns(['business_id', 'send_at'])
    .execute();

  await db.schema
    .createTable('invitation_events')
    .addColumn('id', 'integer', serialId)
    .addColumn('invitation_id', 'varchar(36)', (col) =>
      col.notNull().references('invitations.id').onDelete('cascade'),
    )
    .addColumn('business_id', 'varchar(36)', (col) => col.notNull())
    .addColumn('type', 'varchar(24)', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema
    .createIndex('invitation_events_by_invitation')
    .on('invitation_events')
    .columns(['invitation_id', 'id'])
    .execute();
  await db.schema
    .createIndex('invitation_events_by_business')
    .on('invitation_events')
    .columns(['business_id', 'at'])
    .execute();

  await db.schema
    .createTable('suppressions')
    // '*' for every business on this server, otherwise one business's id.
    .addColumn('scope', 'varchar(36)', (col) => col.notNull())
    .addColumn('email', 'varchar(254)', (col) => col.notNull())
    .addColumn('reason', 'varchar(16)', (col) => col.notNull())
    .addColumn('detail', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('suppressions_pk', ['scope', 'email'])
    .execute();

  await db.schema
    .createTable('templates')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    .addColumn('kind', 'varchar(24)', (col) => col.notNull())
    .addColumn('locale', 'varchar(16)')
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('is_default', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('templates_by_business').on('templates').column('business_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('templates').execute();
  await db.schema.dropTable('suppressions').execute();
  await db.schema.dropTable('invitation_events').execute();
  await db.schema.dropTable('invitations').execute();
  await db.schema.dropTable('plans').execute();
  for (const column of ['track_opens', 'legal_notice', 'reply_to', 'sender_email', 'sender_name']) {
    await db.schema.alterTable('businesses').dropColumn(column).execute();
  }
}
