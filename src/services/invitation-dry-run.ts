import { NOT_YET_SENT } from '../store/repositories/invitation.repository.js';
import type { InvitationRow } from '../store/schema.js';

/**
 * What a dry run has decided so far, carried from one batch to the next: a dry run writes nothing, and
 * this stands in for its rows, so a later batch decides as it would after the earlier ones committed.
 */
export class DryRun {
  /** Invitations the dry run made, by email; only what later decisions and views read is kept. */
  readonly created = new Map<string, DryRunInvitation[]>();
  /** Products an invitation would have after the dry run's merges, by invitation id. */
  readonly mergedProducts = new Map<string, string>();
  /** Invitations the dry run scheduled, by the start of their send month. */
  readonly scheduledByMonth = new Map<number, number>();

  /** What one batch decided, in place of the rows it would have written. */
  remember(
    rows: readonly InvitationRow[],
    merges: Iterable<{ row: InvitationRow; products: unknown[] }>,
    scheduledByMonth: ReadonlyMap<number, number>,
  ): void {
    for (const row of rows) {
      const list = this.created.get(row.email) ?? [];
      list.push(keepForDryRun(row));
      this.created.set(row.email, list);
    }
    for (const { row, products } of merges) this.mergedProducts.set(row.id, JSON.stringify(products));
    for (const [start, count] of scheduledByMonth) {
      this.scheduledByMonth.set(start, (this.scheduledByMonth.get(start) ?? 0) + count);
    }
  }
}

/** A dry run's invitation as later batches need it: a file of a million rows is held whole. */
type DryRunInvitation = Pick<
  InvitationRow,
  | 'id'
  | 'business_id'
  | 'channel'
  | 'kind'
  | 'label'
  | 'email'
  | 'name'
  | 'reference'
  | 'locale'
  | 'products'
  | 'tags'
  | 'status'
  | 'import_id'
  | 'trigger_at'
  | 'send_at'
  | 'created_at'
>;

export function keepForDryRun(row: InvitationRow): DryRunInvitation {
  return {
    id: row.id,
    business_id: row.business_id,
    channel: row.channel,
    kind: row.kind,
    label: row.label,
    email: row.email,
    name: row.name,
    reference: row.reference,
    locale: row.locale,
    products: row.products,
    tags: row.tags,
    status: row.status,
    import_id: row.import_id,
    trigger_at: row.trigger_at,
    send_at: row.send_at,
    created_at: row.created_at,
  };
}

/** The dry run's invitation as a row again; what was not kept is what a new invitation starts with. */
export function fromDryRun(kept: DryRunInvitation): InvitationRow {
  return {
    ...kept,
    token: '',
    reason: null,
    template_id: null,
    sender_name: null,
    sender_email: null,
    reply_to: null,
    redirect_uri: null,
    due_at: kept.send_at,
    ...NOT_YET_SENT,
    updated_at: kept.created_at,
  };
}
