import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

/**
 * The domains, besides its own, whose addresses an AFS snippet may name as the sender or reply-to of a
 * business's invitations: a space-separated list, lower-case; null for none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('businesses').addColumn('afs_sender_domains', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('businesses').dropColumn('afs_sender_domains').execute();
}
