import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

const FORM_TOKEN = /name="_form" value="([^"]+)"/;

/** A sender as the docs tell one to be: the standardwebhooks package signing the exact bytes it posts. */
function signed(secret: string, body: string, options: { id?: string; at?: Date } = {}) {
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

describe.each(ENGINES)('the signed generic webhook on %s, over HTTP', (engine) => {
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

  /** A business with a webhook integration; the URL as `vouch integration add` prints it, on our listener. */
  async function shop(settings: { kinds?: string; inviteOn?: string[] } = {}) {
    const business = await runtime.businesses.create({
      name: 'Webhook Shop',
      domain: `hook-${randomBytes(4).toString('hex')}.example`,
    });
    await runtime.businesses.updateSettings(business.domain, { frequencyDays: null });
    const integration = await runtime.integrations.create(business.domain, {
      provider: 'webhook',
      settings,
    });
    expect(integration.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const url = `${base}${new URL(integration.url).pathname}`;
    expect(url).toMatch(/\/integrations\/webhook\/[A-Za-z0-9_-]{32}$/);
    return { business, integration, url };
  }

  const order = (type: string, reference: string, data: object = {}) =>
    JSON.stringify({
      type,
      timestamp: new Date().toISOString(),
      data: {
        reference,
        customer: { email: 'jane@example.com', name: 'Jane Doe', locale: 'de-DE' },
        products: [
          {
            sku: 'MUG-1',
            name: 'Blue mug',
            url: 'https://shop.example/mug',
            imageUrl: 'https://shop.example/mug.jpg',
            gtin: '4006381333931',
            brand: 'Stoneware',
          },
        ],
        ...data,
      },
    });

  const post = (url: string, body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', body, headers });

  const invitations = (domain: string) => runtime.invitationQueries.list(domain);
  const deliveries = async (domain: string, id: string) =>
    (await runtime.integrations.show(domain, id)).deliveries;

  it('invites on order.fulfilled with channel webhook, the reference and the products, and its review is Verified', async () => {
    const { business, integration, url } = await shop({ kinds: 'both' });
    const body = order('order.fulfilled', 'ORDER-1001');
    const response = await post(url, body, signed(integration.secret, body));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      status: string;
      invitations: { kind: string; decision: string }[];
    };
    expect(answer.status).toBe('invited');
    expect(answer.invitations.map((invitation) => [invitation.kind, invitation.decision]).sort()).toEqual([
      ['product', 'scheduled'],
      ['service', 'scheduled'],
    ]);

    const made = await invitations(business.domain);
    expect(made.map((invitation) => [invitation.kind, invitation.channel, invitation.label]).sort()).toEqual([
      ['product', 'webhook', 'verified'],
      ['service', 'webhook', 'verified'],
    ]);
    for (const invitation of made) {
      expect(invitation).toMatchObject({
        reference: 'ORDER-1001',
        email: 'jane@example.com',
        name: 'Jane Doe',
        locale: 'de-DE',
        status: 'scheduled',
      });
    }
    expect(made.find((invitation) => invitation.kind === 'product')?.products).toEqual([
      {
        sku: 'MUG-1',
        name: 'Blue mug',
        productUrl: 'https://shop.example/mug',
        imageUrl: 'https://shop.example/mug.jpg',
        gtin: '4006381333931',
        brand: 'Stoneware',
      },
    ]);
    const [logged] = await deliveries(business.domain, integration.id);
    expect(logged).toMatchObject({
      topic: 'order.fulfilled',
      signature: 'valid',
      status: 200,
      decision: 'invited',
      reference: 'ORDER-1001',
    });

    // The customer follows the service invitation's link and reviews: the review is labelled Verified.
    const service = made.find((invitation) => invitation.kind === 'service');
    const { token } = await runtime.store.db
      .selectFrom('invitations')
      .select('token')
      .where('id', '=', service?.id ?? '')
      .executeTakeFirstOrThrow();
    const form = await fetch(`${base}/r/${token}`);
    expect(form.status).toBe(200);
    const formToken = FORM_TOKEN.exec(await form.text())?.[1];
    expect(formToken).toBeDefined();
    const submitted = await fetch(`${base}/r/${token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _form: formToken ?? '',
        rating: '5',
        title: 'Schöne Tasse',
        text: 'Kam schnell und gut verpackt an.',
      }).toString(),
    });
    expect(submitted.status).toBe(303);
    const published = (await (
      await fetch(`${base}/api/public/businesses/${business.domain}/reviews`)
    ).json()) as { reviews: { title: string; label: string }[] };
    expect(published.reviews).toEqual([
      expect.objectContaining({ title: 'Schöne Tasse', label: 'verified' }),
    ]);
  });

  it('acts on the integration setting: placed is recorded and ignored by default, and invites once chosen', async () => {
    const { business, integration, url } = await shop();
    const placed = order('order.placed', 'ORDER-2001');
    const ignored = await post(url, placed, signed(integration.secret, placed));
    expect(ignored.status).toBe(200);
    expect(await ignored.json()).toMatchObject({ status: 'ignored' });
    expect(await invitations(business.domain)).toEqual([]);

    await runtime.integrations.configure(business.domain, integration.id, { inviteOn: ['order.placed'] });
    const again = await post(url, placed, signed(integration.secret, placed));
    expect(await again.json()).toMatchObject({ status: 'invited' });
    // A service integration makes the service invitation only, carrying the products.
    const [only, ...rest] = await invitations(business.domain);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ kind: 'service', products: [{ sku: 'MUG-1' }] });
  });

  it('cancels the queued invitations on order.cancelled and order.refunded, and a fulfilment after the cancel invites nobody', async () => {
    const { business, integration, url } = await shop({ kinds: 'both' });
    const fulfilled = order('order.fulfilled', 'ORDER-3001');
    expect((await post(url, fulfilled, signed(integration.secret, fulfilled))).status).toBe(200);
    const cancel = JSON.stringify({
      type: 'order.cancelled',
      timestamp: new Date().toISOString(),
      data: { reference: 'ORDER-3001', reason: 'Customer changed their mind' },
    });
    const cancelled = await post(url, cancel, signed(integration.secret, cancel));
    expect(cancelled.status).toBe(200);
    const answer = (await cancelled.json()) as { status: string; cancelled: string[] };
    expect(answer.status).toBe('cancelled');
    expect(answer.cancelled).toHaveLength(2);
    const after = await invitations(business.domain);
    expect(after.map((invitation) => invitation.status)).toEqual(['cancelled', 'cancelled']);
    expect(after[0]?.reason).toContain('Customer changed their mind');

    // Out of order: the refund of an order whose fulfilment has not arrived yet.
    const refund = JSON.stringify({
      type: 'order.refunded',
      timestamp: new Date().toISOString(),
      data: { reference: 'ORDER-3002' },
    });
    expect(await (await post(url, refund, signed(integration.secret, refund))).json()).toMatchObject({
      status: 'cancelled',
      cancelled: [],
    });
    const late = order('order.fulfilled', 'ORDER-3002');
    expect((await post(url, late, signed(integration.secret, late))).status).toBe(200);
    const lateOnes = (await invitations(business.domain)).filter(
      (invitation) => invitation.reference === 'ORDER-3002',
    );
    expect(lateOnes.map((invitation) => invitation.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('refuses unsigned, mis-signed, stale and replayed requests, logs them without the body, and changes nothing', async () => {
    const { business, integration, url } = await shop();
    const body = order('order.fulfilled', 'ORDER-4001');
    const problem = async (response: Response) => {
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      return (await response.json()) as { code: string; status: number; detail: string };
    };

    const unsigned = await post(url, body, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    expect(await problem(unsigned)).toMatchObject({ code: 'integration_signature_missing' });

    const otherSecret = `whsec_${randomBytes(32).toString('base64')}`;
    const misSigned = await post(url, body, signed(otherSecret, body));
    expect(misSigned.status).toBe(401);
    expect(await problem(misSigned)).toMatchObject({ code: 'integration_signature_invalid' });

    // Signed right, but the body changed on the way.
    const headers = signed(integration.secret, body);
    const tampered = await post(url, body.replace('jane@', 'mallory@'), headers);
    expect(tampered.status).toBe(401);

    const stale = await post(
      url,
      body,
      signed(integration.secret, body, { at: new Date(Date.now() - 6 * 60_000) }),
    );
    expect(stale.status).toBe(400);
    const staleProblem = await problem(stale);
    expect(staleProblem.code).toBe('integration_signature_stale');
    expect(staleProblem.detail).toMatch(/36\d seconds old/);

    expect(await invitations(business.domain)).toEqual([]);

    // The real request, then the same bytes again (a replay, or a sender that lost the answer).
    const first = await post(url, body, headers);
    expect(first.status).toBe(200);
    const replayed = await post(url, body, headers);
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toMatchObject({ status: 'duplicate' });
    // Re-signed with a new timestamp under the same webhook-id, as a retrying sender does: still once.
    const retried = await post(url, body, signed(integration.secret, body, { id: headers['webhook-id'] }));
    expect(await retried.json()).toMatchObject({ status: 'duplicate' });
    expect(await invitations(business.domain)).toHaveLength(1);

    const log = await deliveries(business.domain, integration.id);
    expect(log.map((delivery) => [delivery.signature, delivery.status, delivery.decision])).toEqual([
      ['valid', 200, 'duplicate'],
      ['valid', 200, 'duplicate'],
      ['valid', 200, 'invited'],
      ['stale', 400, 'rejected'],
      ['invalid', 401, 'rejected'],
      ['invalid', 401, 'rejected'],
      ['missing', 401, 'rejected'],
    ]);
    // Without its body: no refused request's customer reaches the log.
    for (const delivery of log.slice(3)) {
      expect(JSON.stringify(delivery)).not.toMatch(/jane@|mallory@|ORDER-4001/);
    }
  });

  it('answers a malformed, invalid or oversized body with a problem code, never a 500, and acts on none', async () => {
    const { business, integration, url } = await shop();
    const send = (body: string, id?: string) => post(url, body, signed(integration.secret, body, { id }));

    const notJson = await send('{"type": "order.fulfilled",', 'msg_reused');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ code: 'integration_payload_invalid' });

    const invalid = await send(order('order.fulfilled', 'ORDER#5', { delayDays: 'soon' }));
    expect(invalid.status).toBe(400);
    const problem = (await invalid.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('integration_payload_invalid');
    expect(problem.errors.map((error) => error.path)).toEqual(['data.delayDays']);

    // Valid JSON whose reference the funnel refuses: its own code, naming the field.
    const badReference = await send(order('order.fulfilled', 'ORDER#5'));
    expect(badReference.status).toBe(400);
    expect(await badReference.json()).toMatchObject({
      code: 'invitation_reference_invalid',
      field: 'reference',
    });

    const huge = order('order.fulfilled', 'ORDER-6', { padding: 'x'.repeat(3 * 1024 * 1024) });
    const tooLarge = await send(huge);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ code: 'integration_payload_too_large' });

    expect(await invitations(business.domain)).toEqual([]);
    const log = await deliveries(business.domain, integration.id);
    expect(log.map((delivery) => [delivery.status, delivery.decision])).toEqual([
      [413, 'rejected'],
      [400, 'rejected'],
      [400, 'rejected'],
      [400, 'rejected'],
    ]);
    // A refused body releases its webhook-id: the corrected request under the same id is acted on.
    const fixed = await send(order('order.fulfilled', 'ORDER-5'), 'msg_reused');
    expect(fixed.status).toBe(200);
    expect(await fixed.json()).toMatchObject({ status: 'invited' });
  });

  it('answers an unknown token 404 and a webhook URL used for another provider 404', async () => {
    const { integration } = await shop();
    const body = order('order.fulfilled', 'ORDER-7');
    const unknown = await post(
      `${base}/integrations/webhook/${randomBytes(24).toString('base64url')}`,
      body,
      signed(integration.secret, body),
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'integration_not_found' });
    const token = new URL(integration.url).pathname.split('/').pop() ?? '';
    const wrongProvider = await post(
      `${base}/integrations/shopify/${token}`,
      body,
      signed(integration.secret, body),
    );
    expect(wrongProvider.status).toBe(404);
  });
});
