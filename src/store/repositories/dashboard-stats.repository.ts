import { sql, type Kysely } from 'kysely';
import { DAY_MS } from '../../clock.js';
import type { Database } from '../schema.js';

/** One count of the overview: `metric` happened `count` times through `method` on `day` (UTC days). */
export interface DayCount {
  day: number;
  metric: string;
  method: string;
  count: number;
}

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

/** Marks a day whose counts are stored (a day with nothing in it has only this row). */
const DONE = '_done';

/**
 * The overview's counts. Every read is one business's, over a range of days or times on an index that
 * starts with the business id; finished days are counted once and kept in `dashboard_days`.
 */
export class DashboardStatsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    /** Reads outside a transaction (the store's read-only connection, where it has one). */
    private readonly reader: Kysely<Database> = db,
  ) {}

  /** The stored days in [fromDay, toDay) that are already counted. */
  async countedDays(businessId: string, fromDay: number, toDay: number): Promise<Set<number>> {
    const rows = await this.reader
      .selectFrom('dashboard_days')
      .select('day')
      .where('business_id', '=', businessId)
      .where('day', '>=', fromDay)
      .where('day', '<', toDay)
      .where('metric', '=', DONE)
      .execute();
    return new Set(rows.map((row) => Number(row.day)));
  }

  /** The stored counts of the days in [fromDay, toDay). */
  async storedCounts(businessId: string, fromDay: number, toDay: number): Promise<DayCount[]> {
    const rows = await this.reader
      .selectFrom('dashboard_days')
      .select(['day', 'metric', 'method', 'count'])
      .where('business_id', '=', businessId)
      .where('day', '>=', fromDay)
      .where('day', '<', toDay)
      .where('metric', '<>', DONE)
      .execute();
    return rows.map((row) => ({ ...row, day: Number(row.day), count: Number(row.count) }));
  }

  /**
   * Stores the counts of finished days and marks each of `days` counted. Two views counting the same day
   * at once store the same numbers: the second one's rows are ignored.
   */
  async storeDays(businessId: string, days: readonly number[], counts: readonly DayCount[]): Promise<void> {
    const wanted = new Set(days);
    const rows = [
      ...counts.filter((count) => wanted.has(count.day)),
      ...days.map((day) => ({ day, metric: DONE, method: '', count: 0 })),
    ].map((count) => ({ business_id: businessId, ...count }));
    await this.db.transaction().execute(async (trx) => {
      // 5 columns a row: 150 rows stay well under SQLite's 999 bound parameters.
      for (let start = 0; start < rows.length; start += 150) {
        await trx
          .insertInto('dashboard_days')
          .values(rows.slice(start, start + 150))
          .onConflict((conflict) => conflict.columns(['business_id', 'day', 'metric', 'method']).doNothing())
          .execute();
      }
    });
  }

  /**
   * Counts what happened in [from, to) (epoch ms), per UTC day, metric and method, from the events, the
   * reviews that answered no invitation, and the shop deliveries. Each query is a range of one index
   * that starts with the business id and the time.
   */
  async countRange(businessId: string, from: number, to: number): Promise<DayCount[]> {
    const [events, reviews, deliveries] = await Promise.all([
      this.eventCounts(businessId, from, to),
      this.directReviewCounts(businessId, from, to),
      this.shopProblemCounts(businessId, from, to),
    ]);
    return [...events, ...reviews, ...deliveries];
  }

  /**
   * Invitations by day, event type and channel. Opens and clicks count an invitation's first one only (the event whose time is the invitation's `opened_at`/`clicked_at`); `failed` counts
   * only invitations that stayed failed (a failed reminder leaves its invitation sent).
   */
  private async eventCounts(businessId: string, from: number, to: number): Promise<DayCount[]> {
    const day = sql<number>`(e.at / ${sql.lit(DAY_MS)})`;
    const rows = await this.reader
      .selectFrom('invitation_events as e')
      .innerJoin('invitations as i', 'i.id', 'e.invitation_id')
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
      .where('i.business_id', '=', businessId)
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
      day: Number(row.day),
      metric: row.metric,
      method: row.method,
      count: Number(row.count),
    }));
  }

  /**
   * Reviews published in the range that answered no invitation (Unique Link, BGL, organic), by their
   * entrance: metric `review_direct`. Hidden ones count too: they were written in the period.
   */
  private async directReviewCounts(businessId: string, from: number, to: number): Promise<DayCount[]> {
    const day = sql<number>`(published_at / ${sql.lit(DAY_MS)})`;
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
      day: Number(row.day),
      metric: 'review_direct',
      method: row.method,
      count: Number(row.count),
    }));
  }

  /** Shop deliveries Vouch refused or failed on, by day and signature verdict: metric `shop_problem`. */
  private async shopProblemCounts(businessId: string, from: number, to: number): Promise<DayCount[]> {
    const day = sql<number>`(received_at / ${sql.lit(DAY_MS)})`;
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
      day: Number(row.day),
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
