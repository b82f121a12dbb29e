/**
 * A generated file imported end to end into SQLite (read, validate, decide through the funnel, write),
 * rows per second beside csv-parse alone reading the same file in the same run, and the importing
 * process's peak RSS, for 1M rows and, with --rss, for 3M rows too.
 * Run: npx tsx bench/import.ts [rows=1000000] [--rss]   (targets: ratio ≥ 0.35; peak RSS < 250 MB, flat)
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { loadConfig } from '../src/config.js';
import { openRuntime } from '../src/runtime.js';

interface ChildResult {
  rows: number;
  accepted: number;
  seconds: number;
  maxRssMb: number;
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

async function csvParseAlone(file: string): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  let rows = 0;
  const parser = fs.createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(parse({ from_line: 2 }));
  for await (const record of parser as AsyncIterable<string[]>) if (record.length > 0) rows++;
  return { rows, seconds: (performance.now() - started) / 1000 };
}

/** The child: one import into a fresh SQLite database, then its own peak RSS. */
async function importInChild(file: string): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-import-'));
  const runtime = await openRuntime(loadConfig({ VOUCH_DATA_DIR: dataDir }));
  const business = await runtime.businesses.create({ name: 'Bench Shop', domain: 'bench-import.example' });
  const started = performance.now();
  const report = await runtime.imports.run(business.domain, file);
  const seconds = (performance.now() - started) / 1000;
  await runtime.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const result: ChildResult = {
    rows: report.rows,
    accepted: report.accepted,
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.send?.(result);
}

function runChild(file: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['child', file], { execArgv: process.execArgv });
    child.once('message', (message) => resolve(message as ChildResult));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`import child exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const rows = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 1_000_000);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-files-'));
  const file = path.join(folder, `${rows}.csv`);
  generate(file, rows);
  const size = fs.statSync(file).size;
  await csvParseAlone(file); // warm-up
  const bare = await csvParseAlone(file);
  const vouch = await runChild(file);
  if (vouch.accepted !== rows) throw new Error(`imported ${vouch.accepted} of ${rows} rows`);
  console.log(
    `${rows.toLocaleString('en-US')} rows, ${(size / 1024 / 1024).toFixed(0)} MB, node ${process.version}`,
  );
  console.log(
    `csv-parse alone:        ${Math.round(bare.rows / bare.seconds).toLocaleString('en-US')} rows/s`,
  );
  console.log(
    `Vouch import to SQLite: ${Math.round(vouch.rows / vouch.seconds).toLocaleString('en-US')} rows/s  (${vouch.seconds.toFixed(1)} s, peak RSS ${vouch.maxRssMb.toFixed(0)} MB)`,
  );
  console.log(
    `ratio Vouch / csv-parse: ${(vouch.rows / vouch.seconds / (bare.rows / bare.seconds)).toFixed(3)}  (target ≥ 0.35)`,
  );
  if (process.argv.includes('--rss')) {
    const big = path.join(folder, `${rows * 3}.csv`);
    generate(big, rows * 3);
    const triple = await runChild(big);
    console.log(
      `peak RSS: ${vouch.maxRssMb.toFixed(0)} MB for ${rows.toLocaleString('en-US')} rows, ${triple.maxRssMb.toFixed(0)} MB for ${(rows * 3).toLocaleString('en-US')} rows (target < 250 MB, flat)`,
    );
  }
  fs.rmSync(folder, { recursive: true, force: true });
}

if (process.argv[2] === 'child') await importInChild(process.argv[3] ?? '');
else await main();
