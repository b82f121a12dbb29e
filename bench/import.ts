/**
 * A generated service file imported end to end by `vouch import` (the compiled command as users run it,
 * in its own process: read, decode, validate, decide through the funnel, write rows and events), beside
 * two baselines measured in the same run on the same database engine:
 * - csv-parse alone streaming the same file;
 * - the engine's ceiling: the same file streamed through csv-parse and its rows, with their first
 *   (`scheduled`) events, written with the fastest plain method the engine has, no validation and no
 *   funnel: one prepared statement per table in a transaction of 5,000 rows on SQLite; `COPY … FROM STDIN`
 *   per 5,000 rows on PostgreSQL (--compare-methods also times multi-row INSERTs and an INSERT from one JSON
 *   parameter of the same rows; the fastest counts).
 * PostgreSQL is a throwaway server started for the run (test/support/postgres-server.ts, fsync off), each
 * measurement in a fresh database; SQLite a fresh file each time.
 * --rss repeats the import with three times the rows (peak RSS flat?); --landing times the landing's
 * latency under a steady load before and during a second import of the file; --scaling also imports
 * 10k and 100k rows for the scaling table. Builds the command first (tsc, under the team's build lock).
 *
 * Run: npx tsx bench/import.ts --engine sqlite|postgres [--rows 1000000] [--rss] [--landing] [--scaling]
 *      [--compare-methods] [--no-build]
 * Targets: Vouch ≥ 0.5 of the ceiling; peak RSS < 250 MB and flat from 1M to 3M rows; landing p99 ≤ 50 ms.
 * bench-runs: --engine sqlite --rows 1000000 --rss --landing --scaling | --engine postgres --rows 1000000 --rss --landing --scaling
 */
import { execFileSync, fork, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import { parse } from 'csv-parse';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { emitResult, type BenchMeasure, type BenchScalingPoint } from './support/result.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const vouchBin = path.join(root, 'bin', 'vouch.js');
const peakRssPreload = path.join(root, 'bench', 'support', 'peak-rss.mjs');
const BATCH = 5000;
const DOMAIN = 'bench-import.example';

type Engine = 'sqlite' | 'postgres';

/** Where one measurement writes: a fresh SQLite file or a fresh PostgreSQL database. */
interface Target {
  env: NodeJS.ProcessEnv;
  sqlitePath?: string;
  postgresUrl?: string;
  cleanup(): Promise<void>;
}

interface Created {
  id: string;
  domain: string;
  uniqueLinkSecret: string;
}

function generate(file: string, rows: number): void {
  const out = fs.openSync(file, 'w');
  let buffer = 'customer email,customer name,reference number\n';
  for (let index = 0; index < rows; index++) {
    buffer += `customer${index}@example.com,Customer Number ${index},ORDER-${1_000_000 + index}\n`;
    if (buffer.length > 1 << 20) {
      fs.writeSync(out, buffer);
      buffer = '';
    }
  }
  fs.writeSync(out, buffer);
  fs.closeSync(out);
}

function records(file: string): AsyncIterable<string[]> {
  return fs
    .createReadStream(file, { highWaterMark: 256 * 1024 })
    .pipe(parse({ from_line: 2 })) as AsyncIterable<string[]>;
}

async function csvParseAlone(file: string): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  let rows = 0;
  for await (const record of records(file)) if (record.length > 0) rows++;
  return { rows, seconds: (performance.now() - started) / 1000 };
}

