import type { Kysely, Transaction } from 'kysely';
import type { Database, OAuthTokenRow } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A grant found by one of its tokens, with whether its API key is still active. */
export interface FoundGrant extends OAuthTokenRow {
  key_revoked_at: number | null;
}

/**
 * OAuth grants, stored as the SHA-256 of their tokens: a token is found by its digest through a unique
 * index, so the token itself never reaches the database.
 */
export class OAuthTokenRepository {
  constructor(private readonly db: Executor) {}

  withTransaction(trx: Transaction<Database>): OAuthTokenRepository {
    return new OAuthTokenRepository(trx);
  }

  async insert(row: OAuthTokenRow): Promise<void> {
    await this.db.insertInto('oauth_tokens').values(row).execute();
  }

  findByAccessHash(accessHash: string): Promise<FoundGrant | undefined> {
    return this.findBy('access_token_hash', accessHash);
  }

  findByRefreshHash(refreshHash: string): Promise<FoundGrant | undefined> {
    return this.findBy('refresh_token_hash', refreshHash);
  }

  /** Ends a grant that is still current; answers false when another request ended it first. */
  async revoke(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('oauth_tokens')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Ends every current grant of one API key (its secret was replaced). */
  async revokeAllForKey(apiKeyId: string, now: number): Promise<void> {
    await this.db
      .updateTable('oauth_tokens')
      .set({ revoked_at: now })
      .where('api_key_id', '=', apiKeyId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /**
   * Ends the current grants of a dashboard user (a new password), or only those through one business's keys
   * (the user left that business).
   */
  async revokeAllForUser(userId: string, now: number, businessId?: string): Promise<void> {
    let query = this.db
      .updateTable('oauth_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null);
    if (businessId !== undefined) query = query.where('business_id', '=', businessId);
    await query.execute();
  }

  private findBy(
    column: 'access_token_hash' | 'refresh_token_hash',
    digest: string,
  ): Promise<FoundGrant | undefined> {
    return this.db
      .selectFrom('oauth_tokens')
      .innerJoin('api_keys', 'api_keys.id', 'oauth_tokens.api_key_id')
      .selectAll('oauth_tokens')
      .select('api_keys.revoked_at as key_revoked_at')
      .where(`oauth_tokens.${column}`, '=', digest)
      .executeTakeFirst();
  }
}
