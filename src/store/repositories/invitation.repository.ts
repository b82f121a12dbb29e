import { PostgresAdapter, sql } from 'kysely';
import { DAY_MS } from '../../clock.js';
import { COUNTED_STATUSES } from '../../domain/invitations/frequency.js';
import type { Kysely, Transaction, Updateable } from 'kysely';
import type {
  Database,
  InvitationEventRow,
  InvitationEventTable,
  InvitationRow,
  InvitationTable,
  NewInvitationRow,
} from '../schema.js';
import { allColumns, BulkInsert } from '../bulk-insert.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface NewInvitationEvent {
  invitationId: string;
  businessId: string;
  type: string;
  at: number;
  detail?: Record<string, unknown> | undefined;
}

export interface ClaimOptions {
  now: number;
  limit: number;
  owner: string;
  leaseUntil: number;
  /** PostgreSQL: skip rows another worker is claiming instead of waiting for them. */
  skipLocked: boolean;
}

export type InvitationUpdate = Omit<
  Updateable<InvitationTable>,
  'id' | 'business_id' | 'token' | 'created_at'
>;

/** The columns of a new invitation that only sending and the customer fill in later. */
export const NOT_YET_SENT = {
  lease_owner: null,
  lease_until: null,
  attempts: 0,
  sent_at: null,
  message_id: null,
  reminder_sent_at: null,
  reviewed_at: null,
  opened_at: null,
  clicked_at: null,
} as const;

const INVITATION_INSERT = new BulkInsert(
  'invitations',
  allColumns<InvitationTable>({
    id: true,
    business_id: true,
    channel: true,
    kind: true,
    label: true,
    email: true,
    name: true,
    reference: true,
    locale: true,
    products: true,
    tags: true,
    template_id: true,
    sender_name: true,
    sender_email: true,
    reply_to: true,
    redirect_uri: true,
    token: true,
    import_id: true,
    status: true,
    reason: true,
    trigger_at: true,
    send_at: true,
    due_at: true,
    lease_owner: true,
    lease_until: true,
    attempts: true,
    sent_at: true,
    message_id: true,
    reminder_sent_at: true,
    reviewed_at: true,
    opened_at: true,
    clicked_at: true,
    created_at: true,
    updated_at: true,
  }),
);
const EVENT_INSERT = new BulkInsert(
  'invitation_events',
  allColumns<InvitationEventTable, 'id'>({
    invitation_id: true,
    business_id: true,
    type: true,
    at: true,
    detail: true,
  }),
);

export interface InvitationSearchOptions {
  limit: number;
  /** The last row of the previous page. */
  after?: { createdAt: number; id: string } | undefined;
  /** A reference, exactly, or the beginning of an email address. */
  query?: string | undefined;
  /** With `query`: at most this many matches read per index. */
  matchCap: number;
  status?: string | undefined;
  channel?: string | undefined;
  createdSince?: number | undefined;
  createdUntil?: number | undefined;
}

/** The invitations table is also the outbox: the worker claims due rows from it under a lease. */
export class InvitationRepository {
  constructor(private readonly db: Executor) {}

  withTransaction(trx: Transaction<Database>): InvitationRepository {
    return new InvitationRepository(trx);
  }

  async insertMany(rows: readonly NewInvitationRow[]): Promise<void> {
    await INVITATION_INSERT.run(this.db, rows);
  }

  /**
   * Brings the engine's statistics of the invitations table up to date, as after any bulk load. PostgreSQL
   * plans every lookup from them: once an import has made a business's rows many times more than they say,
   * each batch's lookup by email reads every invitation of the business instead of probing the identity
   * index, and a large import slows down as it goes. SQLite's planner needs none.
   */
  async refreshStatistics(): Promise<void> {
    if (this.db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`analyze invitations`.execute(this.db);
    }
  }

