import { PostgresAdapter, sql } from 'kysely';
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

const DAY_MS = 86_400_000;

/**
 * Every refused link used to add a row to `link_failures`, forever: a guesser or a broken shop template
 * grew it without bound. Failures are now one row per business, entrance, finding and UTC day (days since
 * 1970-01-01), with a count and when the last one was seen; old days are pruned after a retention period.
 * The rows already there are folded into their days; rows that named no business (never written) go.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('link_failure_days')
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('day', 'integer', (col) => col.notNull())
    .addColumn('entrance', 'varchar(16)', (col) => col.notNull())
    .addColumn('code', 'varchar(48)', (col) => col.notNull())
    .addColumn('failures', 'integer', (col) => col.notNull())
    .addColumn('last_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('link_failure_days_pk', ['business_id', 'day', 'entrance', 'code'])
    .execute();
  // Pruning deletes by day across every business.
  await db.schema.createIndex('link_failure_days_by_day').on('link_failure_days').column('day').execute();

  const day = sql<number>`cast(f.at / ${sql.lit(DAY_MS)} as integer)`;
  await sql`
    insert into link_failure_days (business_id, day, entrance, code, failures, last_at)
    select f.business_id, ${day}, f.entrance, f.code, count(*), max(f.at)
    from link_failures f
    join businesses b on b.id = f.business_id
    group by f.business_id, ${day}, f.entrance, f.code
  `.execute(db);
  await db.schema.dropTable('link_failures').execute();
}

/** Back to one row per failure; each day's count becomes one row, at the last time it was seen. */
export async function down(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serialId = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();
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
  await sql`
    insert into link_failures (business_id, entrance, code, at)
    select business_id, entrance, code, last_at from link_failure_days
  `.execute(db);
  await db.schema.dropTable('link_failure_days').execute();
}
