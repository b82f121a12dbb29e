import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { DAY_MS } from '../clock.js';
import type { WebhookService } from '../services/webhook.service.js';
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
  batchSize?: number;
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
 * what follows. Each result is written as soon as its answer comes, so a slow receiver holds up nobody.
 */
export class WebhookSender {
  private readonly repository: WebhookRepository;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private prunedAt = -Infinity;

  constructor(private readonly options: WebhookSenderOptions) {
    this.repository = new WebhookRepository(options.db);
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = Math.max(options.leaseMs ?? 60_000, options.webhooks.timeoutMs * 2);
  }

  async runOnce(): Promise<WebhookBatchReport> {
    const now = this.options.clock.now().getTime();
    if (now - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = now;
      await this.repository.pruneFinished(now - WEBHOOK_LOG_RETENTION_MS);
    }
    const claimed = await this.repository.claimDue({
      now,
      limit: this.batchSize,
      owner: this.options.owner,
      leaseUntil: now + this.leaseMs,
      skipLocked: this.options.capabilities.supportsSkipLocked,
    });
    const report: WebhookBatchReport = { claimed: claimed.length, delivered: 0, retried: 0, failed: 0 };
    if (claimed.length === 0) return report;
    const subscriptions = await this.repository.findSubscriptions(
      [...new Set(claimed.map((row) => row.subscription_id))].map((id) => ({
        id,
        businessId: claimed.find((row) => row.subscription_id === id)?.business_id ?? '',
      })),
    );
    const settled = await Promise.allSettled(
      claimed.map(async (delivery) => {
        const subscription = subscriptions.find((row) => row.id === delivery.subscription_id);
        // Deleted since the claim: its deliveries went with it.
        if (!subscription) return;
        const result = await this.options.webhooks.attempt(delivery, subscription, this.options.owner);
        if (result === 'delivered') report.delivered++;
        else if (result === 'retry') report.retried++;
        else report.failed++;
      }),
    );
    // Every attempt ran to its end before the batch reports a failure (the database away, say).
    const broken = settled.find((result) => result.status === 'rejected');
    if (broken) throw broken.reason;
    return report;
  }
}
