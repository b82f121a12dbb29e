import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface OrderCancellation {
  reference: string;
  reason: string;
  cancelledAt: number;
}

/** The orders each business's shops cancelled or refunded: the funnel's memory of them. */
export class OrderCancellationRepository {
  constructor(private readonly db: Executor) {}

  withTransaction(trx: Transaction<Database>): OrderCancellationRepository {
    return new OrderCancellationRepository(trx);
  }

  /** Remembers the first cancel of an order; a later one of the same order keeps the first. */
  async remember(
    businessId: string,
    cancel: OrderCancellation & { channel: string },
  ): Promise<OrderCancellation> {
    await this.db
      .insertInto('order_cancellations')
      .values({
        business_id: businessId,
        reference: cancel.reference,
        channel: cancel.channel,
        reason: cancel.reason,
        cancelled_at: cancel.cancelledAt,
      })
      .onConflict((oc) => oc.columns(['business_id', 'reference']).doNothing())
      .execute();
    const [first] = await this.find(businessId, [cancel.reference]);
    return first ?? cancel;
  }

  async find(businessId: string, references: readonly string[]): Promise<OrderCancellation[]> {
    if (references.length === 0) return [];
    const rows = await this.db
      .selectFrom('order_cancellations')
      .select(['reference', 'reason', 'cancelled_at'])
      .where('business_id', '=', businessId)
      .where('reference', 'in', references)
      .execute();
    return rows.map((row) => ({
      reference: row.reference,
      reason: row.reason,
      cancelledAt: row.cancelled_at,
    }));
  }
}
