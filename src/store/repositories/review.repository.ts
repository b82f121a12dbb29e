import type { Kysely, Transaction, Updateable } from 'kysely';
import { DAY_MS } from '../../clock.js';
import type { Database, ReviewRow, ReviewTable } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface ReviewStats {
  count: number;
  ratingSum: number;
  /** Published reviews per rating, index 0 for 1 star. */
  distribution: [number, number, number, number, number];
}

/** What the dashboard's review list may be narrowed to; each is one exact value. */
export interface DashboardReviewFilters {
  label?: string | undefined;
  rating?: number | undefined;
  status?: string | undefined;
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

  /**
   * Every review of one business as its dashboard lists them (all labels and statuses unless filtered),
   * newest first by when it was written, after the cursor (the last one of the previous page).
   */
  listForDashboard(
    businessId: string,
    filters: DashboardReviewFilters,
    limit: number,
    after?: { createdAt: number; id: string },
  ): Promise<ReviewRow[]> {
    let query = this.reader.selectFrom('reviews').selectAll().where('business_id', '=', businessId);
    if (filters.label !== undefined) query = query.where('label', '=', filters.label);
    if (filters.rating !== undefined) query = query.where('rating', '=', filters.rating);
    if (filters.status !== undefined) query = query.where('status', '=', filters.status);
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
        ]),
      );
    }
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
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

  /**
   * Counts one refused link on its business, entrance, finding and UTC day. The first failure of a day
   * also drops the days older than `retentionDays`, so the table holds at most that many days whatever
   * arrives, at the cost of one delete a day per finding rather than one per failure.
   */
  async recordLinkFailure(
    businessId: string,
    entrance: string,
    code: string,
    at: number,
    retentionDays: number,
  ): Promise<void> {
    const day = Math.floor(at / DAY_MS);
    const counted = await this.db
      .insertInto('link_failure_days')
      .values({ business_id: businessId, day, entrance, code, failures: 1, last_at: at })
      .onConflict((conflict) =>
        conflict.columns(['business_id', 'day', 'entrance', 'code']).doUpdateSet((eb) => ({
          failures: eb('link_failure_days.failures', '+', 1),
          // A clock set back must not make "last seen" go back.
          last_at: eb
            .case()
            .when('excluded.last_at', '>', eb.ref('link_failure_days.last_at'))
            .then(eb.ref('excluded.last_at'))
            .else(eb.ref('link_failure_days.last_at'))
            .end(),
        })),
      )
      .returning('failures')
      .executeTakeFirst();
    if (Number(counted?.failures) === 1) await this.pruneLinkFailures(day - retentionDays + 1);
  }

  /** Forgets the failure counts of days before `firstKeptDay` (days since 1970-01-01, UTC). */
  async pruneLinkFailures(firstKeptDay: number): Promise<number> {
    const result = await this.db
      .deleteFrom('link_failure_days')
      .where('day', '<', firstKeptDay)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Failures per finding and entrance from the day of `since` on. */
  async linkFailureCounts(
    businessId: string,
    since: number,
  ): Promise<{ code: string; entrance: string; count: number }[]> {
    const rows = await this.db
      .selectFrom('link_failure_days')
      .select(['code', 'entrance', (eb) => eb.fn.sum<number | string>('failures').as('count')])
      .where('business_id', '=', businessId)
      .where('day', '>=', Math.floor(since / DAY_MS))
      .groupBy(['code', 'entrance'])
      .orderBy('code')
      .orderBy('entrance')
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
