import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { DAY_MS } from '../clock.js';
import { LINK_FINDING_CODES } from '../domain/links/findings.js';
import { trustScore } from '../domain/reviews/review-rules.js';
import {
  DashboardStatsRepository,
  type MethodCount,
  type Span,
} from '../store/repositories/dashboard-stats.repository.js';
import type { Database } from '../store/schema.js';

/** The periods the overview offers, in days; the first is the default. */
export const OVERVIEW_PERIODS = [30, 7, 90] as const;
export type OverviewPeriod = (typeof OVERVIEW_PERIODS)[number];

/** The methods the overview breaks counts down by, in its table's order. */
export const OVERVIEW_METHODS = ['file', 'manual', 'api', 'afs', 'shop', 'links', 'other'] as const;
export type OverviewMethod = (typeof OVERVIEW_METHODS)[number];

/** Which method an invitation's channel, or a review's entrance when it answered no invitation, is. */
const METHOD_OF: Readonly<Record<string, OverviewMethod>> = {
  csv: 'file',
  manual: 'manual',
  api: 'api',
  afs: 'afs',
  shopify: 'shop',
  woocommerce: 'shop',
  webhook: 'shop',
  plugin: 'shop',
  link: 'links',
  unique_link: 'links',
  bgl: 'links',
};

/**
 * The funnel of a period. Each count is of events in the period, whenever the invitation was made:
 * - `scheduled`: invitations the funnel queued for sending (`scheduled` decisions);
 * - `issued`: invitation links handed out through the API, which are never mailed (`link_issued`);
 * - `sent`: invitations the worker finished sending the first time, accepted or refused for good;
 * - `delivered`: those the receiving mail server accepted (`sent` events);
 * - `opened`, `clicked`: invitations opened (tracking pixel) or whose link was followed for the first time;
 * - `reviewed`: reviews that answered an invitation, plus reviews through Unique Links and BGL that
 *   answered none (method `links`); organic reviews are in the label mix only;
 * - `conversion`: reviews that answered a mailed invitation divided by `sent`; null when nothing was sent.
 */
export interface FunnelCounts {
  scheduled: number;
  issued: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  reviewed: number;
  conversion: number | null;
}

export type OverviewAlert =
  | { kind: 'afs_new_sender'; message: string; at: number; href: string }
  | {
      kind: 'link_failures';
      code: string;
      entrance: string;
      count: number;
      /** The link doctor's finding for the code: what is wrong with the links. */
      finding: string;
      lastAt: number;
      href: string;
    }
  | { kind: 'bounces'; count: number; href: string }
  | { kind: 'send_failures'; count: number; href: string }
  | { kind: 'shop_deliveries'; count: number; badSignature: number; href: string };

export interface OverviewView {
  days: OverviewPeriod;
  /** The period: the first UTC day's midnight and now (epoch ms). */
  from: number;
  to: number;
  totals: FunnelCounts;
  byMethod: { method: OverviewMethod; counts: FunnelCounts }[];
  /** Per UTC day of the period, oldest first: invitations sent and reviews (as in `totals`). */
  daily: { day: number; sent: number; reviewed: number }[];
  /** Over every published review, as the public page computes it. */
  trustScore: number | null;
  reviewCount: number;
  labels: { verified: number; invited: number; organic: number };
  /** Hrefs are paths under the business's dashboard (`methods`, `invitations?status=failed`). */
  alerts: OverviewAlert[];
}

export interface DashboardStatsServiceOptions {
  db: Kysely<Database>;
  reader?: Kysely<Database>;
  clock: Clock;
}

const HOUR_MS = 60 * 60 * 1000;
/**
 * A bucket is counted for good once it has been over this long: events carry the time they happened, and
 * a batch may commit a little after it (a send batch takes at most its lease, 5 minutes by default).
 */
const SETTLE_MS = 10 * 60 * 1000;
/** How long the all-time review figures are reused at most, even when no newer change is seen. */
const REVIEWS_TTL_MS = 60 * 1000;
/** Businesses whose all-time review figures are kept in memory. */
const REVIEWS_CACHE_SIZE = 1000;

interface ReviewTotals {
  version: string;
  computedAt: number;
  rows: { label: string; rating: number; count: number }[];
}
const SIGNATURE_PROBLEMS = new Set(['invalid', 'missing', 'stale']);

/**
 * The dashboard overview's numbers. Its cost follows the period, not the history: days that have ended
 * are counted once from their events (a range of `(business_id, at)`) and kept as a few rows per day;
 * only the day or so since then is counted on each view. The all-time TrustScore and label mix are read
 * from an index alone.
 */
