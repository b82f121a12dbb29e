import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

describe.each(ENGINES)('unsubscribe and open tracking on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    app = await buildApp(runtime);
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  async function invitation(locale?: string) {
    const business = await runtime.businesses.create({
      name: 'Leave Shop',
      domain: `leave-${randomBytes(4).toString('hex')}.example`,
    });
    const email = `leaver-${randomBytes(3).toString('hex')}@example.com`;
    const accepted = await runtime.invitations.accept(business.domain, {
      channel: 'api',
      kind: 'service',
      email,
      reference: 'U-1',
      ...(locale ? { locale } : {}),
    });
    const row = await runtime.store.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', accepted.invitation.id)
      .executeTakeFirstOrThrow();
    return { business, email, row };
  }

  const form = (body: string) => ({ 'content-type': 'application/x-www-form-urlencoded', payload: body });

  it('asks on GET and changes nothing, then suppresses for the business on POST', async () => {
    const { business, email, row } = await invitation('sv-SE');
    const page = await app.inject({ method: 'GET', url: `/unsubscribe/${row.token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="sv-SE">');
    expect(page.body).toContain(email);
    expect(await runtime.suppressions.rows(business.domain)).toEqual([]);
    const { payload, ...headers } = form('scope=business');
    const done = await app.inject({ method: 'POST', url: `/unsubscribe/${row.token}`, headers, payload });
    expect(done.statusCode).toBe(200);
    expect((await runtime.suppressions.rows(business.domain)).map((s) => [s.email, s.scope])).toEqual([
      [email, row.business_id],
    ]);
    const events = (await runtime.invitationQueries.get(business.domain, row.id)).events.map(
      (event) => event.type,
    );
    expect(events).toContain('unsubscribed');
  });

  it('suppresses for every business when asked, and takes the RFC 8058 one-click POST', async () => {
    const { business, email, row } = await invitation();
    const { payload, ...headers } = form('scope=all');
    await app.inject({ method: 'POST', url: `/unsubscribe/${row.token}`, headers, payload });
    const elsewhere = await runtime.businesses.create({
      name: 'Other',
      domain: `other-${randomBytes(4).toString('hex')}.example`,
    });
    expect(
      (
        await runtime.invitations.accept(elsewhere.domain, {
          channel: 'api',
          kind: 'service',
          email,
          reference: 'O-1',
        })
      ).decision,
    ).toBe('suppressed');

    const second = await invitation();
    const oneClick = form('List-Unsubscribe=One-Click');
    const response = await app.inject({
      method: 'POST',
      url: `/unsubscribe/${second.row.token}`,
      headers: { 'content-type': oneClick['content-type'] },
      payload: oneClick.payload,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('unsubscribed');
    expect(
      (
        await runtime.invitations.accept(second.business.domain, {
          channel: 'api',
          kind: 'service',
          email: second.email,
          reference: 'U-2',
        })
      ).decision,
    ).toBe('suppressed');
    expect(business.domain).not.toBe(second.business.domain);
  });

  it('answers an unknown token with a localised 404 page, never a 500', async () => {
    const page = await app.inject({
      method: 'GET',
      url: '/unsubscribe/not-a-real-token-at-all',
      headers: { 'accept-language': 'fi' },
    });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('lang="fi-FI"');
    const { payload, ...headers } = form('scope=all');
    expect(
      (await app.inject({ method: 'POST', url: '/unsubscribe/not-a-real-token-at-all', headers, payload }))
        .statusCode,
    ).toBe(404);
  });

  it('records an open through the pixel, and answers the same image for any token', async () => {
    const { business, row } = await invitation();
    const pixel = await app.inject({ method: 'GET', url: `/o/${row.token}.gif` });
    expect(pixel.statusCode).toBe(200);
    expect(pixel.headers['content-type']).toBe('image/gif');
    const unknown = await app.inject({ method: 'GET', url: '/o/AAAAAAAAAAAAAAAAAAAAAAAA.gif' });
    expect(unknown.rawPayload.equals(pixel.rawPayload)).toBe(true);
    const events = (await runtime.invitationQueries.get(business.domain, row.id)).events.map(
      (event) => event.type,
    );
    expect(events).toEqual(['scheduled', 'opened']);
  });
});
