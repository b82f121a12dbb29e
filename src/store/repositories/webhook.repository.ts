import type { Kysely, Transaction, Updateable } from 'kysely';
import { cryptoRandom } from '../../clock.js';
import type {
  Database,
  WebhookAttemptRow,
  WebhookDeliveryRow,
  WebhookDeliveryTable,
  WebhookSubscriptionRow,
  WebhookSubscriptionTable,
} from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** One change to tell subscribers about: its type, its time and the facts it carries. */
export interface OutboxEvent {
  type: string;
  at: number;
  data: Record<string, unknown>;
}

export interface DeliveryClaim {
  now: number;
  limit: number;
  owner: string;
  leaseUntil: number;
  /** PostgreSQL: skip rows another worker is claiming instead of waiting for them. */
  skipLocked: boolean;
}

export type DeliveryUpdate = Omit<
  Updateable<WebhookDeliveryTable>,
  'id' | 'business_id' | 'subscription_id' | 'event_id' | 'payload' | 'created_at'
>;

export interface NewAttempt {
  delivery_id: string;
  business_id: string;
  attempt: number;
  at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  replay: number;
}

/**
 * Webhook subscriptions, the outbox of their deliveries and the attempt log. Every read of a business's
 * rows is scoped by its id; only the worker's claim looks across businesses, as the invitation claim does.
 */
export class WebhookRepository {
  constructor(
    private readonly db: Executor,
    private readonly newId: () => string = () => cryptoRandom.uuid(),
  ) {}

  withTransaction(trx: Transaction<Database>): WebhookRepository {
    return new WebhookRepository(trx, this.newId);
  }

  /**
   * Writes one delivery per active subscription of the business that wants the event, on the executor
   * this repository holds: called with the transaction of the change, the deliveries exist if and only
   * if the change committed. One lookup of the business's subscriptions serves every event given.
   */
  async enqueue(businessId: string, events: readonly OutboxEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const subscriptions = await this.db
      .selectFrom('webhook_subscriptions')
      .select(['id', 'events'])
      .where('business_id', '=', businessId)
      .where('status', '=', 'active')
      .execute();
    if (subscriptions.length === 0) return 0;
    const rows = events.flatMap((event) => {
      const wanting = subscriptions.filter((row) => row.events.split(' ').includes(event.type));
      if (wanting.length === 0) return [];
      const eventId = `msg_${this.newId()}`;
      const payload = JSON.stringify({
        type: event.type,
        timestamp: new Date(event.at).toISOString(),
        data: event.data,
      });
      return wanting.map((subscription) => ({
        id: this.newId(),
        business_id: businessId,
        subscription_id: subscription.id,
        event_id: eventId,
        event_type: event.type,
        payload,
        status: 'pending',
        attempts: 0,
        due_at: event.at,
        lease_owner: null,
        lease_until: null,
        last_status_code: null,
        last_error: null,
        created_at: event.at,
        updated_at: event.at,
        delivered_at: null,
      }));
    });
    if (rows.length > 0) await this.db.insertInto('webhook_deliveries').values(rows).execute();
    return rows.length;
  }

  async insertSubscription(row: WebhookSubscriptionRow): Promise<void> {
    await this.db.insertInto('webhook_subscriptions').values(row).execute();
  }