export class DashboardStatsService {
  private readonly stats: DashboardStatsRepository;
  private readonly reviewTotals = new Map<string, ReviewTotals>();

  constructor(private readonly options: DashboardStatsServiceOptions) {
    this.stats = new DashboardStatsRepository(options.db, options.reader ?? options.db);
  }

  /** `days` outside OVERVIEW_PERIODS is the default period. */
  async overview(businessId: string, days: number): Promise<OverviewView> {
    const period: OverviewPeriod = (OVERVIEW_PERIODS as readonly number[]).includes(days)
      ? (days as OverviewPeriod)
      : OVERVIEW_PERIODS[0];
    const now = this.options.clock.now().getTime();
    const today = Math.floor(now / DAY_MS);
    const firstDay = today - period + 1;
    const from = firstDay * DAY_MS;
    const [{ counts, perBucket }, reviews, afsAlerts, linkFailures] = await Promise.all([
      this.periodCounts(businessId, firstDay, now),
      this.publishedReviews(businessId, now),
      this.stats.afsAlerts(businessId, from, 5),
      this.stats.linkFailures(businessId, firstDay),
    ]);

    const byMethod = new Map<OverviewMethod, MethodCount[]>();
    for (const count of counts) {
      const method = METHOD_OF[count.method] ?? 'other';
      if (count.metric === 'review_direct' && method !== 'links') continue;
      byMethod.set(method, [...(byMethod.get(method) ?? []), count]);
    }

    const daily = Array.from({ length: period }, (_, index) => ({
      day: (firstDay + index) * DAY_MS,
      sent: 0,
      reviewed: 0,
    }));
    for (const bucket of perBucket) {
      const slot = daily[Math.floor(bucket.bucket / 24) - firstDay];
      if (!slot) continue;
      slot.sent += bucket.sent;
      slot.reviewed += bucket.reviewed;
    }

    const labels = { verified: 0, invited: 0, organic: 0 };
    let reviewCount = 0;
    let ratingSum = 0;
    for (const row of reviews) {
      reviewCount += row.count;
      ratingSum += row.count * row.rating;
      if (row.label === 'verified' || row.label === 'invited' || row.label === 'organic') {
        labels[row.label] += row.count;
      }
    }

    const sum = (metric: string) =>
      counts.filter((count) => count.metric === metric).reduce((total, count) => total + count.count, 0);
    const alerts: OverviewAlert[] = [
      ...afsAlerts.map((alert): OverviewAlert => ({
        kind: 'afs_new_sender',
        message: alert.message,
        at: Number(alert.created_at),
        href: 'methods#afs',
      })),
      ...linkFailures.map((failure): OverviewAlert => ({
        kind: 'link_failures',
        code: failure.code,
        entrance: failure.entrance,
        count: failure.count,
        finding: findingOf(failure.code),
        lastAt: failure.lastAt,
        href: 'methods#doctor',
      })),
    ];
    const bounced = sum('bounced');
    if (bounced > 0) alerts.push({ kind: 'bounces', count: bounced, href: 'invitations?status=bounced' });
    const failedOtherwise = sum('failed') - bounced;
    if (failedOtherwise > 0) {
      alerts.push({ kind: 'send_failures', count: failedOtherwise, href: 'invitations?status=failed' });
    }
    const shopProblems = counts.filter((count) => count.metric === 'shop_problem');
    if (shopProblems.length > 0) {
      alerts.push({
        kind: 'shop_deliveries',
        count: shopProblems.reduce((total, count) => total + count.count, 0),
        badSignature: shopProblems
          .filter((count) => SIGNATURE_PROBLEMS.has(count.method))
          .reduce((total, count) => total + count.count, 0),
        href: 'methods#integrations',
      });
    }

    return {
      days: period,
      from,
      to: now,
      totals: funnel(counts.filter((count) => count.metric !== 'review_direct' || isLinkReview(count))),
      byMethod: OVERVIEW_METHODS.filter((method) => method !== 'other' || byMethod.has('other')).map(
        (method) => ({ method, counts: funnel(byMethod.get(method) ?? []) }),
      ),
      daily,
      trustScore: trustScore(reviewCount, ratingSum),
      reviewCount,
      labels,
      alerts,
    };
  }

