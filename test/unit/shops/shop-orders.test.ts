import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decide,
  orderCancelledReason,
  type DecisionFacts,
} from '../../../src/domain/invitations/decisions.js';
import { changeSettings, defaultSettings, readSettings } from '../../../src/domain/shops/integrations.js';
import {
  readShopifyOrder,
  shopifyCancelReason,
  shopifyOrderCancelled,
  shopifyOrderDelivered,
  shopifyRefundOrderId,
} from '../../../src/domain/shops/shopify.js';
import { hmacSha256Base64, hmacSha256Base64Matches } from '../../../src/domain/shops/signatures.js';
import { isWooCommercePing, readWooCommerceOrder } from '../../../src/domain/shops/woocommerce.js';
import { shopReference } from '../../../src/domain/shops/orders.js';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures');
const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
const T = Date.parse('2026-11-28T12:00:00.000Z');

function facts(change: Partial<DecisionFacts> = {}): DecisionFacts {
  return {
    now: T,
    triggerAt: T,
    email: 'ada@example.org',
    reference: '1001',
    businessName: 'Tea Shop',
    businessDomain: 'tea.example',
    delayDays: 7,
    preferredSendTime: undefined,
    suppression: undefined,
    frequencyDays: 30,
    earlierInvitations: [],
    plan: { name: 'basic', monthlyCap: null },
    scheduledInSendMonth: 0,
    ...change,
  };
}

describe('the funnel and a cancelled order', () => {
  it('decides an order the shop already cancelled as cancelled, before every other rule, with the cancel in the reason', () => {
    const cancel = { reason: 'Shopify reported the order cancelled (reason: customer).', at: T - 60_000 };
    const decision = decide(facts({ orderCancelled: cancel, email: 'test@tea.example' }));
    expect(decision).toEqual({
      status: 'cancelled',
      reason:
        'Order 1001 was cancelled on 2026-11-28T11:59:00.000Z: Shopify reported the order cancelled (reason: customer).',
      sendAt: undefined,
    });
    expect(decision.reason).toBe(orderCancelledReason('1001', cancel));
    expect(decide(facts()).status).toBe('scheduled');
  });
});

describe('integration settings', () => {
  it('defaults: Shopify invites on orders/fulfilled, WooCommerce at completed, both cancel on their cancel and refund', () => {
    expect(defaultSettings('shopify')).toEqual({
      inviteOn: ['orders/fulfilled'],
      cancelOn: ['orders/cancelled', 'refunds/create'],
      kinds: 'service',
      delayDays: null,
    });
    expect(defaultSettings('woocommerce')).toMatchObject({
      inviteOn: ['completed'],
      cancelOn: ['cancelled', 'refunded', 'failed'],
    });
  });

  it('refuses an event the provider never sends, a cancelling status as a trigger, and a bad delay, naming the fix', () => {
    const current = defaultSettings('shopify');
    expect(changeSettings('shopify', current, { inviteOn: ['orders/shipped'] })).toMatchObject({
      ok: false,
      field: 'inviteOn',
      message: expect.stringContaining('orders/paid') as unknown,
    });
    expect(
      changeSettings('woocommerce', defaultSettings('woocommerce'), { inviteOn: ['cancelled'] }),
    ).toMatchObject({
      ok: false,
      field: 'inviteOn',
      message: 'woocommerce has no "cancelled" here; use completed, processing, on-hold, delivered.',
    });
    expect(changeSettings('shopify', current, { delayDays: -1 })).toMatchObject({
      ok: false,
      field: 'delayDays',
    });
    expect(changeSettings('shopify', current, { kinds: 'all' })).toMatchObject({ ok: false, field: 'kinds' });
    const changed = changeSettings('shopify', current, {
      inviteOn: ['orders/paid', ' orders/paid '],
      kinds: 'both',
      delayDays: 0,
    });
    expect(changed).toEqual({
      ok: true,
      settings: { inviteOn: ['orders/paid'], cancelOn: current.cancelOn, kinds: 'both', delayDays: 0 },
    });
  });

  it('reads stored settings leniently: unknown values fall back to the defaults', () => {
    expect(readSettings('shopify', 'not json')).toEqual(defaultSettings('shopify'));
    expect(readSettings('shopify', '{"kinds":"all","delayDays":2}')).toMatchObject({
      kinds: 'service',
      delayDays: 2,
    });
  });
});