  /** Every invitation of these customers at one business: the facts a batch of decisions needs. */
  findForEmails(businessId: string, emails: readonly string[]): Promise<InvitationRow[]> {
    if (emails.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('invitations')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('email', 'in', emails)
      .execute();
  }

  /** The invitation a review through a link answers: same customer and order, sent or still queued. */
  findAnswerable(businessId: string, email: string, reference: string): Promise<InvitationRow | undefined> {
    return this.db
      .selectFrom('invitations')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('email', '=', email)
      .where('reference', '=', reference)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  findById(businessId: string, id: string): Promise<InvitationRow | undefined> {
    return this.db
      .selectFrom('invitations')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The token is the capability in an email's links; it names one invitation of one business. */
  findByToken(token: string): Promise<InvitationRow | undefined> {
    return this.db.selectFrom('invitations').selectAll().where('token', '=', token).executeTakeFirst();
  }

  list(
    businessId: string,
    options: { limit: number; status?: string | undefined; reference?: string | undefined },
  ): Promise<InvitationRow[]> {
    let query = this.db.selectFrom('invitations').selectAll().where('business_id', '=', businessId);
    if (options.status !== undefined) query = query.where('status', '=', options.status);
    if (options.reference !== undefined) query = query.where('reference', '=', options.reference);
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  }

  /**
   * One page of a business's invitations, newest first by their time-ordered id, after `before` (the last
   * id of the previous page): invitations made meanwhile sort before the first page and never shift later
   * pages.
   */
  page(
    businessId: string,
    options: {
      limit: number;
      before?: string | undefined;
      status?: string | undefined;
      channel?: string | undefined;
      email?: string | undefined;
      reference?: string | undefined;
      createdSince?: number | undefined;
      createdUntil?: number | undefined;
    },
  ): Promise<InvitationRow[]> {
    let query = this.db.selectFrom('invitations').selectAll().where('business_id', '=', businessId);
    if (options.before !== undefined) query = query.where('id', '<', options.before);
    if (options.status !== undefined) query = query.where('status', '=', options.status);
    if (options.channel !== undefined) query = query.where('channel', '=', options.channel);
    if (options.email !== undefined) query = query.where('email', '=', options.email);
    if (options.reference !== undefined) query = query.where('reference', '=', options.reference);
    if (options.createdSince !== undefined) query = query.where('created_at', '>=', options.createdSince);
    if (options.createdUntil !== undefined) query = query.where('created_at', '<', options.createdUntil);
    return query.orderBy('id', 'desc').limit(options.limit).execute();
  }

  /**
   * One page of the dashboard's list: newest first by creation time (then id), after `after` (the last row
   * of the previous page), read along the `invitations_by_time` index from the cursor on, so a page costs
   * the same at any depth and any history.
   *
   * With `query`, the invitations of that reference (exactly, `invitations_by_reference`) and those whose
   * address begins with it (`invitations_identity`, as a range): two reads of at most `matchCap` rows each,
   * in no order, so each engine reads the index its filter names (asked for newest first, SQLite walked the
   * whole list in that order instead); merged and ordered here. `capped` says a read found more than it
   * took, so the page is only some of the matches.
   */
  async search(
    businessId: string,
    options: InvitationSearchOptions,
  ): Promise<{ rows: InvitationRow[]; capped: boolean }> {
    if (options.query === undefined) {
      const rows = await this.searchQuery(businessId, options)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit)
        .execute();
      return { rows, capped: false };
    }
    const text = options.query;
    const prefix = text.toLowerCase();
    const cap = options.matchCap;
    const base = this.searchQuery(businessId, options).limit(cap + 1);
    const byReference = await base.where('reference', '=', text).execute();
    const byEmail = await base
      .where('email', '>=', prefix)
      .where('email', '<', prefixEnd(prefix))
      // The range is exact in code point order (SQLite, PostgreSQL's C collation); this keeps it exact
      // under a linguistic collation too.
      .where((eb) => eb(eb.fn('substr', ['email', eb.val(1), eb.val(prefix.length)]), '=', prefix))
      .execute();
    const seen = new Set<string>();
    const rows = [...byReference, ...byEmail]
      .filter((row) => !seen.has(row.id) && Boolean(seen.add(row.id)))
      .sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, options.limit);
    return { rows, capped: byReference.length > cap || byEmail.length > cap };
  }

  private searchQuery(businessId: string, options: InvitationSearchOptions) {
    let query = this.db.selectFrom('invitations').selectAll().where('business_id', '=', businessId);
    const { after } = options;
    if (after !== undefined) {
      // As a row value, the whole cursor is where the index read starts, ties within a millisecond (a
      // file's batch) included.
      query = query.where((eb) =>
        eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)),
      );
    }
    if (options.status !== undefined) query = query.where('status', '=', options.status);
    if (options.channel !== undefined) query = query.where('channel', '=', options.channel);
    if (options.createdSince !== undefined) query = query.where('created_at', '>=', options.createdSince);
    if (options.createdUntil !== undefined) query = query.where('created_at', '<', options.createdUntil);
    return query;
  }

  async countCountedSendingBetween(businessId: string, start: number, end: number): Promise<number> {
    const row = await this.db
      .selectFrom('invitations')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('business_id', '=', businessId)
      .where('send_at', '>=', start)
      .where('send_at', '<', end)
      .where('status', 'in', COUNTED_STATUSES)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /**
   * Claims up to `limit` due rows for one worker until `leaseUntil`. A row is due when its time has come
   * and nobody holds a live lease on it, so a killed worker's rows return once its lease ends. An
   * invitation to send moves to `sending`; a reminder keeps `sent`.
   */
  async claimDue(options: ClaimOptions): Promise<InvitationRow[]> {
    const { now } = options;
    return (
      this.db
        .updateTable('invitations')
        .set({
          lease_owner: options.owner,
          lease_until: options.leaseUntil,
          status: sql<string>`case when status = 'scheduled' then 'sending' else status end`,
          updated_at: now,
        })
        .where('id', 'in', (eb) => {
          let due = eb
            .selectFrom('invitations')
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

  /**
   * The outbox for operators, across every business: how many rows are due now (waiting or in flight) and
   * the earliest due time among them. One range read of the `invitations_due` index; no business data.
   */
  async outboxStatus(now: number): Promise<{ due: number; oldestDueAt: number | null }> {
    const row = await this.db
      .selectFrom('invitations')
      .select((eb) => [
        eb.fn.countAll<number | string | bigint>().as('due'),
        eb.fn.min<number | string | null>('due_at').as('oldest'),
      ])
      .where('due_at', '<=', now)
      .executeTakeFirstOrThrow();
    return { due: Number(row.due), oldestDueAt: row.oldest === null ? null : Number(row.oldest) };
  }

  /** Applies a worker's result, only while the worker still holds the lease it was given. */
  async updateLeased(id: string, owner: string, change: InvitationUpdate): Promise<boolean> {
    const result = await this.db
      .updateTable('invitations')
      .set(change)
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async update(businessId: string, id: string, change: InvitationUpdate): Promise<void> {
    await this.db
      .updateTable('invitations')
      .set(change)
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .execute();
  }

  /** Queued invitations matching the filter, for cancelling: ids only, scoped to one business. */
  async queuedIds(
    businessId: string,
    filter: { id?: string | undefined; reference?: string | undefined },
  ): Promise<string[]> {
    let query = this.db
      .selectFrom('invitations')
      .select('id')
      .where('business_id', '=', businessId)
      .where('status', '=', 'scheduled');
    if (filter.id !== undefined) query = query.where('id', '=', filter.id);
    if (filter.reference !== undefined) query = query.where('reference', '=', filter.reference);
    return (await query.execute()).map((row) => row.id);
  }

  /** Cancels the rows that are still queued; a row a worker claimed meanwhile is left alone. */
  async cancelQueued(
    businessId: string,
    ids: readonly string[],
    now: number,
    reason: string,
  ): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .updateTable('invitations')
      .set({ status: 'cancelled', reason, due_at: null, updated_at: now })
      .where('business_id', '=', businessId)
      .where('id', 'in', ids)
      .where('status', '=', 'scheduled')
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }

  async insertEvents(events: readonly NewInvitationEvent[]): Promise<void> {
    await EVENT_INSERT.run(
      this.db,
      events.map((event) => ({
        invitation_id: event.invitationId,
        business_id: event.businessId,
        type: event.type,
        at: event.at,
        detail: event.detail === undefined ? null : JSON.stringify(event.detail),
      })),
    );
  }

  events(businessId: string, invitationId: string): Promise<InvitationEventRow[]> {
    return this.db
      .selectFrom('invitation_events')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('invitation_id', '=', invitationId)
      .orderBy('id')
      .execute();
  }

  /** Event counts per UTC day and type since `since`, for a business's activity view. */
  async eventCountsPerDay(
    businessId: string,
    since: number,
  ): Promise<{ day: number; type: string; count: number }[]> {
    const day = sql<number>`(at / ${sql.lit(DAY_MS)})`;
    const rows = await this.db
      .selectFrom('invitation_events')
      .select([day.as('day'), 'type', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('business_id', '=', businessId)
      .where('at', '>=', since)
      .groupBy([day, 'type'])
      .orderBy(day)
      .orderBy('type')
      .execute();
    return rows.map((row) => ({ day: Number(row.day) * DAY_MS, type: row.type, count: Number(row.count) }));
  }
}

/** The first string after every string that begins with `prefix` (in code point order): its last one, one on. */
function prefixEnd(prefix: string): string {
  const characters = Array.from(prefix);
  const last = characters.pop()?.codePointAt(0) ?? 0;
  return characters.join('') + String.fromCodePoint(last + 1);
}
