import type { Kysely, Transaction } from 'kysely';
import type { ApiKeyRow, Database } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** API keys, stored as hashes. A key is found by its hash, so the key itself never reaches the database. */
export class ApiKeyRepository {
  constructor(private readonly db: Executor) {}

  withTransaction(trx: Transaction<Database>): ApiKeyRepository {
    return new ApiKeyRepository(trx);
  }

  async insert(
    key: Omit<ApiKeyRow, 'last_used_at' | 'revoked_at' | 'secret_hash'> & { secret_hash?: string | null },
  ): Promise<void> {
    await this.db
      .insertInto('api_keys')
      .values({ ...key, secret_hash: key.secret_hash ?? null, last_used_at: null, revoked_at: null })
      .execute();
  }

  /** Gives an active key of one business a new secret; answers the key, or undefined when there is none. */
  async setSecret(
    businessId: string,
    keyIdOrPrefix: string,
    secretHash: string,
  ): Promise<ApiKeyRow | undefined> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ secret_hash: secretHash })
      .where('business_id', '=', businessId)
      .where((eb) => eb.or([eb('id', '=', keyIdOrPrefix), eb('prefix', '=', keyIdOrPrefix)]))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    return this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('secret_hash', '=', secretHash)
      .executeTakeFirst();
  }

  findActiveByHash(keyHash: string): Promise<ApiKeyRow | undefined> {
    return this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  listForBusiness(businessId: string): Promise<ApiKeyRow[]> {
    return this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('business_id', '=', businessId)
      .orderBy('created_at')
      .execute();
  }

  /** Revokes one key of one business; answers whether such a key was active. */
  async revoke(businessId: string, keyIdOrPrefix: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('business_id', '=', businessId)
      .where((eb) => eb.or([eb('id', '=', keyIdOrPrefix), eb('prefix', '=', keyIdOrPrefix)]))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async touch(id: string, now: number): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', id).execute();
  }
}