describe('signatures', () => {
  it('matches the base64 HMAC-SHA256 of the exact bytes and nothing else', () => {
    const body = Buffer.from('{"id":1}');
    const signature = hmacSha256Base64('secret', body);
    expect(hmacSha256Base64Matches('secret', body, signature)).toBe(true);
    expect(hmacSha256Base64Matches('secret', body, ` ${signature} `)).toBe(true);
    expect(hmacSha256Base64Matches('other', body, signature)).toBe(false);
    expect(hmacSha256Base64Matches('secret', Buffer.from('{"id": 1}'), signature)).toBe(false);
    expect(hmacSha256Base64Matches('secret', body, signature.slice(0, -2))).toBe(false);
    expect(hmacSha256Base64Matches('secret', body, Buffer.from(signature, 'base64').toString('hex'))).toBe(
      false,
    );
    expect(hmacSha256Base64Matches('secret', body, '')).toBe(false);
  });
});

describe('Shopify orders', () => {
  it('reads the customer, the order name as reference (without #) and the line items, gift cards left out', () => {
    expect(readShopifyOrder(fixture('shopify/orders-fulfilled.json'))).toEqual({
      orderId: '5467892311234',
      reference: '1001',
      email: 'ada.lovelace@example.org',
      name: 'Ada Lovelace',
      locale: 'en-GB',
      products: [
        { sku: 'TEA-DARJ-250', name: 'Darjeeling First Flush' },
        { sku: 'POT-IRON-1L', name: 'Cast Iron Teapot' },
      ],
    });
  });

  it('falls back to the variant id without a SKU, the billing name without a customer, and keeps URLs where present', () => {
    const order = {
      id: 1,
      name: '#A-7',
      email: 'x@example.org',
      billing_address: { first_name: 'Grace', last_name: 'Hopper' },
      line_items: [
        { title: 'Mug', sku: null, variant_id: 42, product_id: 4 },
        { title: 'Mug', sku: null, variant_id: 42, product_id: 4 },
        {
          title: 'Pot',
          sku: 'P',
          image: { src: 'https://cdn.example/p.jpg' },
          product_url: 'javascript:alert(1)',
        },
      ],
    };
    expect(readShopifyOrder(order)).toMatchObject({
      reference: 'A-7',
      name: 'Grace Hopper',
      locale: undefined,
      products: [
        { sku: '42', name: 'Mug' },
        { sku: 'P', name: 'Pot', imageUrl: 'https://cdn.example/p.jpg' },
      ],
    });
    expect(readShopifyOrder({ name: '#1' })).toBeUndefined();
    expect(readShopifyOrder([1, 2])).toBeUndefined();
  });

  it('reads refunds, cancels and deliveries', () => {
    expect(shopifyRefundOrderId(fixture('shopify/refunds-create.json'))).toBe('5467892311234');
    expect(shopifyCancelReason(fixture('shopify/orders-cancelled.json'))).toBe(
      'Shopify reported the order cancelled (reason: customer).',
    );
    expect(shopifyOrderCancelled(fixture('shopify/orders-cancelled.json'))).toBe(true);
    expect(shopifyOrderCancelled(fixture('shopify/orders-fulfilled.json'))).toBe(false);
    expect(shopifyOrderDelivered(fixture('shopify/orders-fulfilled.json'))).toBe(false);
    expect(shopifyOrderDelivered(fixture('shopify/orders-updated-delivered.json'))).toBe(true);
    expect(shopifyOrderDelivered(fixture('shopify/orders-paid.json'))).toBe(false);
  });

  it('takes a reference from a name or a number', () => {
    expect(shopReference('#1001')).toBe('1001');
    expect(shopReference('# 77')).toBe('77');
    expect(shopReference(1002)).toBe('1002');
    expect(shopReference(null)).toBe('');
  });
});

describe('WooCommerce orders', () => {
  it('reads the billing customer, the order number, the status and the line items with their images', () => {
    expect(readWooCommerceOrder(fixture('woocommerce/order-completed.json'))).toEqual({
      orderId: '727',
      reference: '727',
      email: 'grace.hopper@example.net',
      name: 'Grace Hopper',
      locale: undefined,
      status: 'completed',
      products: [
        {
          sku: 'WOO-SINGLE-1',
          name: 'Woo Single #1',
          imageUrl: 'https://shop.example.net/wp-content/uploads/2026/11/single-1.jpg',
        },
        { sku: '23', name: 'Ship Your Idea &ndash; Color: Black, Size: M Test' },
      ],
    });
    expect(
      readWooCommerceOrder({ ...fixture('woocommerce/order-completed.json'), status: 'wc-delivered' })
        ?.status,
    ).toBe('delivered');
  });

  it('recognises the ping WooCommerce sends when a webhook is saved, and nothing else', () => {
    expect(isWooCommercePing(Buffer.from('webhook_id=12'))).toBe(true);
    expect(isWooCommercePing(Buffer.from('webhook_id=12&status=completed'))).toBe(false);
    expect(isWooCommercePing(Buffer.from('{"webhook_id":12}'))).toBe(false);
  });
});
