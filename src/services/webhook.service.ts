import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import type { Clock, RandomSource } from '../clock.js';
import { DAY_MS } from '../clock.js';
import {
  findWebhookUrlProblem,
  isWebhookEvent,
  parseWebhookEvents,
  WEBHOOK_EVENTS,
  WEBHOOK_RETRY_DELAYS_MS,
  webhookResponseOutcome,
  webhookRetryDelayMs,
  type WebhookEventType,
} from '../domain/webhooks/webhooks.js';
import { VouchError } from '../errors.js';
import { isPrivateAddress } from '../shared/private-address.js';
import {
  WebhookRepository,
  type DeliveryUpdate,
  type NewAttempt,
} from '../store/repositories/webhook.repository.js';
import type {
  Database,
  WebhookAttemptRow,
  WebhookDeliveryRow,
  WebhookSubscriptionRow,
} from '../store/schema.js';
import type { BusinessService } from './business.service.js';
import { iso } from './presenting.js';

export type AttemptResult = 'delivered' | 'retry' | 'failed' | 'gone';

/** What one attempt decided, to be written by `record`. */
export interface AttemptRecord {
  delivery: WebhookDeliveryRow;
  subscriptionId: string;
  owner: string;
  /** The log line; undefined when nothing was sent (the subscription was disabled meanwhile). */
  attempt: NewAttempt | undefined;
  change: DeliveryUpdate;
  /** The receiver answered 410 Gone: the subscription is disabled. */
  gone: boolean;
  at: number;
  result: AttemptResult;
}

/** One signed POST to a receiver. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** What came back: a status code, or why none came. Never thrown: a failure is a value. */
export interface WebhookResponse {
  statusCode: number | undefined;
  error: string | undefined;
  durationMs: number;
}

/** Posts webhooks over HTTP; behind an interface so the service needs no network to be read. */
export interface WebhookTransport {
  post(request: WebhookRequest): Promise<WebhookResponse>;
}

export interface WebhookSubscriptionView {
  id: string;
  url: string;
  events: WebhookEventType[];
  /** active, or disabled (the receiver answered 410 Gone). */
  status: string;
  disabledReason: string | null;
  createdAt: string;
}

/** What `add` and `rotate-secret` answer: the secret, shown there and nowhere else. */
export interface WebhookSecretView extends WebhookSubscriptionView {
  secret: string;
}

export interface WebhookAttemptView {
  attempt: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  replay: boolean;
}

export interface WebhookDeliveryView {
  id: string;
  subscriptionId: string;
  /** The webhook-id header. */
  eventId: string;
  type: string;
  /** pending, delivered or failed. */
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  log: WebhookAttemptView[];
}

export interface WebhookServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  random: RandomSource;
  businesses: BusinessService;
  transport: () => WebhookTransport;
  /** `deny` refuses subscription URLs on loopback and private networks (VOUCH_WEBHOOK_PRIVATE_TARGETS). */
  privateTargets: 'allow' | 'deny';
  /** How long one attempt may take, answer included. */
  timeoutMs?: number;
  retryDelaysMs?: readonly number[];
}

/** How long a rotated-out secret still signs beside the new one, so receivers can switch without a gap. */
export const PREVIOUS_SECRET_GRACE_MS = DAY_MS;
const DEFAULT_TIMEOUT_MS = 10_000;
const USER_AGENT = 'Vouch-Webhooks/1';

/**
 * Outbound webhooks: a business's subscriptions, the delivery log, and one attempt at a delivery (the
 * worker's and the CLI's replay alike). The deliveries themselves are written by the services that make
 * each change, in its transaction (WebhookRepository.enqueue).
 */
export class WebhookService {
  private readonly webhooks: WebhookRepository;
  readonly timeoutMs: number;
  private readonly delays: readonly number[];

  constructor(private readonly options: WebhookServiceOptions) {
    this.webhooks = new WebhookRepository(options.db, () => options.random.uuid());
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.delays = options.retryDelaysMs ?? WEBHOOK_RETRY_DELAYS_MS;
  }

