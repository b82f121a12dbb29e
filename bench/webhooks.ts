/**
 * A Black Friday burst at full size: 10,000 signed Shopify webhooks (1% replays of an earlier delivery,
 * 1% orders/cancelled arriving before their order's fulfilment) posted from 50 keep-alive connections to
 * `POST /integrations/shopify/{token}` (HMAC verified on the raw body, the delivery logged and deduped,
 * the order decided by the funnel in one transaction, SQLite), beside a bare Fastify route that verifies
 * the same HMAC and inserts the order with one prepared better-sqlite3 statement, same pragmas, same run.
 * Both servers run in one child process pinned to core 0, the load generator on core 1 (as bench/api.ts).
 * After the run the invitations are checked: every order but the cancelled ones scheduled, the cancelled
 * ones cancelled, none twice.
 * Run: npx tsx bench/webhooks.ts [webhooks=10000] [connections=50]   (target: ratio ≥ 0.5)
 */
import { execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import { hmacSha256Base64Matches } from '../src/domain/shops/signatures.js';
import { buildApp } from '../src/http/app.js';
import { openRuntime } from '../src/runtime.js';
import { hashToken } from '../src/services/integration.service.js';
import { shopifyBurst, type ShopifyDelivery } from '../test/support/shopify-burst.js';
import { FunnelStatements, vouchSchemaDatabase } from './support/funnel-statements.js';
import { emitResult } from './support/result.js';

const WEBHOOKS = Number(process.argv[2] ?? 10_000);
const CONNECTIONS = Number(process.argv[3] ?? 50);
const WARM_UP = 300;
const root = fileURLToPath(new URL('..', import.meta.url));
const template = JSON.parse(
  fs.readFileSync(path.join(root, 'test', 'fixtures', 'shopify', 'orders-fulfilled.json'), 'utf8'),
) as Record<string, unknown>;

interface Targets {
  secret: string;
  bare: string;
  statements: string;
  statementsSecret: string;
  vouch: string;
  warmVouch: string;
  warmSecret: string;
}

type ToChild = { type: 'count' } | { type: 'stop' };
interface Counts {
  bareRows: number;
  scheduled: string[];
  cancelled: string[];
  total: number;
  duplicatesLogged: number;
}

/** The child: Vouch and the bare route, in one process, apart from the load generator. */
async function serve(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-webhooks-'));
  const runtime = await openRuntime(loadConfig({ VOUCH_DATA_DIR: dataDir, VOUCH_LOG_LEVEL: 'silent' }));
  await runtime.businesses.create({ name: 'Burst Shop', domain: 'burst.example' });
  await runtime.businesses.create({ name: 'Warm-up Shop', domain: 'warm.example' });
  const integration = await runtime.integrations.create('burst.example', { provider: 'shopify' });
  const warm = await runtime.integrations.create('warm.example', { provider: 'shopify' });
  const app = await buildApp(runtime);
  const vouchBase = await app.listen({ host: '127.0.0.1', port: 0 });

  const sqlite = new Database(path.join(dataDir, 'bare.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec(
    'create table orders (webhook_id text primary key, topic text not null, order_id text not null, email text, name text, body text not null)',
  );
  const insert = sqlite.prepare(
    'insert into orders (webhook_id, topic, order_id, email, name, body) values (?, ?, ?, ?, ?, ?) on conflict do nothing',
  );
  const bare = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
  bare.removeAllContentTypeParsers();
  bare.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  bare.post('/orders', (request, reply) => {
    const body = request.body as Buffer;
    const signature = request.headers['x-shopify-hmac-sha256'];
    if (typeof signature !== 'string' || !hmacSha256Base64Matches(integration.secret, body, signature)) {
      return reply.status(401).send({ error: 'bad signature' });
    }
    const order = JSON.parse(body.toString('utf8')) as { id: number; email?: string; name?: string };
    insert.run(
      String(request.headers['x-shopify-webhook-id']),
      String(request.headers['x-shopify-topic']),
      String(order.id),
      order.email ?? null,
      order.name ?? null,
      body.toString('utf8'),
    );
    return reply.status(200).send({ ok: true });
  });
  const bareBase = await bare.listen({ host: '127.0.0.1', port: 0 });
  const statements = await webhookStatementsRoute();

  process.send?.({
    secret: integration.secret,
    bare: `${bareBase}/orders`,
    statements: statements.url,
    statementsSecret: statements.secret,
    vouch: `${vouchBase}${new URL(integration.url).pathname}`,
    warmVouch: `${vouchBase}${new URL(warm.url).pathname}`,
    warmSecret: warm.secret,
  } satisfies Targets);
  process.on('message', (message: ToChild) => {
    if (message.type === 'count') {
      void (async () => {
        const rows = await runtime.invitationQueries.list('burst.example', { limit: 10_000 });
        const log = await runtime.integrations.show('burst.example', integration.id, 1000);
        const all = await runtime.store.db
          .selectFrom('integration_deliveries')
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .where('integration_id', '=', integration.id)
          .where('decision', '=', 'duplicate')
          .executeTakeFirstOrThrow();
        const counts: Counts = {
          bareRows: (sqlite.prepare('select count(*) as n from orders').get() as { n: number }).n,
          scheduled: rows.filter((row) => row.status === 'scheduled').map((row) => row.reference),
          cancelled: rows.filter((row) => row.status === 'cancelled').map((row) => row.reference),
          total: rows.length,
          duplicatesLogged: Number(all.count),
        };
        void log;
        process.send?.(counts);
      })();
      return;
    }
    void Promise.all([app.close(), bare.close(), statements.close()])
      .then(() => runtime.close())
      .then(() => {
        sqlite.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
  });
}

/**
 * The second baseline: the statements Vouch's Shopify route runs for one delivery (the integration and its
 * business, the order's earlier deliveries, the delivery claimed in the funnel's transaction with the
 * invitation, the log finished after it), prepared, behind a bare Fastify route with the same HMAC check. A
 * replay is told by the claim, as in Vouch; a fulfilment invites; a cancel (1%) is only claimed and logged,
 * which makes this baseline a little faster than the real work, not slower.
 */
async function webhookStatementsRoute(): Promise<{
  url: string;
  secret: string;
  close: () => Promise<void>;
}> {
  const { db, made, remove } = await vouchSchemaDatabase(async (runtime) => {
    await runtime.businesses.create({ name: 'Burst Shop', domain: 'burst.example' });
    return runtime.integrations.create('burst.example', { provider: 'shopify' });
  });
  const funnel = new FunnelStatements(db);
  const integrationByToken = db.prepare('select * from integrations where token_hash = ?');
  const earlierDeliveries = db.prepare(
    'select id, received_at, reference, decision, reason from integration_deliveries where business_id = ? and integration_id = ? and order_id = ?',
  );
  const claim = db.prepare(
    `insert into integration_deliveries (id, integration_id, business_id, received_at, topic, delivery_id, signature,
       status_code, decision, reason, order_id, reference, invitation_ids)
     values (?, ?, ?, ?, ?, ?, 'valid', 202, 'received', null, ?, ?, '[]') on conflict do nothing`,
  );
  const finish = db.prepare(
    "update integration_deliveries set status_code = 200, decision = 'invited', reason = ?, invitation_ids = ? where business_id = ? and id = ?",
  );
  const receive = db.transaction(
    (input: {
      integration: { id: string; business_id: string };
      deliveryId: string;
      topic: string;
      order: ShopifyOrder;
    }) => {
      const claimId = randomUUID();
      const reference = String(input.order.name ?? input.order.id);
      const claimed = claim.run(
        claimId,
        input.integration.id,
        input.integration.business_id,
        Date.now(),
        input.topic,
        input.deliveryId,
        String(input.order.id),
        reference,
      );
      if (claimed.changes === 0) return undefined;
      if (input.topic !== 'orders/fulfilled') return { claimId, invitationId: undefined };
      const invitationId = funnel.invite({
        businessId: input.integration.business_id,
        channel: 'shopify',
        email: (input.order.email ?? '').toLowerCase(),
        name: input.order.customer?.first_name ?? '',
        reference,
        sendAt: Date.now() + 7 * 86_400_000,
      });
      return { claimId, invitationId };
    },
  );
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post<{ Params: { token: string } }>('/integrations/shopify/:token', (request, reply) => {
    const integration = integrationByToken.get(hashToken(request.params.token)) as
      { id: string; business_id: string; secret: string } | undefined;
    if (!integration || !funnel.business(integration.business_id)) return reply.status(404).send();
    const body = request.body as Buffer;
    const signature = request.headers['x-shopify-hmac-sha256'];
    if (typeof signature !== 'string' || !hmacSha256Base64Matches(integration.secret, body, signature)) {
      return reply.status(401).send({ error: 'bad signature' });
    }
    const order = JSON.parse(body.toString('utf8')) as ShopifyOrder;
    earlierDeliveries.all(integration.business_id, integration.id, String(order.id));
    const done = receive({
      integration,
      deliveryId: String(request.headers['x-shopify-webhook-id']),
      topic: String(request.headers['x-shopify-topic']),
      order,
    });
    if (!done) return reply.status(200).send({ status: 'duplicate' });
    finish.run(
      'service: scheduled',
      JSON.stringify([done.invitationId]),
      integration.business_id,
      done.claimId,
    );
    return reply.status(200).send({ status: 'invited', invitations: [{ id: done.invitationId }] });
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `${base}${new URL(made.url).pathname}`,
    secret: made.secret,
    close: async () => {
      await app.close();
      remove();
    },
  };
}

interface ShopifyOrder {
  id: number;
  name?: string;
  email?: string;
  customer?: { first_name?: string };
}

/** Posts every delivery over `connections` keep-alive connections; answers requests per second. */
async function burst(url: string, deliveries: readonly ShopifyDelivery[], connections: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  let next = 0;
  const post = (delivery: ShopifyDelivery) =>
    new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { ...delivery.headers, 'content-length': String(delivery.body.length) },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      request.on('error', reject);
      request.end(delivery.body);
    });
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < deliveries.length) {
        const delivery = deliveries[next++]!;
        const begun = process.hrtime.bigint();
        const status = await post(delivery);
        latencies.push(Number(process.hrtime.bigint() - begun) / 1e6);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: deliveries.length / seconds,
    seconds,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    statuses: Object.fromEntries(statuses),
  };
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['serve'], { execArgv: process.execArgv });
  const pinned = pin(child.pid);
  const targets = await new Promise<Targets>((resolve) =>
    child.once('message', (message) => resolve(message as Targets)),
  );
  const plan = shopifyBurst({
    total: WEBHOOKS,
    secret: targets.secret,
    duplicateShare: 0.01,
    cancelShare: 0.01,
    template,
  });
  const warm = shopifyBurst({
    total: WARM_UP,
    secret: targets.warmSecret,
    duplicateShare: 0.01,
    cancelShare: 0.01,
    template,
  });
  const bareWarm = shopifyBurst({
    total: WARM_UP,
    secret: targets.secret,
    duplicateShare: 0,
    cancelShare: 0,
    template,
  });
  const statementsPlan = shopifyBurst({
    total: WEBHOOKS,
    secret: targets.statementsSecret,
    duplicateShare: 0.01,
    cancelShare: 0.01,
    template,
  });
  await burst(targets.bare, bareWarm.deliveries, CONNECTIONS);
  await burst(targets.warmVouch, warm.deliveries, CONNECTIONS);

  console.log(
    `${plan.deliveries.length} webhooks (${plan.duplicates} replays, ${plan.cancelled.length} cancels before their fulfilment), ${CONNECTIONS} connections, node ${process.version}, ${os.cpus().length} cores, ${pinned}, load ${os.loadavg()[0]?.toFixed(1)}`,
  );
  const bare = await burst(targets.bare, plan.deliveries, CONNECTIONS);
  const statements = await burst(targets.statements, statementsPlan.deliveries, CONNECTIONS);
  const vouch = await burst(targets.vouch, plan.deliveries, CONNECTIONS);
  const line = (name: string, result: Awaited<ReturnType<typeof burst>>) =>
    `  ${name.padEnd(58)} ${result.perSecond.toFixed(0).padStart(6)} req/s   ${result.seconds.toFixed(1)} s   p99 ${result.p99.toFixed(0)} ms   ${JSON.stringify(result.statuses)}`;
  console.log(line('baseline: bare Fastify, same HMAC, one prepared INSERT', bare));
  console.log(line("baseline: bare Fastify, same HMAC, the route's statements", statements));
  console.log(line('POST /integrations/shopify/{token} (log, dedupe, funnel)', vouch));
  const ratio = vouch.perSecond / bare.perSecond;

  child.send({ type: 'count' } satisfies ToChild);
  const counts = await new Promise<Counts>((resolve) =>
    child.once('message', (message) => resolve(message as Counts)),
  );
  child.send({ type: 'stop' } satisfies ToChild);
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().every((value, index) => value === [...b].sort()[index]);
  const exact =
    counts.total === plan.scheduled.length + plan.cancelled.length &&
    same(counts.scheduled, plan.scheduled) &&
    same(counts.cancelled, plan.cancelled) &&
    counts.duplicatesLogged === plan.duplicates;
  console.log(
    `invitations after the run: ${counts.scheduled.length} scheduled, ${counts.cancelled.length} cancelled, ${counts.total} in all; ${counts.duplicatesLogged} replays logged as duplicates — ${exact ? 'exactly as expected' : `NOT as expected (expected ${plan.scheduled.length} scheduled, ${plan.cancelled.length} cancelled, ${plan.duplicates} duplicates)`}`,
  );
  console.log(`baseline rows: ${counts.bareRows} (distinct webhook ids)`);
  console.log(`ratio Vouch / baseline: ${ratio.toFixed(2)}  (target ≥ 0.5)`);
  const statementsRatio = vouch.perSecond / statements.perSecond;
  console.log(
    `ratio Vouch / the route's statements prepared behind a bare route: ${statementsRatio.toFixed(2)}`,
  );
  emitResult({
    bench: 'webhooks',
    rerun: `npx tsx bench/webhooks.ts ${WEBHOOKS} ${CONNECTIONS}`,
    measures: [
      {
        name: `Shopify webhooks, ${CONNECTIONS} connections (1% replays, 1% early cancels)`,
        figure: Math.round(vouch.perSecond),
        unit: 'req/s',
        baseline: {
          name: 'bare Fastify + same HMAC + one prepared INSERT',
          figure: Math.round(bare.perSecond),
          unit: 'req/s',
        },
        ratio: Number(ratio.toFixed(2)),
        target: 'ratio ≥ 0.5',
        met: ratio >= 0.5,
      },
      {
        name: "Shopify webhooks beside the route's own statements, prepared, behind a bare route",
        figure: Math.round(vouch.perSecond),
        unit: 'req/s',
        baseline: {
          name: "bare Fastify + same HMAC + the route's statements, prepared (the engine's ceiling for this work)",
          figure: Math.round(statements.perSecond),
          unit: 'req/s',
        },
        ratio: Number(statementsRatio.toFixed(2)),
      },
    ],
  });
  if (!exact) process.exitCode = 1;
}

/** Servers on core 0, this process (the load generator) on core 1; every thread of each (`-a`). */
function pin(childPid: number | undefined): string {
  if (os.cpus().length < 2 || childPid === undefined) return 'not pinned (one core)';
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(childPid)], { stdio: 'ignore' });
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
    return 'servers pinned to core 0, load generator to core 1';
  } catch {
    return 'not pinned (no taskset)';
  }
}

if (process.argv[2] === 'serve') await serve();
else await main();