/** Runs the compiled CLI against a target; its stderr notes (migrations) stay out of the figures. */
function vouch(target: Target, args: string[], extraEnv: NodeJS.ProcessEnv = {}): string {
  return execFileSync(process.execPath, ['--import', peakRssPreload, vouchBin, ...args], {
    env: { ...target.env, ...extraEnv },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** A fresh place to write, migrated and holding the bench's business (made by the CLI, as users do). */
async function freshTarget(
  engine: Engine,
  adminUrl: string | undefined,
): Promise<{ target: Target; business: Created }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-import-'));
  let target: Target;
  if (engine === 'sqlite') {
    target = {
      env: withoutDatabaseUrl({ ...process.env, VOUCH_DATA_DIR: dataDir }),
      sqlitePath: path.join(dataDir, 'vouch.db'),
      cleanup: () => Promise.resolve(fs.rmSync(dataDir, { recursive: true, force: true })),
    };
  } else {
    if (!adminUrl) throw new Error('no PostgreSQL server');
    const name = `bench_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = adminUrl.replace(/\/postgres$/, `/${name}`);
    target = {
      env: { ...process.env, VOUCH_DATA_DIR: dataDir, VOUCH_DATABASE_URL: url },
      postgresUrl: url,
      cleanup: async () => {
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const business = JSON.parse(
    vouch(target, ['business', 'create', '--name', 'Bench Shop', '--domain', DOMAIN, '--json']),
  ) as Created;
  return { target, business };
}

/** The invitation and event rows Vouch writes for a `scheduled` row, in the tables' column order. */
const INVITATION_COLUMNS = [
  'id', 'business_id', 'channel', 'kind', 'label', 'email', 'name', 'reference', 'locale', 'products',
  'tags', 'template_id', 'sender_name', 'sender_email', 'reply_to', 'redirect_uri', 'token', 'import_id',
  'status', 'reason', 'trigger_at', 'send_at', 'due_at', 'lease_owner', 'lease_until', 'attempts',
  'sent_at', 'message_id', 'reminder_sent_at', 'reviewed_at', 'opened_at', 'clicked_at', 'created_at',
  'updated_at',
] as const; // prettier-ignore
const EVENT_COLUMNS = ['invitation_id', 'business_id', 'type', 'at', 'detail'] as const;
type Value = string | number | null;

function rowsFor(
  batch: string[][],
  businessId: string,
  importId: string,
): { invitations: Value[][]; events: Value[][] } {
  const now = Date.now();
  const sendAt = now + 7 * 86_400_000;
  const reason = 'Scheduled 7 days after the trigger.';
  const detail = JSON.stringify({ channel: 'csv', reason, sendAt: new Date(sendAt).toISOString() });
  // Time-ordered ids and tokens as Vouch makes them (see src/clock.ts), random bytes drawn per batch.
  const random = randomBytes(batch.length * 28);
  const time = Buffer.alloc(6);
  time.writeUIntBE(now, 0, 6);
  const timeHex = time.toString('hex');
  const invitations: Value[][] = [];
  const events: Value[][] = [];
  batch.forEach(([email = '', name = '', reference = ''], index) => {
    const hex = random.subarray(index * 28, index * 28 + 10).toString('hex');
    const id = `${timeHex.slice(0, 8)}-${timeHex.slice(8)}-7${hex.slice(1, 4)}-8${hex.slice(5, 8)}-${hex.slice(8, 20)}`;
    const token = `${time.toString('base64url')}${random.subarray(index * 28 + 10, index * 28 + 28).toString('base64url')}`;
    invitations.push([
      id, businessId, 'csv', 'service', 'invited', email.toLowerCase(), name, reference, null, '[]', '[]',
      null, null, null, null, null, token, importId, 'scheduled', reason, now, sendAt, sendAt, null, null, 0,
      null, null, null, null, null, null, now, now,
    ]); // prettier-ignore
    events.push([id, businessId, 'scheduled', now, detail]);
  });
  return { invitations, events };
}

async function* batches(file: string): AsyncGenerator<string[][]> {
  let batch: string[][] = [];
  for await (const record of records(file)) {
    batch.push(record);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** SQLite's ceiling: one prepared statement per table, one transaction per batch, Vouch's pragmas. */
async function sqliteCeiling(file: string, dbPath: string, businessId: string): Promise<number> {
  const db = new SQLite(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 20000');
  db.pragma('foreign_keys = ON');
  const insertInvitation = db.prepare(
    `INSERT INTO invitations (${INVITATION_COLUMNS.join(', ')}) VALUES (${INVITATION_COLUMNS.map(() => '?').join(', ')})`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO invitation_events (${EVENT_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?)`,
  );
  const write = db.transaction((invitations: Value[][], events: Value[][]) => {
    for (const row of invitations) insertInvitation.run(row);
    for (const row of events) insertEvent.run(row);
  });
  const importId = crypto.randomUUID();
  let rows = 0;
  for await (const batch of batches(file)) {
    const { invitations, events } = rowsFor(batch, businessId, importId);
    write(invitations, events);
    rows += batch.length;
  }
  db.close();
  return rows;
}

/** COPY's text format: tab-separated, `\N` for null, backslash escapes. */
function copyLine(row: Value[]): string {
  return `${row
    .map((value) =>
      value === null
        ? '\\N'
        : typeof value === 'number'
          ? String(value)
          : value.replace(
              /[\\\t\n\r]/g,
              (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!,
            ),
    )
    .join('\t')}\n`;
}

async function copyRows(client: pg.Client, table: string, columns: readonly string[], rows: Value[][]) {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  let text = '';
  for (const row of rows) text += copyLine(row);
  await pipeline(Readable.from([text]), stream);
}

async function insertRows(client: pg.Client, table: string, columns: readonly string[], rows: Value[][]) {
  // Under PostgreSQL's 65,535 parameters a statement.
  const perStatement = Math.floor(65_000 / columns.length);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values: Value[] = [];
    const tuples = chunk.map((row) => {
      const base = values.length;
      values.push(...row);
      return `(${row.map((_, index) => `$${base + index + 1}`).join(', ')})`;
    });
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }
}

/** One statement per table and batch: the rows as one JSON parameter, typed by the table's own row type. */
async function jsonRows(client: pg.Client, table: string, columns: readonly string[], rows: Value[][]) {
  const objects = rows.map((row) => Object.fromEntries(columns.map((column, index) => [column, row[index]])));
  const list = columns.join(', ');
  await client.query(
    `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(null::${table}, $1)`,
    [JSON.stringify(objects)],
  );
}

/** PostgreSQL's ceiling: COPY (or multi-row INSERTs) of each batch's rows and events in one transaction. */
async function postgresCeiling(
  file: string,
  url: string,
  businessId: string,
  method: string,
): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const importId = crypto.randomUUID();
  let rows = 0;
  for await (const batch of batches(file)) {
    const { invitations, events } = rowsFor(batch, businessId, importId);
    await client.query('BEGIN');
    const write = method === 'COPY' ? copyRows : method === 'multi-row INSERT' ? insertRows : jsonRows;
    await write(client, 'invitations', INVITATION_COLUMNS, invitations);
    await write(client, 'invitation_events', EVENT_COLUMNS, events);
    await client.query('COMMIT');
    rows += batch.length;
  }
  await client.end();
  return rows;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

interface ImportRun {
  rows: number;
  accepted: number;
  seconds: number;
  peakRssMb: number;
}

/** One `vouch import --json`; the clock runs around the command, start-up included. */
function importWithCli(target: Target, file: string): ImportRun {
  const peakFile = path.join(os.tmpdir(), `vouch-bench-peak-${process.pid}-${Date.now()}`);
  const started = performance.now();
  const report = JSON.parse(
    vouch(target, ['import', '--business', DOMAIN, file, '--json'], { VOUCH_BENCH_PEAK_RSS_FILE: peakFile }),
  ) as { rows: number; accepted: number };
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = Number(fs.readFileSync(peakFile, 'utf8')) / 1024 / 1024;
  fs.rmSync(peakFile, { force: true });
  return { rows: report.rows, accepted: report.accepted, seconds, peakRssMb };
}

/** The same import, not waited for: the landing is loaded while it runs. */
function importInBackground(target: Target, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [vouchBin, 'import', '--business', DOMAIN, file, '--json'], {
      env: target.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
    child.once('exit', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`vouch import exited ${code}: ${errors}`)),
    );
  });
}

