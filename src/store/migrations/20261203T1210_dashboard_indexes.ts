import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

/**
 * What the dashboard's overview reads without counting a business's whole history on every view.
 *
 * `dashboard_days` keeps, per business and finished UTC day (days since 1970-01-01), how many of each
 * event happened through each method: the overview counts a day once, after it has ended, and from then
 * on reads the day's few rows instead of its events. A row with metric `_done` marks a day as counted
 * (a day with nothing in it has only that row).
 *
 * `reviews_by_label_rating` lets the TrustScore and label mix over all published reviews be read from
 * the index alone; `integration_deliveries_by_business` lets a day of a business's shop deliveries be
 * read as one range, whichever of its integrations received them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dashboard_days')
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('day', 'integer', (col) => col.notNull())
    .addColumn('metric', 'varchar(24)', (col) => col.notNull())
    .addColumn('method', 'varchar(24)', (col) => col.notNull())
    .addColumn('count', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('dashboard_days_pk', ['business_id', 'day', 'metric', 'method'])
    .execute();
  await db.schema
    .createIndex('reviews_by_label_rating')
    .on('reviews')
    .columns(['business_id', 'status', 'label', 'rating'])
    .execute();
  await db.schema
    .createIndex('integration_deliveries_by_business')
    .on('integration_deliveries')
    .columns(['business_id', 'received_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('integration_deliveries_by_business').execute();
  await db.schema.dropIndex('reviews_by_label_rating').execute();
  await db.schema.dropTable('dashboard_days').execute();
}
