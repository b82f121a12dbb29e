import { orderInvitationRequests } from '../../domain/shops/order-invitations.js';
import {
  carriesProducts,
  decidePluginOrder,
  parsePluginOrder,
  pluginBatchSchema,
  pluginSettings,
  type PluginDecision,
  type PluginSettings,
} from '../../domain/shops/plugin-invitation.js';
import { zodProblems } from '../../domain/shops/order-webhook.js';
import type { InvitationRequest } from '../../domain/invitations/request.js';
import { VouchError } from '../../errors.js';
import type { HandlerContext, HandlerOutcome, OrderActions, ProviderHandler } from './handler.js';
import { invited, payloadProblem, readJsonBody } from './order-outcome.js';

/** The paths after the key the plugins post to; anything else under `/api/{key}/` is not theirs. */
export const PLUGIN_ACTIONS = ['invitation', 'batchinvitations'] as const;
export type PluginAction = (typeof PLUGIN_ACTIONS)[number];

const SCHEMA_HINT =
  "Vouch reads the bodies the hosted platform's WooCommerce and Magento plugins send; docs/integrations.md lists the fields.";

/**
 * The hosted platform's plugin endpoint, so a shop running a fork of its WooCommerce or Magento plugin
 * moves to Vouch by changing the plugin's API URL constant: `POST /api/{key}/invitation` (one order) and
 * `/api/{key}/batchinvitations` (the past-orders sync). The key in the URL is the integration's token and
 * its only credential (the plugins sign nothing). Answers as the plugins read them: 201 when done, 202 when
 * the integration makes product invitations and the plugin has not sent the products yet (it then sends
 * the same order again with them), and for a batch 201 with the orders that failed, `[{ referenceId,
 * error }]`.
 */
export const pluginHandler: ProviderHandler = {
  verify: (_integration, request) => ({
    ok: true,
    signature: 'not_required',
    topic: request.action,
    deliveryId: undefined,
  }),
  handle: handlePlugin,
};

async function handlePlugin(context: HandlerContext): Promise<HandlerOutcome> {
  const body = readJsonBody(context.request.body);
  const settings = pluginSettings(context.integration.settings);
  if (context.request.action === 'batchinvitations') return handleBatch(context, body, settings);
  if (context.request.action !== 'invitation') {
    throw new VouchError('not_found', 'The plugin endpoint takes /invitation and /batchinvitations.');
  }
  const parsed = parsePluginOrder(body);
  if (!parsed.ok) throw payloadProblem(parsed.problems, SCHEMA_HINT);
  const decision = decidePluginOrder(parsed.order, settings, { productsSent: carriesProducts(parsed.order) });
  switch (decision.action) {
    case 'invalid':
      throw payloadProblem(decision.problems, SCHEMA_HINT);
    case 'need-products': {
      const reason =
        'The integration makes product invitations: send the order again with its products (the plugin does so on this 202).';
      return {
        status: 202,
        body: { status: 'products_required', referenceId: decision.reference, reason },
        decision: 'products_requested',
        reason,
        invitationIds: [],
        reference: decision.reference,
      };
    }
    case 'cancel': {
      const { cancelled, reason } = await cancel(context.orders, decision);
      return {
        status: 200,
        body: { status: 'cancelled', referenceId: decision.reference, cancelled },
        decision: 'cancelled',
        reason: `${reason} ${cancelled.length} queued invitation(s) cancelled.`,
        invitationIds: cancelled,
        reference: decision.reference,
      };
    }
    case 'ignore':
      return {
        status: 200,
        body: { status: 'ignored', referenceId: decision.reference, reason: decision.reason },
        decision: 'ignored',
        reason: decision.reason,
        invitationIds: [],
        reference: decision.reference,
      };
    case 'invite':
      return invited(
        await context.orders.invite(requestsFor(decision, context.integration.settings.delayDays)),
        decision.order.reference,
        201,
      );
  }
}

/** One failed order of a batch, as the plugins list it in their past-orders view. */
interface BatchFailure {
  referenceId: string;
  error: string;
}

/**
 * A batch: 202 (nothing done) when products are needed and not sent; otherwise each order decided as a
 * single one would be, cancels first and then every invitation in one pass through the funnel, answered
 * 201 with the orders that made no invitation.
 */