  listSubscriptions(businessId: string): Promise<WebhookSubscriptionRow[]> {
    return this.db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('business_id', '=', businessId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  findSubscription(businessId: string, id: string): Promise<WebhookSubscriptionRow | undefined> {
    return this.db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The subscriptions of claimed deliveries, each looked up with its own business. */
  findSubscriptions(keys: readonly { businessId: string; id: string }[]): Promise<WebhookSubscriptionRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where((eb) =>
        eb.or(keys.map((key) => eb.and([eb('business_id', '=', key.businessId), eb('id', '=', key.id)]))),
      )
      .execute();
  }

  async updateSubscription(
    businessId: string,
    id: string,
    change: Updateable<WebhookSubscriptionTable>,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('webhook_subscriptions')
      .set(change)
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Deletes the subscription with its deliveries and their log. */
  async deleteSubscription(businessId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('webhook_subscriptions')
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Ends every pending delivery of a subscription (it was disabled): nothing more is tried. */
  async failPending(businessId: string, subscriptionId: string, now: number, error: string): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', due_at: null, last_error: error, updated_at: now })
      .where('business_id', '=', businessId)
      .where('subscription_id', '=', subscriptionId)
      .where('status', '=', 'pending')
      .execute();
  }

  /**
   * Claims up to `limit` due deliveries for one worker until `leaseUntil`, as the invitation claim does: a
   * row is due when its time has come and nobody holds a live lease on it, so two workers never send one
   * delivery at once and a killed worker's rows return when its lease ends.
   */
  claimDue(options: DeliveryClaim): Promise<WebhookDeliveryRow[]> {
    const { now } = options;
    return (
      this.db
        .updateTable('webhook_deliveries')
        .set({ lease_owner: options.owner, lease_until: options.leaseUntil, updated_at: now })
        .where('id', 'in', (eb) => {
          let due = eb
            .selectFrom('webhook_deliveries')
            .select('id')
            .where('due_at', '<=', now)
            .where((inner) => inner.or([inner('lease_until', 'is', null), inner('lease_until', '<=', now)]))
            .orderBy('due_at')
            .limit(options.limit);
          if (options.skipLocked) due = due.forUpdate().skipLocked();
          return due;
        })
        // Checked again on the row itself: under READ COMMITTED a row another worker just claimed must not
        // be claimed a second time when this statement resumes after waiting for its lock.
        .where('due_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
        .returningAll()
        .execute()
    );
  }

  /** Leases one delivery of a business now, whatever its status, unless another holds a live lease. */
  leaseOne(
    businessId: string,
    id: string,
    owner: string,
    now: number,
    leaseUntil: number,
  ): Promise<WebhookDeliveryRow | undefined> {
    return this.db
      .updateTable('webhook_deliveries')
      .set({ lease_owner: owner, lease_until: leaseUntil })
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .returningAll()
      .executeTakeFirst();
  }

  /** Applies a sender's result, only while it still holds the lease it was given. */
  async updateLeased(id: string, owner: string, change: DeliveryUpdate): Promise<boolean> {
    const result = await this.db
      .updateTable('webhook_deliveries')
      .set(change)
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Deletes finished deliveries (delivered or failed) last changed before `before`, with their attempts:
   * their payloads carry customers' addresses, kept no longer than the log is useful.
   */
  async pruneFinished(before: number): Promise<number> {
    const result = await this.db
      .deleteFrom('webhook_deliveries')
      .where('status', 'in', ['delivered', 'failed'])
      .where('updated_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Which of these deliveries still exist (a removed subscription deletes its own). */
  async existingDeliveries(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('webhook_deliveries').select('id').where('id', 'in', ids).execute();
    return rows.map((row) => row.id);
  }

  async insertAttempts(attempts: readonly NewAttempt[]): Promise<void> {
    if (attempts.length > 0) await this.db.insertInto('webhook_attempts').values(attempts).execute();
  }

  findDelivery(businessId: string, id: string): Promise<WebhookDeliveryRow | undefined> {
    return this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** A business's deliveries, newest first. */
  listDeliveries(
    businessId: string,
    options: { subscriptionId?: string | undefined; limit: number },
  ): Promise<WebhookDeliveryRow[]> {
    let query = this.db.selectFrom('webhook_deliveries').selectAll().where('business_id', '=', businessId);
    if (options.subscriptionId !== undefined)
      query = query.where('subscription_id', '=', options.subscriptionId);
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  }

  /** The attempts at these deliveries of one business, oldest first. */
  attempts(businessId: string, deliveryIds: readonly string[]): Promise<WebhookAttemptRow[]> {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('delivery_id', 'in', deliveryIds)
      .orderBy('id')
      .execute();
  }
}
