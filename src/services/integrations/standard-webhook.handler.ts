import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { RandomSource } from '../../clock.js';
import { kindsOf, orderInvitationRequests } from '../../domain/shops/order-invitations.js';
import { parseOrderWebhook } from '../../domain/shops/order-webhook.js';
import { parseLocale } from '../../domain/locales.js';
import type {
  HandlerContext,
  HandlerOutcome,
  InboundRequest,
  IntegrationContext,
  ProviderHandler,
  Verification,
} from './handler.js';
import { invited, payloadProblem, readJsonBody } from './order-outcome.js';

/** The Standard Webhooks tolerance: a request signed more than this before or after now is refused. */
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000;
/** What the delivery log keeps of a `webhook-id` (its column's width). */
const MAX_WEBHOOK_ID = 200;
const SECRET_PREFIX = 'whsec_';

/**
 * Vouch's generic signed webhook, for any shop or ERP: Standard Webhooks (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature: v1,{base64 HMAC-SHA256 of id.timestamp.body}`) with the
 * integration's `whsec_` secret, the HMAC made by the `standardwebhooks` package and compared in constant
 * time. The `webhook-id` is the delivery's id, so the integration service answers a second delivery of it
 * 200 without acting again (a sender that lost the first answer stops retrying; an attacker replaying a
 * captured request achieves nothing), and a request signed more than five minutes away from now is
 * refused as stale.
 */
export const standardWebhookHandler: ProviderHandler = {
  verify: verifyStandardWebhook,
  handle: handleOrderWebhook,
  newSecret: (random: RandomSource) => `${SECRET_PREFIX}${random.bytes(32).toString('base64')}`,
  secretProblem: (secret: string) => {
    const key = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
    const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(key) ? Buffer.from(key, 'base64').length : 0;
    return bytes >= 24 && bytes <= 64
      ? undefined
      : 'A Standard Webhooks secret is whsec_ followed by 24 to 64 random bytes in standard base64; leave --secret out and Vouch makes one.';
  },
};

