import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

/**
 * A Unique Link's hash covers email and reference run together, so one signed link can be split into
 * many (email, reference) pairs. The review keeps a digest of the link's hash, and one business holds at
 * most one review per digest: two submits racing with two splits of one link cannot both insert.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reviews').addColumn('link_digest', 'varchar(64)').execute();
  await db.schema
    .createIndex('reviews_link_digest')
    .on('reviews')
    .columns(['business_id', 'link_digest'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reviews_link_digest').execute();
  await db.schema.alterTable('reviews').dropColumn('link_digest').execute();
}
