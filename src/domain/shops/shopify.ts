import type { InvitationProduct } from '../invitations/request.js';
import {
  fullName,
  record,
  records,
  shopLocale,
  shopReference,
  text,
  uniqueProducts,
  type ShopOrder,
} from './orders.js';

/**
 * Reads a Shopify order webhook's body (the REST Admin API order object: `orders/create`, `orders/paid`,
 * `orders/fulfilled`, `orders/updated`, `orders/cancelled`). Undefined when it is not an order at all.
 */
export function readShopifyOrder(payload: unknown): ShopOrder | undefined {
  const order = record(payload);
  if (!order || text(order.id) === undefined) return undefined;
  const customer = record(order.customer);
  const billing = record(order.billing_address);
  const shipping = record(order.shipping_address);
  const name =
    fullName(customer?.first_name, customer?.last_name) ||
    fullName(billing?.first_name, billing?.last_name) ||
    fullName(shipping?.first_name, shipping?.last_name);
  return {
    orderId: text(order.id) ?? '',
    reference: shopReference(order.name) || shopReference(order.order_number),
    email: text(order.email) ?? text(order.contact_email) ?? text(customer?.email),
    name,
    locale: shopLocale(order.customer_locale),
    products: uniqueProducts(records(order.line_items).flatMap(lineItemProduct)),
  };
}

/** A line item as a product: its SKU (the variant's id when the shop set none), title, and the product's
 * URL and image when the payload carries them. Gift cards are not products to review. */
function lineItemProduct(item: Record<string, unknown>): InvitationProduct[] {
  if (item.gift_card === true) return [];
  const sku = text(item.sku) ?? text(item.variant_id) ?? text(item.product_id);
  if (sku === undefined) return [];
  const product: InvitationProduct = { sku };
  const title = text(item.title) ?? text(item.name);
  if (title !== undefined) product.name = title;
  const url = text(item.product_url) ?? text(item.url);
  if (url !== undefined && /^https?:\/\//.test(url)) product.productUrl = url;
  const image = text(record(item.image)?.src) ?? text(item.image_url);
  if (image !== undefined && /^https?:\/\//.test(image)) product.imageUrl = image;
  return [product];
}

/** The order id a `refunds/create` body names (a refund carries no order number). */
export function shopifyRefundOrderId(payload: unknown): string | undefined {
  return text(record(payload)?.order_id);
}

/** Why Shopify cancelled an order, in words: `cancel_reason` is customer, fraud, inventory, declined or other. */
export function shopifyCancelReason(payload: unknown): string {
  const reason = text(record(payload)?.cancel_reason);
  return reason === undefined
    ? 'Shopify reported the order cancelled.'
    : `Shopify reported the order cancelled (reason: ${reason}).`;
}

/** True when an order's every fulfilment reports its shipment delivered. */
export function shopifyOrderDelivered(payload: unknown): boolean {
  const fulfillments = records(record(payload)?.fulfillments).filter((item) => item.status !== 'cancelled');
  return fulfillments.length > 0 && fulfillments.every((item) => item.shipment_status === 'delivered');
}

/** True when the order object says it was cancelled, whatever the topic that carried it. */
export function shopifyOrderCancelled(payload: unknown): boolean {
  return text(record(payload)?.cancelled_at) !== undefined;
}
