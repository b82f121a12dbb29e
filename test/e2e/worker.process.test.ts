import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { vouchAsync } from '../support/cli.js';
import { createTestDatabase, type Engine, type TestDatabase } from '../support/engines.js';
import { SmtpSink } from '../support/smtp-sink.js';

/**
 * Real `vouch worker` processes against a real SMTP server: killed mid-batch, and two at once. The
 * durability promise: nothing is lost, and nothing outside a killed worker's in-flight batch is sent twice.
 */
describe('vouch worker processes', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp(engine: Engine, count: number) {
    const database: TestDatabase = await createTestDatabase(engine);
    cleanups.push(() => database.drop());
    const sink = await new SmtpSink().start();
    cleanups.push(() => sink.stop());
    const env = {
      VOUCH_DATA_DIR: database.dataDir,
      VOUCH_DATABASE_URL: database.url,
      VOUCH_SMTP_URL: sink.url,
    };
    const runtime: Runtime = await openRuntime(loadConfig(env));
    cleanups.push(() => runtime.close());
    const business = await runtime.businesses.create({
      name: 'Batch Shop',
      domain: `batch-${engine}.example`,
    });
    await runtime.businesses.updateSettings(business.domain, { frequencyDays: null });
    const requests = Array.from({ length: count }, (_, index) => ({
      channel: 'api' as const,
      kind: 'service' as const,
      email: `customer${index}@example.com`,
      name: `Customer ${index}`,
      reference: `R-${index}`,
      delayDays: 0,
    }));
    for (let start = 0; start < requests.length; start += 500) {
      await runtime.invitations.acceptBatch(business.domain, requests.slice(start, start + 500));
    }
    return { env, sink, runtime, business };
  }

  function startWorker(env: NodeJS.ProcessEnv, args: string[]): ChildProcess {
    const worker = vouchAsync(['worker', '--poll-ms', '50', ...args], env);
    let stderr = '';
    worker.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    cleanups.push(async () => {
      if (worker.exitCode === null && worker.signalCode === null) {
        worker.kill('SIGKILL');
        await once(worker, 'exit');
      }
      if (worker.exitCode !== null && worker.exitCode !== 0) console.error(stderr);
    });
    return worker;
  }

  async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function countByStatus(runtime: Runtime, status: string): Promise<number> {
    const row = await runtime.store.db
      .selectFrom('invitations')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('status', '=', status)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  it('loses nothing when a worker is killed with SIGKILL mid-batch and another starts', async () => {
    const total = 120;
    const batch = 10;
    const { env, sink, runtime } = await setUp('sqlite', total);
    sink.slowDown(15);
    const first = startWorker(env, ['--batch-size', String(batch), '--lease-seconds', '2']);
    await waitFor(() => sink.received.length >= 25, 30_000, 'the first messages');
    first.kill('SIGKILL');
    await once(first, 'exit');
    const sentBeforeKill = sink.received.length;
    expect(sentBeforeKill).toBeLessThan(total);

    startWorker(env, ['--batch-size', String(batch), '--lease-seconds', '2']);
    await waitFor(
      async () => (await countByStatus(runtime, 'sent')) === total,
      60_000,
      'every invitation sent',
    );

    const perMessage = new Map<string, number>();
    for (const mail of sink.received)
      perMessage.set(mail.messageId ?? '', (perMessage.get(mail.messageId ?? '') ?? 0) + 1);
    expect(perMessage.size).toBe(total);
    const twice = [...perMessage.values()].filter((count) => count > 1).length;
    // Only the killed worker's in-flight batch may have gone out twice.
    expect(twice).toBeLessThanOrEqual(batch);
  }, 120_000);

  it('never sends one invitation twice with two workers on PostgreSQL, over thousands', async () => {
    const total = 2000;
    const { env, sink, runtime } = await setUp('postgres', total);
    startWorker(env, ['--batch-size', '25']);
    startWorker(env, ['--batch-size', '25']);
    await waitFor(
      async () => (await countByStatus(runtime, 'sent')) === total,
      120_000,
      'every invitation sent',
    );
    const ids = sink.received.map((mail) => mail.messageId);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    const workers = await runtime.store.db
      .selectFrom('invitation_events')
      .select((eb) => eb.fn.count<number | string>(eb.fn('distinct', [eb.ref('detail')])).as('n'))
      .where('type', '=', 'sending')
      .executeTakeFirstOrThrow();
    expect(Number(workers.n)).toBeGreaterThan(1);
  }, 180_000);
});
