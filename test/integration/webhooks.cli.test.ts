import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/output.js';
import { openRuntime } from '../../src/runtime.js';
import { createTestDatabase, ENGINES, testConfig, type TestDatabase } from '../support/engines.js';
import { independentUniqueLink } from '../support/independent-links.js';

describe.each(ENGINES)('vouch webhook on %s', (engine) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let server: http.Server;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let status = 200;

  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: CliIo = { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`), env };
    const code = await runCli(args, io);
    return { code, out, err };
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    env = { VOUCH_DATA_DIR: database.dataDir, VOUCH_DATABASE_URL: database.url };
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const runtime = await openRuntime(testConfig(database));
    await runtime.businesses.create({ name: 'CLI Hooks', domain: 'cli-hooks.example' });
    await runtime.close();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.drop();
  });

  it('adds, lists, rotates, shows deliveries, replays and removes', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vouch`;
    const added = await run([
      'webhook',
      'add',
      '--business',
      'cli-hooks.example',
      '--url',
      url,
      '--events',
      'review.created, consumer.unsubscribed',
      '--json',
    ]);
    expect(added.code).toBe(0);
    const subscription = JSON.parse(added.out) as {
      id: string;
      url: string;
      events: string[];
      secret: string;
    };
    expect(subscription).toMatchObject({ url, events: ['review.created', 'consumer.unsubscribed'] });
    expect(subscription.secret).toMatch(/^whsec_/);

    const listed = await run(['webhook', 'list', '--business', 'cli-hooks.example', '--json']);
    const rows = JSON.parse(listed.out) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    // The secret is shown on add and rotate only.
    expect(listed.out).not.toContain(subscription.secret);
    expect(rows[0]).not.toHaveProperty('secret');

    // A review through the service, so there is a delivery to send.
    const runtime = await openRuntime(testConfig(database));
    try {
      const business = await runtime.businesses.row('cli-hooks.example');
      const secrets = await runtime.businesses.acceptedLinkSecrets(business.id);
      const link = independentUniqueLink(
        'http://localhost',
        'cli-hooks.example',
        secrets.uniqueLinkSecrets[0] ?? '',
        {
          email: 'cli@example.com',
          name: 'Cli Customer',
          reference: 'CLI-1',
        },
      );
      const query = new URL(link).searchParams;
      const resolved = await runtime.reviews.resolveUniqueLink('cli-hooks.example', query);
      if (!resolved.ok) throw new Error(resolved.code);
      await runtime.reviews.submit(
        resolved.context,
        { rating: '4', title: 'Fine', text: 'Fine shop.' },
        'en-US',
      );
    } finally {
      await runtime.close();
    }
    const worker = await run(['worker', '--once']);
    expect(worker.code).toBe(0);
    expect(received).toHaveLength(1);
    const headers = Object.fromEntries(Object.entries(received[0]!.headers).map(([k, v]) => [k, String(v)]));
    expect(new Webhook(subscription.secret).verify(received[0]!.body, headers)).toMatchObject({
      type: 'review.created',
    });

    const log = await run(['webhook', 'deliveries', '--business', 'cli-hooks.example', '--json']);
    const deliveries = JSON.parse(log.out) as { id: string; status: string; log: { statusCode: number }[] }[];
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: 'delivered', log: [{ statusCode: 200 }] });
    const text = await run(['webhook', 'deliveries', '--business', 'cli-hooks.example']);
    expect(text.out).toContain('review.created');
    expect(text.out).toMatch(/#1 \S+ {2}200 {2}\d+ ms/);
    const filtered = await run([
      'webhook',
      'deliveries',
      '--business',
      'cli-hooks.example',
      '--subscription',
      subscription.id,
      '--json',
    ]);
    expect((JSON.parse(filtered.out) as unknown[]).length).toBe(1);
    const unknown = await run([
      'webhook',
      'deliveries',
      '--business',
      'cli-hooks.example',
      '--subscription',
      '00000000-0000-7000-8000-000000000000',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('[webhook_subscription_not_found]');

    // Replay: the same webhook-id again; a receiver that now fails makes the command exit 1.
    status = 503;
    const replayed = await run(['webhook', 'replay', '--business', 'cli-hooks.example', deliveries[0]!.id]);
    expect(replayed.code).toBe(1);
    expect(replayed.out).toContain('Not delivered: 503');
    expect(received).toHaveLength(2);
    expect(received[1]?.headers['webhook-id']).toBe(received[0]?.headers['webhook-id']);
    status = 200;
    expect(
      (await run(['webhook', 'replay', '--business', 'cli-hooks.example', deliveries[0]!.id])).code,
    ).toBe(0);

    const rotated = await run([
      'webhook',
      'rotate-secret',
      '--business',
      'cli-hooks.example',
      subscription.id,
      '--json',
    ]);
    expect((JSON.parse(rotated.out) as { secret: string }).secret).not.toBe(subscription.secret);

    expect((await run(['webhook', 'remove', '--business', 'cli-hooks.example', subscription.id])).code).toBe(
      0,
    );
    const gone = await run(['webhook', 'remove', '--business', 'cli-hooks.example', subscription.id]);
    expect(gone.code).toBe(1);
    expect(gone.err).toContain('[webhook_subscription_not_found]');
  });

  it('refuses a bad URL or unknown events with their codes and exit 1', async () => {
    const bad = await run([
      'webhook',
      'add',
      '--business',
      'cli-hooks.example',
      '--url',
      'file:///etc/passwd',
      '--events',
      'review.created',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('[webhook_url_invalid]');
    const events = await run([
      'webhook',
      'add',
      '--business',
      'cli-hooks.example',
      '--url',
      'https://hooks.example/',
      '--events',
      'review.deleted',
    ]);
    expect(events.code).toBe(1);
    expect(events.err).toContain('[webhook_events_invalid]');
    expect(events.err).toContain('review.deleted');
  });
});
