import { sql, type Kysely, type Transaction } from 'kysely';
import type { Updateable } from 'kysely';
import type {
  BusinessRow,
  BusinessSecretRow,
  BusinessTable,
  Database,
  NewBusinessRow,
  SecretKind,
} from '../schema.js';

export type BusinessUpdate = Omit<Updateable<BusinessTable>, 'id' | 'domain' | 'afs_token' | 'created_at'>;

type Executor = Kysely<Database> | Transaction<Database>;

export interface NewSecret {
  id: string;
  kind: SecretKind;
  secret?: string;
  encryptKey?: string;
  authKey?: string;
  createdAt: number;
}

/** Businesses and their link secrets. Every read of a secret is scoped to one business id. */
export class BusinessRepository {
  constructor(private readonly db: Executor) {}

  withTransaction(trx: Transaction<Database>): BusinessRepository {
    return new BusinessRepository(trx);
  }

  async insert(business: NewBusinessRow): Promise<void> {
    await this.db.insertInto('businesses').values(business).execute();
  }

  async update(id: string, change: BusinessUpdate): Promise<void> {
    await this.db.updateTable('businesses').set(change).where('id', '=', id).execute();
  }

  /**
   * Serialises decisions about one business (the monthly cap, a customer's frequency) across transactions.
   * With row locks (PostgreSQL) the business row is locked. Without (SQLite), a no-op write first takes
   * the database's write lock, waiting for it under busy_timeout; a transaction that read first and wrote
   * later would instead fail at once when another process had committed in between.
   */
  async lockForDecisions(id: string, rowLocks: boolean): Promise<void> {
    if (rowLocks) {
      await this.db.selectFrom('businesses').select('id').where('id', '=', id).forUpdate().execute();
    } else {
      await this.db
        .updateTable('businesses')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('id', '=', id)
        .execute();
    }
  }

  findByDomain(domain: string): Promise<BusinessRow | undefined> {
    return this.db.selectFrom('businesses').selectAll().where('domain', '=', domain).executeTakeFirst();
  }

  findById(id: string): Promise<BusinessRow | undefined> {
    return this.db.selectFrom('businesses').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Gives the business a new AFS token; the old one is matched by no lookup from now on. */
  async replaceAfsToken(id: string, token: string, now: number): Promise<void> {
    await this.db
      .updateTable('businesses')
      .set({ afs_token: token, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  findByAfsToken(token: string): Promise<BusinessRow | undefined> {
    return this.db.selectFrom('businesses').selectAll().where('afs_token', '=', token).executeTakeFirst();
  }

  list(): Promise<BusinessRow[]> {
    return this.db.selectFrom('businesses').selectAll().orderBy('created_at').orderBy('domain').execute();
  }

  async insertSecret(businessId: string, secret: NewSecret): Promise<void> {
    await this.db
      .insertInto('business_secrets')
      .values({
        id: secret.id,
        business_id: businessId,
        kind: secret.kind,
        secret: secret.secret ?? null,
        encrypt_key: secret.encryptKey ?? null,
        auth_key: secret.authKey ?? null,
        created_at: secret.createdAt,
        retired_at: null,
        expires_at: null,
      })
      .execute();
  }

  /** Marks the current secret of a kind as replaced; it stays accepted until `expiresAt`. */
  async retireCurrentSecret(
    businessId: string,
    kind: SecretKind,
    now: number,
    expiresAt: number,
  ): Promise<void> {
    await this.db
      .updateTable('business_secrets')
      .set({ retired_at: now, expires_at: expiresAt })
      .where('business_id', '=', businessId)
      .where('kind', '=', kind)
      .where('retired_at', 'is', null)
      .execute();
  }

  /**
   * The secrets of every kind still accepted at `now`: the current one first, then retired ones in their
   * grace period. One query for both kinds: it is on the path of every link a customer opens.
   */
  acceptedSecrets(businessId: string, now: number): Promise<BusinessSecretRow[]> {
    return (
      this.db
        .selectFrom('business_secrets')
        .selectAll()
        .where('business_id', '=', businessId)
        .where((eb) => eb.or([eb('retired_at', 'is', null), eb('expires_at', '>', now)]))
        // The current secret first even when a rotation shares its millisecond with the secret it retired.
        .orderBy(sql`case when retired_at is null then 0 else 1 end`)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute()
    );
  }
}
