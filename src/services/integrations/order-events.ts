import type { ShopOrder } from '../../domain/shops/orders.js';
import { kindsOf, orderInvitationRequests } from '../../domain/shops/order-invitations.js';
import type { BatchOutcome } from '../invitation.service.js';
import type { HandlerContext, HandlerOutcome } from './handler.js';

/**
 * What every shop provider does with an order event once it has read the order: invite through the
 * funnel, cancel the order's queued invitations, or say why nothing was done. Each answers 200: the shop
 * delivered what it meant to, and a non-2xx answer would only make it retry (and, for Shopify, in the end
 * remove the webhook).
 */
export async function inviteForOrder(context: HandlerContext, order: ShopOrder): Promise<HandlerOutcome> {
  const facts = { orderId: order.orderId, reference: order.reference || undefined };
  if (order.email === undefined) {
    return skipped(
      facts,
      `Order ${order.reference || order.orderId} has no customer email address, so there is nobody to invite.`,
    );
  }
  if (order.reference === '') {
    return skipped(facts, `Order ${order.orderId} has no order number to use as the reference.`);
  }
  const pending = await context.orders.pendingCancel(order.orderId);
  if (pending !== undefined) await context.orders.cancelOrder(order.reference, pending);
  const { settings } = context.integration;
  const requests = orderInvitationRequests(
    context.integration.provider,
    kindsOf(settings.kinds),
    { ...order, email: order.email, triggerAt: context.now },
    settings.delayDays,
  );
  if (requests.length === 0) {
    return skipped(
      facts,
      `Order ${order.reference} has no products with a SKU, and this integration makes product invitations only.`,
    );
  }
  return summarise(facts, await context.orders.invite(requests));
}

export async function cancelForOrder(
  context: HandlerContext,
  order: { orderId?: string | undefined; reference: string },
  reason: string,
): Promise<HandlerOutcome> {
  const { cancelled, reason: recorded } = await context.orders.cancelOrder(order.reference, reason);
  const said =
    cancelled.length === 0
      ? 'no queued invitation to cancel; a later event for it will be decided cancelled'
      : `${cancelled.length} queued invitation${cancelled.length === 1 ? '' : 's'} cancelled`;
  return {
    status: 200,
    body: { status: 'cancelled', reference: order.reference, cancelled },
    decision: 'cancelled',
    reason: `${recorded} (${said})`,
    invitationIds: cancelled,
    orderId: order.orderId,
    reference: order.reference,
  };
}

export function ignored(
  reason: string,
  facts: { orderId?: string | undefined; reference?: string | undefined } = {},
): HandlerOutcome {
  return {
    status: 200,
    body: { status: 'ignored', reason },
    decision: 'ignored',
    reason,
    invitationIds: [],
    ...facts,
  };
}

function skipped(
  facts: { orderId?: string | undefined; reference?: string | undefined },
  reason: string,
): HandlerOutcome {
  return {
    status: 200,
    body: { status: 'skipped', reason },
    decision: 'skipped',
    reason,
    invitationIds: [],
    ...facts,
  };
}

/** The funnel's outcomes as one log entry: `invited` when one was scheduled, else the first decision. */
function summarise(
  facts: { orderId?: string | undefined; reference?: string | undefined },
  outcomes: readonly BatchOutcome[],
): HandlerOutcome {
  const invitations = outcomes.flatMap((outcome) =>
    outcome.ok
      ? [
          {
            id: outcome.result.invitation.id,
            kind: outcome.result.invitation.kind,
            decision: outcome.result.decision,
            reason: outcome.result.reason,
          },
        ]
      : [],
  );
  const problems = outcomes.flatMap((outcome) => (outcome.ok ? [] : outcome.problems));
  if (invitations.length === 0) {
    const reason = `The order could not become an invitation: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join(' ')}`;
    return { ...skipped(facts, reason), body: { status: 'skipped', reason, problems } };
  }
  const scheduled = invitations.some((invitation) => invitation.decision === 'scheduled');
  const decision = scheduled ? 'invited' : (invitations[0]?.decision ?? 'skipped');
  return {
    status: 200,
    body: { status: decision, invitations },
    decision,
    reason: invitations.map((invitation) => `${invitation.kind}: ${invitation.reason}`).join(' '),
    invitationIds: invitations.map((invitation) => invitation.id),
    ...facts,
  };
}
