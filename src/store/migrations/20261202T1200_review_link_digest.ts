import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

const PAGE = 1000;

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
  await backfill(db);
}

interface SecretRow {
  business_id: string;
  secret: string;
  created_at: number | string;
  retired_at: number | string | null;
}

interface ReviewRow {
  id: string;
  business_id: string;
  email: string;
  reference: string;
  created_at: number | string;
}

/**
 * Reviews made before this migration learn their link's digest here, from the secret current when they
 * were written, so a split of an old link reaches them too. Best effort: the stored email is normalised
 * (lower-case), so a link signed over a mixed-case email gets a digest no link matches, and that review
 * learns the right one the next time its own link edits it. Where earlier splits already made several
 * reviews of one link, the oldest keeps the digest.
 */
async function backfill(db: Kysely<any>): Promise<void> {
  const secrets = (await db
    .selectFrom('business_secrets')
    .select(['business_id', 'secret', 'created_at', 'retired_at'])
    .where('kind', '=', 'unique_link')
    .where('secret', 'is not', null)
    .orderBy('created_at', 'desc')
    .execute()) as SecretRow[];
  const byBusiness = new Map<string, SecretRow[]>();
  for (const row of secrets) {
    const list = byBusiness.get(row.business_id) ?? [];
    list.push(row);
    byBusiness.set(row.business_id, list);
  }
  let after: { created_at: number; id: string } | undefined;
  for (;;) {
    let query = db
      .selectFrom('reviews')
      .select(['id', 'business_id', 'email', 'reference', 'created_at'])
      .where('source', '=', 'unique_link')
      .where('reference', 'is not', null)
      .where('link_digest', 'is', null);
    if (after) {
      const last = after;
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '>', last.created_at),
          eb.and([eb('created_at', '=', last.created_at), eb('id', '>', last.id)]),
        ]),
      );
    }
    const rows = (await query.orderBy('created_at').orderBy('id').limit(PAGE).execute()) as ReviewRow[];
    for (const review of rows) {
      const at = Number(review.created_at);
      const candidates = byBusiness.get(review.business_id) ?? [];
      const secret =
        candidates.find(
          (row) => Number(row.created_at) <= at && (row.retired_at === null || Number(row.retired_at) > at),
        ) ?? candidates[0];
      if (!secret) continue;
      const hash = createHash('sha1')
        .update(secret.secret + review.email + review.reference, 'utf8')
        .digest('hex');
      const digest = createHash('sha256').update(`unique_link|${hash}`).digest('hex');
      await db
        .updateTable('reviews')
        .set({ link_digest: digest })
        .where('id', '=', review.id)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('reviews as other')
                .select('other.id')
                .where('other.business_id', '=', review.business_id)
                .where('other.link_digest', '=', digest),
            ),
          ),
        )
        .execute();
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    after = { created_at: Number(last.created_at), id: last.id };
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reviews_link_digest').execute();
  await db.schema.alterTable('reviews').dropColumn('link_digest').execute();
}
