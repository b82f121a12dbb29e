/**
 * What happened to an invitation, one event at a time, as a sentence a shop owner reads in its timeline.
 * The event's own `reason` (the funnel's or the sender's words) is shown beside it, not repeated here.
 *
 * @example
 * describeInvitationEvent({ type: 'deferred', detail: { attempt: 1, nextAttemptAt: '2026-01-01T10:05:00.000Z' } });
 * // 'Sending failed for now (attempt 1); Vouch tries again at 2026-01-01T10:05:00.000Z.'
 */
export function describeInvitationEvent(event: {
  type: string;
  detail: Readonly<Record<string, unknown>> | null;
}): string {
  const detail = event.detail ?? {};
  const text = (key: string): string | undefined => {
    const value = detail[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const attempt = typeof detail.attempt === 'number' ? ` (attempt ${detail.attempt})` : '';
  const reminder = detail.reminder === true;
  switch (event.type) {
    case 'scheduled':
      return `Accepted${via(text('channel'))} and scheduled to be sent.`;
    case 'suppressed':
      return reminder
        ? 'The reminder was not sent: the address no longer takes invitations.'
        : `Not sent${via(text('channel'))}: the address does not take invitations.`;
    case 'too_frequent':
      return `Not sent${via(text('channel'))}: the customer was invited too recently.`;
    case 'over_cap':
      return `Not sent${via(text('channel'))}: the plan's monthly number of invitations was reached.`;
    case 'test_address':
      return `Not sent${via(text('channel'))}: the address is on the business's own domain, taken as a test.`;
    case 'cancelled':
      return 'Cancelled before it was sent.';
    case 'link_issued':
      return `A review link was handed out${via(text('channel'))}; Vouch sends no email for it.`;
    case 'duplicate':
      return `The same invitation came again${via(text('channel'))} and was not made twice.`;
    case 'sending':
      return `Picked up for sending${attempt}.`;
    case 'sent':
      return `Sent${attempt}; the mail server took it.`;
    case 'reminder_sent':
      return `Reminder sent${attempt}.`;
    case 'deferred': {
      const next = text('nextAttemptAt');
      return `Sending failed for now${attempt}${next ? `; Vouch tries again at ${next}` : ''}.`;
    }
    case 'failed':
      return reminder
        ? `The reminder could not be sent${attempt}.`
        : `Sending failed${attempt}; Vouch gave up.`;
    case 'bounced':
      return 'The address bounced: no invitation goes to it again, from any business.';
    case 'opened':
      return 'The customer opened the email.';
    case 'clicked':
      return 'The customer followed the link to review.';
    case 'unsubscribed':
      return detail.scope === 'all'
        ? 'The customer asked for no more invitations from anyone on this Vouch.'
        : 'The customer asked for no more invitations from this business.';
    case 'reviewed':
      return 'The customer wrote a review.';
    default:
      return `Event "${event.type}".`;
  }
}

const CHANNEL_WORDS: Readonly<Record<string, string>> = {
  manual: 'by hand',
  csv: 'from an imported file',
  api: 'through the API',
  afs: 'from a BCC email (AFS)',
  shopify: 'from Shopify',
  woocommerce: 'from WooCommerce',
  webhook: 'from a signed webhook',
  plugin: 'from a shop plugin',
  link: 'as a review link',
};

function via(channel: string | undefined): string {
  if (channel === undefined) return '';
  return ` ${CHANNEL_WORDS[channel] ?? `through ${channel}`}`;
}
