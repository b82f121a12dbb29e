import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  orderWebhookJsonSchema,
  parseOrderWebhook,
  ORDER_WEBHOOK_SCHEMA_ID,
} from '../../../src/domain/shops/order-webhook.js';
import { kindsOf, orderInvitationRequests } from '../../../src/domain/shops/order-invitations.js';
import {
  ORDER_WEBHOOK_SCHEMA_FILE,
  renderOrderWebhookSchema,
} from '../../../scripts/order-webhook-schema.js';

const fulfilled = {
  type: 'order.fulfilled',
  timestamp: '2026-12-02T10:00:00+01:00',
  data: {
    reference: 'ORDER-1001',
    customer: { email: 'jane@example.com', name: 'Jane Doe', locale: 'de-DE' },
    products: [
      {
        sku: 'MUG-1',
        name: 'Blue mug',
        url: 'https://shop.example/mug',
        imageUrl: 'https://shop.example/mug.jpg',
        gtin: 4006381333931,
        brand: 'Stoneware',
      },
    ],
    delayDays: 3,
    extra: 'a field Vouch does not read is allowed',
  },
};

describe('the order webhook body', () => {
  it('reads an order event into what the funnel takes, numbers as text and the event time as the trigger', () => {
    const parsed = parseOrderWebhook(fulfilled);
    expect(parsed).toEqual({
      ok: true,
      event: {
        action: 'invite',
        type: 'order.fulfilled',
        occurredAt: Date.parse('2026-12-02T09:00:00Z'),
        reference: 'ORDER-1001',
        email: 'jane@example.com',
        name: 'Jane Doe',
        locale: 'de-DE',
        products: [
          {
            sku: 'MUG-1',
            name: 'Blue mug',
            productUrl: 'https://shop.example/mug',
            imageUrl: 'https://shop.example/mug.jpg',
            gtin: '4006381333931',
            mpn: undefined,
            brand: 'Stoneware',
          },
        ],
        sendAt: undefined,
        delayDays: 3,
        tags: [],
      },
    });
  });

  it('reads a cancel or refund with only its reference', () => {
    expect(
      parseOrderWebhook({
        type: 'order.refunded',
        timestamp: '2026-12-02T10:00:00Z',
        data: { reference: 1001, reason: 'Returned' },
      }),
    ).toEqual({
      ok: true,
      event: {
        action: 'cancel',
        type: 'order.refunded',
        occurredAt: Date.parse('2026-12-02T10:00:00Z'),
        reference: '1001',
        reason: 'Returned',
      },
    });
  });

  it('names every problem by its path and says what to send', () => {
    const parsed = parseOrderWebhook({
      type: 'order.fulfilled',
      timestamp: '2 December',
      data: {
        reference: '',
        customer: {},
        products: [{ sku: 'A', url: 'javascript:alert(1)' }],
        delayDays: -1,
      },
    });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems.map((problem) => problem.path).sort()).toEqual([
      'data.customer.email',
      'data.delayDays',
      'data.products.0.url',
      'data.reference',
      'timestamp',
    ]);
    expect(problems.find((problem) => problem.path === 'timestamp')?.message).toMatch(/ISO 8601/);
    expect(problems.find((problem) => problem.path === 'data.products.0.url')?.message).toMatch(/http\(s\)/);
    expect(parseOrderWebhook({ type: 'order.shipped', data: {} })).toMatchObject({
      ok: false,
      problems: [{ path: 'type' }],
    });
    expect(parseOrderWebhook([])).toMatchObject({ ok: false });
    // A cancel needs no customer, an invitation does.
    expect(
      parseOrderWebhook({
        type: 'order.placed',
        timestamp: '2026-12-02T10:00:00Z',
        data: { reference: 'A-1' },
      }),
    ).toMatchObject({ ok: false, problems: [{ path: 'data.customer' }] });
  });

  it('makes one request per kind, the products on the product invitation when there is one', () => {
    const parsed = parseOrderWebhook(fulfilled);
    if (!parsed.ok || parsed.event.action !== 'invite') throw new Error('expected an invitation');
    const order = { ...parsed.event, triggerAt: parsed.event.occurredAt };
    const both = orderInvitationRequests('webhook', kindsOf('both'), order, 7);
    expect(
      both.map((request) => [request.kind, request.channel, request.delayDays, request.products?.length]),
    ).toEqual([
      ['service', 'webhook', 3, 0],
      ['product', 'webhook', 3, 1],
    ]);
    // A service-only integration's invitation carries the products.
    expect(orderInvitationRequests('webhook', kindsOf('service'), order, null)).toMatchObject([
      { kind: 'service', products: [{ sku: 'MUG-1' }] },
    ]);
    expect(
      orderInvitationRequests(
        'webhook',
        kindsOf('both'),
        { ...order, products: [], delayDays: undefined },
        7,
      ),
    ).toMatchObject([{ kind: 'service', delayDays: 7 }]);
    expect(orderInvitationRequests('webhook', kindsOf('product'), { ...order, products: [] }, null)).toEqual(
      [],
    );
  });

  it('publishes a JSON Schema that is the committed docs/schemas/order-webhook.schema.json', async () => {
    const schema = orderWebhookJsonSchema();
    expect(schema).toMatchObject({ $id: ORDER_WEBHOOK_SCHEMA_ID, title: 'Vouch order webhook' });
    const committed = fs.readFileSync(ORDER_WEBHOOK_SCHEMA_FILE, 'utf8');
    // Byte for byte, so the file is what the script writes; if this fails, run
    // `npx tsx scripts/order-webhook-schema.ts` and commit the file.
    expect(committed).toBe(await renderOrderWebhookSchema());
    expect(JSON.parse(committed)).toEqual(schema);
  });
});