/** The child: Vouch's HTTP app on the bench's database, no worker, as `vouch serve --no-worker` runs. */
async function serve(): Promise<void> {
  const { loadConfig } = await import('../src/config.js');
  const { buildApp } = await import('../src/http/app.js');
  const { openRuntime } = await import('../src/runtime.js');
  const runtime = await openRuntime(
    loadConfig({
      VOUCH_DATA_DIR: process.env.VOUCH_DATA_DIR,
      VOUCH_DATABASE_URL: process.env.VOUCH_DATABASE_URL,
      VOUCH_LOG_LEVEL: 'silent',
    }),
  );
  const app = await buildApp(runtime);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  process.send?.(base);
  process.on('message', () => {
    void app
      .close()
      .then(() => runtime.close())
      .then(() => process.exit(0));
  });
}

const LANDING_CONNECTIONS = 10;
const LANDING_RATE = 200;

/** A steady landing load (not a saturating one: customers arrive at their own pace) until stopped. */
function landingLoad(url: string): { stop(): Promise<autocannon.Result> } {
  let finish: (result: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve) => (finish = resolve));
  const tracker = autocannon(
    { url, connections: LANDING_CONNECTIONS, overallRate: LANDING_RATE, duration: 3600 },
    (error, result) => {
      if (error) throw error;
      finish(result);
    },
  );
  return {
    stop: () => {
      tracker.stop();
      return done;
    },
  };
}

