import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { buildApp } from '../../src/http/app.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import { createTestDatabase, ENGINES, testConfig } from '../support/engines.js';
import { independentBglLink, independentUniqueLink } from '../support/independent-links.js';

const LIMIT = 5;

describe.each(ENGINES)('failed authentications and link checks are limited per address on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let shop: CreatedBusiness;
  let apiKey = '';
  let close: () => Promise<void> = () => Promise.resolve();
  const clock = new ManualClock('2026-12-02T10:00:00.000Z');
  let addresses = 0;
  /** A fresh client address per test, so each test starts with nothing counted. */
  const freshAddress = () => `10.20.${Math.floor(++addresses / 250)}.${addresses % 250}`;

  beforeAll(async () => {
    const database = await createTestDatabase(engine);
    runtime = await openRuntime(testConfig(database, { VOUCH_FAILED_AUTH_LIMIT: String(LIMIT) }), { clock });
    app = await buildApp(runtime);
    shop = await runtime.businesses.create({
      name: 'Guarded',
      domain: `guarded-${randomBytes(4).toString('hex')}.example`,
    });
    apiKey = (await runtime.businesses.createApiKey(shop.domain)).key;
    close = async () => {
      await app.close();
      await runtime.close();
      await database.drop();
    };
  });
  afterAll(() => close());

  async function invitationToken(): Promise<string> {
    const accepted = await runtime.invitations.accept(shop.domain, {
      channel: 'api',
      kind: 'service',
      email: `c${randomBytes(3).toString('hex')}@example.com`,
      reference: `R-${randomBytes(3).toString('hex')}`,
    });
    const row = await runtime.store.db
      .selectFrom('invitations')
      .select('token')
      .where('id', '=', accepted.invitation.id)
      .executeTakeFirstOrThrow();
    return row.token;
  }

  const send = (options: InjectOptions, remoteAddress: string) => app.inject({ ...options, remoteAddress });
  const guess = () => randomBytes(16).toString('base64url');

  it('refuses /r/ guessing with 429 and Retry-After after the limit, everything from that address until the minute ends', async () => {
    const address = freshAddress();
    const valid = await invitationToken();
    for (let i = 0; i < LIMIT; i++) {
      expect((await send({ url: `/r/${guess()}` }, address)).statusCode).toBe(404);
    }
    const refused = await send({ url: `/r/${guess()}`, headers: { 'accept-language': 'de' } }, address);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body).toContain('lang="de-DE"');
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    expect(refused.headers['cache-control']).toBe('no-store');
    // Once blocked, a valid link from the same address waits too: the guesser learns nothing more.
    expect((await send({ url: `/r/${valid}` }, address)).statusCode).toBe(429);
    // Another address is counted on its own.
    expect((await send({ url: `/r/${valid}` }, freshAddress())).statusCode).toBe(200);
    clock.advance(61_000);
    expect((await send({ url: `/r/${valid}` }, address)).statusCode).toBe(200);
  });

  it('never counts successes: a client with many valid links is not limited', async () => {
    const address = freshAddress();
    const tokens = await Promise.all(Array.from({ length: LIMIT * 3 }, () => invitationToken()));
    for (const token of tokens) expect((await send({ url: `/r/${token}` }, address)).statusCode).toBe(200);
    for (const token of tokens) {
      expect((await send({ url: `/unsubscribe/${token}` }, address)).statusCode).toBe(200);
    }
    // Its own failures still count from zero.
    for (let i = 0; i < LIMIT; i++) {
      expect((await send({ url: `/r/${guess()}` }, address)).statusCode).toBe(404);
    }
    expect((await send({ url: `/r/${guess()}` }, address)).statusCode).toBe(429);
  });

  it('limits API key guessing with a problem+json 429, and a valid key from elsewhere still works', async () => {
    const address = freshAddress();
    for (let i = 0; i < LIMIT; i++) {
      const response = await send({ url: '/api/v1/alerts', headers: { apikey: `vk_${guess()}` } }, address);
      expect(response.statusCode).toBe(401);
    }
    const refused = await send({ url: '/api/v1/afs/messages', headers: { apikey: apiKey } }, address);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    const elsewhere = await send({ url: '/api/v1/alerts', headers: { apikey: apiKey } }, freshAddress());
    expect(elsewhere.statusCode).toBe(200);
    // A valid key whose request fails for another reason (an unknown import) is no failed authentication.
    const other = freshAddress();
    for (let i = 0; i < LIMIT + 2; i++) {
      const response = await send({ url: `/api/v1/imports/${guess()}`, headers: { apikey: apiKey } }, other);
      expect(response.statusCode).toBe(404);
    }
  });

  it('limits AFS token guessing over HTTP', async () => {
    const address = freshAddress();
    const message = {
      method: 'POST' as const,
      headers: { 'content-type': 'message/rfc822' },
      payload: 'From: a@b.example\r\nSubject: hi\r\n\r\nHello\r\n',
    };
    for (let i = 0; i < LIMIT; i++) {
      expect((await send({ ...message, url: `/afs/inbound/${guess()}` }, address)).statusCode).toBe(404);
    }
    const refused = await send({ ...message, url: `/afs/inbound/${guess()}` }, address);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'rate_limited' });
  });

  it("limits guessing the plugin endpoint's integration keys", async () => {
    const address = freshAddress();
    const order = {
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ recipientEmail: 'a@example.com', referenceId: '1' }),
    };
    for (let i = 0; i < LIMIT; i++) {
      expect((await send({ ...order, url: `/api/${guess()}/invitation` }, address)).statusCode).toBe(404);
    }
    const refused = await send({ ...order, url: `/api/${guess()}/batchinvitations` }, address);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'rate_limited' });
  });

  it('limits guessing shop webhook tokens', async () => {
    const address = freshAddress();
    const order = {
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/fulfilled' },
      payload: JSON.stringify({ id: 1, name: '#1001' }),
    };
    for (let i = 0; i < LIMIT; i++) {
      expect((await send({ ...order, url: `/integrations/shopify/${guess()}` }, address)).statusCode).toBe(
        404,
      );
    }
    const refused = await send({ ...order, url: `/integrations/shopify/${guess()}` }, address);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json()).toMatchObject({ code: 'rate_limited' });
  });

  it('counts forged Unique Links and BGL tokens, but not a review form sent back to correct', async () => {
    const base = 'http://localhost';
    const who = { email: 'jo@example.com', name: 'Jo', reference: `O-${randomBytes(3).toString('hex')}` };
    const link = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, who).replace(base, '');
    const address = freshAddress();
    // A valid link with an incomplete form answers 400 and counts for nothing.
    for (let i = 0; i < 3; i++) {
      const response = await send(
        {
          method: 'POST',
          url: link,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'rating=9',
        },
        address,
      );
      expect(response.statusCode).toBe(400);
    }
    const forged = link.replace(`a=${who.reference}`, `a=${who.reference}X`);
    const bgl = independentBglLink(
      base,
      shop.domain,
      randomBytes(32).toString('base64'),
      randomBytes(32).toString('base64'),
      {
        email: who.email,
        name: who.name,
        ref: who.reference,
      },
    ).replace(base, '');
    for (let i = 0; i < LIMIT; i++) {
      const response = await send({ url: i % 2 === 0 ? forged : bgl }, address);
      expect(response.statusCode).toBe(403);
    }
    expect((await send({ url: link }, address)).statusCode).toBe(429);
    expect((await send({ url: link }, freshAddress())).statusCode).toBe(200);
  });

  it('leaves routes with no secret alone', async () => {
    const address = freshAddress();
    for (let i = 0; i < LIMIT + 2; i++) {
      expect((await send({ url: `/review/${guess()}.example` }, address)).statusCode).toBe(404);
      expect((await send({ url: `/no/such/${guess()}` }, address)).statusCode).toBe(404);
    }
    expect((await send({ url: '/healthz' }, address)).statusCode).toBe(200);
  });
});