async function handleBatch(
  context: HandlerContext,
  body: unknown,
  settings: PluginSettings,
): Promise<HandlerOutcome> {
  const batch = pluginBatchSchema.safeParse(body);
  if (!batch.success) throw payloadProblem(zodProblems(batch.error), SCHEMA_HINT);
  const items = batch.data.invitations.map((item) => parsePluginOrder(item));
  const productsSent =
    batch.data.type === 'WITH_PRODUCT_DATA' || items.some((item) => item.ok && carriesProducts(item.order));
  if (settings.kinds.includes('product') && !productsSent && items.length > 0) {
    const reason = `The integration makes product invitations: send the batch of ${items.length} again with type WITH_PRODUCT_DATA and each order's products.`;
    return {
      status: 202,
      body: { status: 'products_required', reason },
      decision: 'products_requested',
      reason,
      invitationIds: [],
    };
  }

  const failures: BatchFailure[] = [];
  const decisions = items.map((item, index): PluginDecision => {
    if (item.ok) return decidePluginOrder(item.order, settings, { productsSent: true });
    const referenceId = referenceOf(batch.data.invitations[index]);
    return { action: 'invalid', reference: referenceId, problems: item.problems };
  });
  const ids: string[] = [];
  let cancelledOrders = 0;
  for (const decision of decisions) {
    if (decision.action === 'invalid' || decision.action === 'need-products') {
      const problems = decision.action === 'invalid' ? decision.problems : [];
      failures.push({
        referenceId: decision.reference ?? '',
        error: problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ') || 'Not valid.',
      });
    } else if (decision.action === 'ignore') {
      failures.push({ referenceId: decision.reference, error: decision.reason });
    } else if (decision.action === 'cancel') {
      const { cancelled } = await cancel(context.orders, decision);
      ids.push(...cancelled);
      cancelledOrders += 1;
      failures.push({
        referenceId: decision.reference,
        error: `The order is ${decision.status}: no invitation, and ${cancelled.length} queued one(s) cancelled.`,
      });
    }
  }

  const invites = decisions.flatMap((decision) => (decision.action === 'invite' ? [decision] : []));
  const requests: InvitationRequest[] = [];
  const owner: number[] = [];
  invites.forEach((decision, index) => {
    for (const request of requestsFor(decision, context.integration.settings.delayDays)) {
      requests.push(request);
      owner.push(index);
    }
  });
  const outcomes = requests.length === 0 ? [] : await context.orders.invite(requests);
  let invitedOrders = 0;
  invites.forEach((decision, index) => {
    const mine = outcomes.filter((_outcome, at) => owner[at] === index);
    const decided = mine.flatMap((outcome) => (outcome.ok ? [outcome.result] : []));
    if (decided.length > 0) {
      invitedOrders += 1;
      ids.push(...decided.map((result) => result.invitation.id));
      return;
    }
    const problems = mine.flatMap((outcome) => (outcome.ok ? [] : outcome.problems));
    failures.push({
      referenceId: decision.order.reference,
      error: problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ') || 'Not valid.',
    });
  });

  const reason = `${items.length} order(s): ${invitedOrders} invited, ${cancelledOrders} cancelled, ${failures.length - cancelledOrders} not invited${failures.length > 0 ? ` (${failures.map((failure) => `${failure.referenceId || '?'}: ${failure.error}`).join(' | ')})` : ''}.`;
  return {
    status: 201,
    body: failures,
    decision: invitedOrders > 0 ? 'invited' : cancelledOrders > 0 ? 'cancelled' : 'skipped',
    reason,
    invitationIds: ids,
  };
}

function requestsFor(
  decision: Extract<PluginDecision, { action: 'invite' }>,
  delayDays: number | null,
): InvitationRequest[] {
  return orderInvitationRequests('plugin', decision.kinds, decision.order, delayDays);
}

function cancel(orders: OrderActions, decision: Extract<PluginDecision, { action: 'cancel' }>) {
  return orders.cancelOrder(decision.reference, `The shop set the order to ${decision.status}.`);
}

/** The referenceId of an order that could not be read, if it has a usable one, for the failure list. */
function referenceOf(item: unknown): string | undefined {
  if (!item || typeof item !== 'object' || !('referenceId' in item)) return undefined;
  const value = item.referenceId;
  return typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, 128) : undefined;
}
