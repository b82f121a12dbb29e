import type { Kysely, Transaction } from 'kysely';
import type { Database, IntegrationDeliveryRow, IntegrationRow } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type NewIntegrationDelivery = IntegrationDeliveryRow;
export type DeliveryOutcome = Pick<
  IntegrationDeliveryRow,
  'status_code' | 'decision' | 'reason' | 'order_id' | 'reference' | 'invitation_ids'
>;

/** Integrations and their delivery logs; every read but the inbound token's is scoped to one business. */
export class IntegrationRepository {
  constructor(private readonly db: Executor) {}

  withTransaction(trx: Transaction<Database>): IntegrationRepository {
    return new IntegrationRepository(trx);
  }

  async insert(row: IntegrationRow): Promise<void> {
    await this.db.insertInto('integrations').values(row).execute();
  }

  /** The inbound URL's token names its integration (by the token's hash) and so its business. */
  findByTokenHash(tokenHash: string): Promise<IntegrationRow | undefined> {
    return this.db
      .selectFrom('integrations')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  find(businessId: string, id: string): Promise<IntegrationRow | undefined> {
    return this.db
      .selectFrom('integrations')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  list(businessId: string): Promise<IntegrationRow[]> {
    return this.db
      .selectFrom('integrations')
      .selectAll()
      .where('business_id', '=', businessId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  async update(
    businessId: string,
    id: string,
    change: Partial<
      Pick<IntegrationRow, 'secret' | 'settings' | 'token_hash' | 'token_prefix' | 'updated_at'>
    >,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('integrations')
      .set(change)
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Removes the integration and its delivery log; its inbound URL answers 404 from then on. */
  async remove(businessId: string, id: string): Promise<boolean> {
    await this.db
      .deleteFrom('integration_deliveries')
      .where('business_id', '=', businessId)
      .where('integration_id', '=', id)
      .execute();
    const result = await this.db
      .deleteFrom('integrations')
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async insertDelivery(row: NewIntegrationDelivery): Promise<void> {
    await this.db.insertInto('integration_deliveries').values(row).execute();
  }

  async finishDelivery(businessId: string, id: string, outcome: DeliveryOutcome): Promise<void> {
    await this.db
      .updateTable('integration_deliveries')
      .set(outcome)
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .execute();
  }

  /** Gives up a delivery's claim on its platform id, so the platform's retry is acted on. */
  async releaseDelivery(businessId: string, id: string, outcome: DeliveryOutcome): Promise<void> {
    await this.db
      .updateTable('integration_deliveries')
      .set({ ...outcome, delivery_id: null })
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .execute();
  }

  findDelivery(integrationId: string, deliveryId: string): Promise<IntegrationDeliveryRow | undefined> {
    return this.db
      .selectFrom('integration_deliveries')
      .selectAll()
      .where('integration_id', '=', integrationId)
      .where('delivery_id', '=', deliveryId)
      .executeTakeFirst();
  }

  recentDeliveries(
    businessId: string,
    integrationId: string,
    limit: number,
  ): Promise<IntegrationDeliveryRow[]> {
    return this.db
      .selectFrom('integration_deliveries')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('integration_id', '=', integrationId)
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * The deliveries of this integration that named the shop's order id: a handful at most. Looked up by the
   * order's index alone (no ORDER BY, which would let the engine walk the whole log by time instead).
   */
  private forOrder(businessId: string, integrationId: string, orderId: string) {
    return this.db
      .selectFrom('integration_deliveries')
      .select(['id', 'received_at', 'reference', 'decision', 'reason'])
      .where('business_id', '=', businessId)
      .where('integration_id', '=', integrationId)
      .where('order_id', '=', orderId)
      .execute();
  }

  /** The reference the latest delivery naming this shop order recorded, if any did. */
  async referenceForOrder(
    businessId: string,
    integrationId: string,
    orderId: string,
  ): Promise<string | undefined> {
    const rows = (await this.forOrder(businessId, integrationId, orderId)).filter(
      (row) => row.reference !== null,
    );
    rows.sort((a, b) => b.received_at - a.received_at || (a.id < b.id ? 1 : -1));
    return rows[0]?.reference ?? undefined;
  }

  /** Why a cancel arrived for this shop order before Vouch knew its reference, if one did. */
  async pendingCancel(
    businessId: string,
    integrationId: string,
    orderId: string,
  ): Promise<string | undefined> {
    const pending = (await this.forOrder(businessId, integrationId, orderId)).filter(
      (row) => row.decision === 'cancel_pending',
    );
    pending.sort((a, b) => a.received_at - b.received_at);
    const [first] = pending;
    return first ? (first.reason ?? 'The shop cancelled the order.') : undefined;
  }
}
