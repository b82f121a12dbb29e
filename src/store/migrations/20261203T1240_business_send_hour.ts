import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

/** A business's hour of the day (UTC, 0-23) for sending invitations; null sends once the delay is over. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('businesses').addColumn('send_hour', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('businesses').dropColumn('send_hour').execute();
}
