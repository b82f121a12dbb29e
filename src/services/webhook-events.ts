import type { SuppressionScope } from '../domain/invitations/suppression.js';
import type { WebhookEventType } from '../domain/webhooks/webhooks.js';
import type { OutboxEvent } from '../store/repositories/webhook.repository.js';
import type { InvitationRow, ReviewRow } from '../store/schema.js';
import { iso, parseJson, publicReplyOf } from './presenting.js';

/**
 * What each outbound event carries (docs/webhooks.md lists the fields). Ids are the stable ids of the
 * rows; nothing here is a secret (no token, key or link signature).
 */
function event(type: WebhookEventType, at: number, data: Record<string, unknown>): OutboxEvent {
  return { type, at, data };
}

export function reviewWebhookEvent(
  type: 'review.created' | 'review.updated',
  review: ReviewRow,
  at: number,
): OutboxEvent {
  return event(type, at, {
    id: review.id,
    businessId: review.business_id,
    invitationId: review.invitation_id,
    label: review.label,
    source: review.source,
    status: review.status,
    rating: review.rating,
    title: review.title,
    text: review.text,
    products: parseJson<unknown[]>(review.products, []),
    locale: review.locale,
    reference: review.reference,
    consumer: { email: review.email, name: review.name },
    createdAt: iso(review.created_at),
    updatedAt: iso(review.updated_at),
    publishedAt: review.published_at === null ? null : iso(review.published_at),
    reply: publicReplyOf(review),
  });
}

function invitationData(row: InvitationRow) {
  return {
    id: row.id,
    businessId: row.business_id,
    channel: row.channel,
    kind: row.kind,
    reference: row.reference,
    consumer: { email: row.email, name: row.name },
    locale: row.locale,
  };
}

const INVITATION_EVENT_TYPES: Partial<Record<string, WebhookEventType>> = {
  sent: 'invitation.sent',
  reminder_sent: 'invitation.sent',
  failed: 'invitation.failed',
  bounced: 'invitation.bounced',
};

/**
 * The outbound events of the worker's invitation events: `sent` (and a reminder's `reminder_sent`),
 * `failed` and `bounced`. A bounce is a failure too, so it tells both, failed first.
 */
export function invitationWebhookEvents(
  row: InvitationRow,
  events: readonly { type: string; at: number; detail?: Record<string, unknown> | undefined }[],
): OutboxEvent[] {
  return events.flatMap((recorded) => {
    const type = INVITATION_EVENT_TYPES[recorded.type];
    if (!type) return [];
    const detail = recorded.detail ?? {};
    const reminder = recorded.type === 'reminder_sent' || detail.reminder === true;
    const facts: Record<string, unknown> =
      type === 'invitation.sent'
        ? { sentAt: iso(recorded.at), messageId: detail.messageId ?? null }
        : type === 'invitation.failed'
          ? {
              failedAt: iso(recorded.at),
              reason: detail.reason ?? null,
              responseCode: detail.responseCode ?? null,
              attempt: detail.attempt ?? null,
            }
          : { bouncedAt: iso(recorded.at), responseCode: detail.responseCode ?? null };
    return [event(type, recorded.at, { ...invitationData(row), reminder, ...facts })];
  });
}

export function unsubscribedWebhookEvent(
  row: InvitationRow,
  scope: SuppressionScope,
  via: 'page' | 'one-click',
  at: number,
): OutboxEvent {
  return event('consumer.unsubscribed', at, {
    email: row.email,
    businessId: row.business_id,
    scope,
    via,
    invitationId: row.id,
    reference: row.reference,
    unsubscribedAt: iso(at),
  });
}