  async add(businessRef: string, input: { url: string; events: string }): Promise<WebhookSecretView> {
    const business = await this.options.businesses.row(businessRef);
    const url = this.checkUrl(input.url.trim());
    const parsed = parseWebhookEvents(input.events);
    if (!parsed.ok) {
      throw new VouchError(
        'webhook_events_invalid',
        parsed.unknown.length > 0
          ? `Unknown event${parsed.unknown.length > 1 ? 's' : ''} ${parsed.unknown.map((e) => `"${e}"`).join(', ')}; choose from ${WEBHOOK_EVENTS.join(', ')}.`
          : `Name at least one event, comma-separated, from ${WEBHOOK_EVENTS.join(', ')}.`,
        { field: 'events', allowed: WEBHOOK_EVENTS },
      );
    }
    const now = this.now();
    const row: WebhookSubscriptionRow = {
      id: this.options.random.uuid(),
      business_id: business.id,
      url,
      events: parsed.events.join(' '),
      secret: this.newSecret(),
      previous_secret: null,
      previous_expires_at: null,
      status: 'active',
      disabled_reason: null,
      created_at: now,
      updated_at: now,
    };
    await this.webhooks.insertSubscription(row);
    return { ...presentSubscription(row), secret: row.secret };
  }

  async list(businessRef: string): Promise<WebhookSubscriptionView[]> {
    const business = await this.options.businesses.row(businessRef);
    return (await this.webhooks.listSubscriptions(business.id)).map(presentSubscription);
  }

  /** Removes the subscription with its pending deliveries and their log. */
  async remove(businessRef: string, id: string): Promise<void> {
    const business = await this.options.businesses.row(businessRef);
    if (!(await this.webhooks.deleteSubscription(business.id, id))) throw subscriptionNotFound(id);
  }

  /**
   * A new secret at once; the old one still signs beside it (a second `v1,` signature) for a day, so a
   * receiver that verifies with either keeps working while it is switched over.
   */
  async rotateSecret(businessRef: string, id: string): Promise<WebhookSecretView> {
    const business = await this.options.businesses.row(businessRef);
    const row = await this.webhooks.findSubscription(business.id, id);
    if (!row) throw subscriptionNotFound(id);
    const now = this.now();
    const change = {
      secret: this.newSecret(),
      previous_secret: row.secret,
      previous_expires_at: now + PREVIOUS_SECRET_GRACE_MS,
      updated_at: now,
    };
    await this.webhooks.updateSubscription(business.id, id, change);
    return { ...presentSubscription({ ...row, ...change }), secret: change.secret };
  }

  /** The delivery log: deliveries newest first, each with its attempts. */
  async deliveries(
    businessRef: string,
    options: { subscriptionId?: string | undefined; limit?: number | undefined } = {},
  ): Promise<WebhookDeliveryView[]> {
    const business = await this.options.businesses.row(businessRef);
    if (
      options.subscriptionId !== undefined &&
      !(await this.webhooks.findSubscription(business.id, options.subscriptionId))
    ) {
      throw subscriptionNotFound(options.subscriptionId);
    }
    const rows = await this.webhooks.listDeliveries(business.id, {
      subscriptionId: options.subscriptionId,
      limit: Math.min(Math.max(options.limit ?? 50, 1), 1000),
    });
    const attempts = await this.webhooks.attempts(
      business.id,
      rows.map((row) => row.id),
    );
    return rows.map((row) =>
      presentDelivery(
        row,
        attempts.filter((attempt) => attempt.delivery_id === row.id),
      ),
    );
  }

  /**
   * Sends a delivery again now, with its own webhook-id so the receiver can tell it is the same event.
   * It counts as an attempt in the log; a 2xx marks it delivered (ending any retries still planned), a
   * failure leaves its schedule as it was.
   */
  async replay(businessRef: string, deliveryId: string): Promise<WebhookDeliveryView> {
    const business = await this.options.businesses.row(businessRef);
    const now = this.now();
    const owner = `replay:${this.options.random.bytes(4).toString('hex')}`;
    const leased = await this.webhooks.leaseOne(
      business.id,
      deliveryId,
      owner,
      now,
      now + this.timeoutMs * 2,
    );
    if (!leased) {
      if (!(await this.webhooks.findDelivery(business.id, deliveryId))) {
        throw new VouchError(
          'webhook_delivery_not_found',
          `No delivery ${deliveryId} for this business; \`vouch webhook deliveries --business ${business.domain}\` lists them.`,
        );
      }
      throw new VouchError(
        'webhook_delivery_busy',
        'A worker is sending this delivery right now; wait a minute and replay it again.',
      );
    }
    const [subscription] = await this.webhooks.findSubscriptions([
      { businessId: business.id, id: leased.subscription_id },
    ]);
    if (!subscription) throw subscriptionNotFound(leased.subscription_id);
    await this.attempt(leased, subscription, owner, { replay: true });
    const [view] = await this.deliveryViews(business.id, [deliveryId]);
    if (!view) throw new Error(`delivery ${deliveryId} vanished during its replay`);
    return view;
  }

