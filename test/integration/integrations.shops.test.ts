import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacSha256Base64 } from '../../src/domain/shops/signatures.js';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
const FORM_TOKEN = /name="_form" value="([^"]+)"/;

describe.each(ENGINES)('Shopify and WooCommerce webhooks over HTTP on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let base = '';
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    app = await buildApp(runtime);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  async function shop(provider: 'shopify' | 'woocommerce', secret?: string) {
    const domain = `shop-${randomBytes(4).toString('hex')}.example`;
    await runtime.businesses.create({ name: 'Tea Shop', domain });
    const created = await runtime.integrations.create(domain, { provider, secret });
    return { domain, ...created, path: new URL(created.url).pathname };
  }

  async function post(urlPath: string, body: string | Buffer, headers: Record<string, string>) {
    const response = await fetch(`${base}${urlPath}`, { method: 'POST', body, headers });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  /** Posts as Shopify does: the JSON body signed with the store's key, topic and delivery id in headers. */
  function shopify(
    target: { path: string; secret: string },
    topic: string,
    order: unknown,
    options: { webhookId?: string; signature?: string | null } = {},
  ) {
    const body = Buffer.from(JSON.stringify(order));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-shop-domain': 'tea-shop.myshopify.com',
      'x-shopify-api-version': '2025-10',
      'x-shopify-webhook-id': options.webhookId ?? randomUUID(),
    };
    if (options.signature !== null)
      headers['x-shopify-hmac-sha256'] = options.signature ?? hmacSha256Base64(target.secret, body);
    return post(target.path, body, headers);
  }

  /** Posts as WooCommerce does: signed body, topic, resource and a delivery id. */
  function woo(target: { path: string; secret: string }, topic: string, order: unknown, signature?: string) {
    const body = Buffer.from(JSON.stringify(order));
    return post(target.path, body, {
      'content-type': 'application/json',
      'x-wc-webhook-source': 'https://shop.example.net/',
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-event': topic.split('.')[1] ?? '',
      'x-wc-webhook-id': '12',
      'x-wc-webhook-delivery-id': randomBytes(16).toString('hex'),
      'x-wc-webhook-signature': signature ?? hmacSha256Base64(target.secret, body),
    });
  }

  const invitations = (domain: string) => runtime.invitationQueries.list(domain);
  const deliveries = async (domain: string, id: string) =>
    (await runtime.integrations.show(domain, id)).deliveries;

  async function reviewThrough(domain: string, invitationId: string) {
    const { id: businessId } = await runtime.businesses.row(domain);
    const row = await runtime.store.db
      .selectFrom('invitations')
      .select('token')
      .where('business_id', '=', businessId)
      .where('id', '=', invitationId)
      .executeTakeFirstOrThrow();
    const page = await fetch(`${base}/r/${row.token}`);
    const token = FORM_TOKEN.exec(await page.text())?.[1];
    expect(token).toBeDefined();
    const posted = await fetch(`${base}/r/${row.token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _form: token ?? '',
        rating: '5',
        title: 'Lovely tea',
        text: 'Arrived quickly, tastes great.',
      }).toString(),
    });
    expect(posted.status).toBe(303);
    const reviews = (await (await fetch(`${base}/api/public/businesses/${domain}/reviews`)).json()) as {
      reviews: { label: string; title: string }[];
    };
    return reviews.reviews;
  }

  it('a signed orders/fulfilled makes one invitation with the order number and line items; a review through it is verified', async () => {
    const target = await shop('shopify');
    const answer = await shopify(target, 'orders/fulfilled', fixture('shopify/orders-fulfilled.json'));
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe('invited');
    const [invitation, ...others] = await invitations(target.domain);
    expect(others).toEqual([]);
    expect(invitation).toMatchObject({
      channel: 'shopify',
      label: 'verified',
      email: 'ada.lovelace@example.org',
      name: 'Ada Lovelace',
      reference: '1001',
      locale: 'en-GB',
      status: 'scheduled',
      products: [
        { sku: 'TEA-DARJ-250', name: 'Darjeeling First Flush' },
        { sku: 'POT-IRON-1L', name: 'Cast Iron Teapot' },
      ],
    });
    const reviews = await reviewThrough(target.domain, invitation!.id);
    expect(reviews.map((review) => [review.title, review.label])).toEqual([['Lovely tea', 'verified']]);
    const [logged] = await deliveries(target.domain, target.id);
    expect(logged).toMatchObject({
      topic: 'orders/fulfilled',
      signature: 'valid',
      status: 200,
      decision: 'invited',
      reference: '1001',
      orderId: '5467892311234',
      invitationIds: [invitation!.id],
    });
  });

  it('a replayed delivery, a wrong signature and no signature change nothing', async () => {
    const target = await shop('shopify');
    const order = fixture('shopify/orders-fulfilled.json');
    const webhookId = randomUUID();
    expect((await shopify(target, 'orders/fulfilled', order, { webhookId })).status).toBe(200);
    const [invitation] = await invitations(target.domain);
    const eventsBefore = (await runtime.invitationQueries.get(target.domain, invitation!.id)).events;

    const replay = await shopify(target, 'orders/fulfilled', order, { webhookId });
    expect(replay).toMatchObject({ status: 200, json: { status: 'duplicate' } });

    const cancel = fixture('shopify/orders-cancelled.json');
    const forged = await shopify(target, 'orders/cancelled', cancel, {
      signature: hmacSha256Base64('not-the-secret', JSON.stringify(cancel)),
    });
    expect(forged.status).toBe(401);
    expect(forged.type).toContain('application/problem+json');
    expect(forged.json.code).toBe('integration_signature_invalid');
    const unsigned = await shopify(target, 'orders/cancelled', cancel, { signature: null });
    expect(unsigned).toMatchObject({ status: 401, json: { code: 'integration_signature_missing' } });
    const garbage = await shopify(target, 'orders/cancelled', cancel, { signature: 'not base64 at all' });
    expect(garbage).toMatchObject({ status: 401, json: { code: 'integration_signature_invalid' } });

    const after = await runtime.invitationQueries.get(target.domain, invitation!.id);
    expect(after.status).toBe('scheduled');
    expect(after.events).toEqual(eventsBefore);
    expect((await invitations(target.domain)).length).toBe(1);
    const log = await deliveries(target.domain, target.id);
    expect(log.map((entry) => [entry.decision, entry.signature, entry.status])).toEqual([
      ['rejected', 'invalid', 401],
      ['rejected', 'missing', 401],
      ['rejected', 'invalid', 401],
      ['duplicate', 'valid', 200],
      ['invited', 'valid', 200],
    ]);
    // A refused request's content is not kept: no reference, no order id, nothing of the body.
    for (const entry of log.slice(0, 3))
      expect(entry).toMatchObject({ reference: null, orderId: null, invitationIds: [] });
  });

  it('orders/cancelled and refunds/create cancel the queued invitation, with the reason; a cancel before the fulfilment wins', async () => {
    const target = await shop('shopify');
    const order = fixture('shopify/orders-fulfilled.json');
    await shopify(target, 'orders/fulfilled', order);
    const cancelled = await shopify(target, 'orders/cancelled', fixture('shopify/orders-cancelled.json'));
    expect(cancelled).toMatchObject({ status: 200, json: { status: 'cancelled', reference: '1001' } });
    const [first] = await invitations(target.domain);
    const shown = await runtime.invitationQueries.get(target.domain, first!.id);
    expect(shown.status).toBe('cancelled');
    expect(shown.reason).toContain('Order 1001 was cancelled');
    expect(shown.reason).toContain('reason: customer');
    expect(shown.events.map((event) => event.type)).toEqual(['scheduled', 'cancelled']);

    // Out of order: the cancel of #1002 arrives before its fulfilment.
    const second = {
      ...fixture('shopify/orders-cancelled.json'),
      id: 5467892311299,
      name: '#1002',
      email: 'alan@example.org',
    };
    await shopify(target, 'orders/cancelled', second);
    const late = await shopify(target, 'orders/fulfilled', {
      ...order,
      id: 5467892311299,
      name: '#1002',
      email: 'alan@example.org',
    });
    expect(late.json.status).toBe('cancelled');
    const [lateInvitation] = await runtime.invitationQueries.list(target.domain, { reference: '1002' });
    expect(lateInvitation).toMatchObject({ status: 'cancelled' });
    expect(lateInvitation!.reason).toContain('Order 1002 was cancelled');

    // A refund names only the order id: Vouch finds the reference an earlier delivery recorded.
    const third = { ...order, id: 5467892311300, name: '#1003', email: 'grace@example.org' };
    await shopify(target, 'orders/fulfilled', third);
    const refund = await shopify(target, 'refunds/create', {
      ...fixture('shopify/refunds-create.json'),
      order_id: 5467892311300,
    });
    expect(refund).toMatchObject({ status: 200, json: { status: 'cancelled', reference: '1003' } });
    const [refunded] = await runtime.invitationQueries.list(target.domain, { reference: '1003' });
    expect(refunded).toMatchObject({ status: 'cancelled' });
    expect(refunded!.reason).toContain('refund');

    // A refund before any event named the order: applied when the order arrives.
    await shopify(target, 'refunds/create', {
      ...fixture('shopify/refunds-create.json'),
      order_id: 5467892311301,
    });
    const afterRefund = await shopify(target, 'orders/fulfilled', {
      ...order,
      id: 5467892311301,
      name: '#1004',
      email: 'edsger@example.org',
    });
    expect(afterRefund.json.status).toBe('cancelled');
  });

  it('orders/paid invites only when chosen; orders/delivered invites once fulfilments report delivery', async () => {
    const target = await shop('shopify');
    const paid = await shopify(target, 'orders/paid', fixture('shopify/orders-paid.json'));
    expect(paid.json.status).toBe('ignored');
    await runtime.integrations.configure(target.domain, target.id, {
      inviteOn: ['orders/paid'],
      kinds: 'both',
      delayDays: 3,
    });
    expect((await shopify(target, 'orders/paid', fixture('shopify/orders-paid.json'))).json.status).toBe(
      'invited',
    );
    const made = await invitations(target.domain);
    expect(made.map((invitation) => invitation.kind).sort()).toEqual(['product', 'service']);

    const delivered = await shop('shopify');
    await runtime.integrations.configure(delivered.domain, delivered.id, { inviteOn: ['orders/delivered'] });
    const notYet = await shopify(delivered, 'orders/updated', fixture('shopify/orders-fulfilled.json'));
    expect(notYet.json.status).toBe('ignored');
    expect(await invitations(delivered.domain)).toEqual([]);
    const arrived = await shopify(
      delivered,
      'orders/updated',
      fixture('shopify/orders-updated-delivered.json'),
    );
    expect(arrived.json.status).toBe('invited');
  });

  it('bad bodies: a signed body that is not JSON is 400, an oversized one 413, an unknown URL 404', async () => {
    const target = await shop('shopify');
    const notJson = Buffer.from('<order/>');
    const answer = await post(target.path, notJson, {
      'content-type': 'application/xml',
      'x-shopify-topic': 'orders/fulfilled',
      'x-shopify-hmac-sha256': hmacSha256Base64(target.secret, notJson),
    });
    expect(answer).toMatchObject({ status: 400, json: { code: 'integration_payload_invalid' } });
    const huge = Buffer.alloc(3 * 1024 * 1024, 'a');
    const tooLarge = await post(target.path, huge, {
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/fulfilled',
      'x-shopify-hmac-sha256': hmacSha256Base64(target.secret, huge),
    });
    expect(tooLarge).toMatchObject({ status: 413, json: { code: 'integration_payload_too_large' } });
    const unknown = await shopify(
      { path: '/integrations/shopify/nope', secret: 'x' },
      'orders/fulfilled',
      {},
    );
    expect(unknown).toMatchObject({ status: 404, json: { code: 'integration_not_found' } });
    const wrongProvider = await woo(
      { path: target.path.replace('/shopify/', '/woocommerce/'), secret: target.secret },
      'order.updated',
      {},
    );
    expect(wrongProvider.status).toBe(404);
    expect(await invitations(target.domain)).toEqual([]);
    const log = await deliveries(target.domain, target.id);
    expect(log.map((entry) => [entry.decision, entry.status])).toEqual([
      ['rejected', 413],
      ['rejected', 400],
    ]);
  });

  /** A WooCommerce order of another customer: the business invites a customer at most every so often. */
  function wooOrder(name: string, id: number, email: string) {
    const order = fixture(`woocommerce/order-${name}.json`);
    return { ...order, id, number: String(id), billing: { ...(order.billing as object), email } };
  }

  it('WooCommerce: the ping answers 200, completed invites, cancelled cancels, a wrong signature is refused', async () => {
    const target = await shop('woocommerce');
    const ping = await post(target.path, 'webhook_id=12', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(ping.status).toBe(200);
    const processing = await woo(target, 'order.updated', fixture('woocommerce/order-processing.json'));
    expect(processing.json.status).toBe('ignored');
    const completed = await woo(target, 'order.updated', fixture('woocommerce/order-completed.json'));
    expect(completed.json.status).toBe('invited');
    const [invitation] = await invitations(target.domain);
    expect(invitation).toMatchObject({
      channel: 'woocommerce',
      label: 'verified',
      email: 'grace.hopper@example.net',
      name: 'Grace Hopper',
      reference: '727',
      products: [
        {
          sku: 'WOO-SINGLE-1',
          name: 'Woo Single #1',
          imageUrl: 'https://shop.example.net/wp-content/uploads/2026/11/single-1.jpg',
        },
        { sku: '23', name: 'Ship Your Idea &ndash; Color: Black, Size: M Test' },
      ],
    });
    const reviews = await reviewThrough(target.domain, invitation!.id);
    expect(reviews[0]?.label).toBe('verified');

    const forged = await woo(
      target,
      'order.updated',
      fixture('woocommerce/order-cancelled.json'),
      hmacSha256Base64('wrong', '{}'),
    );
    expect(forged).toMatchObject({ status: 401, json: { code: 'integration_signature_invalid' } });
    const second = wooOrder('completed', 728, 'alan@example.net');
    await woo(target, 'order.created', second);
    const cancelled = await woo(target, 'order.updated', wooOrder('refunded', 728, 'alan@example.net'));
    expect(cancelled.json.status).toBe('cancelled');
    const [refunded] = await runtime.invitationQueries.list(target.domain, { reference: '728' });
    expect(refunded).toMatchObject({ status: 'cancelled' });
    expect(refunded!.reason).toContain('WooCommerce reported the order refunded');

    // A failed order before its completion: decided cancelled when the completion arrives.
    await woo(target, 'order.updated', wooOrder('failed', 729, 'edsger@example.net'));
    const late = await woo(target, 'order.updated', wooOrder('completed', 729, 'edsger@example.net'));
    expect(late.json.status).toBe('cancelled');
    const log = await deliveries(target.domain, target.id);
    expect(log.at(-1)).toMatchObject({ decision: 'ping', signature: 'not_required', status: 200 });
  });
});
