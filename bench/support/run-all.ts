/**
 * `npm run bench`: runs every script directly under bench/ (found in the folder, not listed here), reads
 * the `BENCH_RESULT {json}` line each prints (bench/support/result.ts), and writes the tables of
 * docs/benchmarks.md between its generated-section markers; the prose around them is kept.
 *
 * A script runs once with no arguments, or once per argument set its header names on a line
 * `bench-runs: <args> | <args>` (bench/import.ts runs once per engine). A script that exits without a
 * result line, fails or runs out of time is reported as such; the others' figures are still written.
 * Results are kept in docs/benchmarks-results.json, so `--only import` reruns one script and rewrites the
 * tables with the others' last figures.
 *
 * Run: npm run bench [-- --only import,links] [--timeout-minutes 40]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import { machineFacts, parseResults, type BenchResult, type MachineFacts } from './result.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const benchDir = path.join(root, 'bench');
const reportFile = path.join(root, 'docs', 'benchmarks.md');
const resultsFile = path.join(root, 'docs', 'benchmarks-results.json');
export const START_MARKER = '<!-- bench:generated:start (written by npm run bench; edits here are lost) -->';
export const END_MARKER = '<!-- bench:generated:end -->';

export interface ScriptRun {
  script: string;
  args: string;
  status: 'ok' | 'no result line' | 'failed' | 'timed out';
  detail?: string | undefined;
  seconds: number;
  results: BenchResult[];
  machine: MachineFacts;
}

/** The scripts under bench/ (not its subfolders) and the argument sets each asks to run with. */
export function discover(folder: string): { script: string; runs: string[] }[] {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && /\.(ts|mts|js|mjs)$/.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((script) => {
      const header = fs.readFileSync(path.join(folder, script), 'utf8').slice(0, 8000);
      const declared = /^\s*\*?\s*bench-runs:(.*)$/m.exec(header)?.[1];
      const runs = declared ? declared.split('|').map((args) => args.trim()) : [''];
      return { script, runs };
    });
}

function runScript(script: string, args: string, timeoutMs: number): Promise<ScriptRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const argv = args ? args.split(/\s+/) : [];
    const child = spawn('npx', ['tsx', path.join('bench', script), ...argv], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4000);
      process.stderr.write(chunk);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The script's own children (servers, load generators) go with it: the whole process group.
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      let results: BenchResult[] = [];
      let detail: string | undefined;
      try {
        results = parseResults(output);
      } catch (error) {
        detail = `unreadable result line: ${String(error)}`;
      }
      const status: ScriptRun['status'] = timedOut
        ? 'timed out'
        : code !== 0
          ? 'failed'
          : results.length === 0
            ? 'no result line'
            : 'ok';
      if (status === 'failed') detail = `exit ${code}: ${lastLine(errors)}`;
      resolve({ script, args, status, detail, seconds, results, machine: machineFacts() });
    });
  });
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines.findLast((line) => /error/i.test(line)) ?? lines.at(-1) ?? '').slice(0, 200);
}

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const cell = (text: string) => text.replaceAll('|', '\\|');
const figure = (value: number, unit: string) =>
  `${number(value, Math.abs(value) < 10 && !Number.isInteger(value) ? 2 : 0)} ${unit}`;

