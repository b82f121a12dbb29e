import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { vouch, vouchAsync } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/engines.js';
import { SmtpSink } from '../support/smtp-sink.js';

const INVITATIONS = 300;

/**
 * Two real `vouch worker` processes on PostgreSQL send invitations through a real SMTP server, and the
 * invitation.sent events those sends wrote to the outbox to a real receiver that refuses some first
 * tries: every event arrives signed, and each is taken exactly once.
 */
describe('outbound webhooks from two vouch worker processes on PostgreSQL', () => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let runtime: Runtime;
  let server: http.Server;
  const workers: ChildProcess[] = [];
  const accepted = new Map<string, string>();
  const refusedOnce = new Set<string>();
  let requests = 0;
  let secret = '';
  let badSignatures = 0;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    sink = await new SmtpSink().start();
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests++;
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
        let payload: { type: string; data: { id: string } };
        try {
          payload = new Webhook(secret).verify(body, headers) as typeof payload;
        } catch {
          badSignatures++;
          response.writeHead(400).end();
          return;
        }
        const id = headers['webhook-id'] ?? '';
        // One event in ten is refused on its first try, so the retry path runs under two workers too.
        if (id.endsWith('0') && !refusedOnce.has(id)) {
          refusedOnce.add(id);
          response.writeHead(503).end();
          return;
        }
        // A receiver that dedupes on webhook-id, as docs/webhooks.md asks: a second copy is counted apart.
        if (accepted.has(id)) accepted.set(`${id}#dup${requests}`, payload.data.id);
        else accepted.set(id, payload.data.id);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const worker of workers) {
      if (worker.exitCode === null && worker.signalCode === null) {
        worker.kill('SIGKILL');
        await once(worker, 'exit');
      }
    }
    await runtime?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await sink.stop();
    await database.drop();
  });

  it('delivers every invitation.sent once, signed, with retries, and nothing twice', async () => {
    const env = {
      VOUCH_DATA_DIR: database.dataDir,
      VOUCH_DATABASE_URL: database.url,
      VOUCH_SMTP_URL: sink.url,
    };
    runtime = await openRuntime(loadConfig(env));
    const business = await runtime.businesses.create({
      name: 'Process Hooks',
      domain: 'process-hooks.example',
    });
    await runtime.businesses.updateSettings(business.domain, { frequencyDays: null });
    const added = vouch(
      [
        'webhook',
        'add',
        '--business',
        business.domain,
        '--url',
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/vouch`,
        '--events',
        'invitation.sent',
        '--json',
      ],
      env,
    );
    expect(added.status, added.stderr).toBe(0);
    secret = (JSON.parse(added.stdout) as { secret: string }).secret;

    const requestsToAccept = Array.from({ length: INVITATIONS }, (_, index) => ({
      channel: 'api' as const,
      kind: 'service' as const,
      email: `hooked${index}@example.com`,
      name: `Customer ${index}`,
      reference: `H-${index}`,
      delayDays: 0,
    }));
    await runtime.invitations.acceptBatch(business.domain, requestsToAccept);

    for (let index = 0; index < 2; index++) {
      const worker = vouchAsync(['worker', '--poll-ms', '50'], env);
      workers.push(worker);
    }
    const deadline = Date.now() + 60_000;
    while (accepted.size < INVITATIONS) {
      if (Date.now() > deadline) throw new Error(`only ${accepted.size} of ${INVITATIONS} events arrived`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // A moment more, so a duplicate would have time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((worker) => once(worker, 'exit')));

    expect(badSignatures).toBe(0);
    expect([...accepted.keys()].filter((key) => key.includes('#dup'))).toEqual([]);
    const sentIds = await runtime.store.db
      .selectFrom('invitations')
      .select('id')
      .where('business_id', '=', business.id)
      .where('status', '=', 'sent')
      .execute();
    expect(sentIds).toHaveLength(INVITATIONS);
    expect(new Set(accepted.values())).toEqual(new Set(sentIds.map((row) => row.id)));
    expect(refusedOnce.size).toBeGreaterThan(0);
    const log = await runtime.webhooks.deliveries(business.domain, { limit: 1000 });
    expect(log).toHaveLength(INVITATIONS);
    expect(log.every((row) => row.status === 'delivered')).toBe(true);
    // Each refused event took two attempts, every other one.
    expect(log.reduce((sum, row) => sum + row.attempts, 0)).toBe(INVITATIONS + refusedOnce.size);
  }, 120_000);
});
