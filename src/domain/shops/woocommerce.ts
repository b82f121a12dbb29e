import type { InvitationProduct } from '../invitations/request.js';
import { fullName, record, records, shopReference, text, uniqueProducts, type ShopOrder } from './orders.js';

/** WooCommerce's ping when a webhook is saved: `webhook_id=N`, form-encoded and unsigned. */
export function isWooCommercePing(body: Buffer): boolean {
  return body.length < 64 && /^webhook_id=\d+$/.test(body.toString('latin1').trim());
}

/** Reads a WooCommerce order webhook's body (the REST API v3 order object). */
export function readWooCommerceOrder(payload: unknown): (ShopOrder & { status: string }) | undefined {
  const order = record(payload);
  if (!order || text(order.id) === undefined) return undefined;
  const billing = record(order.billing);
  const shipping = record(order.shipping);
  return {
    orderId: text(order.id) ?? '',
    reference: shopReference(order.number) || shopReference(order.id),
    email: text(billing?.email),
    name:
      fullName(billing?.first_name, billing?.last_name) ||
      fullName(shipping?.first_name, shipping?.last_name),
    locale: undefined,
    products: uniqueProducts(records(order.line_items).flatMap(lineItemProduct)),
    // Statuses as the REST API gives them (`completed`); a custom status may come with its `wc-` prefix.
    status: (text(order.status) ?? '').replace(/^wc-/, ''),
  };
}

function lineItemProduct(item: Record<string, unknown>): InvitationProduct[] {
  const sku =
    text(item.sku) ?? text(item.variation_id === 0 ? undefined : item.variation_id) ?? text(item.product_id);
  if (sku === undefined) return [];
  const product: InvitationProduct = { sku };
  const name = text(item.name);
  if (name !== undefined) product.name = name;
  const image = text(record(item.image)?.src);
  if (image !== undefined && /^https?:\/\//.test(image)) product.imageUrl = image;
  const url = text(item.permalink);
  if (url !== undefined && /^https?:\/\//.test(url)) product.productUrl = url;
  return [product];
}
