import type { Kysely, Transaction } from 'kysely';
import { GLOBAL_SCOPE } from '../../domain/invitations/suppression.js';
import type { Database, SuppressionRow } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Addresses that must get no more invitations: unsubscribed or bounced, for one business or all. */
export class SuppressionRepository {
  constructor(private readonly db: Executor) {}

  withTransaction(trx: Transaction<Database>): SuppressionRepository {
    return new SuppressionRepository(trx);
  }

  findForEmails(businessId: string, emails: readonly string[]): Promise<SuppressionRow[]> {
    if (emails.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('suppressions')
      .selectAll()
      .where('email', 'in', emails)
      .where('scope', 'in', [businessId, GLOBAL_SCOPE])
      .execute();
  }

  /** Records a suppression; an address already suppressed in that scope keeps its first record. */
  async add(row: SuppressionRow): Promise<void> {
    await this.db
      .insertInto('suppressions')
      .values(row)
      .onConflict((conflict) => conflict.columns(['scope', 'email']).doNothing())
      .execute();
  }

  /**
   * This business's suppressions, and the server-wide ones of addresses this business knows: invited, or
   * met through a review (an organic reviewer suppressed elsewhere gets no confirmation mail from it either).
   * A business never learns of another business's customers.
   */
  listForBusiness(businessId: string): Promise<SuppressionRow[]> {
    return this.db
      .selectFrom('suppressions')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('scope', '=', businessId),
          eb.and([
            eb('scope', '=', GLOBAL_SCOPE),
            eb.exists(
              eb
                .selectFrom('invitations')
                .select('invitations.id')
                .where('invitations.business_id', '=', businessId)
                .whereRef('invitations.email', '=', 'suppressions.email'),
            ),
          ]),
          eb.and([
            eb('scope', '=', GLOBAL_SCOPE),
            eb.exists(
              eb
                .selectFrom('reviews')
                .select('reviews.id')
                .where('reviews.business_id', '=', businessId)
                .whereRef('reviews.email', '=', 'suppressions.email'),
            ),
          ]),
        ]),
      )
      .orderBy('created_at', 'desc')
      .execute();
  }

  async remove(scope: string, email: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('suppressions')
      .where('scope', '=', scope)
      .where('email', '=', email)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
