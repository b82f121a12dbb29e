import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { DAY_MS } from '../clock.js';
import { VouchError } from '../errors.js';
import { InvitationRepository } from '../store/repositories/invitation.repository.js';
import type { Database } from '../store/schema.js';
import type { BusinessService } from './business.service.js';
import { present, type InvitationEventView, type InvitationView } from './invitation-presenter.js';
import { iso } from './presenting.js';
import { normalizeEmail } from '../domain/invitations/fields.js';

export interface InvitationPageOptions {
  limit?: number | undefined;
  /** The `next` of the previous page. */
  before?: string | undefined;
  status?: string | undefined;
  channel?: string | undefined;
  email?: string | undefined;
  reference?: string | undefined;
  /** Epoch ms: made at or after. */
  createdSince?: number | undefined;
  /** Epoch ms: made before. */
  createdUntil?: number | undefined;
}

/** The dashboard's filter of a business's invitations; every field optional. */
export interface InvitationSearch {
  /** A reference, exactly, or the beginning of an email address (a whole one finds just that customer). */
  query?: string | undefined;
  status?: string | undefined;
  channel?: string | undefined;
  /** Epoch ms: made at or after. */
  createdSince?: number | undefined;
  /** Epoch ms: made before. */
  createdUntil?: number | undefined;
}

/** Rows per read while exporting: the export reads page after page, never the whole history at once. */
const EXPORT_BATCH = 1_000;
/**
 * A search reads its matches at once (each from its own index, in no order) and orders them itself: the
 * list reads at most this many per index, an export at most `SEARCH_EXPORT_CAP`.
 */
export const SEARCH_LIST_CAP = 500;
export const SEARCH_EXPORT_CAP = 10_000;

export interface InvitationQueryServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  businesses: BusinessService;
}

/** What a business reads about its invitations: the list, one with its events, and the activity per day. */
export class InvitationQueryService {
  private readonly invitations: InvitationRepository;

  constructor(private readonly options: InvitationQueryServiceOptions) {
    this.invitations = new InvitationRepository(options.db);
  }

  async list(
    businessRef: string,
    options: { limit?: number | undefined; status?: string | undefined; reference?: string | undefined } = {},
  ): Promise<InvitationView[]> {
    const business = await this.options.businesses.row(businessRef);
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 10_000);
    const rows = await this.invitations.list(business.id, {
      limit,
      status: options.status,
      reference: options.reference,
    });
    return rows.map(present);
  }

  async get(businessRef: string, id: string): Promise<InvitationView & { events: InvitationEventView[] }> {
    const business = await this.options.businesses.row(businessRef);
    const row = await this.invitations.findById(business.id, id);
    if (!row) {
      throw new VouchError(
        'invitation_not_found',
        `${business.domain} has no invitation ${id}; list them with: vouch invitations list --business ${business.domain}`,
      );
    }
    const events = await this.invitations.events(business.id, id);
    return {
      ...present(row),
      events: events.map((event) => ({
        type: event.type,
        at: iso(event.at),
        detail: event.detail === null ? null : (JSON.parse(event.detail) as Record<string, unknown>),
      })),
    };
  }

  /**
   * The outbox across every business, for the operator's metrics only (never shown to a business): the
   * invitations and reminders due now, and the earliest due time among them.
   */
  outboxStatus(): Promise<{ due: number; oldestDueAt: number | null }> {
    return this.invitations.outboxStatus(this.options.clock.now().getTime());
  }

  /**
   * One page of the API's list: filtered, newest first, `next` the cursor of the following page (the
   * last id of this one) or null on the last page.
   */
  async page(
    businessId: string,
    options: InvitationPageOptions,
  ): Promise<{ invitations: InvitationView[]; next: string | null }> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 100);
    const rows = await this.invitations.page(businessId, {
      ...options,
      email: options.email === undefined ? undefined : normalizeEmail(options.email),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      invitations: page.map(present),
      next: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  /**
   * One page of the dashboard's list: newest first, `next` the cursor of the following page or null on
   * the last one. The cursor is the last row's creation time and id, so a page costs the same however deep
   * it is and however many invitations the business has; an unreadable cursor is refused, not ignored.
   */
  async search(
    businessId: string,
    filter: InvitationSearch,
    options: { limit?: number | undefined; cursor?: string | undefined } = {},
  ): Promise<{ invitations: InvitationView[]; next: string | null; capped: boolean }> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
    const after = options.cursor === undefined ? undefined : parseCursor(options.cursor);
    const { rows, capped } = await this.invitations.search(businessId, {
      ...searchFilter(filter),
      after,
      limit: limit + 1,
      matchCap: SEARCH_LIST_CAP,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      invitations: page.map(present),
      next: rows.length > limit && last ? `${last.created_at}_${last.id}` : null,
      capped,
    };
  }

  /**
   * Every invitation the filter finds, newest first, read a batch at a time through the same cursor as
   * the list; with a search text, its matches up to `SEARCH_EXPORT_CAP`.
   */
  async *export(businessId: string, filter: InvitationSearch): AsyncGenerator<InvitationView> {
    const options = searchFilter(filter);
    if (options.query !== undefined) {
      const { rows } = await this.invitations.search(businessId, {
        ...options,
        limit: SEARCH_EXPORT_CAP,
        matchCap: SEARCH_EXPORT_CAP,
      });
      for (const row of rows) yield present(row);
      return;
    }
    let after: { createdAt: number; id: string } | undefined;
    for (;;) {
      const { rows } = await this.invitations.search(businessId, {
        ...options,
        after,
        limit: EXPORT_BATCH,
        matchCap: SEARCH_EXPORT_CAP,
      });
      for (const row of rows) yield present(row);
      const last = rows.at(-1);
      if (!last || rows.length < EXPORT_BATCH) return;
      after = { createdAt: last.created_at, id: last.id };
    }
  }

  /** Event counts per UTC day and type over the last `days` days. */
  async activity(businessRef: string, days = 30): Promise<{ day: string; type: string; count: number }[]> {
    const business = await this.options.businesses.row(businessRef);
    const since = this.options.clock.now().getTime() - days * DAY_MS;
    const rows = await this.invitations.eventCountsPerDay(business.id, since);
    return rows.map((row) => ({ day: iso(row.day).slice(0, 10), type: row.type, count: row.count }));
  }
}

/** The filter as the repository reads it: a search text trimmed, an empty one no filter at all. */
function searchFilter(filter: InvitationSearch): InvitationSearch {
  const query = filter.query?.trim();
  return { ...filter, query: query === '' ? undefined : query };
}

/** `{created_at}_{id}` of the last row of the previous page. */
function parseCursor(cursor: string): { createdAt: number; id: string } {
  const match = /^(\d{1,16})_([\w-]{1,64})$/.exec(cursor);
  if (!match) {
    throw new VouchError(
      'validation_failed',
      'That page link is not one Vouch made; start again from the first page of the list.',
    );
  }
  return { createdAt: Number(match[1]), id: match[2]! };
}
