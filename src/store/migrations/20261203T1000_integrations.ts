import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

/**
 * Shop integrations: each business's inbound hooks (Shopify, WooCommerce, a signed webhook, the hosted
 * platform's plugin), the log of what each delivery became, and the order references a shop cancelled,
 * so a cancel that arrives before the order's fulfilment still wins.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('integrations')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('provider', 'varchar(16)', (col) => col.notNull())
    // SHA-256 of the inbound URL's token, hex: the token itself is only in the URL shown on add.
    .addColumn('token_hash', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('token_prefix', 'varchar(12)', (col) => col.notNull())
    // An HMAC key: kept as given, since verifying a signature needs the key itself.
    .addColumn('secret', 'text', (col) => col.notNull())
    .addColumn('settings', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('integrations_by_business')
    .on('integrations')
    .columns(['business_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('integration_deliveries')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('integration_id', 'varchar(36)', (col) =>
      col.notNull().references('integrations.id').onDelete('cascade'),
    )
    .addColumn('business_id', 'varchar(36)', (col) => col.notNull())
    .addColumn('received_at', 'bigint', (col) => col.notNull())
    .addColumn('topic', 'varchar(100)')
    // The platform's id of the delivery, kept only once its signature held: a repeat is a duplicate.
    .addColumn('delivery_id', 'varchar(200)')
    .addColumn('signature', 'varchar(16)', (col) => col.notNull())
    .addColumn('status_code', 'integer', (col) => col.notNull())
    .addColumn('decision', 'varchar(24)', (col) => col.notNull())
    .addColumn('reason', 'text')
    // The shop's own id of the order (Shopify's refunds name only this) and the reference it became.
    .addColumn('order_id', 'varchar(64)')
    .addColumn('reference', 'varchar(128)')
    .addColumn('invitation_ids', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('integration_deliveries_once')
    .on('integration_deliveries')
    .columns(['integration_id', 'delivery_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('integration_deliveries_by_time')
    .on('integration_deliveries')
    .columns(['integration_id', 'received_at'])
    .execute();
  await db.schema
    .createIndex('integration_deliveries_by_order')
    .on('integration_deliveries')
    .columns(['integration_id', 'order_id'])
    .execute();

  await db.schema
    .createTable('order_cancellations')
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('reference', 'varchar(128)', (col) => col.notNull())
    .addColumn('channel', 'varchar(16)', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('cancelled_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('order_cancellations_pk', ['business_id', 'reference'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('order_cancellations').execute();
  await db.schema.dropTable('integration_deliveries').execute();
  await db.schema.dropTable('integrations').execute();
}