/** The generated section: runs, figures beside their baselines, and how cost grows with size. */
export function renderTables(runs: ScriptRun[]): string {
  const out: string[] = [];
  const machines = [...new Set(runs.map(({ machine }) => `${machine.cpu}, ${machine.cores} cores`))];
  out.push(
    `Written by \`npm run bench\` from the runs below (machine: ${machines.join('; ')}). Each figure's baseline`,
    'was measured in the same run of the same script. A 1-minute load average above the core count means',
    'the host was busy (other work shared the cores), which moves both sides of a ratio but not equally.',
    '',
    '### Runs',
    '',
    '| script | arguments | status | took | Node | date (UTC) | load before → at end | rerun |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const run of runs) {
    const result = run.results[0];
    const rerun = result?.rerun ?? `npx tsx bench/${run.script} ${run.args}`.trim();
    const loadNote = result?.notes?.find((note) => note.startsWith('1-minute load'));
    const load = loadNote
      ? (/average ([\d.]+) before, ([\d.]+) after/.exec(loadNote)?.slice(1, 3).join(' → ') ?? '')
      : String(result?.machine?.load1 ?? run.machine.load1);
    out.push(
      `| ${run.script} | ${cell(run.args || '(defaults)')} | ${run.status}${run.detail ? `: ${cell(run.detail)}` : ''} | ${number(run.seconds)} s | ${run.machine.node} | ${run.machine.date.slice(0, 16).replace('T', ' ')} | ${load} | \`${cell(rerun)}\` |`,
    );
  }
  out.push(
    '',
    '### Figures',
    '',
    '| bench | measured | figure | baseline, same run | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const run of runs) {
    for (const result of run.results) {
      for (const measure of result.measures) {
        const baseline = measure.baseline
          ? `${cell(measure.baseline.name)}: ${figure(measure.baseline.figure, measure.baseline.unit)}`
          : '';
        const met = measure.met === undefined ? '' : measure.met ? '**yes**' : '**no**';
        out.push(
          `| ${cell(result.bench)} | ${cell(measure.name)} | ${figure(measure.figure, measure.unit)} | ${baseline} | ${measure.ratio === undefined ? '' : number(measure.ratio, 2)} | ${cell(measure.target ?? '')} | ${met} |`,
        );
      }
    }
  }
  const notes = runs.flatMap((run) =>
    run.results.flatMap((result) => (result.notes ?? []).map((note) => `- ${result.bench}: ${note}`)),
  );
  if (notes.length > 0) out.push('', ...notes);

  const points = runs.flatMap((run) => run.results.flatMap((result) => result.scaling ?? []));
  if (points.length > 0) {
    out.push(
      '',
      '### Scaling',
      '',
      'Time and peak memory by size, each size a run of its own. "× time per × size" compares each size with',
      'the one before it: 1.0 means cost grows in proportion to the work; more means it grows faster.',
      '',
      '| series | size | time | per unit | × time per × size | peak RSS |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    const series = [...new Set(points.map((point) => point.series))];
    for (const name of series) {
      const sorted = points.filter((point) => point.series === name).sort((a, b) => a.size - b.size);
      sorted.forEach((point, index) => {
        const before = sorted[index - 1];
        const growth = before ? number(point.seconds / before.seconds / (point.size / before.size), 2) : '';
        out.push(
          `| ${cell(name)} | ${number(point.size)} ${point.unit} | ${number(point.seconds, 1)} s | ${number((point.seconds / point.size) * 1e6, 1)} µs | ${growth} | ${point.peakRssMb === undefined ? '' : `${number(point.peakRssMb)} MB`} |`,
        );
      });
    }
  }
  const missing = runs.filter((run) => run.status !== 'ok');
  if (missing.length > 0) {
    out.push('', 'Scripts without figures in this report:', '');
    for (const run of missing) {
      out.push(
        `- \`bench/${run.script}${run.args ? ` ${run.args}` : ''}\`: ${run.status}${run.detail ? ` (${run.detail})` : ''}`,
      );
    }
  }
  return out.join('\n');
}

/** The report with its generated section replaced (or, the first time, put after the opening paragraph). */
export function replaceSection(report: string, tables: string): string {
  const section = `${START_MARKER}\n\n${tables}\n\n${END_MARKER}`;
  const start = report.indexOf(START_MARKER);
  const end = report.indexOf(END_MARKER);
  if (start !== -1 && end > start) {
    return report.slice(0, start) + section + report.slice(end + END_MARKER.length);
  }
  const firstSection = report.indexOf('\n## ');
  const at = firstSection === -1 ? report.length : firstSection + 1;
  return `${report.slice(0, at)}## Latest figures (generated)\n\n${section}\n\n${report.slice(at)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      'timeout-minutes': { type: 'string', default: '45' },
    },
  });
  const only = values.only?.split(',').map((name) => name.replace(/\.ts$/, ''));
  const timeoutMs = Number(values['timeout-minutes']) * 60_000;
  const kept: ScriptRun[] = fs.existsSync(resultsFile)
    ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as ScriptRun[])
    : [];
  const scripts = discover(benchDir);
  const fresh: ScriptRun[] = [];
  // Fresh runs replace the kept ones of the same script and arguments; scripts gone from bench/ drop out.
  const present = new Set(scripts.map(({ script }) => script));
  const key = (run: ScriptRun) => `${run.script} ${run.args}`;
  // Written as the project's formatter would write them, so the format check stays green.
  const formatted = async (file: string, text: string) =>
    prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
  // After every script, so a run cut short keeps the figures it has.
  const write = async () => {
    const freshKeys = new Set(fresh.map(key));
    const all = [...kept.filter((run) => present.has(run.script) && !freshKeys.has(key(run))), ...fresh].sort(
      (a, b) => key(a).localeCompare(key(b)),
    );
    fs.writeFileSync(resultsFile, await formatted(resultsFile, JSON.stringify(all)));
    const report = replaceSection(fs.readFileSync(reportFile, 'utf8'), renderTables(all));
    fs.writeFileSync(reportFile, await formatted(reportFile, report));
  };
  for (const { script, runs } of scripts) {
    if (only && !only.includes(script.replace(/\.[mc]?[tj]s$/, ''))) continue;
    for (const args of runs) {
      console.log(`\n=== bench/${script} ${args} (load ${os.loadavg()[0]?.toFixed(2)}) ===`);
      fresh.push(await runScript(script, args, timeoutMs));
      await write();
    }
  }
  await write();
  console.log(`\n${path.relative(root, reportFile)} written:`);
  for (const run of fresh)
    console.log(`  bench/${run.script} ${run.args}: ${run.status}${run.detail ? ` (${run.detail})` : ''}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
