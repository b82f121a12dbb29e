import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

/**
 * What the dashboard's overview reads without counting a business's whole history on every view.
 *
 * `dashboard_counts` keeps, per business, how many of each event happened through each method in a time
 * bucket that has ended: a UTC day (`span` 24) or, for the day still going, an hour (`span` 1); `bucket`
 * is the bucket's first hour, in hours since 1970-01-01. The overview counts a bucket once, after it has
 * ended, and from then on reads its few rows instead of its events. A row with metric `_done` marks a
 * bucket as counted (a bucket with nothing in it has only that row).
 *
 * `reviews_by_label_rating` lets the TrustScore and label mix over all published reviews be read from the
 * index alone; `reviews_by_update` finds a business's latest review change at once, so the overview knows
 * whether the figures it computed from them still hold. `integration_deliveries_by_business` lets a
 * bucket of a business's shop deliveries be read as one range, whichever integration received them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('dashboard_counts')
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('span', 'integer', (col) => col.notNull())
    .addColumn('bucket', 'integer', (col) => col.notNull())
    .addColumn('metric', 'varchar(24)', (col) => col.notNull())
    .addColumn('method', 'varchar(24)', (col) => col.notNull())
    .addColumn('count', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('dashboard_counts_pk', ['business_id', 'span', 'bucket', 'metric', 'method'])
    // On SQLite the rows live in the key's own tree, so a range of buckets is read without a second look-up.
    .$call((table) => (postgres ? table : table.modifyEnd(sql`without rowid`)))
    .execute();
  await db.schema
    .createIndex('reviews_by_label_rating')
    .on('reviews')
    .columns(['business_id', 'status', 'label', 'rating'])
    .execute();
  await db.schema
    .createIndex('reviews_by_update')
    .on('reviews')
    .columns(['business_id', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('integration_deliveries_by_business')
    .on('integration_deliveries')
    .columns(['business_id', 'received_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('integration_deliveries_by_business').execute();
  await db.schema.dropIndex('reviews_by_update').execute();
  await db.schema.dropIndex('reviews_by_label_rating').execute();
  await db.schema.dropTable('dashboard_counts').execute();
}
