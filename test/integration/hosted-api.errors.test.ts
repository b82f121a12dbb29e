import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { buildApp } from '../../src/http/app.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase, ENGINES, testConfig, type Engine } from '../support/engines.js';

const TOKEN = '/v1/oauth/oauth-business-users-for-applications/accesstoken';
const REFRESH = '/v1/oauth/oauth-business-users-for-applications/refresh';

async function openApp(engine: Engine, env: NodeJS.ProcessEnv = {}) {
  const clock = new ManualClock('2026-12-03T09:00:00.000Z');
  const database = await createTestDatabase(engine);
  const runtime = await openRuntime(testConfig(database, env), { clock });
  const app = await buildApp(runtime);
  return {
    clock,
    runtime,
    app,
    close: async () => {
      await app.close();
      await runtime.close();
      await database.drop();
    },
  };
}

function basic(key: string, secret: string): string {
  return `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
}

let addressCounter = 0;
/** Each call comes from its own address unless a test wants one, so the per-address limits stay apart. */
const freshAddress = () => `10.9.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;

function tokenRequest(
  app: FastifyInstance,
  form: Record<string, string>,
  authorization?: string,
  remoteAddress = freshAddress(),
  url = TOKEN,
) {
  return app.inject({
    method: 'POST',
    url,
    remoteAddress,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization === undefined ? {} : { authorization }),
    },
    payload: new URLSearchParams(form).toString(),
  });
}

function problem(response: LightMyRequestResponse) {
  return response.json<{
    code: string;
    status: number;
    detail: string;
    error?: string;
    error_description?: string;
    field?: string;
  }>();
}

