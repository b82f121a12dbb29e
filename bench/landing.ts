/**
 * GET of a valid Unique-Link landing (the business and its secrets read from SQLite, the link verified,
 * the customer's earlier review looked up, the localised form rendered) beside a bare Fastify hello-world
 * route, same machine, same run, both served by one child process and loaded by autocannon. The two are
 * measured in alternating rounds, and each round's ratio compares neighbours in time: on a shared virtual
 * machine the hello-world figure alone moves by a third from one minute to the next.
 * The servers run on core 0 and the load generator on core 1 (`taskset`, where there are two cores or
 * more), so neither steals the other's time and the figure does not depend on how the two happen to share.
 * Run: npx tsx bench/landing.ts [seconds=8] [connections=50] [rounds=3]   (target: ratio ≥ 0.2, p99 ≤ 20 ms)
 */
import { execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { buildUniqueLink } from '../src/links.js';
import { openRuntime } from '../src/runtime.js';
import { emitResult } from './support/result.js';

const SECONDS = Number(process.argv[2] ?? 8);
const CONNECTIONS = Number(process.argv[3] ?? 50);
const ROUNDS = Number(process.argv[4] ?? 3);

interface Targets {
  hello: string;
  landing: string;
  sameBytes: string;
}

/** The child: both servers, so they share one process and the load generator runs apart from them. */
async function serve(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-landing-'));
  const runtime = await openRuntime(loadConfig({ VOUCH_DATA_DIR: dataDir, VOUCH_LOG_LEVEL: 'silent' }));
  const business = await runtime.businesses.create({ name: 'Bench Bakery', domain: 'bench.example' });
  const app = await buildApp(runtime);
  // For scale only: the landing's own bytes and headers through the same app and hooks, with no link to
  // check, no database and no rendering. What the landing costs beyond this is its own work.
  let landingPage = '';
  app.get('/bench/same-bytes', (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(landingPage),
  );
  const landingBase = await app.listen({ host: '127.0.0.1', port: 0 });
  const bare = Fastify({ logger: false });
  bare.get('/hello', () => 'hello world');
  const helloBase = await bare.listen({ host: '127.0.0.1', port: 0 });
  const link = buildUniqueLink({
    baseUrl: landingBase,
    domain: business.domain,
    secret: business.uniqueLinkSecret,
    email: 'jane@example.com',
    name: 'Jane Doe',
    reference: 'ORDER-1001',
  });
  landingPage = await (await fetch(link)).text();
  const targets: Targets = {
    hello: `${helloBase}/hello`,
    landing: link,
    sameBytes: `${landingBase}/bench/same-bytes`,
  };
  process.send?.(targets);
  process.on('message', () => {
    void Promise.all([app.close(), bare.close()])
      .then(() => runtime.close())
      .then(() => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
  });
}

function load(url: string, duration: number): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration, pipelining: 1 });
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['serve'], { execArgv: process.execArgv });
  const pinned = pin(child.pid);
  const targets = await new Promise<Targets>((resolve) =>
    child.once('message', (message) => resolve(message as Targets)),
  );
  const check = await fetch(targets.landing);
  const body = await check.text();
  if (check.status !== 200 || !body.includes('name="rating"'))
    throw new Error(`landing answered ${check.status}`);

  await load(targets.hello, 2);
  await load(targets.landing, 2);
  const line = (name: string, result: autocannon.Result) =>
    `  ${name.padEnd(34)} ${result.requests.average.toFixed(0).padStart(7)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   errors ${result.errors + result.non2xx}`;
  console.log(
    `${CONNECTIONS} connections, ${SECONDS} s each, ${ROUNDS} rounds, node ${process.version}, ${os.cpus().length} cores, ${pinned}`,
  );
  const ratios: number[] = [];
  const hellos: number[] = [];
  let worstP99 = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const hello = await load(targets.hello, SECONDS);
    const landing = await load(targets.landing, SECONDS);
    const sameBytes = await load(targets.sameBytes, SECONDS);
    const ratio = landing.requests.average / hello.requests.average;
    ratios.push(ratio);
    hellos.push(hello.requests.average);
    worstP99 = Math.max(worstP99, landing.latency.p99);
    console.log(`round ${round}: ratio landing / hello ${ratio.toFixed(2)}`);
    console.log(line('bare Fastify hello-world', hello));
    console.log(line('Unique-Link landing (form)', landing));
    console.log(line('(scale) its bytes, no work', sameBytes));
  }
  child.send('stop');
  const sorted = [...ratios].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const medianHello = [...hellos].sort((a, b) => a - b)[Math.floor(hellos.length / 2)] ?? 0;
  console.log(
    `ratio landing / hello: median ${median.toFixed(2)}, lowest ${(sorted[0] ?? 0).toFixed(2)}; landing p99 at most ${worstP99} ms  (target ≥ 0.2, p99 ≤ 20 ms)`,
  );
  emitResult({
    bench: 'landing',
    rerun: `npx tsx bench/landing.ts ${SECONDS} ${CONNECTIONS} ${ROUNDS}`,
    measures: [
      {
        name: `Unique-Link landing, ${CONNECTIONS} connections (median of ${ROUNDS} rounds)`,
        figure: Math.round(median * medianHello),
        unit: 'req/s',
        baseline: { name: 'bare Fastify hello-world', figure: Math.round(medianHello), unit: 'req/s' },
        ratio: median,
        target: 'ratio ≥ 0.2',
        met: median >= 0.2,
      },
      {
        name: 'landing p99, worst round',
        figure: worstP99,
        unit: 'ms',
        target: 'p99 ≤ 20 ms',
        met: worstP99 <= 20,
      },
    ],
    notes: [pinned],
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
