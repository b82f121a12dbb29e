import { z } from 'zod';
import { FIELD_LIMITS, isHttpUrl } from '../invitations/fields.js';
import type { InvitationKind, InvitationProduct } from '../invitations/request.js';
import { kindsOf } from './order-invitations.js';
import { zodProblems, type BodyProblem } from './order-webhook.js';

/**
 * The bodies the hosted platform's WooCommerce and Magento plugins post to `{api url}{key}/invitation` and
 * `{api url}{key}/batchinvitations`, read as those plugins write them (PHP's json_encode of an array):
 *
 * - one order: `recipientEmail`, `recipientName`, `referenceId`, `source` (`WooCommerce-8.1`,
 *   `Magento-2.4.6`), `pluginVersion`, `hook`, `orderStatusId` (WooCommerce's status without `wc-`, or
 *   Magento's order state), `orderStatusName`, `templateParams` (store ids), and, once asked for them,
 *   `products` and `productSkus`. An order status the shop did not pick as a trigger arrives with
 *   `payloadType: "OrderStatusUpdate"`.
 * - a batch (the past-orders sync): `{ invitations: [one order, …], type: "WITH_PRODUCT_DATA" |
 *   "WITHOUT_PRODUCT_DATA" }`, ten or twenty orders at a time.
 *
 * The plugins send without products first and resend with them only when answered 202; a single order
 * counts as sent only on 201; a batch answered 201 carries the orders that failed as
 * `[{ referenceId, error }]`. PHP writes a missing value as `null`, `false` or `""` and some ids as
 * numbers, so every field here is read leniently and only what an invitation needs is required.
 */

/** PHP's empty values (`null`, `false`, `""`) as absent; numbers as their text. */
const loose = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .optional()
  .transform((value) => {
    if (value === undefined || value === null || value === false || value === true) return undefined;
    const text = String(value).trim();
    return text === '' ? undefined : text;
  });

const pluginProduct = z.looseObject({
  sku: loose,
  name: loose,
  productUrl: loose,
  imageUrl: loose,
  gtin: loose,
  mpn: loose,
  brand: loose,
  productId: loose,
});

export const pluginOrderSchema = z.looseObject({
  recipientEmail: loose,
  recipientName: loose,
  referenceId: loose,
  source: loose,
  pluginVersion: loose,
  hook: loose,
  orderStatusId: loose,
  orderStatusName: loose,
  payloadType: loose,
  locale: loose,
  templateParams: z.array(z.unknown()).nullish(),
  products: z
    .array(z.union([pluginProduct, z.null()]))
    .max(1000)
    .nullish(),
  productSkus: z.array(loose).max(1000).nullish(),
});

/** How many orders one batch may carry; the plugins send 10 (WooCommerce) or 20 (Magento). */
export const PLUGIN_BATCH_LIMIT = 500;

export const pluginBatchSchema = z.looseObject({
  invitations: z.array(z.unknown()).max(PLUGIN_BATCH_LIMIT),
  type: loose,
});

export type PluginOrder = z.output<typeof pluginOrderSchema>;

/** In `inviteOn`: what the plugin sends as an invitation (a status the shop picked as a trigger) invites. */
export const PLUGIN_TRIGGER = 'invitation';

/** What the integration says about plugin orders. */
export interface PluginSettings {
  /** The kinds of invitation an order makes. */
  kinds: readonly InvitationKind[];
  /** Whether an order the plugin sends as an invitation (a status the shop picked as a trigger) invites. */
  pluginTriggers: boolean;
  /**
   * Statuses that invite whichever way the plugin sent them: a fork whose trigger list was never set (the
   * hosted platform's own settings page sets it) sends every status change as a mere status update.
   */
  inviteStatuses: readonly string[];
  /** Statuses that cancel the order's queued invitations, whatever the plugin thought of them. */
  cancelStatuses: readonly string[];
}

/** The plugin's reading of an integration's settings (`inviteOn` mixes the trigger and statuses). */
export function pluginSettings(settings: {
  inviteOn: readonly string[];
  cancelOn: readonly string[];
  kinds: 'service' | 'product' | 'both';
}): PluginSettings {
  return {
    kinds: kindsOf(settings.kinds),
    pluginTriggers: settings.inviteOn.includes(PLUGIN_TRIGGER),
    inviteStatuses: settings.inviteOn.filter((value) => value !== PLUGIN_TRIGGER),
    cancelStatuses: settings.cancelOn,
  };
}

/**
 * The order statuses the plugins report: WooCommerce's (without `wc-`; `delivered` from shipment-tracking
 * extensions) and Magento's order states.
 */
export const PLUGIN_ORDER_STATUSES = [
  'pending',
  'processing',
  'on-hold',
  'completed',
  'cancelled',
  'refunded',
  'failed',
  'checkout-draft',
  'delivered',
  'new',
  'pending_payment',
  'payment_review',
  'holded',
  'complete',
  'closed',
  'canceled',
] as const;

/** WooCommerce `completed`, Magento `complete`. */
export const DEFAULT_PLUGIN_INVITE_STATUSES = ['completed', 'complete'] as const;
/** WooCommerce `cancelled`, `refunded`, `failed`; Magento `canceled`, `closed` (refunded). */
export const DEFAULT_PLUGIN_CANCEL_STATUSES = [
  'cancelled',
  'canceled',
  'refunded',
  'failed',
  'closed',
] as const;

