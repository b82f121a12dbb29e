/**
 * The dashboard's cost against a business's history: the overview and the invitations list for a business
 * with a small history (10k invitations, 1k reviews) and one with a long history (1M invitations, 100k
 * reviews), on SQLite and on PostgreSQL. Both businesses invite at the same pace (100 invitations a day,
 * every 10th reviewed): the large one has simply been at it for longer, so a page whose cost does not grow
 * with the history answers in the same time. Target: each page's p50 at the large size is at most 2× its
 * p50 at the small size (the baseline, measured in the same run).
 *
 *   npx tsx bench/dashboard.ts [--engine sqlite|postgres|both] [--small 10000] [--large 1000000] [--requests 40]
 *
 * Rows are generated inside the database (a recursive CTE on SQLite, generate_series on PostgreSQL): the
 * fastest way to a large history, and not what is measured. Pages are fetched over HTTP on loopback, one at
 * a time, by a user logged in through the login form, so the figure is the page's own latency.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { openRuntime } from '../src/runtime.js';
import { emitResult, type BenchMeasure } from './support/result.js';

type Engine = 'sqlite' | 'postgres';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The pace of both businesses: the large one's history is longer, not busier. */
const PER_DAY = 100;
const PASSWORD = 'bench password, long enough';
const PAGES = [
  { name: 'overview (30 days)', path: '' },
  { name: 'overview (90 days)', path: '?days=90' },
  { name: 'invitations list', path: '/invitations' },
  { name: 'invitations, status filter', path: '/invitations?status=failed' },
] as const;

/** The same rows on both engines; `{seq}` is the row number from 1 (newest) to `count`. */
function invitationSelect(engine: Engine): string {
  const hex = (width: number) =>
    engine === 'sqlite' ? `printf('%0${width}x', n)` : `lpad(to_hex(n), ${width}, '0')`;
  const cat = (...parts: string[]) => parts.join(' || ');
  return `SELECT ${cat(hex(8), `'-0000-7000-8000-'`, hex(12))}, $business,
      CASE n % 5 WHEN 0 THEN 'csv' WHEN 1 THEN 'api' WHEN 2 THEN 'afs' WHEN 3 THEN 'shopify' ELSE 'manual' END,
      'service', CASE WHEN n % 5 IN (0, 4) THEN 'invited' ELSE 'verified' END,
      ${cat(`'c'`, 'n', `'@customer.example'`)}, ${cat(`'Customer '`, 'n')}, ${cat(`'ORD-'`, 'n')}, NULL, '[]', '[]',
      NULL, NULL, NULL, NULL, NULL, ${cat(`'tok'`, 'n')}, NULL,
      CASE WHEN n % 50 = 0 THEN 'failed' WHEN n % 97 = 0 THEN 'cancelled' WHEN n <= 30 THEN 'scheduled' ELSE 'sent' END,
      CASE WHEN n % 50 = 0 THEN 'The mail server refused the message: 550 no such user' END,
      t, t, CASE WHEN n <= 30 THEN t + ${DAY_MS} END, NULL, NULL, 0,
      CASE WHEN n % 50 <> 0 AND n % 97 <> 0 AND n > 30 THEN t + 60000 END, NULL, NULL,
      CASE WHEN n % 10 = 0 THEN t + ${DAY_MS} END,
      CASE WHEN n % 3 = 0 THEN t + 3600000 END, CASE WHEN n % 6 = 0 THEN t + 7200000 END, t, t`;
}

const INVITATION_COLUMNS = `id, business_id, channel, kind, label, email, name, reference, locale, products, tags,
  template_id, sender_name, sender_email, reply_to, redirect_uri, token, import_id, status, reason, trigger_at,
  send_at, due_at, lease_owner, lease_until, attempts, sent_at, message_id, reminder_sent_at, reviewed_at,
  opened_at, clicked_at, created_at, updated_at`;

function seedStatements(engine: Engine, count: number, now: number): string[] {
  const rows =
    engine === 'sqlite'
      ? `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count}),
         rows AS (SELECT n, ${now} - (n * ${DAY_MS} / ${PER_DAY}) AS t FROM seq)`
      : `WITH rows AS (SELECT n, ${now}::bigint - (n::bigint * ${DAY_MS} / ${PER_DAY}) AS t
           FROM generate_series(1, ${count}) AS n)`;
  return [
    `${rows} INSERT INTO invitations (${INVITATION_COLUMNS}) ${invitationSelect(engine)} FROM rows`,
    `INSERT INTO invitation_events (invitation_id, business_id, type, at, detail)
       SELECT id, business_id, 'sent', sent_at, NULL FROM invitations WHERE sent_at IS NOT NULL`,
    `INSERT INTO invitation_events (invitation_id, business_id, type, at, detail)
       SELECT id, business_id, 'failed', created_at, NULL FROM invitations WHERE status = 'failed'`,
    `INSERT INTO reviews (id, business_id, invitation_id, label, source, email, name, reference, rating, title,
       text, products, locale, status, confirm_token_hash, confirm_expires_at, created_at, updated_at, published_at)
     SELECT ${engine === 'sqlite' ? `'r' || substr(id, 2)` : `'r' || substr(id, 2)`}, business_id, id, label, 'invitation',
       email, name, reference, 1 + (length(reference) % 5), 'Good', 'Quick delivery, as described.', '[]',
       'en-US', 'published', NULL, NULL, reviewed_at, reviewed_at, reviewed_at
     FROM invitations WHERE reviewed_at IS NOT NULL`,
  ].map((sql) => sql.replaceAll('$business', `'${BUSINESS_PLACEHOLDER}'`));
}

const BUSINESS_PLACEHOLDER = '@@business@@';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

