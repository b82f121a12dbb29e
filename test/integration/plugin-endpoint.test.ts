import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

const fixture = (name: string): string =>
  fs.readFileSync(path.join(import.meta.dirname, '../fixtures/plugin', name), 'utf8');

/** The headers each plugin's HTTP client sends (WordPress's wp_remote_post, Magento's curl). */
const WOOCOMMERCE = { 'content-type': 'application/json; charset=utf-8', origin: 'https://shop.example' };
const MAGENTO = { 'content-type': 'application/json', origin: 'https://magento.example/' };

describe.each(ENGINES)("the hosted platform's plugin endpoint on %s, over HTTP", (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let base = '';
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    app = await buildApp(runtime);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  /** A business with a plugin integration; `apiUrl` is what the fork's TRUSTPILOT_API_URL becomes. */
  async function shop(kinds = 'service') {
    const business = await runtime.businesses.create({
      name: 'Plugin Shop',
      domain: `plugin-${randomBytes(4).toString('hex')}.example`,
    });
    await runtime.businesses.updateSettings(business.domain, { frequencyDays: null });
    const integration = await runtime.integrations.create(business.domain, {
      provider: 'plugin',
      settings: { kinds },
    });
    const { pathname } = new URL(integration.url);
    const match = /^\/api\/([A-Za-z0-9_-]{32})$/.exec(pathname);
    expect(match).not.toBeNull();
    return { business, integration, apiUrl: `${base}/api/`, key: match?.[1] ?? '' };
  }

  const post = (url: string, body: string, headers: Record<string, string> = WOOCOMMERCE) =>
    fetch(url, { method: 'POST', body, headers });

  /**
   * What the plugins do on an order status change that is one of their triggers: post without products;
   * on 202, post again with them; the order counts as sent only on 201.
   */
  async function statusChange(
    apiUrl: string,
    key: string,
    without: string,
    withProducts: string,
    headers = WOOCOMMERCE,
  ) {
    const first = await post(`${apiUrl}${key}/invitation`, without, headers);
    if (first.status !== 202) return [first.status];
    const second = await post(`${apiUrl}${key}/invitation`, withProducts, headers);
    return [202, second.status];
  }

  const invitations = (domain: string) => runtime.invitationQueries.list(domain);
  const deliveries = async (domain: string, id: string) =>
    (await runtime.integrations.show(domain, id)).deliveries;

  it('takes a WooCommerce trigger: 202 asks for the products, the resend makes plugin invitations with them (201)', async () => {
    const { business, integration, apiUrl, key } = await shop('both');
    const codes = await statusChange(
      apiUrl,
      key,
      fixture('woocommerce-invitation.json'),
      fixture('woocommerce-invitation-with-products.json'),
    );
    expect(codes).toEqual([202, 201]);
    const made = await invitations(business.domain);
    expect(
      made
        .map((invitation) => [invitation.kind, invitation.channel, invitation.label, invitation.reference])
        .sort(),
    ).toEqual([
      ['product', 'plugin', 'verified', '1234'],
      ['service', 'plugin', 'verified', '1234'],
    ]);
    expect(made[0]).toMatchObject({ email: 'jane.doe@example.com', name: 'Jane Doe', status: 'scheduled' });
    expect(made.find((invitation) => invitation.kind === 'product')?.products).toEqual([
      {
        sku: 'MUG-BLUE',
        name: 'Blue mug',
        productUrl: 'https://shop.example/product/blue-mug/',
        imageUrl: 'https://shop.example/wp-content/uploads/2026/11/blue-mug.jpg',
      },
      {
        sku: 'TOWEL-1',
        name: 'Tea towel',
        productUrl: 'https://shop.example/product/tea-towel/',
        gtin: '4006381333931',
        brand: 'Linen & Co',
      },
    ]);
    const log = await deliveries(business.domain, integration.id);
    expect(
      log.map((delivery) => [delivery.topic, delivery.signature, delivery.status, delivery.decision]),
    ).toEqual([
      ['invitation', 'not_required', 201, 'invited'],
      ['invitation', 'not_required', 202, 'products_requested'],
    ]);

    // The same order again (a second status change to a trigger) is a duplicate, still answered 201.
    expect(
      await statusChange(
        apiUrl,
        key,
        fixture('woocommerce-invitation.json'),
        fixture('woocommerce-invitation-with-products.json'),
      ),
    ).toEqual([202, 201]);
    expect(await invitations(business.domain)).toHaveLength(2);
  });

  it('answers 201 at once when the integration invites for the service, and cancels on a cancelled status update', async () => {
    const { business, apiUrl, key } = await shop('service');
    expect(await statusChange(apiUrl, key, fixture('woocommerce-invitation.json'), '')).toEqual([201]);
    const [made] = await invitations(business.domain);
    expect(made).toMatchObject({
      kind: 'service',
      channel: 'plugin',
      reference: '1234',
      status: 'scheduled',
      products: [],
    });

    // A status that is no trigger arrives as a status update: recorded, and nothing done.
    const processing = await post(
      `${apiUrl}${key}/invitation`,
      fixture('woocommerce-status-update-processing.json'),
    );
    expect(processing.status).toBe(200);
    expect(await processing.json()).toMatchObject({ status: 'ignored' });

    const cancelled = await post(
      `${apiUrl}${key}/invitation`,
      fixture('woocommerce-status-update-cancelled.json'),
    );
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled', cancelled: [made?.id] });
    expect((await invitations(business.domain)).map((invitation) => invitation.status)).toEqual([
      'cancelled',
    ]);
  });

  it("takes Magento's trigger and cancel, its zero-padded order number kept as the reference", async () => {
    const { business, apiUrl, key } = await shop('both');
    expect(
      await statusChange(
        apiUrl,
        key,
        fixture('magento-invitation.json'),
        fixture('magento-invitation-with-products.json'),
        MAGENTO,
      ),
    ).toEqual([202, 201]);
    const made = await invitations(business.domain);
    expect(
      made.map((invitation) => [invitation.kind, invitation.reference, invitation.status]).sort(),
    ).toEqual([
      ['product', '000000042', 'scheduled'],
      ['service', '000000042', 'scheduled'],
    ]);
    expect(made.find((invitation) => invitation.kind === 'product')?.products).toMatchObject([
      { sku: 'WS-ALPIN-42', name: 'Wanderschuh Alpin', brand: 'Bergwerk' },
    ]);
    const canceled = await post(
      `${apiUrl}${key}/invitation`,
      fixture('magento-invitation-canceled.json'),
      MAGENTO,
    );
    expect(canceled.status).toBe(200);
    expect((await invitations(business.domain)).map((invitation) => invitation.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);
  });

  it('syncs past orders in batches: 201 with the orders that failed, and 202 first when products are needed', async () => {
    const woo = await shop('service');
    const batch = await post(`${woo.apiUrl}${woo.key}/batchinvitations`, fixture('woocommerce-batch.json'));
    expect(batch.status).toBe(201);
    const failed = (await batch.json()) as { referenceId: string; error: string }[];
    expect(failed).toEqual([
      { referenceId: '2003', error: expect.stringMatching(/recipientEmail/) as unknown },
    ]);
    expect((await invitations(woo.business.domain)).map((invitation) => invitation.reference).sort()).toEqual(
      ['2001', '2002'],
    );

    const magento = await shop('both');
    const first = await post(
      `${magento.apiUrl}${magento.key}/batchinvitations`,
      fixture('magento-batch.json'),
      MAGENTO,
    );
    expect(first.status).toBe(202);
    expect(await invitations(magento.business.domain)).toEqual([]);
    const resent = await post(
      `${magento.apiUrl}${magento.key}/batchinvitations`,
      fixture('magento-batch-with-products.json'),
      MAGENTO,
    );
    expect(resent.status).toBe(201);
    expect(await resent.json()).toEqual([]);
    const made = await invitations(magento.business.domain);
    expect(
      made
        .map((invitation) => [
          invitation.reference,
          invitation.kind,
          invitation.products.map((product) => product.sku).join(),
        ])
        .sort(),
    ).toEqual([
      ['000000101', 'product', 'WS-ALPIN-42'],
      ['000000101', 'service', ''],
      // The bottle has no SKU in the shop, so it is left out of the product invitation.
      ['000000102', 'product', 'RS-30'],
      ['000000102', 'service', ''],
    ]);
    expect(new Set(made.map((invitation) => invitation.channel))).toEqual(new Set(['plugin']));
    const log = await deliveries(magento.business.domain, magento.integration.id);
    expect(log.map((delivery) => [delivery.topic, delivery.status, delivery.decision])).toEqual([
      ['batchinvitations', 201, 'invited'],
      ['batchinvitations', 202, 'products_requested'],
    ]);
  });

  it("leaves Vouch's own /api routes where they are, and answers any other key or path 404", async () => {
    const { key } = await shop();
    const own = await fetch(`${base}/api/v1/business`);
    expect(own.status).toBe(401);
    expect(await own.json()).toMatchObject({ code: 'unauthorized' });
    const reviews = await fetch(`${base}/api/public/businesses/nobody.example/reviews`);
    expect(reviews.status).toBe(404);
    expect(await reviews.json()).toMatchObject({ code: 'business_not_found' });

    const unknown = await post(
      `${base}/api/${randomBytes(24).toString('base64url')}/invitation`,
      fixture('woocommerce-invitation.json'),
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'integration_not_found' });
    const v1 = await post(`${base}/api/v1/invitation`, fixture('woocommerce-invitation.json'));
    expect(v1.status).toBe(404);
    const settings = await post(`${base}/api/${key}/settings`, '{}');
    expect(settings.status).toBe(404);
    expect(settings.headers.get('content-type')).toContain('application/problem+json');

    // A webhook integration's token is no plugin key.
    const other = await shop();
    const webhook = await runtime.integrations.create(other.business.domain, { provider: 'webhook' });
    const webhookToken = new URL(webhook.url).pathname.split('/').pop() ?? '';
    expect(
      (await post(`${base}/api/${webhookToken}/invitation`, fixture('woocommerce-invitation.json'))).status,
    ).toBe(404);
  });

  it('refuses a malformed, incomplete or oversized body with a problem code, logged without the body, acting on none', async () => {
    const { business, integration, apiUrl, key } = await shop();
    const url = `${apiUrl}${key}/invitation`;
    const notJson = await post(url, '{"recipientEmail": "kunde.7731@example.org",');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toContain('application/problem+json');
    expect(await notJson.json()).toMatchObject({ code: 'integration_payload_invalid' });
    // A CSV line instead of JSON: refused without quoting it (the reason is logged).
    const form = await post(url, 'kunde.7731@example.org,Jane,11');
    expect(form.status).toBe(400);
    expect(((await form.json()) as { detail: string }).detail).not.toContain('kunde');

    const noReference = await post(
      url,
      JSON.stringify({ recipientEmail: 'kunde.7731@example.org', recipientName: 'Jane' }),
    );
    expect(noReference.status).toBe(400);
    expect(await noReference.json()).toMatchObject({
      code: 'integration_payload_invalid',
      errors: [{ path: 'referenceId' }],
    });

    const badEmail = await post(
      url,
      JSON.stringify({ referenceId: '9', recipientEmail: 'jane at example.com' }),
    );
    expect(badEmail.status).toBe(400);
    expect(await badEmail.json()).toMatchObject({ code: 'invitation_email_invalid', field: 'email' });

    const notABatch = await post(`${apiUrl}${key}/batchinvitations`, JSON.stringify({ invitations: 'all' }));
    expect(notABatch.status).toBe(400);
    expect(await notABatch.json()).toMatchObject({
      code: 'integration_payload_invalid',
      errors: [{ path: 'invitations' }],
    });

    const huge = JSON.stringify({
      referenceId: '10',
      recipientEmail: 'kunde.7731@example.org',
      padding: 'x'.repeat(3 * 1024 * 1024),
    });
    const tooLarge = await post(url, huge);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ code: 'integration_payload_too_large' });

    expect(await invitations(business.domain)).toEqual([]);
    const log = await deliveries(business.domain, integration.id);
    expect(log.map((delivery) => [delivery.status, delivery.decision])).toEqual([
      [413, 'rejected'],
      [400, 'rejected'],
      [400, 'rejected'],
      [400, 'rejected'],
      [400, 'rejected'],
      [400, 'rejected'],
    ]);
    // The log says why each was refused; the refused bodies' customers are not in it. (A value the funnel
    // could not use, such as the malformed address, is named in its reason, as the caller was told.)
    expect(JSON.stringify(log)).not.toContain('kunde.7731');
  });
});
