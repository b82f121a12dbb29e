import { singleHeader } from '../../domain/shops/signatures.js';
import { isWooCommercePing, readWooCommerceOrder } from '../../domain/shops/woocommerce.js';
import type { HandlerContext, HandlerOutcome, ProviderHandler } from './handler.js';
import { verifyHmacHeaders } from './hmac-headers.js';
import { parseJsonBody } from './json-body.js';
import { cancelForOrder, ignored, inviteForOrder } from './order-events.js';

const ORDER_TOPICS = new Set(['order.created', 'order.updated']);

/**
 * WooCommerce's webhooks: `X-WC-Webhook-Signature` is the base64 HMAC-SHA256 of the raw body under the
 * webhook's secret, `X-WC-Webhook-Topic` the event. Saving a webhook first posts an unsigned ping
 * (`webhook_id=N`), which must answer 2xx or WooCommerce will not activate the webhook.
 */
export const wooCommerceHandler: ProviderHandler = {
  verify(integration, request) {
    if (
      singleHeader(request.headers['x-wc-webhook-signature']) === undefined &&
      isWooCommercePing(request.body)
    ) {
      // The ping carries nothing to act on, so it needs no signature.
      return { ok: true, signature: 'not_required', topic: 'ping', deliveryId: undefined };
    }
    return verifyHmacHeaders(
      {
        topic: 'x-wc-webhook-topic',
        signature: 'x-wc-webhook-signature',
        deliveryId: 'x-wc-webhook-delivery-id',
        missing:
          'The request has no X-WC-Webhook-Signature header. Only WooCommerce, signing with the secret of this integration, can post here.',
        mismatch:
          "X-WC-Webhook-Signature does not match the body under this integration's secret. Paste the secret `vouch integration add` printed into the webhook's Secret field (WooCommerce → Settings → Advanced → Webhooks).",
      },
      integration,
      request,
    );
  },

  async handle(context: HandlerContext): Promise<HandlerOutcome> {
    if (context.topic === 'ping') {
      return {
        status: 200,
        body: { status: 'ok' },
        decision: 'ping',
        reason: 'WooCommerce checked the delivery URL when the webhook was saved.',
        invitationIds: [],
      };
    }
    const topic = context.topic ?? '';
    if (!ORDER_TOPICS.has(topic)) {
      return ignored(
        `This integration reads order.created and order.updated, not ${topic || 'a webhook without a topic'}.`,
      );
    }
    const order = readWooCommerceOrder(parseJsonBody(context.request.body));
    if (!order) return ignored(`The ${topic} body is not a WooCommerce order.`);
    const { settings } = context.integration;
    if (settings.cancelOn.includes(order.status) && order.reference !== '') {
      return cancelForOrder(context, order, `WooCommerce reported the order ${order.status}.`);
    }
    if (settings.inviteOn.includes(order.status)) return inviteForOrder(context, order);
    return ignored(
      `Order ${order.reference} is ${order.status || 'without a status'}: this integration invites at ${settings.inviteOn.join(', ') || 'no status'} and cancels at ${settings.cancelOn.join(', ') || 'no status'}.`,
      { orderId: order.orderId, reference: order.reference || undefined },
    );
  },
};
