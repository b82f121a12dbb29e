import type { Kysely, Updateable } from 'kysely';
import type { AfsMessageRow, AfsMessageTable, Database } from '../schema.js';

/** Inbound AFS mail, the senders seen per business, and the alerts raised. Scoped by business id. */
export class AfsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertMessages(rows: readonly AfsMessageRow[]): Promise<void> {
    if (rows.length > 0) await this.db.insertInto('afs_messages').values(rows).execute();
  }

  async update(id: string, change: Updateable<AfsMessageTable>): Promise<void> {
    await this.db.updateTable('afs_messages').set(change).where('id', '=', id).execute();
  }

  /** Records several messages' results in one transaction. */
  async updateMany(changes: readonly { id: string; change: Updateable<AfsMessageTable> }[]): Promise<void> {
    if (changes.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const { id, change } of changes) {
        await trx.updateTable('afs_messages').set(change).where('id', '=', id).execute();
      }
    });
  }

  findById(id: string): Promise<AfsMessageRow | undefined> {
    return this.db.selectFrom('afs_messages').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Messages stored but never processed: a process stopped after answering 250. */
  unprocessedIds(limit: number): Promise<string[]> {
    return this.db
      .selectFrom('afs_messages')
      .select('id')
      .where('status', '=', 'received')
      .orderBy('received_at')
      .limit(limit)
      .execute()
      .then((rows) => rows.map((row) => row.id));
  }

  list(businessId: string, limit: number): Promise<Omit<AfsMessageRow, 'raw'>[]> {
    return this.db
      .selectFrom('afs_messages')
      .select([
        'id',
        'business_id',
        'received_at',
        'via',
        'envelope_from',
        'size',
        'status',
        'sender',
        'subject',
        'extracted',
        'decision',
        'code',
        'reason',
        'invitation_id',
        'processed_at',
      ])
      .where('business_id', '=', businessId)
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Records a sender; answers true the first time this business sees it. */
  async rememberSender(businessId: string, sender: string, at: number): Promise<boolean> {
    const result = await this.db
      .insertInto('afs_senders')
      .values({ business_id: businessId, sender, first_seen_at: at })
      .onConflict((conflict) => conflict.columns(['business_id', 'sender']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async addAlert(businessId: string, type: string, message: string, at: number): Promise<void> {
    await this.db
      .insertInto('business_alerts')
      .values({ business_id: businessId, type, message, created_at: at, read_at: null })
      .execute();
  }

  alerts(businessId: string, limit: number) {
    return this.db
      .selectFrom('business_alerts')
      .select(['type', 'message', 'created_at', 'read_at'])
      .where('business_id', '=', businessId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Drops raw messages past the retention period; what was extracted stays. */
  async forgetRawBefore(before: number): Promise<number> {
    const result = await this.db
      .updateTable('afs_messages')
      .set({ raw: null })
      .where('received_at', '<', before)
      .where('raw', 'is not', null)
      .where('status', '!=', 'received')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
