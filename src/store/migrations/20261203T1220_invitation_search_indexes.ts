import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

/**
 * The dashboard finds a business's invitations by their reference (the order number), as do the cancels
 * by reference (the API's, a shop's cancelled order). The identity index has the reference third, after
 * the email, so without this one each such lookup read every invitation of the business.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('invitations_by_reference')
    .on('invitations')
    .columns(['business_id', 'reference'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invitations_by_reference').execute();
}
