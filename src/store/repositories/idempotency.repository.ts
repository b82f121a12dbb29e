import type { Kysely } from 'kysely';
import type { Database, IdempotencyKeyRow } from '../schema.js';

/** Idempotency keys of API POSTs. The primary key (business, key) is what makes a claim exclusive. */
export class IdempotencyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts the claim; answers false when the business already holds this key (the insert did nothing). */
  async claim(businessId: string, key: string, requestHash: string, now: number): Promise<boolean> {
    const result = await this.db
      .insertInto('idempotency_keys')
      .values({
        business_id: businessId,
        key,
        request_hash: requestHash,
        status: null,
        content_type: null,
        body: null,
        created_at: now,
      })
      .onConflict((conflict) => conflict.columns(['business_id', 'key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  find(businessId: string, key: string): Promise<IdempotencyKeyRow | undefined> {
    return this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  async complete(
    businessId: string,
    key: string,
    answer: { status: number; contentType: string | null; body: string },
  ): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ status: answer.status, content_type: answer.contentType, body: answer.body })
      .where('business_id', '=', businessId)
      .where('key', '=', key)
      .execute();
  }

  /** Deletes one key's row (a claim whose request failed on our side, or one past its lifetime). */
  async remove(businessId: string, key: string, createdBefore?: number): Promise<void> {
    let query = this.db
      .deleteFrom('idempotency_keys')
      .where('business_id', '=', businessId)
      .where('key', '=', key);
    if (createdBefore !== undefined) query = query.where('created_at', '<', createdBefore);
    await query.execute();
  }

  /** Deletes every key made before `before`; answers how many. */
  async prune(before: number): Promise<number> {
    const result = await this.db
      .deleteFrom('idempotency_keys')
      .where('created_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
