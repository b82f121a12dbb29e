import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../src/errors.js';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

interface Decision {
  id: string;
  status: string;
  sendAt: string | null;
  reason: string;
}

describe.each(ENGINES)("Vouch's own API under /api/v1 on %s", (engine) => {
  let app: FastifyInstance;
  let runtime: Runtime;
  let close: () => Promise<void>;
  let key: string;
  let domain: string;

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    close = () => opened.close();
    app = await buildApp(runtime);
    await app.ready();
    domain = `api-${randomUUID().slice(0, 8)}.example`;
    const business = await runtime.businesses.create({ name: 'API Shop', domain });
    key = business.apiKey;
  });
  afterAll(async () => {
    await app.close();
    await close();
  });

  const call = (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });

  it('creates an invitation through the funnel with channel api, and answers a duplicate with 200', async () => {
    const body = { email: 'Ada@Example.com', name: 'Ada Lovelace', reference: 'ORD-1' };
    const created = await call('POST', '/api/v1/invitations', body);
    expect(created.statusCode, created.body).toBe(201);
    const decision = created.json<Decision>();
    expect(decision).toMatchObject({ status: 'scheduled' });
    expect(Object.keys(decision).sort()).toEqual(['id', 'reason', 'sendAt', 'status']);
    const again = await call('POST', '/api/v1/invitations', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: decision.id, status: 'duplicate' });

    const shown = await call('GET', `/api/v1/invitations/${decision.id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({
      id: decision.id,
      channel: 'api',
      label: 'verified',
      email: 'ada@example.com',
      events: [
        expect.objectContaining({ type: 'scheduled' }),
        expect.objectContaining({ type: 'duplicate' }),
      ],
    });
  });

  it('names the bad field of an invalid body, from the schema and from the funnel', async () => {
    const schemaFailure = await call('POST', '/api/v1/invitations', { email: 'a@b.example', reference: 'R' });
    expect(schemaFailure.statusCode).toBe(400);
    expect(schemaFailure.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'name' }] });
    const funnelFailure = await call('POST', '/api/v1/invitations', {
      email: 'not an address',
      name: 'N',
      reference: 'R',
    });
    expect(funnelFailure.statusCode).toBe(400);
    expect(funnelFailure.json()).toMatchObject({
      code: 'invitation_email_invalid',
      errors: [expect.objectContaining({ path: 'email' })],
    });
  });

  it('refuses a body over 64 KB with 413 and a body that is not JSON with 415, never a 500', async () => {
    const large = await call('POST', '/api/v1/invitations', {
      email: 'big@example.com',
      name: 'x'.repeat(70 * 1024),
      reference: 'BIG',
    });
    expect(large.statusCode).toBe(413);
    expect(large.json<Problem>().code).toBe('payload_too_large');
    const xml = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
      payload: '<invitation/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json<Problem>().code).toBe('unsupported_media_type');
    const broken = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json<Problem>().code).toBe('validation_failed');
  });

  it('refuses a request without a key, or with an unknown one, with 401', async () => {
    const none = await app.inject({ method: 'GET', url: '/api/v1/business' });
    expect(none.statusCode).toBe(401);
    const unknown = await call('GET', '/api/v1/business', undefined, { authorization: 'Bearer vk_nope' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json<Problem>().code).toBe('unauthorized');
  });

  it('answers the business of the key', async () => {
    const response = await call('GET', '/api/v1/business');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ domain, name: 'API Shop' });
    expect(response.body).not.toContain('uniqueLinkSecret');
  });

  it('lists with filters and a cursor that stays stable while invitations are added', async () => {
    const tag = randomUUID().slice(0, 6);
    for (let index = 0; index < 5; index += 1) {
      const response = await call('POST', '/api/v1/invitations', {
        email: `list-${tag}-${index}@example.com`,
        name: 'List',
        reference: `L-${tag}-${index}`,
        kind: 'product',
        skus: ['SKU-1'],
      });
      expect(response.statusCode).toBe(201);
    }
    type Page = { invitations: { id: string; reference: string }[]; next: string };
    const references = (page: Page) => page.invitations.map((invitation) => invitation.reference);
    // Ids are time-ordered; two made in one millisecond sort by their random part, so the expected
    // order is read from one list, not assumed from the order of creation.
    const expected = references((await call('GET', '/api/v1/invitations?limit=4&channel=api')).json<Page>());
    expect(expected).toHaveLength(4);
    for (const reference of expected) expect(reference).toMatch(new RegExp(`^L-${tag}-\\d$`));
    const page1 = (await call('GET', '/api/v1/invitations?limit=2&channel=api')).json<Page>();
    expect(references(page1)).toEqual(expected.slice(0, 2));
    // A new invitation between pages sorts before the first page and shifts nothing after it.
    await call('POST', '/api/v1/invitations', {
      email: `late-${tag}@example.com`,
      name: 'L',
      reference: 'LATE',
    });
    const page2 = (await call('GET', `/api/v1/invitations?limit=2&cursor=${page1.next}`)).json<Page>();
    expect(references(page2)).toEqual(expected.slice(2, 4));
    const byEmail = await call('GET', `/api/v1/invitations?email=LIST-${tag}-0@EXAMPLE.COM`);
    expect(byEmail.json<{ invitations: { reference: string }[]; next: null }>()).toMatchObject({
      invitations: [{ reference: `L-${tag}-0` }],
      next: null,
    });
    const future = await call('GET', '/api/v1/invitations?createdSince=2999-01-01T00:00:00Z');
    expect(future.json()).toEqual({ invitations: [], next: null });
    const badStatus = await call('GET', '/api/v1/invitations?status=nope');
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json()).toMatchObject({ errors: [{ path: 'status' }] });
  });

  it('cancels by id and by reference', async () => {
    const one = (
      await call('POST', '/api/v1/invitations', { email: 'c1@example.com', name: 'C', reference: 'CAN-1' })
    ).json<Decision>();
    const cancelled = await call('POST', `/api/v1/invitations/${one.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toEqual({ cancelled: [one.id] });
    const shown = await call('GET', `/api/v1/invitations/${one.id}`);
    expect(shown.json()).toMatchObject({ status: 'cancelled' });

    await call('POST', '/api/v1/invitations', { email: 'c2@example.com', name: 'C', reference: 'CAN-2' });
    await call('POST', '/api/v1/invitations', { email: 'c3@example.com', name: 'C', reference: 'CAN-2' });
    const byReference = await call('POST', '/api/v1/invitations/cancel', { reference: 'CAN-2' });
    expect(byReference.json<{ cancelled: string[] }>().cancelled).toHaveLength(2);
    const missing = await call('POST', `/api/v1/invitations/${randomUUID()}/cancel`);
    expect(missing.statusCode).toBe(404);
  });

  it('lists the reviews of the business, all labels', async () => {
    const response = await call('GET', '/api/v1/reviews?limit=5');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ reviews: [], next: null });
    const badCursor = await call('GET', '/api/v1/reviews?cursor=zzz');
    expect(badCursor.statusCode).toBe(400);
  });

  describe('Idempotency-Key', () => {
    const countFor = async (reference: string) =>
      (await runtime.invitationQueries.list(domain, { reference })).length;

    it('answers the same key and body with the stored answer, and makes one invitation', async () => {
      const idempotencyKey = randomUUID();
      const body = { email: 'idem@example.com', name: 'Idem', reference: 'IDEM-1' };
      const first = await call('POST', '/api/v1/invitations', body, { 'idempotency-key': idempotencyKey });
      const second = await call('POST', '/api/v1/invitations', body, { 'idempotency-key': idempotencyKey });
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.body).toBe(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(await countFor('IDEM-1')).toBe(1);
      // The retry did not run the route again: the funnel saw one request, so no `duplicate` event.
      const shown = await runtime.invitationQueries.get(domain, first.json<Decision>().id);
      expect(shown.events.map((event) => event.type)).toEqual(['scheduled']);
    });

    it('refuses the same key with another body with 409 idempotency_key_reused', async () => {
      const idempotencyKey = randomUUID();
      await call(
        'POST',
        '/api/v1/invitations',
        { email: 'r@example.com', name: 'R', reference: 'IDEM-2' },
        {
          'idempotency-key': idempotencyKey,
        },
      );
      const other = await call(
        'POST',
        '/api/v1/invitations',
        { email: 'r@example.com', name: 'R', reference: 'IDEM-3' },
        { 'idempotency-key': idempotencyKey },
      );
      expect(other.statusCode).toBe(409);
      expect(other.json<Problem>().code).toBe('idempotency_key_reused');
      expect(await countFor('IDEM-3')).toBe(0);
    });

    it('gives racing requests with one key one invitation and one answer', async () => {
      const idempotencyKey = randomUUID();
      const body = { email: 'race@example.com', name: 'Race', reference: 'IDEM-RACE' };
      // A real server, so the requests truly overlap on the database.
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      try {
        const responses = await Promise.all(
          Array.from({ length: 8 }, () =>
            fetch(`${address}/api/v1/invitations`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${key}`,
                'content-type': 'application/json',
                'idempotency-key': idempotencyKey,
              },
              body: JSON.stringify(body),
            }).then(async (response) => ({ status: response.status, body: await response.text() })),
          ),
        );
        expect(responses.map((response) => response.status)).toEqual(Array(8).fill(201));
        expect(new Set(responses.map((response) => response.body)).size).toBe(1);
        expect(await countFor('IDEM-RACE')).toBe(1);
        const [raced] = await runtime.invitationQueries.list(domain, { reference: 'IDEM-RACE' });
        const events = await runtime.invitationQueries.get(domain, raced?.id ?? '');
        expect(events.events.map((event) => event.type)).toEqual(['scheduled']);
      } finally {
        await app.close();
        app = await buildApp(runtime);
        await app.ready();
      }
    });

    it('keeps keys per business: another business may use the same key', async () => {
      const other = await runtime.businesses.create({
        name: 'Other',
        domain: `o-${randomUUID().slice(0, 8)}.example`,
      });
      const idempotencyKey = randomUUID();
      const body = { email: 'shared@example.com', name: 'S', reference: 'IDEM-SHARED' };
      const mine = await call('POST', '/api/v1/invitations', body, { 'idempotency-key': idempotencyKey });
      const theirs = await call('POST', '/api/v1/invitations', body, {
        'idempotency-key': idempotencyKey,
        authorization: `Bearer ${other.apiKey}`,
      });
      expect(mine.statusCode).toBe(201);
      expect(theirs.statusCode).toBe(201);
      expect(theirs.json<Decision>().id).not.toBe(mine.json<Decision>().id);
    });

    it('answers the same upload with the same key with the first import, not a second one', async () => {
      const idempotencyKey = randomUUID();
      const upload = () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/imports?type=service',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'text/csv',
            'idempotency-key': idempotencyKey,
          },
          payload: 'email,name,reference\nupload@example.com,Up,IDEM-UPLOAD\n',
        });
      const first = await upload();
      const second = await upload();
      expect(first.statusCode).toBe(202);
      expect(second.statusCode).toBe(202);
      expect(second.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
      expect(second.headers['idempotent-replayed']).toBe('true');
      const other = await app.inject({
        method: 'POST',
        url: '/api/v1/imports?type=service',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'text/csv',
          'idempotency-key': idempotencyKey,
        },
        payload: 'email,name,reference\nother@example.com,Other,IDEM-UPLOAD-2\n',
      });
      expect(other.statusCode).toBe(409);
    });

    it('refuses a key that is not printable ASCII', async () => {
      const response = await call(
        'POST',
        '/api/v1/invitations/cancel',
        { reference: 'X' },
        {
          'idempotency-key': 'has space',
        },
      );
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ in: 'headers', errors: [{ path: 'idempotency-key' }] });
    });
  });
});
