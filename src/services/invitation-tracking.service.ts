import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { GLOBAL_SCOPE, type SuppressionScope } from '../domain/invitations/suppression.js';
import { BusinessRepository } from '../store/repositories/business.repository.js';
import { InvitationRepository } from '../store/repositories/invitation.repository.js';
import { SuppressionRepository } from '../store/repositories/suppression.repository.js';
import { WebhookRepository } from '../store/repositories/webhook.repository.js';
import type { Database, InvitationRow } from '../store/schema.js';
import { unsubscribedWebhookEvent } from './webhook-events.js';

/** Whom an unsubscribe is for: this business, or every business on the server. */
export type UnsubscribeScope = SuppressionScope;

/** What the unsubscribe page shows of an invitation and its business. */
export interface UnsubscribeTarget {
  token: string;
  email: string;
  /** The invitation's own locale, if it named one. */
  locale: string | undefined;
  businessName: string;
  businessLocale: string;
}

export interface InvitationTrackingServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
}

/**
 * What the customer does with an invitation's email: opens it, follows its link, unsubscribes, reviews.
 * Each is found by the email's token and recorded as an event.
 */
export class InvitationTrackingService {
  private readonly invitations: InvitationRepository;
  private readonly suppressions: SuppressionRepository;

  constructor(private readonly options: InvitationTrackingServiceOptions) {
    this.invitations = new InvitationRepository(options.db);
    this.suppressions = new SuppressionRepository(options.db);
  }

  /** The invitation an email link names, or undefined: a bad token is a value, not an error, for pages. */
  findByToken(token: string): Promise<InvitationRow | undefined> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return Promise.resolve(undefined);
    return this.invitations.findByToken(token);
  }

  /** The invitation behind an unsubscribe link, as its page shows it; undefined for an unknown token. */
  async unsubscribeTarget(token: string): Promise<UnsubscribeTarget | undefined> {
    const row = await this.findByToken(token);
    return row && this.presentTarget(row);
  }

  /** Unsubscribes through an email's link; undefined (and nothing done) for an unknown token. */
  async unsubscribeByToken(
    token: string,
    scope: UnsubscribeScope,
    via: 'page' | 'one-click',
  ): Promise<UnsubscribeTarget | undefined> {
    const row = await this.findByToken(token);
    if (!row) return undefined;
    await this.unsubscribe(row, scope, via);
    return this.presentTarget(row);
  }

  /** Records an open of the email behind the pixel's token, if the token names one. */
  async recordOpenByToken(token: string): Promise<void> {
    const row = await this.findByToken(token);
    if (row) await this.recordTouch(row, 'opened');
  }

  private async presentTarget(row: InvitationRow): Promise<UnsubscribeTarget> {
    const business = await new BusinessRepository(this.options.db).findById(row.business_id);
    if (!business) throw new Error(`invitation ${row.id} names a business that does not exist`);
    return {
      token: row.token,
      email: row.email,
      locale: row.locale ?? undefined,
      businessName: business.name,
      businessLocale: business.default_locale,
    };
  }

  /** Records that the customer followed the email's link. Never consumes anything: links can be opened again. */
  async recordClick(row: InvitationRow): Promise<void> {
    await this.recordTouch(row, 'clicked');
  }

  /**
   * Suppresses the invitation's address for its business or for every business, and stops what is still
   * queued for it. Idempotent: the one-click POST may arrive more than once.
   */
  async unsubscribe(row: InvitationRow, scope: UnsubscribeScope, via: 'page' | 'one-click'): Promise<void> {
    const now = this.options.clock.now().getTime();
    const reason = 'unsubscribed';
    const stored = scope === 'all' ? GLOBAL_SCOPE : row.business_id;
    await this.options.db.transaction().execute(async (trx) => {
      const invitations = this.invitations.withTransaction(trx);
      const suppressions = this.suppressions.withTransaction(trx);
      // Subscribers hear of an unsubscribe once: a repeated one-click POST adds nothing new.
      const already = (await suppressions.findForEmails(row.business_id, [row.email])).some(
        (suppression) => suppression.scope === stored && suppression.reason === reason,
      );
      await suppressions.add({
        scope: stored,
        email: row.email,
        reason,
        detail: JSON.stringify({ invitationId: row.id, via }),
        created_at: now,
      });
      await invitations.insertEvents([
        {
          invitationId: row.id,
          businessId: row.business_id,
          type: 'unsubscribed',
          at: now,
          detail: { scope, via },
        },
      ]);
      if (!already) {
        await new WebhookRepository(trx).enqueue(row.business_id, [
          unsubscribedWebhookEvent(row, scope, via, now),
        ]);
      }
      // A reminder still pending must not go to someone who just said stop.
      if (row.status === 'sent' && row.due_at !== null) {
        await invitations.update(row.business_id, row.id, { due_at: null, updated_at: now });
      }
    });
  }

  /** Marks the invitation answered by a review, so no reminder follows. */
  async markReviewed(row: InvitationRow, reviewId: string): Promise<void> {
    if (row.reviewed_at !== null) return;
    const now = this.options.clock.now().getTime();
    const change =
      row.status === 'sent'
        ? { reviewed_at: now, due_at: null, updated_at: now }
        : { reviewed_at: now, updated_at: now };
    await this.invitations.update(row.business_id, row.id, change);
    await this.invitations.insertEvents([
      { invitationId: row.id, businessId: row.business_id, type: 'reviewed', at: now, detail: { reviewId } },
    ]);
  }

  private async recordTouch(row: InvitationRow, type: 'clicked' | 'opened'): Promise<void> {
    const now = this.options.clock.now().getTime();
    const first = type === 'clicked' ? row.clicked_at === null : row.opened_at === null;
    if (first) {
      await this.invitations.update(
        row.business_id,
        row.id,
        type === 'clicked' ? { clicked_at: now } : { opened_at: now },
      );
    }
    await this.invitations.insertEvents([
      { invitationId: row.id, businessId: row.business_id, type, at: now, detail: { first } },
    ]);
  }
}
