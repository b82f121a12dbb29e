import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

/**
 * What the dashboard's list of invitations reads.
 *
 * `invitations_by_time` is `invitations_by_business` (business, created_at) with the id added, in its
 * place: the list is newest first by (created_at, id) a page at a time, and a file's batch of thousands
 * of invitations is made in one millisecond, so without the id each page sorted a whole batch.
 *
 * `invitations_by_reference`: the dashboard finds invitations by reference (the order number), as do
 * cancels by reference (the API's, a shop's cancelled order). The identity index has the reference third,
 * after the email, so without this one each such lookup read every invitation of the business.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('invitations_by_time')
    .on('invitations')
    .columns(['business_id', 'created_at', 'id'])
    .execute();
  await db.schema.dropIndex('invitations_by_business').execute();
  await db.schema
    .createIndex('invitations_by_reference')
    .on('invitations')
    .columns(['business_id', 'reference'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invitations_by_reference').execute();
  await db.schema
    .createIndex('invitations_by_business')
    .on('invitations')
    .columns(['business_id', 'created_at'])
    .execute();
  await db.schema.dropIndex('invitations_by_time').execute();
}