  /**
   * One attempt at a leased delivery: signs it with the subscription's secret, posts it, logs the answer
   * and decides what follows (delivered; retried after the next delay; failed after the last; and on
   * 410 Gone, the subscription disabled). The replay comes through here; the worker sends and records
   * separately, so the results of many attempts share one transaction.
   */
  async attempt(
    delivery: WebhookDeliveryRow,
    subscription: WebhookSubscriptionRow,
    owner: string,
    options: { replay?: boolean } = {},
  ): Promise<AttemptResult> {
    const record = await this.send(delivery, subscription, owner, options);
    await this.record([record]);
    return record.result;
  }

  /** Sends one attempt and says what to write about it; writes nothing itself (see `record`). */
  async send(
    delivery: WebhookDeliveryRow,
    subscription: WebhookSubscriptionRow,
    owner: string,
    options: { replay?: boolean } = {},
  ): Promise<AttemptRecord> {
    const replay = options.replay === true;
    const attempt = delivery.attempts + 1;
    const release = { lease_owner: null, lease_until: null };
    const base = { delivery, subscriptionId: subscription.id, owner, gone: false };
    if (subscription.status !== 'active' && !replay) {
      const now = this.now();
      return {
        ...base,
        at: now,
        attempt: undefined,
        change: {
          ...release,
          status: 'failed',
          due_at: null,
          last_error: `The subscription is ${subscription.status}; nothing was sent.`,
          updated_at: now,
        },
        result: 'failed',
      };
    }
    const sentAt = this.options.clock.now();
    const response = await this.options.transport().post({
      url: subscription.url,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': delivery.event_id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': this.signature(subscription, delivery, sentAt),
      },
      body: delivery.payload,
      timeoutMs: this.timeoutMs,
    });
    const now = this.now();
    const outcome = webhookResponseOutcome(response.statusCode);
    const error =
      response.error ??
      (outcome === 'delivered' ? null : `The receiver answered HTTP ${response.statusCode ?? '?'}.`);
    const last = {
      ...release,
      attempts: attempt,
      last_status_code: response.statusCode ?? null,
      last_error: error,
      updated_at: now,
    };
    let change: DeliveryUpdate;
    let result: AttemptResult;
    if (outcome === 'delivered') {
      change = { ...last, status: 'delivered', due_at: null, delivered_at: now };
      result = 'delivered';
    } else if (outcome === 'gone') {
      change = { ...last, status: 'failed', due_at: null };
      result = 'gone';
    } else if (replay) {
      // A failed replay leaves the delivery's own schedule (pending with its next try, or failed) alone.
      change = { ...last, status: delivery.status, due_at: delivery.due_at };
      result = delivery.status === 'pending' ? 'retry' : 'failed';
    } else {
      const delay = webhookRetryDelayMs(attempt, this.delays);
      change =
        delay === undefined
          ? { ...last, status: 'failed', due_at: null }
          : { ...last, status: 'pending', due_at: now + delay };
      result = delay === undefined ? 'failed' : 'retry';
    }
    return {
      ...base,
      at: now,
      gone: outcome === 'gone',
      attempt: {
        delivery_id: delivery.id,
        business_id: delivery.business_id,
        attempt,
        at: sentAt.getTime(),
        status_code: response.statusCode ?? null,
        error,
        duration_ms: Math.round(response.durationMs),
        replay: replay ? 1 : 0,
      },
      change,
      result,
    };
  }

  /** Writes what attempts decided, in one transaction: their log lines, their deliveries, any 410. */
  async record(records: readonly AttemptRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.options.db.transaction().execute(async (trx) => {
      const webhooks = this.webhooks.withTransaction(trx);
      // A subscription removed while its delivery was in flight took the delivery with it: nothing to log.
      const existing = new Set(
        await webhooks.existingDeliveries(records.map((record) => record.delivery.id)),
      );
      await webhooks.insertAttempts(
        records.flatMap((record) =>
          record.attempt && existing.has(record.delivery.id) ? [record.attempt] : [],
        ),
      );
      for (const record of records) {
        const { delivery } = record;
        // A sender whose lease ran out while it waited no longer owns the row; its attempt is still logged.
        await webhooks.updateLeased(delivery.id, record.owner, record.change);
        if (record.gone) {
          const reason = `The receiver answered 410 Gone on ${iso(record.at)}; add the URL again to resume.`;
          await webhooks.updateSubscription(delivery.business_id, record.subscriptionId, {
            status: 'disabled',
            disabled_reason: reason,
            updated_at: record.at,
          });
          await webhooks.failPending(delivery.business_id, record.subscriptionId, record.at, reason);
        }
      }
    });
  }

  /** The Standard Webhooks signature: `v1,…` with the secret, and with the previous one while it lasts. */
  private signature(subscription: WebhookSubscriptionRow, delivery: WebhookDeliveryRow, at: Date): string {
    const sign = (secret: string) => new Webhook(secret).sign(delivery.event_id, at, delivery.payload);
    const previous =
      subscription.previous_secret !== null && (subscription.previous_expires_at ?? 0) > at.getTime()
        ? [sign(subscription.previous_secret)]
        : [];
    return [sign(subscription.secret), ...previous].join(' ');
  }

  private async deliveryViews(businessId: string, ids: readonly string[]): Promise<WebhookDeliveryView[]> {
    const views: WebhookDeliveryView[] = [];
    const attempts = await this.webhooks.attempts(businessId, ids);
    for (const id of ids) {
      const row = await this.webhooks.findDelivery(businessId, id);
      if (row)
        views.push(
          presentDelivery(
            row,
            attempts.filter((attempt) => attempt.delivery_id === id),
          ),
        );
    }
    return views;
  }

  private checkUrl(value: string): string {
    const problem = findWebhookUrlProblem(value);
    if (problem) throw new VouchError(problem.code, problem.message, { field: 'url' });
    const url = new URL(value);
    if (this.options.privateTargets === 'deny') {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const local = host === 'localhost' || host.endsWith('.localhost');
      if (local || (isIP(host) !== 0 && isPrivateAddress(host))) {
        throw new VouchError(
          'webhook_url_private',
          `${url.hostname} is a loopback or private address, and this server refuses those (VOUCH_WEBHOOK_PRIVATE_TARGETS=deny); give a public URL, or ask the operator to allow private targets.`,
          { field: 'url' },
        );
      }
    }
    return url.href;
  }

  /** whsec_ and 32 random bytes in standard base64, as the Standard Webhooks libraries read it. */
  private newSecret(): string {
    return `whsec_${this.options.random.bytes(32).toString('base64')}`;
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }
}

function subscriptionNotFound(id: string): VouchError {
  return new VouchError(
    'webhook_subscription_not_found',
    `No webhook subscription ${id} for this business; \`vouch webhook list\` shows their ids.`,
  );
}

function presentSubscription(row: WebhookSubscriptionRow): WebhookSubscriptionView {
  return {
    id: row.id,
    url: row.url,
    events: row.events.split(' ').filter(isWebhookEvent),
    status: row.status,
    disabledReason: row.disabled_reason,
    createdAt: iso(row.created_at),
  };
}

function presentDelivery(
  row: WebhookDeliveryRow,
  attempts: readonly WebhookAttemptRow[],
): WebhookDeliveryView {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    type: row.event_type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.due_at === null ? null : iso(row.due_at),
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: iso(row.created_at),
    deliveredAt: row.delivered_at === null ? null : iso(row.delivered_at),
    log: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      at: iso(attempt.at),
      statusCode: attempt.status_code,
      error: attempt.error,
      durationMs: attempt.duration_ms,
      replay: attempt.replay === 1,
    })),
  };
}