async function landingDuringImport(
  engine: Engine,
  adminUrl: string | undefined,
  file: string,
): Promise<{ idle: autocannon.Result; during: autocannon.Result; importSeconds: number }> {
  const { target, business } = await freshTarget(engine, adminUrl);
  const child = fork(fileURLToPath(import.meta.url), ['serve'], {
    env: target.env,
    execArgv: process.execArgv,
  });
  try {
    const base = await new Promise<string>((resolve) =>
      child.once('message', (message) => resolve(message as string)),
    );
    const { buildUniqueLink } = await import('../src/links.js');
    const link = buildUniqueLink({
      baseUrl: base,
      domain: business.domain,
      secret: business.uniqueLinkSecret,
      email: 'jane@example.com',
      name: 'Jane Doe',
      reference: 'ORDER-1001',
    });
    const check = await fetch(link);
    if (check.status !== 200) throw new Error(`landing answered ${check.status}`);
    await check.text();
    // Warm-up: the server's code compiled and its database connections opened before anything is timed.
    const warmUp = landingLoad(link);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await warmUp.stop();
    const idleLoad = landingLoad(link);
    await new Promise((resolve) => setTimeout(resolve, 8000));
    const idle = await idleLoad.stop();
    const duringLoad = landingLoad(link);
    const importSeconds = await importInBackground(target, file);
    const during = await duringLoad.stop();
    return { idle, during, importSeconds };
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
    await target.cleanup();
  }
}

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  delete env.VOUCH_DATABASE_URL;
  return env;
}

/**
 * The compiled command, built under the team's build lock; tsc emits even when a file elsewhere in the
 * tree has a type error, so its exit code is not the bench's concern: a missing dist/ is.
 */
function build(): void {
  spawnSync('flock', ['/tmp/team/build.lock', 'npx', 'tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'ignore',
  });
  if (!fs.existsSync(path.join(root, 'dist', 'cli', 'main.js'))) throw new Error('the build left no dist/');
}

function rate(rows: number, seconds: number): number {
  return Math.round(rows / seconds);
}

