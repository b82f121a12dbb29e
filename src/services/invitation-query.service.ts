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

  /** Event counts per UTC day and type over the last `days` days. */
  async activity(businessRef: string, days = 30): Promise<{ day: string; type: string; count: number }[]> {
    const business = await this.options.businesses.row(businessRef);
    const since = this.options.clock.now().getTime() - days * DAY_MS;
    const rows = await this.invitations.eventCountsPerDay(business.id, since);
    return rows.map((row) => ({ day: iso(row.day).slice(0, 10), type: row.type, count: row.count }));
  }
}
