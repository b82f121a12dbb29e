import { sql, type Expression, type ExpressionBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** Which invitations of one business lose their personal data: those of these customers, or the older ones. */
export type InvitationDataSelector = { emails: readonly string[] } | { createdBefore: number };

export interface ErasedCounts {
  invitations: number;
  reviews: number;
}

/** Addresses per statement: well under the bound-parameter limits of both engines. */
const CHUNK = 500;

/** The domain every erased address is put under: `.invalid` is reserved, so no mail can ever reach one. */
export const ERASED_DOMAIN = 'erased.invalid';

/** `erased-{row id}@erased.invalid`: unique per row, so the identity indexes still hold, and says nothing. */
function erasedAddress() {
  return sql<string>`${sql.lit('erased-')} || ${sql.ref('id')} || ${sql.lit(`@${ERASED_DOMAIN}`)}`;
}

type InvitationCondition = (eb: ExpressionBuilder<Database, 'invitations'>) => Expression<SqlBool>;

/**
 * Erases the personal data of invitations (and of the reviews written through them) while keeping the
 * rows, so counts, statuses and TrustScore stay as they were. Runs inside the caller's transaction; every
 * statement is scoped to one business, and each is one set-based UPDATE however many rows it touches.
 */
export class InvitationDataRepository {
  constructor(private readonly trx: Transaction<Database>) {}

  async erase(businessId: string, selector: InvitationDataSelector, now: number): Promise<ErasedCounts> {
    const reason = `Personal data erased at the business's request on ${new Date(now).toISOString()}.`;
    if ('createdBefore' in selector) {
      await this.eraseUnlinkedRecords(businessId, selector);
      return this.eraseWhere(
        businessId,
        (eb) => eb('created_at', '<', selector.createdBefore),
        [],
        reason,
        now,
      );
    }
    const total: ErasedCounts = { invitations: 0, reviews: 0 };
    for (let start = 0; start < selector.emails.length; start += CHUNK) {
      const emails = selector.emails.slice(start, start + CHUNK);
      const counts = await this.eraseWhere(
        businessId,
        (eb) => eb('email', 'in', emails),
        emails,
        reason,
        now,
      );
      total.invitations += counts.invitations;
      total.reviews += counts.reviews;
    }
    await this.eraseUnlinkedRecords(businessId, selector);
    return total;
  }

  /**
   * What names a customer without an invitation to find it by: the cells of a file's rejected rows, and
   * stored BCC mail that became no invitation (no reference, a refused sender). Older than the time, or
   * holding one of the addresses anywhere in its text, they lose that content and keep their outcome.
   */
  private async eraseUnlinkedRecords(businessId: string, selector: InvitationDataSelector): Promise<void> {
    const importsOfBusiness = this.trx
      .selectFrom('imports')
      .select('id')
      .where('business_id', '=', businessId);
    if ('createdBefore' in selector) {
      await this.trx
        .updateTable('import_rejections')
        .set({ cells: '[]' })
        .where('import_id', 'in', importsOfBusiness.where('created_at', '<', selector.createdBefore))
        .execute();
      await this.trx
        .updateTable('afs_messages')
        .set({ raw: null, extracted: null, subject: null })
        .where('business_id', '=', businessId)
        .where('invitation_id', 'is', null)
        .where('received_at', '<', selector.createdBefore)
        .execute();
      return;
    }
    for (let start = 0; start < selector.emails.length; start += CHUNK) {
      const emails = selector.emails.slice(start, start + CHUNK);
      await this.trx
        .updateTable('import_rejections')
        .set({ cells: '[]' })
        .where('import_id', 'in', importsOfBusiness)
        .where((eb) => eb.or(emails.map((email) => containsText(sql.ref('cells'), email))))
        .execute();
    }
    // Raw mail is bytes on both engines, so it is searched here; unlinked messages are the few refused
    // ones, and raw mail is kept only for the retention period.
    const wanted = selector.emails.map((email) => email.toLowerCase());
    const unlinked = await this.trx
      .selectFrom('afs_messages')
      .select(['id', 'raw', 'extracted', 'subject'])
      .where('business_id', '=', businessId)
      .where('invitation_id', 'is', null)
      .where((eb) => eb.or([eb('raw', 'is not', null), eb('extracted', 'is not', null)]))
      .execute();
    const naming = unlinked
      .filter((message) => {
        const text = `${message.raw?.toString('latin1') ?? ''}\n${message.extracted ?? ''}\n${message.subject ?? ''}`;
        const lower = text.toLowerCase();
        return wanted.some((email) => lower.includes(email));
      })
      .map((message) => message.id);
    for (let start = 0; start < naming.length; start += CHUNK) {
      await this.trx
        .updateTable('afs_messages')
        .set({ raw: null, extracted: null, subject: null })
        .where('business_id', '=', businessId)
        .where('id', 'in', naming.slice(start, start + CHUNK))
        .execute();
    }
  }

  /**
   * The invitations matching `condition`, and their reviews (plus, by address, the customer's other reviews):
   * what hangs off an invitation first, found through it while it still matches, then the invitation itself.
   */
  private async eraseWhere(
    businessId: string,
    condition: InvitationCondition,
    emails: readonly string[],
    reason: string,
    now: number,
  ): Promise<ErasedCounts> {
    const matching = this.trx
      .selectFrom('invitations')
      .select('invitations.id')
      .where('invitations.business_id', '=', businessId)
      .where(condition);

    const reviews = await this.trx
      .updateTable('reviews')
      .set({
        email: erasedAddress(),
        name: '',
        confirm_token_hash: null,
        link_digest: null,
        updated_at: now,
      })
      .where('business_id', '=', businessId)
      .where((eb) =>
        eb.or([
          eb('invitation_id', 'in', matching),
          ...(emails.length > 0 ? [eb('email', 'in', emails)] : []),
        ]),
      )
      .executeTakeFirst();
    // Events carry reasons and SMTP answers that may quote the address: their facts go, their times stay.
    await this.trx
      .updateTable('invitation_events')
      .set({ detail: null })
      .where('business_id', '=', businessId)
      .where('invitation_id', 'in', matching)
      .execute();
    await this.trx
      .updateTable('afs_messages')
      .set({ raw: null, extracted: null, subject: null })
      .where('business_id', '=', businessId)
      .where('invitation_id', 'in', matching)
      .execute();
    await this.eraseWebhookPayloads(businessId, condition, emails);
    // Nothing still queued goes out to an erased address, and no reminder follows.
    await this.trx
      .updateTable('invitations')
      .set({ status: 'cancelled' })
      .where('business_id', '=', businessId)
      .where('status', '=', 'scheduled')
      .where(condition)
      .execute();
    const invitations = await this.trx
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
      .where(condition)
      .executeTakeFirst();
    return { invitations: Number(invitations.numUpdatedRows), reviews: Number(reviews.numUpdatedRows) };
  }

  /**
   * Outbound webhook deliveries (kept 30 days) carry the customer's email and name in their JSON body. A
   * delivery about one of these invitations, or naming one of these addresses, keeps its log but loses
   * both; one still pending goes out with them erased. Read in JS: the payload is JSON text on both
   * engines, and a business's recent deliveries are few next to its invitations.
   */
  private async eraseWebhookPayloads(
    businessId: string,
    condition: InvitationCondition,
    emails: readonly string[],
  ): Promise<void> {
    const deliveries = await this.trx
      .selectFrom('webhook_deliveries')
      .select(['id', 'payload'])
      .where('business_id', '=', businessId)
      .execute();
    if (deliveries.length === 0) return;
    const parsed = deliveries.map((row) => ({ id: row.id, body: JSON.parse(row.payload) as WebhookBody }));
    const mentioned = [...new Set(parsed.flatMap(({ body }) => invitationIdOf(body) ?? []))];
    const erasedInvitations = new Set<string>();
    for (let start = 0; start < mentioned.length; start += CHUNK) {
      const rows = await this.trx
        .selectFrom('invitations')
        .select('id')
        .where('business_id', '=', businessId)
        .where('id', 'in', mentioned.slice(start, start + CHUNK))
        .where(condition)
        .execute();
      for (const row of rows) erasedInvitations.add(row.id);
    }
    const erasedEmails = new Set(emails);
    for (const { id, body } of parsed) {
      const invitationId = invitationIdOf(body);
      const email = body.data?.consumer?.email ?? body.data?.email;
      const matches =
        (invitationId !== undefined && erasedInvitations.has(invitationId)) ||
        (typeof email === 'string' && erasedEmails.has(email));
      if (!matches || !body.data) continue;
      if (body.data.consumer) body.data.consumer = { email: `erased@${ERASED_DOMAIN}`, name: '' };
      if ('email' in body.data) body.data.email = `erased@${ERASED_DOMAIN}`;
      await this.trx
        .updateTable('webhook_deliveries')
        .set({ payload: JSON.stringify(body) })
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .execute();
    }
  }
}

/**
 * `column` holds `text`, ignoring ASCII case: LIKE with the text's own % _ and \\ escaped, the same on
 * SQLite and PostgreSQL.
 */
function containsText(column: Expression<string>, text: string): Expression<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${column}) like ${pattern} escape '\\'`;
}

/** The part of an outbound webhook's body that can name a customer (see services/webhook-events.ts). */
interface WebhookBody {
  type?: string;
  data?: {
    id?: string;
    invitationId?: string | null;
    email?: string;
    consumer?: { email?: string; name?: string };
  };
}

/** The invitation a delivery is about: its own id for `invitation.*`, `invitationId` for the others. */
function invitationIdOf(body: WebhookBody): string | undefined {
  if (body.type?.startsWith('invitation.')) return body.data?.id;
  return body.data?.invitationId ?? undefined;
}
