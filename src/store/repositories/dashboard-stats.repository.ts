import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

const HOUR_MS = 60 * 60 * 1000;

/** One count of the overview: `metric` happened `count` times through `method` in the bucket starting at hour `bucket`. */
export interface BucketCount {
  /** Hours since 1970-01-01, UTC, of the bucket's start. */
  bucket: number;
  metric: string;
  method: string;
  count: number;
}

/** A count summed over buckets. */
export type MethodCount = Omit<BucketCount, 'bucket'>;

/** The review entrances that are the `links` method when the review answered no invitation. */
export const LINK_ENTRANCES = ['unique_link', 'bgl'] as const;

/** A UTC day (24) or an hour (1). */
export type Span = 24 | 1;

/** The invitation events the overview counts; each becomes a metric of the same name. */
export const COUNTED_EVENTS = [
  'scheduled',
  'link_issued',
  'sent',
  'failed',
  'bounced',
  'opened',
  'clicked',
  'reviewed',
] as const;

/** Marks a bucket whose counts are stored (a bucket with nothing in it has only this row). */
const DONE = '_done';

/**
 * The overview's counts. Every read is one business's, over a range of buckets or times on an index that
 * starts with the business id; ended buckets are counted once and kept in `dashboard_counts`.
 */
export class DashboardStatsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    /** Reads outside a transaction (the store's read-only connection, where it has one). */
    private readonly reader: Kysely<Database> = db,
  ) {}

  /** The buckets of `span` starting in [from, to) (hours) that are already counted. */
  async countedBuckets(businessId: string, span: Span, from: number, to: number): Promise<Set<number>> {
    const rows = await this.reader
      .selectFrom('dashboard_counts')
      .select('bucket')
      .where('business_id', '=', businessId)
      .where('span', '=', span)
      .where('bucket', '>=', from)
      .where('bucket', '<', to)
      .where('metric', '=', DONE)
      .execute();
    return new Set(rows.map((row) => Number(row.bucket)));
  }

  /** The stored counts of the buckets of `span` starting in [from, to) (hours), summed per metric and method. */
  async storedTotals(businessId: string, span: Span, from: number, to: number): Promise<MethodCount[]> {
    const rows = await this.reader
      .selectFrom('dashboard_counts')
      .select(['metric', 'method', (eb) => eb.fn.sum<number | string>('count').as('count')])
      .where('business_id', '=', businessId)
      .where('span', '=', span)
      .where('bucket', '>=', from)
      .where('bucket', '<', to)
      .where('metric', '<>', DONE)
      .groupBy(['metric', 'method'])
      .execute();
    return rows.map((row) => ({ metric: row.metric, method: row.method, count: Number(row.count) }));
  }

  /**
   * Per stored bucket of `span` starting in [from, to) (hours): invitations sent (`sent` and `failed`) and
   * reviews (`reviewed`, and `review_direct` through the `links` entrances), for the chart.
   */
  async storedDaily(
    businessId: string,
    span: Span,
    from: number,
    to: number,
  ): Promise<{ bucket: number; sent: number; reviewed: number }[]> {
    const rows = await this.reader
      .selectFrom('dashboard_counts')
      .select((eb) => [
        'bucket',
        eb.fn
          .sum<number | string>(
            eb.case().when('metric', 'in', ['sent', 'failed']).then(eb.ref('count')).else(0).end(),
          )
          .as('sent'),
        eb.fn
          .sum<number | string>(
            eb
              .case()
              .when(
                eb.or([
                  eb('metric', '=', 'reviewed'),
                  eb.and([eb('metric', '=', 'review_direct'), eb('method', 'in', LINK_ENTRANCES)]),
                ]),
              )
              .then(eb.ref('count'))
              .else(0)
              .end(),
          )
          .as('reviewed'),
      ])
      .where('business_id', '=', businessId)
      .where('span', '=', span)
      .where('bucket', '>=', from)
      .where('bucket', '<', to)
      .where('metric', 'in', ['sent', 'failed', 'reviewed', 'review_direct'])
      .groupBy('bucket')
      .execute();
    return rows.map((row) => ({
      bucket: Number(row.bucket),
      sent: Number(row.sent),
      reviewed: Number(row.reviewed),
    }));
  }

  /**
   * Stores the counts of ended buckets and marks each of `buckets` counted. Two views counting the same
   * bucket at once store the same numbers: the second one's rows are ignored. Storing days drops the
   * hours they cover, which only the day still going needed.
   */
  async storeBuckets(
    businessId: string,
    span: Span,
    buckets: readonly number[],
    counts: readonly BucketCount[],
  ): Promise<void> {
    const wanted = new Set(buckets);
    const rows = [
      ...counts.filter((count) => wanted.has(count.bucket)),
      ...buckets.map((bucket) => ({ bucket, metric: DONE, method: '', count: 0 })),
    ].map((count) => ({ business_id: businessId, span, ...count }));
    const last = Math.max(...buckets);
    await this.db.transaction().execute(async (trx) => {
      // 6 columns a row: 150 rows stay well under SQLite's 999 bound parameters.
      for (let start = 0; start < rows.length; start += 150) {
        await trx
          .insertInto('dashboard_counts')
          .values(rows.slice(start, start + 150))
          .onConflict((conflict) =>
            conflict.columns(['business_id', 'span', 'bucket', 'metric', 'method']).doNothing(),
          )
          .execute();
      }
      if (span === 24) {
        await trx
          .deleteFrom('dashboard_counts')
          .where('business_id', '=', businessId)
          .where('span', '=', 1)
          .where('bucket', '<', last + 24)
          .execute();
      }
    });
  }

  /**
   * Counts what happened in [from, to) (epoch ms), per bucket of `span` hours, metric and method, from the events, the
   * reviews that answered no invitation, and the shop deliveries. Each query is a range of one index
   * that starts with the business id and the time.
   */
  async countRange(businessId: string, from: number, to: number, span: Span): Promise<BucketCount[]> {
    const [events, reviews, deliveries] = await Promise.all([
      this.eventCounts(businessId, from, to, span),
      this.directReviewCounts(businessId, from, to, span),
      this.shopProblemCounts(businessId, from, to, span),
    ]);
    return [...events, ...reviews, ...deliveries];
  }

  /**
   * Invitations by day, event type and channel. Opens and clicks count an invitation's first one only (the event whose time is the invitation's `opened_at`/`clicked_at`); `failed` counts
   * only invitations that stayed failed (a failed reminder leaves its invitation sent).
   */
  private async eventCounts(
    businessId: string,
    from: number,
    to: number,
    span: Span,
  ): Promise<BucketCount[]> {
    const day = sql<number>`(e.at / ${sql.lit(span * HOUR_MS)})`;
    const rows = await this.reader
      .selectFrom('invitation_events as e')
      // CROSS JOIN keeps SQLite on the range of events, never the business's invitations (an index on
      // (business_id, id) tempts it, and it carries the business over to them by itself); PostgreSQL
      // plans it as the inner join it is.
      .crossJoin('invitations as i')
      .whereRef('i.id', '=', 'e.invitation_id')
      .select([
        day.as('day'),
        'e.type as metric',
        'i.channel as method',
        // Distinct: two opens in the same millisecond both carry the invitation's `opened_at`.
        (eb) => eb.fn.count<number | string>('e.invitation_id').distinct().as('count'),
      ])
      .where('e.business_id', '=', businessId)
      .where('e.at', '>=', from)
      .where('e.at', '<', to)
      .where('e.type', 'in', COUNTED_EVENTS)
      .whereRef('i.business_id', '=', 'e.business_id')
      .where((eb) =>
        eb.or([
          eb('e.type', 'not in', ['opened', 'clicked', 'failed']),
          eb.and([eb('e.type', '=', 'opened'), eb('e.at', '=', eb.ref('i.opened_at'))]),
          eb.and([eb('e.type', '=', 'clicked'), eb('e.at', '=', eb.ref('i.clicked_at'))]),
          eb.and([eb('e.type', '=', 'failed'), eb('i.status', 'in', ['failed', 'bounced'])]),
        ]),
      )
      .groupBy([day, 'e.type', 'i.channel'])
      .execute();
    return rows.map((row) => ({
      bucket: Number(row.day) * span,
      metric: row.metric,
      method: row.method,
      count: Number(row.count),
    }));
  }

  /**
   * Reviews published in the range that answered no invitation (Unique Link, BGL, organic), by their
   * entrance: metric `review_direct`. Hidden ones count too: they were written in the period.
   */
  private async directReviewCounts(
    businessId: string,
    from: number,
    to: number,
    span: Span,
  ): Promise<BucketCount[]> {
    const day = sql<number>`(published_at / ${sql.lit(span * HOUR_MS)})`;
    const rows = await this.reader
      .selectFrom('reviews')
      .select([day.as('day'), 'source as method', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('business_id', '=', businessId)
      .where('status', 'in', ['published', 'hidden'])
      .where('published_at', '>=', from)
      .where('published_at', '<', to)
      .where('invitation_id', 'is', null)
      .groupBy([day, 'source'])
      .execute();
    return rows.map((row) => ({
      bucket: Number(row.day) * span,
      metric: 'review_direct',
      method: row.method,
      count: Number(row.count),
    }));
  }

  /** Shop deliveries Vouch refused or failed on, by day and signature verdict: metric `shop_problem`. */
  private async shopProblemCounts(
    businessId: string,
    from: number,
    to: number,
    span: Span,
  ): Promise<BucketCount[]> {
    const day = sql<number>`(received_at / ${sql.lit(span * HOUR_MS)})`;
    const rows = await this.reader
      .selectFrom('integration_deliveries')
      .select([day.as('day'), 'signature as method', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('business_id', '=', businessId)
      .where('received_at', '>=', from)
      .where('received_at', '<', to)
      .where('decision', 'in', ['rejected', 'failed'])
      .groupBy([day, 'signature'])
      .execute();
    return rows.map((row) => ({
      bucket: Number(row.day) * span,
      metric: 'shop_problem',
      method: row.method,
      count: Number(row.count),
    }));
  }

  /**
   * Published reviews of all time by label and rating, read from `reviews_by_label_rating` alone (an
   * index-only scan): the TrustScore and the label mix.
   */
  async publishedByLabelAndRating(
    businessId: string,
  ): Promise<{ label: string; rating: number; count: number }[]> {
    const rows = await this.reader
      .selectFrom('reviews')
      .select(['label', 'rating', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('business_id', '=', businessId)
      .where('status', '=', 'published')
      .groupBy(['label', 'rating'])
      .execute();
    return rows.map((row) => ({ label: row.label, rating: Number(row.rating), count: Number(row.count) }));
  }

  /**
   * When the business's reviews last changed, and how many changed at that very millisecond: every write
   * that moves a review's status, rating or label sets its `updated_at`, and no review is ever deleted, so
   * while this stays the same the figures computed from them hold. Two reads of `reviews_by_update`.
   */
  async reviewsVersion(businessId: string): Promise<string> {
    const latest = this.reader
      .selectFrom('reviews')
      .select((eb) => eb.fn.max('updated_at').as('at'))
      .where('business_id', '=', businessId);
    const row = await this.reader
      .selectFrom('reviews')
      .select(['updated_at', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('business_id', '=', businessId)
      .where('updated_at', '=', latest)
      .groupBy('updated_at')
      .executeTakeFirst();
    return row ? `${Number(row.updated_at)}:${Number(row.count)}` : 'none';
  }

  /** The newest `limit` AFS alerts raised since `since`. */
  afsAlerts(businessId: string, since: number, limit: number) {
    return this.reader
      .selectFrom('business_alerts')
      .select(['type', 'message', 'created_at'])
      .where('business_id', '=', businessId)
      .where('created_at', '>=', since)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Refused links since `fromDay` per finding and entrance, with the last one's time. */
  async linkFailures(
    businessId: string,
    fromDay: number,
  ): Promise<{ code: string; entrance: string; count: number; lastAt: number }[]> {
    const rows = await this.reader
      .selectFrom('link_failure_days')
      .select([
        'code',
        'entrance',
        (eb) => eb.fn.sum<number | string>('failures').as('count'),
        (eb) => eb.fn.max<number | string>('last_at').as('last_at'),
      ])
      .where('business_id', '=', businessId)
      .where('day', '>=', fromDay)
      .groupBy(['code', 'entrance'])
      .orderBy('code')
      .orderBy('entrance')
      .execute();
    return rows.map((row) => ({
      code: row.code,
      entrance: row.entrance,
      count: Number(row.count),
      lastAt: Number(row.last_at),
    }));
  }
}