const fmt = (n: number) => n.toLocaleString('en-US');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      engine: { type: 'string', default: 'sqlite' },
      rows: { type: 'string', default: '1000000' },
      rss: { type: 'boolean', default: false },
      landing: { type: 'boolean', default: false },
      scaling: { type: 'boolean', default: false },
      'compare-methods': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
    },
  });
  const engine = values.engine as Engine;
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error('--engine sqlite|postgres');
  const rows = Number(values.rows);
  const engineName = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-files-'));
  const server =
    engine === 'postgres'
      ? await (await import('../test/support/postgres-server.js')).startPostgres()
      : undefined;
  const measures: BenchMeasure[] = [];
  const scaling: BenchScalingPoint[] = [];
  const notes: string[] = [];
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    if (!values['no-build']) build();
    const file = path.join(folder, `${rows}.csv`);
    generate(file, rows);
    const size = fs.statSync(file).size;
    console.log(
      `${fmt(rows)} rows, ${(size / 1024 / 1024).toFixed(0)} MB, ${engineName}, node ${process.version}, ${os.cpus().length} cores`,
    );
    await csvParseAlone(file); // warm-up
    const bare = await csvParseAlone(file);
    const bareRate = rate(bare.rows, bare.seconds);
    console.log(`csv-parse alone:                    ${fmt(bareRate)} rows/s`);

    const ceilings: { method: string; rate: number }[] = [];
    for (const method of engine === 'sqlite'
      ? ['prepared statement']
      : values['compare-methods']
        ? ['COPY', 'multi-row INSERT', 'INSERT from JSON']
        : ['COPY']) {
      const { target, business } = await freshTarget(engine, server?.adminUrl);
      const run = await timed(() =>
        engine === 'sqlite'
          ? sqliteCeiling(file, target.sqlitePath!, business.id)
          : postgresCeiling(file, target.postgresUrl!, business.id, method),
      );
      await target.cleanup();
      ceilings.push({ method, rate: rate(run.value, run.seconds) });
      console.log(
        `ceiling (${method}, with events):`.padEnd(36) +
          ` ${fmt(rate(run.value, run.seconds))} rows/s  (${run.seconds.toFixed(1)} s; storage alone ≈ ${fmt(Math.round(run.value / Math.max(0.001, run.seconds - bare.seconds)))} rows/s)`,
      );
    }
    const ceiling = ceilings.reduce((best, next) => (next.rate > best.rate ? next : best));

    const { target, business: _business } = await freshTarget(engine, server?.adminUrl);
    const run = importWithCli(target, file);
    await target.cleanup();
    if (run.accepted !== rows) throw new Error(`imported ${run.accepted} of ${rows} rows`);
    const vouchRate = rate(run.rows, run.seconds);
    const ratio = vouchRate / ceiling.rate;
    console.log(
      `Vouch import to ${engineName}:`.padEnd(36) +
        ` ${fmt(vouchRate)} rows/s  (${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB)`,
    );
    console.log(
      `ratio Vouch / ceiling: ${ratio.toFixed(2)}  (target ≥ 0.5); Vouch / csv-parse ${(vouchRate / bareRate).toFixed(3)}`,
    );
    measures.push(
      {
        name: `Vouch import, ${engineName}, ${fmt(rows)} rows`,
        figure: vouchRate,
        unit: 'rows/s',
        baseline: { name: `ceiling: ${ceiling.method} with events`, figure: ceiling.rate, unit: 'rows/s' },
        ratio,
        target: 'ratio ≥ 0.5',
        met: ratio >= 0.5,
      },
      {
        name: `ceiling (${ceiling.method}), ${engineName}`,
        figure: ceiling.rate,
        unit: 'rows/s',
        baseline: { name: 'csv-parse alone', figure: bareRate, unit: 'rows/s' },
        ratio: ceiling.rate / bareRate,
      },
    );
    for (const other of ceilings.filter((c) => c !== ceiling)) {
      measures.push({
        name: `${other.method} of the same rows, ${engineName}`,
        figure: other.rate,
        unit: 'rows/s',
        baseline: { name: `ceiling: ${ceiling.method} with events`, figure: ceiling.rate, unit: 'rows/s' },
        ratio: other.rate / ceiling.rate,
      });
    }
    scaling.push({
      series: `import, ${engineName}`,
      size: rows,
      unit: 'rows',
      seconds: run.seconds,
      peakRssMb: run.peakRssMb,
    });

    if (values.scaling) {
      for (const smaller of [10_000, 100_000].filter((n) => n < rows)) {
        const small = path.join(folder, `${smaller}.csv`);
        generate(small, smaller);
        const { target: t } = await freshTarget(engine, server?.adminUrl);
        const r = importWithCli(t, small);
        await t.cleanup();
        console.log(
          `  scaling: ${fmt(smaller)} rows in ${r.seconds.toFixed(2)} s, peak RSS ${r.peakRssMb.toFixed(0)} MB`,
        );
        scaling.push({
          series: `import, ${engineName}`,
          size: smaller,
          unit: 'rows',
          seconds: r.seconds,
          peakRssMb: r.peakRssMb,
        });
      }
    }

    let peakRss = run.peakRssMb;
    if (values.rss) {
      const big = path.join(folder, `${rows * 3}.csv`);
      generate(big, rows * 3);
      const { target: t } = await freshTarget(engine, server?.adminUrl);
      const triple = importWithCli(t, big);
      await t.cleanup();
      fs.rmSync(big, { force: true });
      peakRss = Math.max(peakRss, triple.peakRssMb);
      const flat = triple.peakRssMb <= run.peakRssMb * 1.15;
      console.log(
        `peak RSS: ${run.peakRssMb.toFixed(0)} MB for ${fmt(rows)} rows, ${triple.peakRssMb.toFixed(0)} MB for ${fmt(rows * 3)} rows (${rate(triple.rows, triple.seconds)} rows/s)  (target < 250 MB, flat)`,
      );
      scaling.push({
        series: `import, ${engineName}`,
        size: rows * 3,
        unit: 'rows',
        seconds: triple.seconds,
        peakRssMb: triple.peakRssMb,
      });
      measures.push({
        name: `peak RSS of vouch import, ${engineName}, ${fmt(rows * 3)} rows`,
        figure: Math.round(triple.peakRssMb),
        unit: 'MB',
        baseline: { name: `${fmt(rows)} rows`, figure: Math.round(run.peakRssMb), unit: 'MB' },
        ratio: triple.peakRssMb / run.peakRssMb,
        target: '< 250 MB, flat (≤ 1.15×)',
        met: peakRss < 250 && flat,
      });
    } else {
      measures.push({
        name: `peak RSS of vouch import, ${engineName}, ${fmt(rows)} rows`,
        figure: Math.round(run.peakRssMb),
        unit: 'MB',
        target: '< 250 MB',
        met: run.peakRssMb < 250,
      });
    }

    if (values.landing) {
      const { idle, during, importSeconds } = await landingDuringImport(engine, server?.adminUrl, file);
      const line = (name: string, result: autocannon.Result) =>
        `  landing ${name.padEnd(22)} ${result.requests.average.toFixed(0).padStart(5)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  max ${result.latency.max} ms  errors ${result.errors + result.non2xx}`;
      console.log(
        `landing at ${LANDING_RATE} req/s over ${LANDING_CONNECTIONS} connections (import took ${importSeconds.toFixed(1)} s under it):`,
      );
      console.log(line('alone', idle));
      console.log(line(`during ${fmt(rows)}-row import`, during));
      measures.push({
        name: `landing p99 during a ${fmt(rows)}-row import, ${engineName} (${LANDING_RATE} req/s)`,
        figure: during.latency.p99,
        unit: 'ms',
        baseline: { name: 'landing p99, no import', figure: idle.latency.p99, unit: 'ms' },
        ratio: during.latency.p99 / Math.max(1, idle.latency.p99),
        target: 'p99 ≤ 50 ms',
        met: during.latency.p99 <= 50 && during.errors + during.non2xx === 0,
      });
    }
  } finally {
    await server?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
  const loadAfter = os.loadavg()[0] ?? 0;
  notes.push(
    `1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after (${os.cpus().length} cores)`,
  );
  if (engine === 'postgres')
    notes.push('PostgreSQL: a throwaway local server with fsync off (test/support/postgres-server.ts)');
  emitResult({
    bench: `import (${engine})`,
    rerun: `npx tsx bench/import.ts ${process.argv.slice(2).join(' ')}`.trim(),
    measures,
    scaling,
    notes,
  });
}

if (process.argv[2] === 'serve') await serve();
else await main();
