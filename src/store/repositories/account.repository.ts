import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, MembershipRow, SessionTable, UserRow, UserTokenTable } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A membership with the business's name and domain, for menus and the team page. */
export interface MembershipWithBusiness extends MembershipRow {
  business_name: string;
  business_domain: string;
}

/** Dashboard users, their memberships, sessions and one-time tokens. Tokens are stored as digests only. */
export class AccountRepository {
  constructor(private readonly db: Executor) {}

  withTransaction(trx: Transaction<Database>): AccountRepository {
    return new AccountRepository(trx);
  }

  async countUsers(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async insertUser(user: Omit<UserRow, 'name' | 'operator'> & { name?: string; operator?: number }) {
    await this.db.insertInto('users').values(user).execute();
  }

  findUserById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findUserByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  listUsers(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('email').execute();
  }

  async updateUser(
    id: string,
    change: Partial<Pick<UserRow, 'password_hash' | 'name' | 'locale' | 'operator' | 'updated_at'>>,
  ): Promise<void> {
    await this.db.updateTable('users').set(change).where('id', '=', id).execute();
  }

  async upsertMembership(row: MembershipRow): Promise<void> {
    await this.db
      .insertInto('memberships')
      .values(row)
      .onConflict((oc) => oc.columns(['user_id', 'business_id']).doUpdateSet({ role: row.role }))
      .execute();
  }

  async deleteMembership(userId: string, businessId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('memberships')
      .where('user_id', '=', userId)
      .where('business_id', '=', businessId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  findMembership(userId: string, businessId: string): Promise<MembershipRow | undefined> {
    return this.db
      .selectFrom('memberships')
      .selectAll()
      .where('user_id', '=', userId)
      .where('business_id', '=', businessId)
      .executeTakeFirst();
  }

  membershipsOfUser(userId: string): Promise<MembershipWithBusiness[]> {
    return this.db
      .selectFrom('memberships')
      .innerJoin('businesses', 'businesses.id', 'memberships.business_id')
      .selectAll('memberships')
      .select(['businesses.name as business_name', 'businesses.domain as business_domain'])
      .where('memberships.user_id', '=', userId)
      .orderBy('businesses.name')
      .execute();
  }

  membersOfBusiness(
    businessId: string,
  ): Promise<(MembershipRow & Pick<UserRow, 'email' | 'name' | 'password_hash'>)[]> {
    return this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .selectAll('memberships')
      .select(['users.email', 'users.name', 'users.password_hash'])
      .where('memberships.business_id', '=', businessId)
      .orderBy('users.email')
      .execute();
  }

  async countOwners(businessId: string): Promise<number> {
    const row = await this.db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
      .where('business_id', '=', businessId)
      .where('role', '=', 'owner')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async insertSession(row: Insertable<SessionTable>): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  /** The session and its user, when the session has not expired. */
  findSession(id: string, now: number) {
    return this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id as session_id',
        'sessions.expires_at',
        'users.id',
        'users.email',
        'users.name',
        'users.operator',
        'users.locale',
        'users.password_hash',
      ])
      .where('sessions.id', '=', id)
      .where('sessions.expires_at', '>', now)
      .executeTakeFirst();
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Ends every session of a user (log out everywhere, a new password); answers how many there were. */
  async deleteSessionsOfUser(userId: string): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteExpiredSessions(now: number): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }

  async insertToken(row: Insertable<UserTokenTable>): Promise<void> {
    await this.db.insertInto('user_tokens').values(row).execute();
  }

  findUsableToken(id: string, now: number) {
    return this.db
      .selectFrom('user_tokens')
      .selectAll()
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
  }

  /** Marks a token used, once: answers false when another request used it first. */
  async useToken(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('user_tokens')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A new link of one purpose ends the user's earlier unused ones of that purpose. */
  async expireTokens(userId: string, purpose: string, now: number): Promise<void> {
    await this.db
      .updateTable('user_tokens')
      .set({ used_at: now })
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .execute();
  }
}
