import {
  readShopifyOrder,
  shopifyCancelReason,
  shopifyOrderCancelled,
  shopifyOrderDelivered,
  shopifyRefundOrderId,
} from '../../domain/shops/shopify.js';
import type { HandlerContext, HandlerOutcome, ProviderHandler } from './handler.js';
import { verifyHmacHeaders } from './hmac-headers.js';
import { cancelForOrder, ignored, inviteForOrder } from './order-events.js';
import { parseJsonBody } from './json-body.js';

/** `orders/delivered` is not a Shopify topic: it is an `orders/updated` whose fulfilments report delivered. */
const DELIVERED = 'orders/delivered';

/**
 * Shopify's webhooks: `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw body under the shop's
 * signing key, `X-Shopify-Topic` the event, `X-Shopify-Webhook-Id` the delivery (the same on each retry).
 */
export const shopifyHandler: ProviderHandler = {
  verify(integration, request) {
    return verifyHmacHeaders(
      {
        topic: 'x-shopify-topic',
        signature: 'x-shopify-hmac-sha256',
        deliveryId: 'x-shopify-webhook-id',
        missing:
          "The request has no X-Shopify-Hmac-Sha256 header. Only Shopify, signing with your store's webhook key, can post here.",
        mismatch:
          'X-Shopify-Hmac-Sha256 does not match the body under this integration\'s secret. Copy the key shown under Settings → Notifications → Webhooks ("Your webhooks will be signed with …") and run `vouch integration rotate-secret ID --business DOMAIN --secret KEY`.',
      },
      integration,
      request,
    );
  },

  async handle(context: HandlerContext): Promise<HandlerOutcome> {
    const payload = parseJsonBody(context.request.body);
    const { settings } = context.integration;
    const topic = context.topic ?? '';

    if (topic === 'refunds/create' && settings.cancelOn.includes(topic)) {
      const orderId = shopifyRefundOrderId(payload);
      if (orderId === undefined) return ignored('The refund names no order_id.');
      const reference = await context.orders.referenceForOrder(orderId);
      if (reference === undefined) {
        // The refund came before any event that named the order's number: kept, and applied when one does.
        const reason = 'Shopify reported a refund before any event that named the order.';
        return {
          ...ignored(`${reason} Its invitations are cancelled as soon as the order arrives.`, { orderId }),
          decision: 'cancel_pending',
          reason,
        };
      }
      return cancelForOrder(context, { orderId, reference }, 'Shopify reported a refund.');
    }

    const order = readShopifyOrder(payload);
    if (!order) return ignored(`The ${topic || 'webhook'} body is not a Shopify order.`);
    const facts = { orderId: order.orderId, reference: order.reference || undefined };
    const cancels =
      (topic === 'orders/cancelled' && settings.cancelOn.includes(topic)) ||
      (shopifyOrderCancelled(payload) && settings.cancelOn.includes('orders/cancelled'));
    if (cancels && order.reference !== '')
      return cancelForOrder(context, order, shopifyCancelReason(payload));

    const invites =
      settings.inviteOn.includes(topic) ||
      (topic === 'orders/updated' && settings.inviteOn.includes(DELIVERED) && shopifyOrderDelivered(payload));
    if (invites) return inviteForOrder(context, order);
    return ignored(
      topic === 'orders/updated' && settings.inviteOn.includes(DELIVERED)
        ? `Order ${order.reference} is not delivered yet; it is invited once every fulfilment reports delivered.`
        : `This integration does not act on ${topic || 'a webhook without a topic'}: it invites on ${settings.inviteOn.join(', ') || 'nothing'} and cancels on ${settings.cancelOn.join(', ') || 'nothing'}.`,
      facts,
    );
  },
};
