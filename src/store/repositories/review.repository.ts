import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database, ReviewRow, ReviewTable } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface ReviewStats {
  count: number;
  ratingSum: number;
  /** Published reviews per rating, index 0 for 1 star. */
  distribution: [number, number, number, number, number];
}

/** Reviews and the record of links that failed. Every read is scoped to one business id. */
export class ReviewRepository {
  /** `reader` serves reads outside a transaction (the store's read-only connection, where it has one). */
  constructor(
    private readonly db: Executor,
    private readonly reader: Executor = db,
  ) {}

  async insert(row: ReviewRow): Promise<void> {
    await this.db.insertInto('reviews').values(row).execute();
  }

  async update(businessId: string, id: string, change: Updateable<ReviewTable>): Promise<void> {
    await this.db
      .updateTable('reviews')
      .set(change)
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .execute();
  }

  findByIdentity(businessId: string, email: string, reference: string): Promise<ReviewRow | undefined> {
    // Inside a transaction the read must see that transaction's own writes: only its connection does.
    return (this.db.isTransaction ? this.db : this.reader)
      .selectFrom('reviews')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('email', '=', email)
      .where('reference', '=', reference)
      .executeTakeFirst();
  }

  /**
   * The review a signed link made, whatever (email, reference) split it shows now. Its own query rather
   * than an OR beside the identity: two indexed lookups cost less than SQLite's multi-index OR (measured
   * 20 against 35 µs a lookup).
   */
  findByLinkDigest(businessId: string, linkDigest: string): Promise<ReviewRow | undefined> {
    return (this.db.isTransaction ? this.db : this.reader)
      .selectFrom('reviews')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('link_digest', '=', linkDigest)
      .executeTakeFirst();
  }

  findById(businessId: string, id: string): Promise<ReviewRow | undefined> {
    return this.db
      .selectFrom('reviews')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findPendingByTokenHash(businessId: string, tokenHash: string): Promise<ReviewRow | undefined> {
    return this.db
      .selectFrom('reviews')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('confirm_token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Published reviews, newest first, after the cursor (the last one of the previous page). */
  listPublished(
    businessId: string,
    limit: number,
    after?: { publishedAt: number; id: string },
  ): Promise<ReviewRow[]> {
    let query = this.db
      .selectFrom('reviews')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('status', '=', 'published');
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('published_at', '<', after.publishedAt),
          eb.and([eb('published_at', '=', after.publishedAt), eb('id', '<', after.id)]),
        ]),
      );
    }
    return query.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  async stats(businessId: string): Promise<ReviewStats> {
    const rows = await this.db
      .selectFrom('reviews')
      .select(['rating', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('business_id', '=', businessId)
      .where('status', '=', 'published')
      .groupBy('rating')
      .execute();
    const distribution: ReviewStats['distribution'] = [0, 0, 0, 0, 0];
    let count = 0;
    let ratingSum = 0;
    for (const row of rows) {
      const n = Number(row.count);
      if (row.rating >= 1 && row.rating <= 5) distribution[row.rating - 1] = n;
      count += n;
      ratingSum += n * row.rating;
    }
    return { count, ratingSum, distribution };
  }

  async recordLinkFailure(
    businessId: string | null,
    entrance: string,
    code: string,
    at: number,
  ): Promise<void> {
    await this.db
      .insertInto('link_failures')
      .values({ business_id: businessId, entrance, code, at })
      .execute();
  }

  async linkFailureCounts(
    businessId: string,
    since: number,
  ): Promise<{ code: string; entrance: string; count: number }[]> {
    const rows = await this.db
      .selectFrom('link_failures')
      .select(['code', 'entrance', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('business_id', '=', businessId)
      .where('at', '>=', since)
      .groupBy(['code', 'entrance'])
      .orderBy('code')
      .execute();
    return rows.map((row) => ({ code: row.code, entrance: row.entrance, count: Number(row.count) }));
  }
}

/** Settings of this installation that are generated once and kept (the form-signing secret). */
export class InstanceSettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async getOrCreate(key: string, make: () => string): Promise<string> {
    const existing = await this.db
      .selectFrom('instance_settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    if (existing) return existing.value;
    await this.db
      .insertInto('instance_settings')
      .values({ key, value: make() })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
    const stored = await this.db
      .selectFrom('instance_settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    return stored.value;
  }
}
