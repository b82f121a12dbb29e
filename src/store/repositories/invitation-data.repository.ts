import { sql, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** Which invitations of one business lose their personal data: those of these customers, or the older ones. */
export type InvitationDataSelector = { emails: readonly string[] } | { createdBefore: number };

export interface ErasedCounts {
  invitations: number;
  reviews: number;
}

/** Ids per statement: well under the bound-parameter limits of both engines. */
const CHUNK = 500;

/** The domain every erased address is put under: `.invalid` is reserved, so no mail can ever reach one. */
export const ERASED_DOMAIN = 'erased.invalid';

/** `erased-{row id}@erased.invalid`: unique per row, so the identity indexes still hold, and says nothing. */
function erasedAddress() {
  return sql<string>`${sql.lit('erased-')} || ${sql.ref('id')} || ${sql.lit(`@${ERASED_DOMAIN}`)}`;
}

/**
 * Erases the personal data of invitations (and of the reviews written through them) while keeping the
 * rows, so counts, statuses and TrustScore stay as they were. Runs inside the caller's transaction; every
 * statement is scoped to one business.
 */
export class InvitationDataRepository {
  constructor(private readonly trx: Transaction<Database>) {}

  async erase(businessId: string, selector: InvitationDataSelector, now: number): Promise<ErasedCounts> {
    const ids = await this.selectIds(businessId, selector);
    const reason = `Personal data erased at the business's request on ${new Date(now).toISOString()}.`;
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      // Nothing still queued goes out to an erased address, and no reminder follows.
      await this.trx
        .updateTable('invitations')
        .set({ status: 'cancelled', updated_at: now })
        .where('business_id', '=', businessId)
        .where('id', 'in', chunk)
        .where('status', '=', 'scheduled')
        .execute();
      await this.trx
        .updateTable('invitations')
        .set({
          email: erasedAddress(),
          name: '',
          reason,
          redirect_uri: null,
          due_at: null,
          updated_at: now,
        })
        .where('business_id', '=', businessId)
        .where('id', 'in', chunk)
        .execute();
      // Events carry reasons and SMTP answers that may quote the address: their facts go, their times stay.
      await this.trx
        .updateTable('invitation_events')
        .set({ detail: null })
        .where('business_id', '=', businessId)
        .where('invitation_id', 'in', chunk)
        .execute();
      await this.trx
        .updateTable('afs_messages')
        .set({ raw: null, extracted: null, subject: null })
        .where('business_id', '=', businessId)
        .where('invitation_id', 'in', chunk)
        .execute();
    }
    const reviews = await this.eraseReviews(
      businessId,
      ids,
      'emails' in selector ? selector.emails : [],
      now,
    );
    return { invitations: ids.length, reviews };
  }

  private async selectIds(businessId: string, selector: InvitationDataSelector): Promise<string[]> {
    if ('createdBefore' in selector) {
      const rows = await this.trx
        .selectFrom('invitations')
        .select('id')
        .where('business_id', '=', businessId)
        .where('created_at', '<', selector.createdBefore)
        .execute();
      return rows.map((row) => row.id);
    }
    const ids: string[] = [];
    for (let start = 0; start < selector.emails.length; start += CHUNK) {
      const rows = await this.trx
        .selectFrom('invitations')
        .select('id')
        .where('business_id', '=', businessId)
        .where('email', 'in', selector.emails.slice(start, start + CHUNK))
        .execute();
      ids.push(...rows.map((row) => row.id));
    }
    return ids;
  }

  /** The reviews written through these invitations, and (for an erasure by address) those of these addresses. */
  private async eraseReviews(
    businessId: string,
    invitationIds: readonly string[],
    emails: readonly string[],
    now: number,
  ): Promise<number> {
    const reviewIds = new Set<string>();
    for (let start = 0; start < invitationIds.length; start += CHUNK) {
      const rows = await this.trx
        .selectFrom('reviews')
        .select('id')
        .where('business_id', '=', businessId)
        .where('invitation_id', 'in', invitationIds.slice(start, start + CHUNK))
        .execute();
      for (const row of rows) reviewIds.add(row.id);
    }
    for (let start = 0; start < emails.length; start += CHUNK) {
      const rows = await this.trx
        .selectFrom('reviews')
        .select('id')
        .where('business_id', '=', businessId)
        .where('email', 'in', emails.slice(start, start + CHUNK))
        .execute();
      for (const row of rows) reviewIds.add(row.id);
    }
    const ids = [...reviewIds];
    for (let start = 0; start < ids.length; start += CHUNK) {
      await this.trx
        .updateTable('reviews')
        .set({
          email: erasedAddress(),
          name: '',
          confirm_token_hash: null,
          link_digest: null,
          updated_at: now,
        })
        .where('business_id', '=', businessId)
        .where('id', 'in', ids.slice(start, start + CHUNK))
        .execute();
    }
    return ids.length;
  }
}