interface Setup {
  base: string;
  domain: string;
  cookie: string;
  close(): Promise<void>;
}

async function setUp(engine: Engine, count: number, adminUrl: string | undefined): Promise<Setup> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-dashboard-'));
  let databaseUrl = `sqlite:${path.join(dataDir, 'vouch.db')}`;
  if (engine === 'postgres') {
    const name = `bench_dashboard_${count}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    databaseUrl = adminUrl!.replace(/\/postgres$/, `/${name}`);
  }
  const runtime = await openRuntime(
    loadConfig({
      VOUCH_DATA_DIR: dataDir,
      VOUCH_DATABASE_URL: databaseUrl,
      PORT: '0',
      VOUCH_LOGIN_LIMIT_PER_ADDRESS: '0',
    }),
  );
  const business = await runtime.businesses.create({ name: 'Bench Shop', domain: `bench${count}.example` });
  await runtime.accounts.createUser({
    email: 'owner@bench.example',
    password: PASSWORD,
    business: business.domain,
    role: 'owner',
  });
  const started = Date.now();
  const statements = seedStatements(engine, count, Date.now()).map((sql) =>
    sql.replaceAll(`'${BUSINESS_PLACEHOLDER}'`, `'${business.id}'`),
  );
  if (engine === 'sqlite') {
    const db = new SQLite(path.join(dataDir, 'vouch.db'));
    db.pragma('journal_mode = WAL');
    db.transaction(() => statements.forEach((sql) => db.exec(sql)))();
    db.exec('ANALYZE');
    db.close();
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    for (const sql of statements) await client.query(sql);
    await client.query('ANALYZE');
    await client.end();
  }
  console.log(
    `  seeded ${count.toLocaleString('en-US')} invitations on ${engine} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );

  const app = await buildApp(runtime);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // Log in as a browser would: the login form's CSRF cookie and token, then the session cookie.
  const form = await fetch(`${base}/login`);
  const csrfCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      _csrf: token,
      email: 'owner@bench.example',
      password: PASSWORD,
      next: '/app/',
    }),
  });
  const session = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (login.status !== 303 || !session.startsWith('vouch_session='))
    throw new Error(`login failed: ${login.status}`);
  return {
    base,
    domain: business.domain,
    cookie: `${csrfCookie}; ${session}`,
    close: async () => {
      await app.close();
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The p50 and p99 of `requests` sequential fetches of a page, after a warm-up. */
async function timePage(
  setup: Setup,
  pagePath: string,
  requests: number,
): Promise<{ p50: number; p99: number }> {
  const url = `${setup.base}/app/${setup.domain}${pagePath}`;
  const fetchOnce = async () => {
    const started = process.hrtime.bigint();
    const response = await fetch(url, { headers: { cookie: setup.cookie } });
    await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let i = 0; i < 5; i++) await fetchOnce();
  const times: number[] = [];
  for (let i = 0; i < requests; i++) times.push(await fetchOnce());
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      engine: { type: 'string', default: 'both' },
      small: { type: 'string', default: '10000' },
      large: { type: 'string', default: '1000000' },
      requests: { type: 'string', default: '40' },
    },
  });
  const engines: Engine[] = values.engine === 'both' ? ['sqlite', 'postgres'] : [values.engine as Engine];
  const sizes = [Number(values.small), Number(values.large)] as const;
  const requests = Number(values.requests);
  const server = engines.includes('postgres')
    ? await (await import('../test/support/postgres-server.js')).startPostgres()
    : undefined;
  const measures: BenchMeasure[] = [];
  try {
    for (const engine of engines) {
      const timings = new Map<string, { p50: number; p99: number }[]>();
      for (const size of sizes) {
        const setup = await setUp(engine, size, server?.adminUrl);
        try {
          for (const page of PAGES) {
            const timing = await timePage(setup, page.path, requests);
            timings.set(page.name, [...(timings.get(page.name) ?? []), timing]);
          }
        } finally {
          await setup.close();
        }
      }
      console.log(
        `\n${engine}: p50 (p99) in ms, ${sizes[0].toLocaleString('en-US')} vs ${sizes[1].toLocaleString('en-US')} invitations`,
      );
      for (const page of PAGES) {
        const [small, large] = timings.get(page.name) ?? [];
        if (!small || !large) continue;
        const ratio = large.p50 / small.p50;
        console.log(
          `  ${page.name.padEnd(30)} ${small.p50.toFixed(1).padStart(7)} (${small.p99.toFixed(1)})  ${large.p50
            .toFixed(1)
            .padStart(
              7,
            )} (${large.p99.toFixed(1)})  ratio ${ratio.toFixed(2)} ${ratio <= 2 ? 'met' : 'NOT met'}`,
        );
        measures.push({
          name: `${page.name}, ${engine}, p50 at ${sizes[1].toLocaleString('en-US')}`,
          figure: Number(large.p50.toFixed(2)),
          unit: 'ms',
          baseline: {
            name: `p50 at ${sizes[0].toLocaleString('en-US')}`,
            figure: Number(small.p50.toFixed(2)),
            unit: 'ms',
          },
          ratio: Number(ratio.toFixed(2)),
          target: 'ratio ≤ 2',
          met: ratio <= 2,
        });
      }
    }
  } finally {
    await server?.stop();
  }
  emitResult({
    bench: 'dashboard',
    rerun: `npx tsx bench/dashboard.ts --engine ${values.engine} --small ${values.small} --large ${values.large}`,
    measures,
    notes: [
      `Both businesses invite ${PER_DAY} a day, every 10th reviewed; the large one has a longer history. Pages fetched one at a time over loopback by a logged-in user.`,
    ],
  });
}

await main();
