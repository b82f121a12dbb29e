import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { DAY_MS } from '../clock.js';
import type { AttemptRecord, WebhookService } from '../services/webhook.service.js';
import type { StoreCapabilities } from '../store/db.js';
import { WebhookRepository } from '../store/repositories/webhook.repository.js';
import type { Database } from '../store/schema.js';

/** Finished deliveries stay in the log this long after their last attempt, then go with their payloads. */
export const WEBHOOK_LOG_RETENTION_MS = 30 * DAY_MS;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface WebhookSenderOptions {
  db: Kysely<Database>;
  capabilities: StoreCapabilities;
  clock: Clock;
  webhooks: WebhookService;
  /** Names this worker in its leases. */
  owner: string;
  /** Deliveries attempted at most per `runOnce`. */
  batchSize?: number;
  /** Attempts in flight at once. */
  concurrency?: number;
  /** How long a claim lasts; longer than an attempt's timeout, so a live sender never loses its rows. */
  leaseMs?: number;
}

export interface WebhookBatchReport {
  claimed: number;
  delivered: number;
  retried: number;
  failed: number;
}

/**
 * Sends the outbox: claims due deliveries under a lease (FOR UPDATE SKIP LOCKED on PostgreSQL, so several
 * workers never take one row), makes one attempt at each, and lets the webhook service log it and plan
 * what follows. A batch is claimed in one statement; `concurrency` lanes then take its deliveries one at a
 * time, each writing its result as soon as its answer comes, so a slow receiver holds up its own lane
 * only, never the others.
 */
export class WebhookSender {
  private readonly repository: WebhookRepository;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private prunedAt = -Infinity;

  constructor(private readonly options: WebhookSenderOptions) {
    this.repository = new WebhookRepository(options.db);
    this.batchSize = Math.max(options.batchSize ?? 100, 1);
    this.concurrency = Math.max(options.concurrency ?? 20, 1);
    // The last delivery of a batch may wait for batchSize / concurrency attempts before its own: the lease
    // outlasts that many timeouts, twice over.
    this.leaseMs = Math.max(
      options.leaseMs ?? 60_000,
      Math.ceil(this.batchSize / this.concurrency) * options.webhooks.timeoutMs * 2,
    );
  }

  async runOnce(): Promise<WebhookBatchReport> {
    const now = this.options.clock.now().getTime();
    if (now - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = now;
      await this.repository.pruneFinished(now - WEBHOOK_LOG_RETENTION_MS);
    }
    const queue = await this.repository.claimDue({
      now,
      limit: this.batchSize,
      owner: this.options.owner,
      leaseUntil: now + this.leaseMs,
      skipLocked: this.options.capabilities.supportsSkipLocked,
    });
    const report: WebhookBatchReport = { claimed: queue.length, delivered: 0, retried: 0, failed: 0 };
    if (queue.length === 0) return report;
    const subscriptions = new Map(
      (
        await this.repository.findSubscriptions(
          [...new Map(queue.map((row) => [row.subscription_id, row.business_id]))].map(
            ([id, businessId]) => ({
              id,
              businessId,
            }),
          ),
        )
      ).map((row) => [row.id, row]),
    );
    // Results are written as they come, many to a transaction: while one write runs, the next answers
    // gather for the one after it.
    const pending: AttemptRecord[] = [];
    let flushing: Promise<void> | undefined;
    let failure: Error | undefined;
    const flush = async () => {
      try {
        while (pending.length > 0) await this.options.webhooks.record(pending.splice(0));
      } catch (error) {
        failure ??=
          error instanceof Error ? error : new Error('writing webhook results failed', { cause: error });
      } finally {
        flushing = undefined;
      }
    };
    const lane = async () => {
      for (let delivery = queue.shift(); delivery && failure === undefined; delivery = queue.shift()) {
        const subscription = subscriptions.get(delivery.subscription_id);
        // Deleted since the claim: its deliveries went with it.
        if (!subscription) continue;
        const record = await this.options.webhooks.send(delivery, subscription, this.options.owner);
        if (record.result === 'delivered') report.delivered++;
        else if (record.result === 'retry') report.retried++;
        else report.failed++;
        pending.push(record);
        flushing ??= flush();
      }
    };
    const settled = await Promise.allSettled(Array.from({ length: this.concurrency }, lane));
    while (flushing) await flushing;
    // Every lane ran to its end before the batch reports a failure (the database away, say); what was
    // sent and not recorded is sent again when its lease ends.
    const broken = settled.find((result) => result.status === 'rejected');
    if (broken) throw broken.reason;
    if (failure) throw failure;
    return report;
  }
}