  /**
   * The counts from `firstDay` to `now`, per metric and method and per bucket for the chart: ended days,
   * then the ended hours of the day still going, summed from `dashboard_counts` (counting and storing
   * those not counted yet); the last hour or so counted now from the events.
   */
  private async periodCounts(
    businessId: string,
    firstDay: number,
    now: number,
  ): Promise<{ counts: MethodCount[]; perBucket: { bucket: number; sent: number; reviewed: number }[] }> {
    const settled = now - SETTLE_MS;
    const firstHour = firstDay * 24;
    const dayHours = Math.max(firstHour, Math.floor(settled / DAY_MS) * 24);
    const hours = Math.max(dayHours, Math.floor(settled / HOUR_MS));
    await this.countBuckets(businessId, 24, firstHour, dayHours);
    await this.countBuckets(businessId, 1, dayHours, hours);
    const [days, dayBuckets, ended, hourBuckets, live] = await Promise.all([
      this.stats.storedTotals(businessId, 24, firstHour, dayHours),
      this.stats.storedDaily(businessId, 24, firstHour, dayHours),
      this.stats.storedTotals(businessId, 1, dayHours, hours),
      this.stats.storedDaily(businessId, 1, dayHours, hours),
      this.stats.countRange(businessId, hours * HOUR_MS, now + 1, 1),
    ]);
    const liveBuckets = live.map((count) => ({
      bucket: count.bucket,
      sent: count.metric === 'sent' || count.metric === 'failed' ? count.count : 0,
      reviewed:
        count.metric === 'reviewed' || (count.metric === 'review_direct' && isLinkReview(count))
          ? count.count
          : 0,
    }));
    return {
      counts: [...days, ...ended, ...live],
      perBucket: [...dayBuckets, ...hourBuckets, ...liveBuckets],
    };
  }

  /** Counts and stores the buckets of `span` in [from, to) (hours) not stored yet. */
  private async countBuckets(businessId: string, span: Span, from: number, to: number): Promise<void> {
    if (to <= from) return;
    const counted = await this.stats.countedBuckets(businessId, span, from, to);
    const missing: number[] = [];
    for (let bucket = from; bucket < to; bucket += span) if (!counted.has(bucket)) missing.push(bucket);
    const first = missing[0];
    const last = missing.at(-1);
    if (first === undefined || last === undefined) return;
    const fresh = await this.stats.countRange(businessId, first * HOUR_MS, (last + span) * HOUR_MS, span);
    await this.stats.storeBuckets(businessId, span, missing, fresh);
  }

  /**
   * Published reviews of all time by label and rating. Reading them scans one index, which grows with the
   * history (100k reviews: about 6 ms warm on SQLite and on PostgreSQL, 26 ms from a cold cache), so they
   * are kept per business and read again only when a review has changed since (`reviewsVersion`, two index
   * look-ups) or after a minute (a change stamped no later than the last one, by a process whose clock is
   * behind, shows within that minute).
   */
  private async publishedReviews(businessId: string, now: number): Promise<ReviewTotals['rows']> {
    const version = await this.stats.reviewsVersion(businessId);
    const kept = this.reviewTotals.get(businessId);
    if (
      kept &&
      kept.version === version &&
      now - kept.computedAt < REVIEWS_TTL_MS &&
      now >= kept.computedAt
    ) {
      return kept.rows;
    }
    const rows = await this.stats.publishedByLabelAndRating(businessId);
    this.reviewTotals.delete(businessId);
    this.reviewTotals.set(businessId, { version, computedAt: now, rows });
    if (this.reviewTotals.size > REVIEWS_CACHE_SIZE) {
      const oldest = this.reviewTotals.keys().next().value;
      if (oldest !== undefined) this.reviewTotals.delete(oldest);
    }
    return rows;
  }
}

function isLinkReview(count: MethodCount): boolean {
  return METHOD_OF[count.method] === 'links';
}

function funnel(counts: readonly MethodCount[]): FunnelCounts {
  const result: FunnelCounts = {
    scheduled: 0,
    issued: 0,
    sent: 0,
    delivered: 0,
    opened: 0,
    clicked: 0,
    reviewed: 0,
    conversion: null,
  };
  let answered = 0;
  for (const { metric, method, count } of counts) {
    switch (metric) {
      case 'scheduled':
        result.scheduled += count;
        break;
      case 'link_issued':
        result.issued += count;
        break;
      case 'sent':
        result.sent += count;
        result.delivered += count;
        break;
      case 'failed':
        result.sent += count;
        break;
      case 'opened':
        result.opened += count;
        break;
      case 'clicked':
        result.clicked += count;
        break;
      case 'reviewed':
        result.reviewed += count;
        if (method !== 'link') answered += count;
        break;
      case 'review_direct':
        result.reviewed += count;
        break;
      default:
        break;
    }
  }
  result.conversion = result.sent === 0 ? null : answered / result.sent;
  return result;
}

function findingOf(code: string): string {
  const definition = (LINK_FINDING_CODES as Readonly<Record<string, { summary: string } | undefined>>)[code];
  return definition?.summary ?? code;
}
