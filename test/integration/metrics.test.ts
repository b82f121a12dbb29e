import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { startMetricsServer } from '../../src/http/metrics-server.js';
import { SmtpPoolTransport } from '../../src/mail/transport.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { ENGINES, createTestDatabase, testConfig, type TestDatabase } from '../support/engines.js';
import { sampleValue } from '../support/prometheus-text.js';
import { SmtpSink } from '../support/smtp-sink.js';

describe.each(ENGINES)('Prometheus metrics on %s', (engine) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(metricsSetting: string | undefined) {
    const database: TestDatabase = await createTestDatabase(engine);
    cleanups.push(() => database.drop());
    const sink = await new SmtpSink().start();
    cleanups.push(() => sink.stop());
    const transport = new SmtpPoolTransport(sink.url, 2);
    cleanups.push(() => transport.close());
    const runtime: Runtime = await openRuntime(
      testConfig(database, metricsSetting === undefined ? {} : { VOUCH_METRICS: metricsSetting }),
      { mailTransport: transport },
    );
    cleanups.push(() => runtime.close());
    const app: FastifyInstance = await buildApp(runtime);
    cleanups.push(() => app.close());
    const shop = await runtime.businesses.create({
      name: 'Metered Shop',
      domain: `metered-${randomBytes(4).toString('hex')}.example`,
    });
    return { database, sink, runtime, app, shop };
  }

  async function scrape(app: FastifyInstance): Promise<string> {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.body;
  }

  describe('VOUCH_METRICS=on', () => {
    let setUp: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      setUp = await open('on');
    });

    it('serves every series at /metrics, with Node process metrics beside them', async () => {
      const body = await scrape(setUp.app);
      for (const series of [
        'vouch_http_requests_total',
        'vouch_http_request_duration_seconds',
        'vouch_invitations_decided_total',
        'vouch_outbox_due',
        'vouch_outbox_oldest_due_age_seconds',
        'vouch_mail_sent_total',
        'vouch_afs_messages_total',
        'vouch_import_rows_total',
        'process_cpu_seconds_total',
        'nodejs_heap_size_used_bytes',
      ]) {
        expect(body, series).toContain(`# TYPE ${series} `);
      }
    });

    it('moves when an invitation is accepted and then sent', async () => {
      const { app, runtime, shop, sink } = setUp;
      const before = await scrape(app);
      const decided = (text: string) =>
        sampleValue(text, 'vouch_invitations_decided_total', { decision: 'scheduled', channel: 'api' }) ?? 0;
      const sent = (text: string) => sampleValue(text, 'vouch_mail_sent_total', { result: 'sent' }) ?? 0;
      expect(sampleValue(before, 'vouch_outbox_due')).toBe(0);
      expect(sampleValue(before, 'vouch_outbox_oldest_due_age_seconds')).toBe(0);

      for (const index of [1, 2, 3]) {
        await runtime.invitations.accept(shop.domain, {
          channel: 'api',
          kind: 'service',
          email: `customer${index}@example.com`,
          name: `Customer ${index}`,
          reference: `M-${index}`,
          delayDays: 0,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      const accepted = await scrape(app);
      expect(decided(accepted) - decided(before)).toBe(3);
      expect(sampleValue(accepted, 'vouch_outbox_due')).toBe(3);
      expect(sampleValue(accepted, 'vouch_outbox_oldest_due_age_seconds')).toBeGreaterThan(0);
      expect(sent(accepted)).toBe(sent(before));

      const report = await runtime.createDispatcher({ owner: 'metrics-test' }).runOnce();
      expect(report.sent).toBe(3);
      expect(sink.received).toHaveLength(3);
      const after = await scrape(app);
      expect(sent(after) - sent(before)).toBe(3);
      expect(sampleValue(after, 'vouch_outbox_due')).toBe(0);
      expect(sampleValue(after, 'vouch_outbox_oldest_due_age_seconds')).toBe(0);
    });

    it('labels a request by its route pattern, never by the token in its URL', async () => {
      const { app } = setUp;
      const token = `tok${randomBytes(12).toString('hex')}`;
      await app.inject({ method: 'GET', url: `/r/${token}` });
      await app.inject({ method: 'GET', url: `/no-such-page/${token}` });
      const body = await scrape(app);
      expect(body).not.toContain(token);
      expect(sampleValue(body, 'vouch_http_requests_total', { method: 'GET', route: '/r/:token' })).toBe(1);
      expect(
        sampleValue(body, 'vouch_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }),
      ).toBe(1);
      expect(
        sampleValue(body, 'vouch_http_request_duration_seconds_count', { method: 'GET', route: '/r/:token' }),
      ).toBe(1);
    });

    it('counts the rows of a file import and the AFS messages by outcome', async () => {
      const { app, runtime, shop, database } = setUp;
      const file = path.join(database.dataDir, 'orders.csv');
      fs.writeFileSync(
        file,
        [
          'reference number,customer email,customer name',
          'I-1,anne@example.com,Anne',
          'I-2,not-an-email,Bob',
          'I-3,carol@example.com,Carol',
        ].join('\n'),
      );
      const report = await runtime.imports.run(shop.domain, file);
      expect(report).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
      await runtime.imports.run(shop.domain, file, { dryRun: true });

      const business = await runtime.businesses.row(shop.domain);
      const order = [
        `From: orders@${shop.domain}`,
        'To: Dana Example <dana@example.com>',
        'Subject: Your order #A-5001',
        '',
        'Thank you for your order.',
        '',
      ].join('\r\n');
      const nothing = ['From: someone@elsewhere.example', 'Subject: hello', '', 'no order here', ''].join(
        '\r\n',
      );
      const stored = await runtime.afs.storeMany(
        [order, nothing].map((raw) => ({
          businesses: [business],
          raw: Buffer.from(raw),
          via: 'http' as const,
          envelopeFrom: undefined,
        })),
      );
      const views = await runtime.afs.processStoredBatch(stored.flat());
      const processed = views.filter((view) => view.status === 'processed').length;
      expect(processed).toBeGreaterThanOrEqual(1);

      const body = await scrape(app);
      // The dry run reads the same rows again and counts none of them.
      expect(sampleValue(body, 'vouch_import_rows_total', { result: 'accepted' })).toBe(2);
      expect(sampleValue(body, 'vouch_import_rows_total', { result: 'rejected' })).toBe(1);
      expect(
        sampleValue(body, 'vouch_invitations_decided_total', { decision: 'scheduled', channel: 'csv' }),
      ).toBe(2);
      expect(sampleValue(body, 'vouch_afs_messages_total', { outcome: 'processed' })).toBe(processed);
      expect(sampleValue(body, 'vouch_afs_messages_total', { outcome: 'kept' })).toBe(2 - processed);
    });
  });

  it('answers 404 at /metrics when VOUCH_METRICS is unset, and loads no metrics', async () => {
    const { app, runtime } = await open(undefined);
    expect(runtime.metrics.enabled).toBe(false);
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(404);
  });

  it('serves them on their own port only when VOUCH_METRICS is a port', async () => {
    const { app, runtime } = await open('0');
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    const server = await startMetricsServer(runtime.metrics, '127.0.0.1', 0);
    cleanups.push(() => server.close());
    await app.inject({ method: 'GET', url: '/healthz' });
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(sampleValue(body, 'vouch_http_requests_total', { route: '/healthz', status: '200' })).toBe(1);
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
