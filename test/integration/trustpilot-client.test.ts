import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { TrustpilotApi } from 'trustpilot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

const FORM_TOKEN = /name="_form" value="([^"]+)"/;

/**
 * The hosted platform's own npm client (`trustpilot` v4), with only `baseUrl` changed, against a Vouch
 * listening on 127.0.0.1: a token, service and product invitations, links, templates and data deletion.
 */
describe.each(ENGINES)('the trustpilot npm client against Vouch on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let baseUrl = '';
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    app = await buildApp(runtime);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    baseUrl = `http://127.0.0.1:${address.port}`;
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  async function shopWithKey() {
    const shop = await runtime.businesses.create({
      name: 'Client Shop',
      domain: `client-${randomBytes(4).toString('hex')}.example`,
    });
    // A key made as `vouch api-key create` makes it: the key is the client id, its secret the client secret.
    const { key, secret } = await runtime.businesses.createApiKey(shop.domain, 'migrated integration');
    return { shop, key, secret };
  }

  it('gets a token with the password grant for a member of the business, and for nobody else', async () => {
    const { shop, key, secret } = await shopWithKey();
    const other = await shopWithKey();
    const member = `member@${shop.domain}`;
    const password = 'a dashboard passphrase';
    await runtime.accounts.createUser({ email: member, password, business: shop.domain, role: 'member' });
    // A user of another business, with the right password for their own account.
    const outsider = `owner@${other.shop.domain}`;
    await runtime.accounts.createUser({ email: outsider, password, business: other.shop.domain });

    // The client's default grant: its key and secret as Basic auth, the user's email and password in the form.
    const client = await new TrustpilotApi({
      key,
      secret,
      username: member,
      password,
      baseUrl,
    }).authenticate();
    const created = await client.post(`/v1/private/business-units/${shop.id}/email-invitations`, {
      consumerEmail: 'alan@customer.example',
      consumerName: 'Alan Turing',
      referenceNumber: 'ORDER-PW-1',
      serviceReviewInvitation: { preferredSendTime: '2030-01-02T10:00:00Z' },
    });
    expect(created.status).toBe(202);
    expect(created.data).toMatchObject({ serviceReviewInvitation: { status: 'scheduled' } });
    const listed = await runtime.invitationQueries.list(shop.domain, { limit: 10 });
    expect(listed.map((invitation) => [invitation.reference, invitation.channel])).toEqual([
      ['ORDER-PW-1', 'api'],
    ]);
    // The token is the business's: another business's unit is not found with it.
    const elsewhere = await client
      .get(`/v1/private/business-units/${other.shop.id}/templates`)
      .catch((error: { response: { status: number } }) => error.response);
    expect(elsewhere.status).toBe(404);

    const refusals = [
      { username: outsider, password }, // not a member of the key's business
      { username: member, password: 'not the passphrase' },
      { username: `nobody@${shop.domain}`, password },
    ];
    for (const credentials of refusals) {
      const refused = await new TrustpilotApi({ key, secret, ...credentials, baseUrl }).authenticate().then(
        () => undefined,
        (error: { response: { status: number; data: { error: string; code: string } } }) => error.response,
      );
      expect(refused?.status, credentials.username).toBe(400);
      expect(refused?.data).toMatchObject({ error: 'invalid_grant', code: 'oauth_invalid_grant' });
    }
    // The member with the other business's key: refused too, since the key names the business.
    const crossed = await new TrustpilotApi({
      key: other.key,
      secret: other.secret,
      username: member,
      password,
      baseUrl,
    })
      .authenticate()
      .then(
        () => undefined,
        (error: { response: { status: number; data: { error: string } } }) => error.response,
      );
    expect(crossed?.data.error).toBe('invalid_grant');
  });

  it('gets a token, creates invitations and a link, lists templates and deletes invitation data', async () => {
    const { shop, key, secret } = await shopWithKey();
    const client = await new TrustpilotApi({
      key,
      secret,
      grantType: 'client_credentials' as never,
      baseUrl,
    }).authenticate();
    const unit = `/v1/private/business-units/${shop.id}`;

    const created = await client.post(`${unit}/email-invitations`, {
      consumerEmail: 'ada@customer.example',
      consumerName: 'Ada Lovelace',
      referenceNumber: 'ORDER-1001',
      locale: 'en-GB',
      senderName: 'Client Shop',
      replyTo: 'care@client.example',
      locationId: 'ignored-location',
      type: 'email',
      serviceReviewInvitation: {
        templateId: 'default-invitation',
        preferredSendTime: '09/07/2030 13:37:00',
        redirectUri: 'https://client.example/thanks',
        tags: ['summer-sale'],
      },
      productReviewInvitation: {
        preferredSendTime: '2030-09-08T10:00:00Z',
        products: [
          { sku: 'SKU-1', name: 'Red Shoe', productUrl: 'https://client.example/p/1', brand: 'Shoes' },
        ],
      },
    });
    expect(created.status).toBe(202);
    const decided = created.data as {
      serviceReviewInvitation: { id: string; status: string; sendAt: string };
      productReviewInvitation: { id: string; status: string; sendAt: string };
    };
    expect(decided.serviceReviewInvitation).toMatchObject({
      status: 'scheduled',
      sendAt: '2030-09-07T13:37:00.000Z',
    });
    expect(decided.productReviewInvitation).toMatchObject({
      status: 'scheduled',
      sendAt: '2030-09-08T10:00:00.000Z',
    });

    const skusOnly = await client.post(`${unit}/email-invitations`, {
      consumerEmail: 'grace@customer.example',
      consumerName: 'Grace Hopper',
      referenceNumber: 'ORDER-1002',
      productReviewInvitation: { productSkus: ['SKU-2', 'SKU-3'] },
    });
    expect(skusOnly.status).toBe(202);
    expect(Object.keys(skusOnly.data as object)).toEqual(['productReviewInvitation']);

    // They are the business's invitations, with channel api, as `vouch invitations list` shows them.
    const listed = await runtime.invitationQueries.list(shop.domain, { limit: 50 });
    const byReference = listed.filter((invitation) => invitation.reference.startsWith('ORDER-100'));
    expect(
      byReference.map((invitation) => [invitation.reference, invitation.kind, invitation.channel]).sort(),
    ).toEqual([
      ['ORDER-1001', 'product', 'api'],
      ['ORDER-1001', 'service', 'api'],
      ['ORDER-1002', 'product', 'api'],
    ]);
    expect(byReference.every((invitation) => invitation.label === 'verified')).toBe(true);
    const service = byReference.find((invitation) => invitation.kind === 'service');
    expect(service?.tags).toEqual(['summer-sale']);
    const product = byReference.find(
      (invitation) => invitation.kind === 'product' && invitation.reference === 'ORDER-1002',
    );
    expect(product?.products.map((p) => p.sku)).toEqual(['SKU-2', 'SKU-3']);

    const templates = await client.get(`${unit}/templates`);
    expect(templates.status).toBe(200);
    const templateIds = (templates.data as { templates: { id: string; name: string }[] }).templates.map(
      (template) => template.id,
    );
    expect(templateIds).toEqual(expect.arrayContaining(['default-invitation', 'default-product-invitation']));

    // A link the shop hands out itself: Vouch's own review link, which lands like an invitation email's.
    const linked = await client.post(`${unit}/invitation-links`, {
      referenceId: 'ORDER-2001',
      email: 'linus@customer.example',
      name: 'Linus',
      locale: 'en-US',
      tags: ['in-store'],
      redirectUri: 'https://client.example/after-review',
    });
    expect(linked.status).toBe(200);
    const link = linked.data as { id: string; url: string };
    expect(link.url).toMatch(/\/r\/[A-Za-z0-9_-]+$/);
    const again = await client.post(`${unit}/invitation-links`, {
      referenceId: 'ORDER-2001',
      email: 'linus@customer.example',
      name: 'Linus',
    });
    expect(again.data).toEqual(link);
    const issued = await runtime.invitationQueries.list(shop.domain, { limit: 50 });
    expect(issued.find((invitation) => invitation.id === link.id)).toMatchObject({
      channel: 'link',
      status: 'link_issued',
      sendAt: null,
    });

    // Opened over HTTP, the link shows the review form; a review written through it is verified.
    const path = new URL(link.url).pathname;
    const form = await fetch(`${baseUrl}${path}`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('name="rating"');
    const formToken = FORM_TOKEN.exec(html)?.[1];
    expect(formToken).toBeDefined();
    const posted = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _form: formToken ?? '',
        rating: '4',
        title: 'Quick and kind',
        text: 'The parcel came the next day.',
      }).toString(),
    });
    // The link's redirectUri is where the customer goes after writing the review.
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('https://client.example/after-review');
    const reviews = (await (
      await fetch(`${baseUrl}/api/public/businesses/${shop.domain}/reviews`)
    ).json()) as {
      reviews: { title: string; label: string }[];
    };
    expect(reviews.reviews).toEqual([
      expect.objectContaining({ title: 'Quick and kind', label: 'verified' }),
    ]);

    const productLink = await client.post(
      `/v1/private/product-reviews/business-units/${shop.id}/invitation-links`,
      {
        consumer: { email: 'margaret@customer.example', name: 'Margaret' },
        referenceId: 'ORDER-3001',
        locale: 'en-US',
        products: [{ sku: 'SKU-9', name: 'Blue Hat', productUrl: 'https://client.example/p/9' }],
      },
    );
    expect(productLink.status).toBe(200);
    const productUrl = (productLink.data as { reviewUrl: string }).reviewUrl;
    const productForm = await (await fetch(`${baseUrl}${new URL(productUrl).pathname}`)).text();
    expect(productForm).toContain('product_rating[SKU-9]');

    // Deleting the data of a customer: their invitations and the reviewer identity go, the rows stay.
    const before = (await runtime.invitationQueries.list(shop.domain, { limit: 50 })).length;
    const deleted = await client.post(`${unit}/invitation-data/delete`, {
      customerEmails: ['linus@customer.example', 'ADA@customer.example'],
    });
    expect(deleted.status).toBe(200);
    expect(deleted.data).toEqual({ invitations: 3, reviews: 1 });
    const after = await runtime.invitationQueries.list(shop.domain, { limit: 50 });
    expect(after).toHaveLength(before);
    const emails = after.map((invitation) => invitation.email);
    expect(emails).not.toContain('linus@customer.example');
    expect(emails).not.toContain('ada@customer.example');
    expect(emails).toContain('grace@customer.example');
    const erased = after.filter((invitation) => invitation.email.endsWith('@erased.invalid'));
    expect(erased).toHaveLength(3);
    expect(erased.every((invitation) => invitation.name === '')).toBe(true);
    // The erased customer's queued invitations will not be sent; the link stays issued.
    expect(erased.map((invitation) => invitation.status).sort()).toEqual([
      'cancelled',
      'cancelled',
      'link_issued',
    ]);
    const stillPublished = (await (
      await fetch(`${baseUrl}/api/public/businesses/${shop.domain}/reviews`)
    ).json()) as { reviews: { title: string; label: string }[] };
    expect(stillPublished.reviews).toEqual([
      expect.objectContaining({ title: 'Quick and kind', label: 'verified' }),
    ]);
    const stored = await runtime.store.db
      .selectFrom('reviews')
      .select(['email', 'name'])
      .where('business_id', '=', shop.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.email).toMatch(/^erased-.+@erased\.invalid$/);
    expect(stored[0]?.name).toBe('');

    const olderThan = await client.post(`${unit}/invitation-data/delete`, {
      deleteOlderThan: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(olderThan.data).toEqual({ invitations: after.length, reviews: 1 });
  });
});
