/**
 * Outbound webhook deliveries per second end to end (claim under a lease, sign with standardwebhooks,
 * POST, log the attempt, mark delivered) to a local HTTP receiver, beside a bare loop that signs the same
 * payloads and POSTs them with node:http at the same concurrency and connection policy (one connection
 * per request), with no database, in the same run.
 * Run: npx tsx bench/outbound-webhooks.ts [deliveries=2000] [rounds=3]   (target: Vouch / bare ≥ 0.5)
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '../src/config.js';
import { openRuntime } from '../src/runtime.js';
import { WebhookRepository } from '../src/store/repositories/webhook.repository.js';

const COUNT = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 3);
/** The sender's batch: this many POSTs are in flight at once, in both paths. */
const CONCURRENCY = 20;

/** A receiver that reads each body and answers 204: the cheapest possible endpoint. */
async function startReceiver(): Promise<{ url: string; received: () => number; stop: () => Promise<void> }> {
  let received = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received: () => received,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(body);
  });
}

interface Measured {
  rate: number;
  /** CPU time this process spent per delivery (user + system), in microseconds: less swayed by a busy host. */
  cpuUs: number;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / COUNT;
}

async function bare(url: string, payload: string): Promise<Measured> {
  const webhook = new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`);
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < COUNT) {
        const id = `msg_${next++}`;
        const at = new Date();
        const status = await post(
          url,
          {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
            'webhook-signature': webhook.sign(id, at, payload),
          },
          payload,
        );
        if (status !== 204) throw new Error(`bare POST answered ${status}`);
      }
    }),
  );
  return { rate: COUNT / ((performance.now() - start) / 1000), cpuUs: cpuSince(cpu) };
}

async function vouch(url: string, round: number): Promise<Measured & { payload: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-webhooks-'));
  const runtime = await openRuntime(loadConfig({ VOUCH_DATA_DIR: dataDir }));
  try {
    const business = await runtime.businesses.create({ name: 'Bench Shop', domain: `hooks${round}.example` });
    await runtime.webhooks.add(business.domain, { url, events: 'review.created' });
    const outbox = new WebhookRepository(runtime.store.db);
    const now = runtime.clock.now().getTime();
    // The outbox as review submissions leave it: one review.created per review, in batches of 500.
    for (let start = 0; start < COUNT; start += 500) {
      const events = Array.from({ length: Math.min(500, COUNT - start) }, (_, offset) => ({
        type: 'review.created',
        at: now,
        data: {
          id: `review-${start + offset}`,
          businessId: business.id,
          rating: 5,
          title: 'Quick delivery',
          text: 'Arrived in two days, well packed.',
          consumer: { email: `customer${start + offset}@example.com`, name: 'Jane Doe' },
        },
      }));
      await runtime.store.db
        .transaction()
        .execute((trx) => outbox.withTransaction(trx).enqueue(business.id, events));
    }
    const sender = runtime.createWebhookSender();
    const cpu = process.cpuUsage();
    const begin = performance.now();
    let delivered = 0;
    for (;;) {
      const report = await sender.runOnce();
      if (report.claimed === 0) break;
      delivered += report.delivered;
    }
    const seconds = (performance.now() - begin) / 1000;
    const cpuUs = cpuSince(cpu);
    if (delivered !== COUNT) throw new Error(`delivered ${delivered} of ${COUNT}`);
    const sample = await runtime.store.db
      .selectFrom('webhook_deliveries')
      .select('payload')
      .limit(1)
      .executeTakeFirstOrThrow();
    return { rate: COUNT / seconds, cpuUs, payload: sample.payload };
  } finally {
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const receiver = await startReceiver();
  const vouchRuns: Measured[] = [];
  const bareRuns: Measured[] = [];
  // Warm up both paths (JIT, the receiver) before measuring.
  const warm = await vouch(receiver.url, 0);
  await bare(receiver.url, warm.payload);
  for (let round = 1; round <= ROUNDS; round++) {
    const measured = await vouch(receiver.url, round);
    vouchRuns.push(measured);
    bareRuns.push(await bare(receiver.url, measured.payload));
  }
  await receiver.stop();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const rates = (runs: Measured[]) => runs.map((run) => run.rate.toFixed(0)).join(', ');
  const bareRate = median(bareRuns.map((run) => run.rate));
  const vouchRate = median(vouchRuns.map((run) => run.rate));
  const bareCpu = median(bareRuns.map((run) => run.cpuUs));
  const vouchCpu = median(vouchRuns.map((run) => run.cpuUs));
  console.log(
    `deliveries per round: ${COUNT}, rounds: ${ROUNDS}, in flight: ${CONCURRENCY}, SQLite, node ${process.version}, load ${os.loadavg()[0]?.toFixed(2)} on ${os.cpus().length} cores`,
  );
  console.log(
    `bare sign + POST, no database:            ${bareRate.toFixed(0)} req/s, ${bareCpu.toFixed(0)} µs CPU each  (rounds: ${rates(bareRuns)})`,
  );
  console.log(
    `Vouch claim + sign + POST + log + mark:   ${vouchRate.toFixed(0)} req/s, ${vouchCpu.toFixed(0)} µs CPU each  (rounds: ${rates(vouchRuns)})`,
  );
  console.log(
    `ratio Vouch / bare: ${(vouchRate / bareRate).toFixed(2)} by rate (target ≥ 0.5), ${(bareCpu / vouchCpu).toFixed(2)} by CPU per delivery`,
  );
}

await main();