describe.each(ENGINES)('the hosted-platform API refuses bad input on %s', (engine) => {
  let opened: Awaited<ReturnType<typeof openApp>>;
  let app: FastifyInstance;
  let runtime: Runtime;
  let clock: ManualClock;

  beforeAll(async () => {
    opened = await openApp(engine);
    ({ app, runtime, clock } = opened);
  });
  afterAll(() => opened.close());

  async function shop() {
    const business = await runtime.businesses.create({
      name: 'Errors Shop',
      domain: `errors-${randomBytes(4).toString('hex')}.example`,
    });
    const { key, secret, id: keyId } = await runtime.businesses.createApiKey(business.domain);
    return { business, key, secret, keyId };
  }

  async function tokenFor(key: string, secret: string) {
    const response = await tokenRequest(app, { grant_type: 'client_credentials' }, basic(key, secret));
    expect(response.statusCode).toBe(200);
    return response.json<{
      access_token: string;
      refresh_token: string;
      issued_at: string;
      expires_in: string;
      token_type: string;
    }>();
  }

  const call = (
    method: 'GET' | 'POST',
    url: string,
    authorization: Record<string, string>,
    payload?: unknown,
  ) =>
    app.inject({
      method,
      url,
      remoteAddress: freshAddress(),
      headers: authorization,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  it('documents every hosted-platform route in the OpenAPI document under its own tag', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { tags?: string[] }>>;
    }>();
    const tagged = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.tags?.includes('Hosted-platform compatible'))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(tagged.sort()).toEqual([
      'GET /v1/private/business-units/{businessUnitId}/templates',
      'POST /v1/oauth/oauth-business-users-for-applications/accesstoken',
      'POST /v1/oauth/oauth-business-users-for-applications/refresh',
      'POST /v1/private/business-units/{businessUnitId}/email-invitations',
      'POST /v1/private/business-units/{businessUnitId}/invitation-data/delete',
      'POST /v1/private/business-units/{businessUnitId}/invitation-links',
      'POST /v1/private/product-reviews/business-units/{businessUnitId}/invitation-links',
    ]);
  });

  it('answers a token in the hosted platform shape: issued_at in ms and expires_in in s, as strings', async () => {
    const { key, secret } = await shop();
    const grant = await tokenFor(key, secret);
    expect(grant.issued_at).toBe(String(clock.now().getTime()));
    expect(grant.expires_in).toBe('360000');
    expect(grant.token_type).toBe('BearerToken');
    expect(grant.access_token).not.toBe(grant.refresh_token);
    // Only digests are stored.
    const stored = await runtime.store.db.selectFrom('oauth_tokens').selectAll().execute();
    const values = stored.flatMap((row) => Object.values(row).map(String));
    expect(values).not.toContain(grant.access_token);
    expect(values).not.toContain(grant.refresh_token);
  });

  it('refuses a wrong secret, an unknown key and no credentials with 401 invalid_client, in both shapes', async () => {
    const { key, secret } = await shop();
    for (const authorization of [basic(key, `${secret}x`), basic('vk_unknown', secret), undefined]) {
      const response = await tokenRequest(app, { grant_type: 'client_credentials' }, authorization);
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['www-authenticate']).toBe('Basic realm="vouch"');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(problem(response)).toMatchObject({
        error: 'invalid_client',
        code: 'oauth_invalid_client',
        status: 401,
      });
    }
  });

  it('refuses a missing or unknown grant type, and a password grant without a user of the business', async () => {
    const { key, secret } = await shop();
    const missing = await tokenRequest(app, {}, basic(key, secret));
    expect(missing.statusCode).toBe(400);
    expect(problem(missing)).toMatchObject({ error: 'invalid_request', code: 'oauth_invalid_request' });
    const unknown = await tokenRequest(app, { grant_type: 'implicit' }, basic(key, secret));
    expect(problem(unknown)).toMatchObject({
      error: 'unsupported_grant_type',
      code: 'oauth_unsupported_grant_type',
    });
    const noUser = await tokenRequest(app, { grant_type: 'password' }, basic(key, secret));
    expect(noUser.statusCode).toBe(400);
    expect(problem(noUser)).toMatchObject({ error: 'invalid_request', code: 'oauth_invalid_request' });
    expect(problem(noUser).error_description).toContain('username');
    const password = await tokenRequest(
      app,
      { grant_type: 'password', username: 'owner@shop.example', password: 'x' },
      basic(key, secret),
    );
    expect(password.statusCode).toBe(400);
    expect(problem(password)).toMatchObject({ error: 'invalid_grant', code: 'oauth_invalid_grant' });
  });

  it('refreshes a token once: the new pair works, the old refresh and access tokens do not', async () => {
    const { business, key, secret } = await shop();
    const first = await tokenFor(key, secret);
    const refreshed = await tokenRequest(
      app,
      { grant_type: 'refresh_token', refresh_token: first.refresh_token },
      basic(key, secret),
      freshAddress(),
      REFRESH,
    );
    expect(refreshed.statusCode).toBe(200);
    const second = refreshed.json<{ access_token: string }>();
    const templates = `/v1/private/business-units/${business.id}/templates`;
    expect(
      (await call('GET', templates, { authorization: `Bearer ${second.access_token}` })).statusCode,
    ).toBe(200);
    const old = await call('GET', templates, { authorization: `Bearer ${first.access_token}` });
    expect(old.statusCode).toBe(401);
    expect(problem(old).code).toBe('access_token_invalid');
    const again = await tokenRequest(
      app,
      { grant_type: 'refresh_token', refresh_token: first.refresh_token },
      basic(key, secret),
    );
    expect(again.statusCode).toBe(400);
    expect(problem(again)).toMatchObject({ error: 'invalid_grant', code: 'oauth_invalid_grant' });
    // A refresh token belongs to the key it was issued to.
    const other = await shop();
    const stolen = await tokenRequest(
      app,
      { grant_type: 'refresh_token', refresh_token: second.access_token },
      basic(other.key, other.secret),
    );
    expect(problem(stolen).code).toBe('oauth_invalid_grant');
  });

  it('lets only one of two racing refreshes with the same refresh token succeed', async () => {
    const { key, secret } = await shop();
    const first = await tokenFor(key, secret);
    const responses = await Promise.all(
      [0, 1, 2].map(() =>
        tokenRequest(
          app,
          { grant_type: 'refresh_token', refresh_token: first.refresh_token },
          basic(key, secret),
        ),
      ),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 400, 400]);
  });

  it('refuses an unknown token, an expired one, and every token of a revoked key', async () => {
    const { business, key, secret, keyId } = await shop();
    const templates = `/v1/private/business-units/${business.id}/templates`;
    const unknown = await call('GET', templates, { authorization: 'Bearer not-a-token-at-all-0123456789' });
    expect(unknown.statusCode).toBe(401);
    expect(problem(unknown).code).toBe('access_token_invalid');

    const grant = await tokenFor(key, secret);
    clock.advance(100 * 60 * 60 * 1000 - 1);
    expect((await call('GET', templates, { authorization: `Bearer ${grant.access_token}` })).statusCode).toBe(
      200,
    );
    clock.advance(1);
    const expired = await call('GET', templates, { authorization: `Bearer ${grant.access_token}` });
    expect(expired.statusCode).toBe(401);
    expect(problem(expired).code).toBe('access_token_invalid');

    const fresh = await tokenFor(key, secret);
    await runtime.businesses.revokeApiKey(business.domain, keyId);
    const revoked = await call('GET', templates, { authorization: `Bearer ${fresh.access_token}` });
    expect(revoked.statusCode).toBe(401);
    const noMore = await tokenRequest(app, { grant_type: 'client_credentials' }, basic(key, secret));
    expect(problem(noMore).code).toBe('oauth_invalid_client');
  });

  it('gives a key made before secrets existed a secret with rotate-secret, which ends the old tokens', async () => {
    const { business, key, secret, keyId } = await shop();
    const before = await tokenFor(key, secret);
    await runtime.store.db
      .updateTable('api_keys')
      .set({ secret_hash: null })
      .where('id', '=', keyId)
      .execute();
    const refused = await tokenRequest(app, { grant_type: 'client_credentials' }, basic(key, secret));
    expect(refused.statusCode).toBe(401);
    expect(problem(refused).error_description).toContain('vouch api-key rotate-secret');

    const rotated = await runtime.oauth.rotateSecret(business.domain, key.slice(0, 11));
    expect(rotated.id).toBe(keyId);
    expect(rotated.secret).toMatch(/^vs_/);
    await tokenFor(key, rotated.secret);
    const templates = `/v1/private/business-units/${business.id}/templates`;
    expect(
      (await call('GET', templates, { authorization: `Bearer ${before.access_token}` })).statusCode,
    ).toBe(401);
  });

  it("answers 404 for another business's id, with a token or a key, and writes nothing there", async () => {
    const a = await shop();
    const b = await shop();
    const grant = await tokenFor(a.key, a.secret);
    const bUnit = `/v1/private/business-units/${b.business.id}`;
    const body = { consumerEmail: 'x@customer.example', consumerName: 'X', referenceNumber: 'R-1' };
    const credentials: Record<string, string>[] = [
      { authorization: `Bearer ${grant.access_token}` },
      { apikey: a.key },
    ];
    for (const auth of credentials) {
      for (const [method, url, payload] of [
        ['POST', `${bUnit}/email-invitations`, body],
        ['POST', `${bUnit}/invitation-links`, { referenceId: 'R-1', email: 'x@customer.example' }],
        ['GET', `${bUnit}/templates`, undefined],
        ['POST', `${bUnit}/invitation-data/delete`, { deleteOlderThan: '2099-01-01T00:00:00Z' }],
        [
          'POST',
          `/v1/private/product-reviews/business-units/${b.business.id}/invitation-links`,
          { consumer: { email: 'x@customer.example' }, referenceId: 'R-1', productSkus: ['S'] },
        ],
      ] as const) {
        const response = await call(method, url, auth, payload);
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(problem(response).code).toBe('business_not_found');
        expect(response.body).not.toContain(b.business.name);
      }
    }
    expect(await runtime.invitationQueries.list(b.business.domain)).toEqual([]);
  });

  it('refuses products with productSkus, bad send times, bad fields and a missing email with stable codes', async () => {
    const { business, key } = await shop();
    const url = `/v1/private/business-units/${business.id}/email-invitations`;
    const base = { consumerEmail: 'c@customer.example', consumerName: 'C', referenceNumber: 'R-2' };

    const both = await call(
      'POST',
      url,
      { apikey: key },
      {
        ...base,
        productReviewInvitation: { products: [{ sku: 'A' }], productSkus: ['A'] },
      },
    );
    expect(both.statusCode).toBe(400);
    expect(problem(both)).toMatchObject({
      code: 'invitation_products_conflict',
      field: 'productReviewInvitation.productSkus',
    });

    for (const preferredSendTime of [
      '13/45/2026 10:00:00',
      '02/30/2026 10:00:00',
      '2026-02-30T10:00:00Z',
      'tomorrow',
    ]) {
      const response = await call(
        'POST',
        url,
        { apikey: key },
        {
          ...base,
          serviceReviewInvitation: { preferredSendTime },
        },
      );
      expect(response.statusCode, preferredSendTime).toBe(400);
      expect(problem(response)).toMatchObject({
        code: 'send_time_invalid',
        field: 'serviceReviewInvitation.preferredSendTime',
      });
    }

    const badEmail = await call('POST', url, { apikey: key }, { ...base, consumerEmail: 'not-an-address' });
    expect(problem(badEmail)).toMatchObject({ code: 'invitation_email_invalid', field: 'consumerEmail' });
    const badReference = await call('POST', url, { apikey: key }, { ...base, referenceNumber: 'A#1' });
    expect(problem(badReference)).toMatchObject({
      code: 'invitation_reference_invalid',
      field: 'referenceNumber',
    });
    const badTag = await call(
      'POST',
      url,
      { apikey: key },
      {
        ...base,
        serviceReviewInvitation: { tags: ['two words'] },
      },
    );
    expect(problem(badTag)).toMatchObject({
      code: 'invitation_field_invalid',
      field: 'serviceReviewInvitation.tags',
    });
    // A product part that is refused refuses the whole call: the service part is not accepted alone.
    expect(await runtime.invitationQueries.list(business.domain)).toEqual([]);

    const missing = await call('POST', url, { apikey: key }, { consumerName: 'C', referenceNumber: 'R-2' });
    expect(missing.statusCode).toBe(400);
    const missingProblem = missing.json<{ code: string; errors: { path: string }[] }>();
    expect(missingProblem.code).toBe('validation_failed');
    expect(missingProblem.errors.map((error) => error.path)).toContain('consumerEmail');

    const notEmail = await call('POST', url, { apikey: key }, { ...base, type: 'sms' });
    expect(problem(notEmail).code).toBe('validation_failed');

    const big = await app.inject({
      method: 'POST',
      url,
      headers: { apikey: key, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...base, consumerName: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    expect(problem(big).code).toBe('payload_too_large');
  });

  it('names a bad field of an invitation link as the link body spells it', async () => {
    const { business, key } = await shop();
    const url = `/v1/private/business-units/${business.id}/invitation-links`;
    const badReference = await call(
      'POST',
      url,
      { apikey: key },
      { referenceId: 'A&B', email: 'l@customer.example' },
    );
    expect(badReference.statusCode).toBe(400);
    expect(problem(badReference)).toMatchObject({
      code: 'invitation_reference_invalid',
      field: 'referenceId',
    });
    const productLink = `/v1/private/product-reviews/business-units/${business.id}/invitation-links`;
    const noProducts = await call(
      'POST',
      productLink,
      { apikey: key },
      {
        consumer: { email: 'l@customer.example' },
        referenceId: 'R-9',
      },
    );
    expect(problem(noProducts)).toMatchObject({ code: 'invitation_field_invalid', field: 'products' });
    const both = await call(
      'POST',
      productLink,
      { apikey: key },
      {
        consumer: { email: 'l@customer.example' },
        referenceId: 'R-9',
        products: [{ sku: 'A' }],
        productSkus: ['A'],
      },
    );
    expect(problem(both)).toMatchObject({ code: 'invitation_products_conflict', field: 'productSkus' });
  });

  it('takes null for an unset field, and both send time formats, as UTC', async () => {
    const { business, key } = await shop();
    const url = `/v1/private/business-units/${business.id}/email-invitations`;
    const us = await call(
      'POST',
      url,
      { apikey: key },
      {
        consumerEmail: 'n@customer.example',
        consumerName: null,
        referenceNumber: 'R-3',
        locale: null,
        serviceReviewInvitation: { preferredSendTime: '12/24/2030 18:30:00', tags: null },
      },
    );
    expect(us.statusCode).toBe(202);
    expect(us.json<{ serviceReviewInvitation: { sendAt: string } }>().serviceReviewInvitation.sendAt).toBe(
      '2030-12-24T18:30:00.000Z',
    );
    const iso = await call(
      'POST',
      url,
      { apikey: key },
      {
        consumerEmail: 'm@customer.example',
        referenceNumber: 'R-4',
        serviceReviewInvitation: { preferredSendTime: '2030-12-24T20:30:00+02:00' },
      },
    );
    expect(iso.json<{ serviceReviewInvitation: { sendAt: string } }>().serviceReviewInvitation.sendAt).toBe(
      '2030-12-24T18:30:00.000Z',
    );
  });

  it('refuses a delete with both selectors, with neither, or with a bad date', async () => {
    const { business, key } = await shop();
    const url = `/v1/private/business-units/${business.id}/invitation-data/delete`;
    const both = await call(
      'POST',
      url,
      { apikey: key },
      {
        customerEmails: ['a@customer.example'],
        deleteOlderThan: '09/07/2013 13:37:00',
      },
    );
    expect(both.statusCode).toBe(400);
    expect(problem(both).code).toBe('invitation_data_selector_invalid');
    const neither = await call('POST', url, { apikey: key }, {});
    expect(problem(neither).code).toBe('invitation_data_selector_invalid');
    const badDate = await call('POST', url, { apikey: key }, { deleteOlderThan: 'last year' });
    expect(problem(badDate)).toMatchObject({ code: 'send_time_invalid', field: 'deleteOlderThan' });
  });
});

describe.each(ENGINES)('abuse limits of the hosted-platform API on %s', (engine) => {
  let opened: Awaited<ReturnType<typeof openApp>>;

  beforeAll(async () => {
    opened = await openApp(engine, {
      VOUCH_TOKEN_LIMIT_PER_KEY: '3',
      VOUCH_TOKEN_LIMIT_PER_ADDRESS: '3',
      VOUCH_FAILED_AUTH_LIMIT: '6',
    });
  });
  afterAll(() => opened.close());

  async function credentials() {
    const business = await opened.runtime.businesses.create({
      name: 'Limits',
      domain: `limits-${randomBytes(4).toString('hex')}.example`,
    });
    const { key, secret } = await opened.runtime.businesses.createApiKey(business.domain);
    return { business, key, secret };
  }

  it('limits token requests per API key, from any address, with 429, Retry-After and rate_limited', async () => {
    const { key, secret } = await credentials();
    for (let i = 0; i < 3; i++) {
      const ok = await tokenRequest(opened.app, { grant_type: 'client_credentials' }, basic(key, secret));
      expect(ok.statusCode).toBe(200);
    }
    const limited = await tokenRequest(opened.app, { grant_type: 'client_credentials' }, basic(key, secret));
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problem(limited).code).toBe('rate_limited');
    // Another key is not limited by this one's requests.
    const other = await credentials();
    const fine = await tokenRequest(
      opened.app,
      { grant_type: 'client_credentials' },
      basic(other.key, other.secret),
    );
    expect(fine.statusCode).toBe(200);
  });

  it('limits token requests per client address, whatever key they name', async () => {
    const address = '10.77.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await tokenRequest(
        opened.app,
        { grant_type: 'client_credentials' },
        basic(`vk_guess${i}`, 'nope'),
        address,
      );
      statuses.push(response.statusCode);
    }
    // The fourth is refused by the token limit (3 a minute), before the failed-auth limit (6) is reached.
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('counts failed authentications on the invitation routes and then refuses that address, valid calls too', async () => {
    const { business, key } = await credentials();
    const address = '10.78.0.1';
    const templates = `/v1/private/business-units/${business.id}/templates`;
    for (let i = 0; i < 6; i++) {
      const response = await opened.app.inject({
        method: 'GET',
        url: templates,
        remoteAddress: address,
        headers: { authorization: `Bearer guessed-token-${i}-0123456789abcdef` },
      });
      expect(response.statusCode).toBe(401);
    }
    const valid = await opened.app.inject({
      method: 'GET',
      url: templates,
      remoteAddress: address,
      headers: { apikey: key },
    });
    expect(valid.statusCode).toBe(429);
    expect(valid.headers['retry-after']).toBeDefined();
    expect(problem(valid).code).toBe('rate_limited');
    const elsewhere = await opened.app.inject({
      method: 'GET',
      url: templates,
      remoteAddress: '10.78.0.2',
      headers: { apikey: key },
    });
    expect(elsewhere.statusCode).toBe(200);
  });
});
