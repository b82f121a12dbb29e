/**
 * A generated file imported end to end into SQLite (read, validate, decide through the funnel, write) by
 * `vouch import`, the compiled command as users run it, in its own process: rows per second beside
 * csv-parse alone reading the same file in the same run, and that process's peak RSS, for 1M rows and,
 * with --rss, for 3M rows too. Builds the command first (npm run build).
 * Run: npx tsx bench/import.ts [rows=1000000] [--rss]   (targets: ratio ≥ 0.35; peak RSS < 250 MB, flat)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';

const root = fileURLToPath(new URL('..', import.meta.url));
const vouchBin = path.join(root, 'bin', 'vouch.js');
const peakRssPreload = path.join(root, 'bench', 'support', 'peak-rss.mjs');

interface ImportRun {
  rows: number;
  accepted: number;
  seconds: number;
  peakRssMb: number;
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

/** One `vouch import` into a fresh data folder; the clock runs around the command, start-up included. */
function importWithCli(file: string): ImportRun {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-import-'));
  const peakFile = path.join(dataDir, 'peak-rss');
  const env = { ...process.env, VOUCH_DATA_DIR: dataDir, VOUCH_BENCH_PEAK_RSS_FILE: peakFile };
  const vouch = (args: string[]) =>
    execFileSync(process.execPath, ['--import', peakRssPreload, vouchBin, ...args], {
      env,
      encoding: 'utf8',
      // Its notes on stderr (migrations applied) would interleave with the figures; a failure still says.
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  vouch(['business', 'create', '--name', 'Bench Shop', '--domain', 'bench-import.example', '--json']);
  const started = performance.now();
  const report = JSON.parse(vouch(['import', '--business', 'bench-import.example', file, '--json'])) as {
    rows: number;
    accepted: number;
  };
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = Number(fs.readFileSync(peakFile, 'utf8')) / 1024 / 1024;
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { rows: report.rows, accepted: report.accepted, seconds, peakRssMb };
}

async function main(): Promise<void> {
  const rows = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 1_000_000);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-files-'));
  const file = path.join(folder, `${rows}.csv`);
  generate(file, rows);
  const size = fs.statSync(file).size;
  await csvParseAlone(file); // warm-up
  const bare = await csvParseAlone(file);
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const vouch = importWithCli(file);
  if (vouch.accepted !== rows) throw new Error(`imported ${vouch.accepted} of ${rows} rows`);
  console.log(
    `${rows.toLocaleString('en-US')} rows, ${(size / 1024 / 1024).toFixed(0)} MB, node ${process.version}`,
  );
  console.log(
    `csv-parse alone:        ${Math.round(bare.rows / bare.seconds).toLocaleString('en-US')} rows/s`,
  );
  console.log(
    `Vouch import to SQLite: ${Math.round(vouch.rows / vouch.seconds).toLocaleString('en-US')} rows/s  (${vouch.seconds.toFixed(1)} s, peak RSS ${vouch.peakRssMb.toFixed(0)} MB)`,
  );
  console.log(
    `ratio Vouch / csv-parse: ${(vouch.rows / vouch.seconds / (bare.rows / bare.seconds)).toFixed(3)}  (target ≥ 0.35)`,
  );
  if (process.argv.includes('--rss')) {
    const big = path.join(folder, `${rows * 3}.csv`);
    generate(big, rows * 3);
    const triple = importWithCli(big);
    console.log(
      `peak RSS: ${vouch.peakRssMb.toFixed(0)} MB for ${rows.toLocaleString('en-US')} rows, ${triple.peakRssMb.toFixed(0)} MB for ${(rows * 3).toLocaleString('en-US')} rows (target < 250 MB, flat)`,
    );
  }
  fs.rmSync(folder, { recursive: true, force: true });
}

await main();
