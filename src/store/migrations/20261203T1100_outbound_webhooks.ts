import { PostgresAdapter } from 'kysely';
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

/**
 * Outbound webhooks: a business's subscriptions (a URL, the events it wants, its Standard Webhooks
 * secret), the outbox (one delivery per event and subscription, written in the transaction of the change)
 * and the log of every attempt to send one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serialId = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('url', 'varchar(2048)', (col) => col.notNull())
    // Space-separated event types.
    .addColumn('events', 'text', (col) => col.notNull())
    // whsec_…: kept recoverable, since every delivery is signed with it.
    .addColumn('secret', 'varchar(128)', (col) => col.notNull())
    // The secret before the last rotation, still signed with (beside the new one) until it expires.
    .addColumn('previous_secret', 'varchar(128)')
    .addColumn('previous_expires_at', 'bigint')
    // active, or disabled (the receiver answered 410 Gone).
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_subscriptions_by_business')
    .on('webhook_subscriptions')
    .columns(['business_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('subscription_id', 'varchar(36)', (col) =>
      col.notNull().references('webhook_subscriptions.id').onDelete('cascade'),
    )
    // The event's id: the webhook-id header, the same on every attempt and replay.
    .addColumn('event_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('event_type', 'varchar(48)', (col) => col.notNull())
    // The exact body sent, so every attempt signs the same bytes.
    .addColumn('payload', 'text', (col) => col.notNull())
    // pending, delivered or failed.
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('due_at', 'bigint')
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', 'bigint')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').column('due_at').execute();
  await db.schema
    .createIndex('webhook_deliveries_by_business')
    .on('webhook_deliveries')
    .columns(['business_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_by_subscription')
    .on('webhook_deliveries')
    .columns(['subscription_id', 'status'])
    .execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'integer', serialId)
    .addColumn('delivery_id', 'varchar(36)', (col) =>
      col.notNull().references('webhook_deliveries.id').onDelete('cascade'),
    )
    .addColumn('business_id', 'varchar(36)', (col) => col.notNull())
    .addColumn('attempt', 'integer', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    // The receiver's HTTP status; null when no answer came (refused, timed out).
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    // 1 for a replay asked for from the CLI.
    .addColumn('replay', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('webhook_attempts_by_delivery')
    .on('webhook_attempts')
    .columns(['delivery_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_attempts').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_subscriptions').execute();
}