/** The order an invitation is made of, ready to become one InvitationRequest per kind. */
export interface PluginInvitationOrder {
  email: string;
  name: string | undefined;
  reference: string;
  locale: string | undefined;
  products: InvitationProduct[];
}

export type PluginDecision =
  | { action: 'invite'; order: PluginInvitationOrder; kinds: InvitationKind[]; status: string | undefined }
  | { action: 'cancel'; reference: string; status: string }
  | { action: 'ignore'; reference: string; status: string | undefined; reason: string }
  | { action: 'need-products'; reference: string }
  | { action: 'invalid'; reference: string | undefined; problems: BodyProblem[] };

/** Reads one order of a single post or a batch; the problems name the fields the plugin sends. */
export function parsePluginOrder(
  body: unknown,
): { ok: true; order: PluginOrder } | { ok: false; problems: BodyProblem[] } {
  const parsed = pluginOrderSchema.safeParse(body);
  return parsed.success
    ? { ok: true, order: parsed.data }
    : { ok: false, problems: zodProblems(parsed.error) };
}

/** Whether the plugin sent the order's products (it sends `products` and `productSkus` together, possibly empty). */
export function carriesProducts(order: PluginOrder): boolean {
  return (order.products !== undefined && order.products !== null) || (order.productSkus ?? null) !== null;
}

/**
 * What one order asks for. A cancelling status cancels (the plugins send a cancelled order as a trigger
 * too, if the shop picked it); a status update invites only for a status the integration names; an
 * invitation that needs products the plugin has not sent yet is answered "send them" (202).
 */
export function decidePluginOrder(
  order: PluginOrder,
  settings: PluginSettings,
  options: { productsSent: boolean },
): PluginDecision {
  const reference = order.referenceId;
  const status = order.orderStatusId?.toLowerCase();
  if (reference === undefined) {
    return {
      action: 'invalid',
      reference: undefined,
      problems: [{ path: 'referenceId', message: 'The order has no referenceId; send the order number.' }],
    };
  }
  if (status !== undefined && settings.cancelStatuses.includes(status)) {
    return { action: 'cancel', reference, status };
  }
  const statusUpdate = order.payloadType?.toLowerCase() === 'orderstatusupdate';
  const named = status !== undefined && settings.inviteStatuses.includes(status);
  if (!named && (statusUpdate || !settings.pluginTriggers)) {
    return {
      action: 'ignore',
      reference,
      status,
      reason: `Order status ${status ?? '(none)'}${statusUpdate ? ', sent as a status update,' : ''} neither invites nor cancels (the plugin's own triggers ${settings.pluginTriggers ? 'invite' : 'do not invite'}; inviting statuses: ${settings.inviteStatuses.join(', ') || 'none'}; cancelling: ${settings.cancelStatuses.join(', ') || 'none'}).`,
    };
  }
  // The plugins resend with products only a trigger's answer; a status update's answer they do not read.
  if (!statusUpdate && settings.kinds.includes('product') && !options.productsSent) {
    return { action: 'need-products', reference };
  }
  const email = order.recipientEmail;
  if (email === undefined) {
    return {
      action: 'invalid',
      reference,
      problems: [
        { path: 'recipientEmail', message: "The order has no recipientEmail; send the customer's address." },
      ],
    };
  }
  const products = pluginProducts(order);
  // A product invitation needs a SKU; an order whose products have none still gets its service invitation.
  const kinds = settings.kinds.filter((kind) => kind === 'service' || products.length > 0);
  if (kinds.length === 0) {
    return {
      action: 'ignore',
      reference,
      status,
      reason:
        'The integration makes product invitations only, and no product of the order has a SKU; set the SKU field in the plugin settings, or let the integration invite for the service too.',
    };
  }
  return {
    action: 'invite',
    order: {
      email,
      name: clip(order.recipientName, FIELD_LIMITS.name),
      reference,
      locale: order.locale,
      products,
    },
    kinds,
    status,
  };
}

/** `products` first, then any SKU of `productSkus` they did not name; products without a SKU are left out. */
export function pluginProducts(order: PluginOrder): InvitationProduct[] {
  const products: InvitationProduct[] = [];
  const seen = new Set<string>();
  for (const item of order.products ?? []) {
    if (!item?.sku || seen.has(item.sku)) continue;
    seen.add(item.sku);
    // What a shop's catalogue holds is not the customer's fault: a URL that is not http(s) or a name too
    // long is left out or cut, not a reason to refuse the order.
    products.push({
      sku: item.sku,
      name: clip(item.name, FIELD_LIMITS.productName),
      productUrl: webUrl(item.productUrl),
      imageUrl: webUrl(item.imageUrl),
      gtin: item.gtin,
      mpn: item.mpn,
      brand: item.brand,
    });
  }
  for (const sku of order.productSkus ?? []) {
    if (sku === undefined || seen.has(sku)) continue;
    seen.add(sku);
    products.push({ sku });
  }
  return products.slice(0, FIELD_LIMITS.products);
}

/** Cut to the funnel's limit (UTF-16 units, as it counts), never inside a character. */
function clip(value: string | undefined, max: number): string | undefined {
  if (value === undefined || value.length <= max) return value;
  let cut = '';
  for (const character of value) {
    if (cut.length + character.length > max) break;
    cut += character;
  }
  return cut;
}

function webUrl(value: string | undefined): string | undefined {
  return value !== undefined && isHttpUrl(value) && value.length <= FIELD_LIMITS.url ? value : undefined;
}
