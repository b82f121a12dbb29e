import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { secretRoutes } from '../../src/http/plugins/log-redaction.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

/** Sends raw bytes to the server and waits for it to answer or close. */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    socket.setTimeout(2000, () => socket.destroy());
  });
}

describe.each(ENGINES)('tokens in URL paths never reach the log on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let dataDir = '';
  let logged = '';
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    dataDir = opened.database.dataDir;
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const logger = loggerOptions('trace');
    app = await buildApp(runtime, {
      logger: typeof logger === 'object' ? { ...logger, stream } : logger,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  it('redacts every secret path parameter, on matched routes, unmatched paths and malformed requests', async () => {
    const shop = await runtime.businesses.create({
      name: 'Log Shop',
      domain: `log-${randomBytes(4).toString('hex')}.example`,
    });
    const afsToken = /\+([^@]+)@/.exec(shop.afsAddress)?.[1] ?? '';
    expect(afsToken).not.toBe('');
    const accepted = await runtime.invitations.accept(shop.domain, {
      channel: 'api',
      kind: 'service',
      email: 'logged@example.com',
      reference: 'LOG-1',
    });
    const { token: invitationToken } = await runtime.store.db
      .selectFrom('invitations')
      .select('token')
      .where('id', '=', accepted.invitation.id)
      .executeTakeFirstOrThrow();
    await runtime.reviews.startOrganic(await runtime.businesses.row(shop.domain), {
      email: 'walkin@example.com',
      name: 'Walk In',
      review: { rating: '5', title: 'Lovely', text: 'Came by without an invitation.' },
      locale: 'en-US',
    });
    const mail = fs
      .readdirSync(path.join(dataDir, 'outbox'))
      .map((file) => fs.readFileSync(path.join(dataDir, 'outbox', file), 'utf8').replace(/=\r?\n/g, ''))
      .find((text) => text.includes('/confirm/'));
    const confirmToken = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mail ?? '')?.[1] ?? '';
    expect(confirmToken).not.toBe('');
    // The last path segment of an integration's inbound URL is its token.
    const tokenOf = async (provider: string) =>
      new URL((await runtime.integrations.create(shop.domain, { provider })).url).pathname.split('/').pop() ??
      '';
    const pluginToken = await tokenOf('plugin');
    const webhookToken = await tokenOf('webhook');
    expect(pluginToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const guess = `guessed${randomBytes(8).toString('hex')}`;
    const secrets = [afsToken, invitationToken, confirmToken, pluginToken, webhookToken, guess];

    const domain = shop.domain;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const requests: InjectOptions[] = [];
    for (const token of secrets) {
      requests.push(
        { method: 'GET', url: `/r/${token}` },
        { method: 'POST', url: `/r/${token}`, payload: 'rating=5', headers: form },
        { method: 'GET', url: `/unsubscribe/${token}` },
        {
          method: 'POST',
          url: `/unsubscribe/${token}`,
          payload: 'List-Unsubscribe=One-Click',
          headers: form,
        },
        { method: 'GET', url: `/o/${token}.gif` },
        { method: 'GET', url: `/review/${domain}/confirm/${token}` },
        { method: 'POST', url: `/review/${domain}/confirm/${token}?x=1` },
        {
          method: 'POST',
          url: `/afs/inbound/${token}`,
          payload: 'From: a@b.example\r\nTo: x@y.example\r\nSubject: hi\r\n\r\nHello\r\n',
          headers: { 'content-type': 'message/rfc822' },
        },
        {
          method: 'POST',
          url: `/api/${token}/invitation`,
          payload: { recipientEmail: 'logged@example.com', referenceId: 'LOG-2' },
        },
        { method: 'POST', url: `/api/${token}/batchinvitations`, payload: { invitations: [] } },
        { method: 'POST', url: `/integrations/webhook/${token}`, payload: { type: 'order.placed' } },
        // A dashboard user's one-time password link.
        { method: 'GET', url: `/password/${token}` },
        { method: 'POST', url: `/password/${token}`, payload: 'password=x', headers: form },
        // Paths no route matches, with the token where a route would have it.
        { method: 'POST', url: `/api/${token}/settings`, payload: {} },
        { method: 'GET', url: `/afs/inbound/${token}` },
        { method: 'GET', url: `/r/${token}/more` },
        { method: 'GET', url: `/R/${token}` },
        { method: 'GET', url: `//r/${token}` },
        { method: 'GET', url: `/unsubscribe/${token}/x/y` },
        { method: 'GET', url: `/review/${domain}/confirm/${token}/x` },
        { method: 'GET', url: `/r/%zz${token}` },
      );
    }
    // Every route with a token in its path is among those asked for here.
    expect(secretRoutes().sort()).toEqual([
      '/afs/inbound/:token',
      '/api/:token/batchinvitations',
      '/api/:token/invitation',
      '/integrations/:provider/:token',
      '/o/:token',
      '/password/:token',
      '/r/:token',
      '/review/:domain/confirm/:token',
      '/unsubscribe/:token',
    ]);
    const statuses = new Set<number>();
    for (const [index, request] of requests.entries()) {
      const response = await app.inject({ ...request, remoteAddress: `10.9.${index}.1` });
      statuses.add(response.statusCode);
    }
    // Valid and invalid tokens both: pages, the pixel, AFS accepted, not found, a bad URL.
    expect([...statuses]).toEqual(expect.arrayContaining([200, 400, 404]));
    expect([...statuses].some((status) => status === 201 || status === 202)).toBe(true);

    // A request Node cannot parse is logged by Fastify with its raw bytes.
    const port = (app.server.address() as net.AddressInfo).port;
    await rawRequest(port, `GET /r/${guess} HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n`);
    await rawRequest(port, `GET /r/${invitationToken} HTTP/1.1\r\nHost: x\r\n\r\n`);

    expect(logged).toContain('incoming request');
    expect(logged).toContain('request completed');
    expect(logged).toContain('client error');
    expect(logged).toContain('/r/[redacted]');
    expect(logged).toContain('/afs/inbound/[redacted]');
    expect(logged).toContain('/api/[redacted]/invitation');
    expect(logged).toContain('/integrations/webhook/[redacted]');
    expect(logged).toContain(`/review/${domain}/confirm/[redacted]`);
    expect(logged).toContain('/password/[redacted]');
    for (const secret of secrets) expect(logged).not.toContain(secret);
    // Buffers are logged as their bytes: look for the token spelled that way too.
    for (const secret of secrets) expect(logged).not.toContain(Buffer.from(secret).join(','));
  });
});
