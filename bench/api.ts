/**
 * `POST /v1/private/business-units/{id}/email-invitations` (the hosted platform's path: API key checked,
 * body validated by its zod schema, the funnel's decision in one transaction, the invitation row and its
 * event written to SQLite) beside the storage ceiling: a bare Fastify route that parses the same JSON body
 * and inserts it with one prepared better-sqlite3 statement into a table of its own, with the same
 * pragmas. Every request carries a new customer, so each one is a new invitation and not a duplicate.
 * Both servers run in one child process pinned to core 0, autocannon on core 1, in alternating rounds
 * (as bench/landing.ts does: on a shared machine the ceiling alone moves from one minute to the next).
 * Vouch's own `POST /api/v1/invitations` is measured in the same rounds, for comparison.
 * Run: npx tsx bench/api.ts [seconds=5] [connections=50] [rounds=2]   (target: ratio ≥ 0.5, p99 ≤ 20 ms)
 */
import { execFileSync, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { openRuntime } from '../src/runtime.js';
import { FunnelStatements, vouchSchemaDatabase } from './support/funnel-statements.js';
import { emitResult } from './support/result.js';

const SECONDS = Number(process.argv[2] ?? 5);
const CONNECTIONS = Number(process.argv[3] ?? 50);
const ROUNDS = Number(process.argv[4] ?? 2);

interface Targets {
  ceiling: string;
  funnelCeiling: string;
  funnelApiKey: string;
  vouch: string;
  native: string;
  apiKey: string;
}

/** The child: both servers, in one process, apart from the load generator. */
async function serve(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-api-'));
  const runtime = await openRuntime(loadConfig({ VOUCH_DATA_DIR: dataDir, VOUCH_LOG_LEVEL: 'silent' }));
  const business = await runtime.businesses.create({ name: 'Bench Bakery', domain: 'bench.example' });
  const app = await buildApp(runtime);
  const vouchBase = await app.listen({ host: '127.0.0.1', port: 0 });

  const sqlite = new Database(path.join(dataDir, 'ceiling.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec(
    'create table invitations (id integer primary key, email text not null, name text, reference text not null, body text not null)',
  );
  const insert = sqlite.prepare('insert into invitations (email, name, reference, body) values (?, ?, ?, ?)');
  const bare = Fastify({ logger: false });
  bare.post<{ Body: { consumerEmail: string; consumerName: string; referenceNumber: string } }>(
    '/ingest',
    (request, reply) => {
      const body = request.body;
      insert.run(body.consumerEmail, body.consumerName, body.referenceNumber, JSON.stringify(body));
      return reply.status(202).send({ ok: true });
    },
  );
  const ceilingBase = await bare.listen({ host: '127.0.0.1', port: 0 });
  const funnel = await funnelStatementsRoute();

  const targets: Targets = {
    ceiling: `${ceilingBase}/ingest`,
    funnelCeiling: funnel.url,
    funnelApiKey: funnel.apiKey,
    vouch: `${vouchBase}/v1/private/business-units/${business.id}/email-invitations`,
    native: `${vouchBase}/api/v1/invitations`,
    apiKey: business.apiKey,
  };
  process.send?.(targets);
  process.on('message', () => {
    void Promise.all([app.close(), bare.close(), funnel.close()])
      .then(() => runtime.close())
      .then(() => {
        sqlite.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
  });
}

/**
 * The second baseline: the statements the funnel runs for one new invitation (bench/support/
 * funnel-statements.ts) plus the API key's lookup, prepared, in one transaction behind a bare Fastify route.
 */
async function funnelStatementsRoute(): Promise<{ url: string; apiKey: string; close: () => Promise<void> }> {
  const { db, made, remove } = await vouchSchemaDatabase((runtime) =>
    runtime.businesses.create({ name: 'Bench Bakery', domain: 'bench.example' }),
  );
  const funnel = new FunnelStatements(db);
  const keyLookup = db.prepare('select * from api_keys where key_hash = ? and revoked_at is null');
  const invite = db.transaction((input: Parameters<FunnelStatements['invite']>[0]) => funnel.invite(input));
  const sendAt = Date.parse('2030-01-01T10:00:00Z');
  const app = Fastify({ logger: false });
  app.post<{
    Params: { id: string };
    Body: { consumerEmail: string; consumerName: string; referenceNumber: string };
  }>('/business-units/:id/email-invitations', (request, reply) => {
    const keyHash = createHash('sha256').update(String(request.headers.apikey)).digest('hex');
    const key = keyLookup.get(keyHash) as { business_id: string } | undefined;
    const business = key && funnel.business(key.business_id);
    if (!business || business.id !== request.params.id) return reply.status(404).send({ code: 'not_found' });
    const id = invite({
      businessId: business.id,
      channel: 'api',
      email: request.body.consumerEmail.toLowerCase(),
      name: request.body.consumerName,
      reference: request.body.referenceNumber,
      sendAt,
    });
    return reply.status(202).send({ serviceReviewInvitation: { id, status: 'scheduled' } });
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `${base}/business-units/${made.id}/email-invitations`,
    apiKey: made.apiKey,
    close: async () => {
      await app.close();
      remove();
    },
  };
}

let sequence = 0;

/** A new purchase per request, as a shop sends them. */
function nextBody(): string {
  sequence += 1;
  return JSON.stringify({
    consumerEmail: `customer-${sequence}@example.com`,
    consumerName: `Customer ${sequence}`,
    referenceNumber: `ORDER-${sequence}`,
    locale: 'en-US',
    serviceReviewInvitation: { preferredSendTime: '2030-01-01T10:00:00Z' },
  });
}

/** The same purchase in the shape of Vouch's own API. */
function nextNativeBody(): string {
  sequence += 1;
  return JSON.stringify({
    email: `customer-${sequence}@example.com`,
    name: `Customer ${sequence}`,
    reference: `ORDER-${sequence}`,
    locale: 'en-US',
    sendAt: '2030-01-01T10:00:00Z',
  });
}

function load(url: string, apiKey: string, duration: number, body = nextBody): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    pipelining: 1,
    method: 'POST',
    headers: { 'content-type': 'application/json', apikey: apiKey },
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
  });
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['serve'], { execArgv: process.execArgv });
  const pinned = pin(child.pid);
  const targets = await new Promise<Targets>((resolve) =>
    child.once('message', (message) => resolve(message as Targets)),
  );
  const check = await fetch(targets.vouch, {
    method: 'POST',
    headers: { 'content-type': 'application/json', apikey: targets.apiKey },
    body: nextBody(),
  });
  const checked = (await check.json()) as { serviceReviewInvitation?: { status: string } };
  if (check.status !== 202 || checked.serviceReviewInvitation?.status !== 'scheduled') {
    throw new Error(`email-invitations answered ${check.status}: ${JSON.stringify(checked)}`);
  }

  await load(targets.ceiling, targets.apiKey, 1);
  await load(targets.vouch, targets.apiKey, 1);
  const line = (name: string, result: autocannon.Result) =>
    `  ${name.padEnd(44)} ${result.requests.average.toFixed(0).padStart(7)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   errors ${result.errors + result.non2xx}`;
  console.log(
    `${CONNECTIONS} connections, ${SECONDS} s each, ${ROUNDS} rounds, node ${process.version}, ${os.cpus().length} cores, ${pinned}`,
  );
  const ratios: number[] = [];
  const ceilings: number[] = [];
  const funnelCeilings: number[] = [];
  const funnelRatios: number[] = [];
  const nativeRatios: number[] = [];
  const vouchRates: number[] = [];
  const nativeRates: number[] = [];
  let worstP99 = 0;
  let failures = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const ceiling = await load(targets.ceiling, targets.apiKey, SECONDS);
    const funnelCeiling = await load(targets.funnelCeiling, targets.funnelApiKey, SECONDS);
    const vouch = await load(targets.vouch, targets.apiKey, SECONDS);
    const native = await load(targets.native, targets.apiKey, SECONDS, nextNativeBody);
    const ratio = vouch.requests.average / ceiling.requests.average;
    ratios.push(ratio);
    ceilings.push(ceiling.requests.average);
    funnelCeilings.push(funnelCeiling.requests.average);
    funnelRatios.push(vouch.requests.average / funnelCeiling.requests.average);
    failures += funnelCeiling.errors + funnelCeiling.non2xx;
    vouchRates.push(vouch.requests.average);
    nativeRates.push(native.requests.average);
    nativeRatios.push(native.requests.average / ceiling.requests.average);
    failures += native.errors + native.non2xx;
    worstP99 = Math.max(worstP99, vouch.latency.p99);
    failures += vouch.errors + vouch.non2xx;
    console.log(
      `round ${round}: ratio email-invitations / ceiling ${ratio.toFixed(2)}; / the funnel's statements ${(funnelRatios.at(-1) ?? 0).toFixed(2)}`,
    );
    console.log(line('ceiling: bare Fastify + one prepared INSERT', ceiling));
    console.log(line("ceiling: bare Fastify + the funnel's statements", funnelCeiling));
    console.log(line('POST email-invitations (the funnel)', vouch));
    console.log(line('POST /api/v1/invitations (the funnel)', native));
  }
  child.send('stop');
  const sorted = [...ratios].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const medianOf = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const ceilingRate = medianOf(ceilings);
  console.log(
    `ratio email-invitations / ceiling: median ${median.toFixed(2)}, lowest ${(sorted[0] ?? 0).toFixed(2)}; p99 at most ${worstP99} ms; failed requests ${failures}  (target ≥ 0.5, p99 ≤ 20 ms)`,
  );
  console.log(
    `ratio email-invitations / the funnel's statements prepared behind a bare route: median ${medianOf(funnelRatios).toFixed(2)} (${Math.round(medianOf(funnelCeilings))} req/s)`,
  );
  emitResult({
    bench: 'api',
    rerun: `npx tsx bench/api.ts ${SECONDS} ${CONNECTIONS} ${ROUNDS}`,
    measures: [
      {
        name: `POST email-invitations, ${CONNECTIONS} connections (median of ${ROUNDS} rounds)`,
        // Each figure is a median of what was measured, not a ratio multiplied back into a rate.
        figure: Math.round(medianOf(vouchRates)),
        unit: 'req/s',
        baseline: {
          name: 'bare Fastify + one prepared INSERT',
          figure: Math.round(ceilingRate),
          unit: 'req/s',
        },
        ratio: median,
        target: 'ratio ≥ 0.5',
        met: median >= 0.5,
      },
      {
        name: "POST email-invitations beside the funnel's own statements, prepared, behind a bare route",
        figure: Math.round(medianOf(vouchRates)),
        unit: 'req/s',
        baseline: {
          name: "bare Fastify + the funnel's ten statements, prepared (the engine's ceiling for this work)",
          figure: Math.round(medianOf(funnelCeilings)),
          unit: 'req/s',
        },
        ratio: medianOf(funnelRatios),
      },
      {
        name: 'email-invitations p99, worst round',
        figure: worstP99,
        unit: 'ms',
        target: 'p99 ≤ 20 ms',
        met: worstP99 <= 20,
      },
      {
        name: 'POST /api/v1/invitations (median ratio to the same ceiling)',
        figure: Math.round(medianOf(nativeRates)),
        unit: 'req/s',
        ratio: medianOf(nativeRatios),
      },
    ],
    notes: [pinned, `failed requests: ${failures}`],
  });
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
