import type { InvitationProduct } from '../domain/invitations/request.js';
import type { InvitationRow } from '../store/schema.js';
import { iso, parseJson } from './presenting.js';

/** An invitation as callers see it: no token, no lease. */
export interface InvitationView {
  id: string;
  channel: string;
  kind: string;
  label: string;
  email: string;
  name: string;
  reference: string;
  locale: string | null;
  products: InvitationProduct[];
  tags: string[];
  status: string;
  reason: string | null;
  sendAt: string | null;
  sentAt: string | null;
  attempts: number;
  reviewedAt: string | null;
  createdAt: string;
}

export interface InvitationEventView {
  type: string;
  at: string;
  detail: Record<string, unknown> | null;
}

export function present(row: InvitationRow): InvitationView {
  return {
    id: row.id,
    channel: row.channel,
    kind: row.kind,
    label: row.label,
    email: row.email,
    name: row.name,
    reference: row.reference,
    locale: row.locale,
    products: parseJson<InvitationProduct[]>(row.products, []),
    tags: parseJson<string[]>(row.tags, []),
    status: row.status,
    reason: row.reason,
    sendAt: row.send_at === null ? null : iso(row.send_at),
    sentAt: row.sent_at === null ? null : iso(row.sent_at),
    attempts: row.attempts,
    reviewedAt: row.reviewed_at === null ? null : iso(row.reviewed_at),
    createdAt: iso(row.created_at),
  };
}
