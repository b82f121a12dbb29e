/** The events a business can subscribe a URL to (docs/webhooks.md describes each payload). */
export const WEBHOOK_EVENTS = [
  'review.created',
  'review.updated',
  'invitation.sent',
  'invitation.failed',
  'invitation.bounced',
  'consumer.unsubscribed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The wait after each failed attempt: the first retry comes after 5 seconds, the last about 17.5 hours
 * after the first attempt; when the seventh attempt fails too, the delivery is failed.
 */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
];

/** The wait before the next attempt after `attempt` (1-based) failed, or undefined when it was the last. */
export function webhookRetryDelayMs(
  attempt: number,
  delays: readonly number[] = WEBHOOK_RETRY_DELAYS_MS,
): number | undefined {
  return delays[attempt - 1];
}

/** What a receiver's answer means for the delivery. */
export type WebhookResponseOutcome = 'delivered' | 'gone' | 'retry';

export function webhookResponseOutcome(statusCode: number | undefined): WebhookResponseOutcome {
  if (statusCode !== undefined && statusCode >= 200 && statusCode < 300) return 'delivered';
  // 410 Gone: the receiver says this endpoint is no more; the subscription is disabled.
  if (statusCode === 410) return 'gone';
  return 'retry';
}

export type WebhookUrlProblem = { code: 'webhook_url_invalid'; message: string } | undefined;

/** Checks a subscription URL's shape: absolute http(s), no credentials, no fragment, a sane length. */
export function findWebhookUrlProblem(value: string): WebhookUrlProblem {
  const invalid = (message: string) => ({ code: 'webhook_url_invalid' as const, message });
  if (value.length > 2048) return invalid('The URL is longer than 2048 characters; use a shorter one.');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalid(`"${value}" is not an absolute URL; give one such as https://shop.example/hooks/vouch.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return invalid(
      `Webhooks are sent over http:// or https:// only, not ${url.protocol}//; give an https:// URL.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    return invalid(
      'The URL carries a user name or password; remove them: every delivery is signed with the subscription secret instead.',
    );
  }
  if (url.hash !== '') return invalid('The URL has a #fragment, which is never sent; remove it.');
  return undefined;
}

/** Parses `e1,e2` into event types, or names the ones that are not events. */
export function parseWebhookEvents(
  text: string,
): { ok: true; events: WebhookEventType[] } | { ok: false; unknown: string[] } {
  const names = [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = names.filter((name) => !isWebhookEvent(name));
  if (unknown.length > 0 || names.length === 0) return { ok: false, unknown };
  return { ok: true, events: names.filter(isWebhookEvent) };
}
