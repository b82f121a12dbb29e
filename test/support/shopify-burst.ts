import { randomUUID } from 'node:crypto';
import { hmacSha256Base64 } from '../../src/domain/shops/signatures.js';

/** One webhook as Shopify would post it: its signed body and headers. */
export interface ShopifyDelivery {
  body: Buffer;
  headers: Record<string, string>;
}

export interface BurstPlan {
  deliveries: ShopifyDelivery[];
  /** References that must end with one scheduled invitation each. */
  scheduled: string[];
  /** References that must end with one cancelled invitation each. */
  cancelled: string[];
  duplicates: number;
}

/**
 * A Black Friday burst: `total` signed Shopify webhooks, of which `duplicateShare` are replays of an earlier
 * delivery (same X-Shopify-Webhook-Id) and `cancelShare` are orders/cancelled that arrive before their
 * orders/fulfilled. Every order has its own customer, so only cancels and duplicates change the outcome.
 */
export function shopifyBurst(options: {
  total: number;
  secret: string;
  duplicateShare: number;
  cancelShare: number;
  template: Record<string, unknown>;
}): BurstPlan {
  const duplicates = Math.round(options.total * options.duplicateShare);
  const cancels = Math.round(options.total * options.cancelShare);
  const orders = options.total - duplicates - cancels;
  const delivery = (
    topic: string,
    order: Record<string, unknown>,
    webhookId = randomUUID(),
  ): ShopifyDelivery => {
    const body = Buffer.from(JSON.stringify(order));
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': topic,
        'x-shopify-hmac-sha256': hmacSha256Base64(options.secret, body),
        'x-shopify-webhook-id': webhookId,
        'x-shopify-shop-domain': 'burst.myshopify.com',
        'x-shopify-api-version': '2025-10',
      },
    };
  };
  const order = (index: number, cancelled: boolean) => ({
    ...options.template,
    id: 9_000_000_000 + index,
    name: `#${100_000 + index}`,
    order_number: 100_000 + index,
    email: `customer${index}@example.org`,
    ...(cancelled ? { cancelled_at: '2026-11-27T19:30:00+01:00', cancel_reason: 'customer' } : {}),
  });

  const fulfilled = Array.from({ length: orders }, (_, index) =>
    delivery('orders/fulfilled', order(index, false)),
  );
  // The cancels of the last orders go out first: each reaches Vouch before its order's fulfilment.
  const cancelledIndexes = Array.from({ length: cancels }, (_, index) => orders - 1 - index * 7);
  const cancelDeliveries = cancelledIndexes.map((index) => delivery('orders/cancelled', order(index, true)));
  // Replays of early deliveries (not of cancelled orders), spread through the burst.
  const replays = Array.from({ length: duplicates }, (_, index) => fulfilled[index * 3]!);
  const deliveries: ShopifyDelivery[] = [...cancelDeliveries];
  const every = Math.max(1, Math.floor(fulfilled.length / Math.max(1, replays.length)));
  fulfilled.forEach((item, index) => {
    deliveries.push(item);
    const replay = index % every === every - 1 ? replays[Math.floor(index / every)] : undefined;
    if (replay) deliveries.push(replay);
  });
  for (const replay of replays.slice(Math.floor(fulfilled.length / every))) deliveries.push(replay);

  const cancelledSet = new Set(cancelledIndexes);
  const reference = (index: number) => String(100_000 + index);
  return {
    deliveries,
    scheduled: Array.from({ length: orders }, (_, index) => index)
      .filter((index) => !cancelledSet.has(index))
      .map(reference),
    cancelled: cancelledIndexes.map(reference),
    duplicates,
  };
}

/** Posts every delivery over `concurrency` parallel requests; answers the count of each status code. */
export async function postAll(
  url: string,
  deliveries: readonly ShopifyDelivery[],
  concurrency: number,
): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++]!;
      const response = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}