function header(request: InboundRequest, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function verifyStandardWebhook(
  integration: IntegrationContext,
  request: InboundRequest,
  now: number,
): Verification {
  const id = header(request, 'webhook-id');
  const timestamp = header(request, 'webhook-timestamp');
  const signature = header(request, 'webhook-signature');
  const missing = [
    ['webhook-id', id],
    ['webhook-timestamp', timestamp],
    ['webhook-signature', signature],
  ].flatMap(([name, value]) => (value === undefined ? [name] : []));
  if (missing.length > 0) {
    return {
      ok: false,
      signature: 'missing',
      topic: undefined,
      code: 'integration_signature_missing',
      message: `The request has no ${missing.join(', ')} header. Sign it as Standard Webhooks do (webhook-id, webhook-timestamp, webhook-signature) with the integration's whsec_ secret; docs/integrations.md shows how.`,
    };
  }
  const refuse = (message: string): Verification => ({
    ok: false,
    signature: 'invalid',
    topic: undefined,
    code: 'integration_signature_invalid',
    message,
  });
  if (id!.length > MAX_WEBHOOK_ID) {
    return refuse(
      `The webhook-id is longer than ${MAX_WEBHOOK_ID} characters; send a shorter unique id, such as msg_ and a UUID.`,
    );
  }
  if (/^\d{13}$/.test(timestamp!)) {
    return refuse(
      'The webhook-timestamp looks like milliseconds; send whole seconds since 1970 (UTC), such as Math.floor(Date.now() / 1000).',
    );
  }
  if (!/^\d{1,12}$/.test(timestamp!)) {
    return refuse(
      'The webhook-timestamp is not a whole number of seconds since 1970 (UTC), such as 1764669600.',
    );
  }
  const skew = now - Number(timestamp) * 1000;
  if (Math.abs(skew) > WEBHOOK_TOLERANCE_MS) {
    return {
      ok: false,
      signature: 'stale',
      topic: undefined,
      code: 'integration_signature_stale',
      message: `The webhook-timestamp is ${Math.round(Math.abs(skew) / 1000)} seconds ${skew > 0 ? 'old' : 'in the future'}; Vouch accepts at most 300 either way. Sign each attempt at the time it is sent, and keep the sender's clock right (NTP).`,
    };
  }
  if (!signatureMatches(integration.secret, id!, Number(timestamp), request.body, signature!)) {
    return refuse(
      "No v1 signature in webhook-signature matches the body. Sign `{webhook-id}.{webhook-timestamp}.{body}` exactly as sent, with HMAC-SHA256 keyed by the base64-decoded part of the integration's whsec_ secret, and send `v1,{base64 signature}`.",
    );
  }
  return { ok: true, signature: 'valid', topic: topicOf(request.body), deliveryId: id };
}

/**
 * Whether one `v1` signature of the space-separated list (several while a sender rotates its secret) is
 * the HMAC the `standardwebhooks` package makes for this id, timestamp and body. The package signs; the
 * comparison is crypto.timingSafeEqual on the two 32-byte digests, and the tolerance was checked against
 * Vouch's own clock before (the package's verify() reads the wall clock itself).
 */
function signatureMatches(
  secret: string,
  id: string,
  seconds: number,
  body: Buffer,
  header: string,
): boolean {
  const expected = Buffer.from(
    new Webhook(secret).sign(id, new Date(seconds * 1000), body).slice('v1,'.length),
    'base64',
  );
  return header.split(' ').some((entry) => {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') return false;
    const given = Buffer.from(entry.slice(comma + 1), 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** The event type, for the delivery log, read only once the signature held. */
function topicOf(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && 'type' in parsed && typeof parsed.type === 'string') {
      return parsed.type;
    }
  } catch {
    // The handler reports the body.
  }
  return undefined;
}

async function handleOrderWebhook(context: HandlerContext): Promise<HandlerOutcome> {
  const { integration, orders } = context;
  const parsed = parseOrderWebhook(readJsonBody(context.request.body));
  if (!parsed.ok) {
    throw payloadProblem(parsed.problems, 'The body is described by docs/schemas/order-webhook.schema.json.');
  }
  const event = parsed.event;
  const { inviteOn, cancelOn } = integration.settings;
  if (event.action === 'cancel') {
    if (!cancelOn.includes(event.type)) {
      return ignored(event.type, event.reference, `cancels on ${list(cancelOn)}`);
    }
    const reason = event.reason ?? `The shop reported ${event.type}.`;
    const { cancelled, reason: recorded } = await orders.cancelOrder(event.reference, reason);
    return {
      status: 200,
      body: { status: 'cancelled', reference: event.reference, cancelled },
      decision: 'cancelled',
      reason: `${recorded} ${cancelled.length} queued invitation(s) cancelled.`,
      invitationIds: cancelled,
      reference: event.reference,
    };
  }
  if (!inviteOn.includes(event.type)) {
    return ignored(event.type, event.reference, `invites on ${list(inviteOn)}`);
  }
  const requests = orderInvitationRequests(
    'webhook',
    kindsOf(integration.settings.kinds),
    {
      email: event.email,
      name: event.name,
      reference: event.reference,
      // A language Vouch has no pages in is left to the business's default, not a reason to refuse.
      locale: event.locale === undefined ? undefined : parseLocale(event.locale),
      products: event.products,
      tags: event.tags,
      triggerAt: event.occurredAt,
      sendAt: event.sendAt,
      delayDays: event.delayDays,
    },
    integration.settings.delayDays,
  );
  if (requests.length === 0) {
    return {
      status: 200,
      body: { status: 'skipped', reference: event.reference },
      decision: 'skipped',
      reason: 'The integration makes product invitations only, and the order names no product.',
      invitationIds: [],
      reference: event.reference,
    };
  }
  return invited(await orders.invite(requests), event.reference, 200);
}

function ignored(type: string, reference: string, setting: string): HandlerOutcome {
  const reason = `${type} is received and recorded; this integration ${setting}.`;
  return {
    status: 200,
    body: { status: 'ignored', reference, reason },
    decision: 'ignored',
    reason,
    invitationIds: [],
    reference,
  };
}

function list(values: readonly string[]): string {
  return values.length === 0 ? 'nothing' : values.join(', ');
}
