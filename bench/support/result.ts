/**
 * The one machine-readable line a bench script ends with, for `npm run bench` (bench/support/run-all.ts)
 * to collect: `BENCH_RESULT {json}` on stdout. A script prints its figures for people as before and calls
 * `emitResult` once at the end; a script that never calls it is reported as "no result line".
 */
import os from 'node:os';

export const RESULT_PREFIX = 'BENCH_RESULT ';

/** One figure beside the baseline measured in the same run. */
export interface BenchMeasure {
  /** What was measured, as a table row names it. */
  name: string;
  figure: number;
  /** `rows/s`, `msg/s`, `req/s`, `ops/s`, `ms`, `MB`. */
  unit: string;
  baseline?: { name: string; figure: number; unit: string } | undefined;
  /** figure / baseline, or whatever ratio the target speaks of. */
  ratio?: number | undefined;
  /** As people read it: `ratio ≥ 0.5`, `p99 ≤ 50 ms`, `< 250 MB`. */
  target?: string | undefined;
  met?: boolean | undefined;
}

/** One size of a scaling series: how time and memory grow with the work. */
export interface BenchScalingPoint {
  series: string;
  size: number;
  /** `rows`, `messages`, `invitations`. */
  unit: string;
  seconds: number;
  peakRssMb?: number | undefined;
}

export interface BenchResult {
  /** The script and its arguments' gist: `import (postgres)`. */
  bench: string;
  /** The command that reruns exactly this. */
  rerun: string;
  measures: BenchMeasure[];
  scaling?: BenchScalingPoint[] | undefined;
  /** Anything a reader needs beside the figures (host load, what the baseline is). */
  notes?: string[] | undefined;
  machine?: MachineFacts | undefined;
}

export interface MachineFacts {
  cpu: string;
  cores: number;
  node: string;
  date: string;
  /** The 1-minute load average when the result was emitted: above the core count, the host was busy. */
  load1: number;
}

export function machineFacts(): MachineFacts {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    date: new Date().toISOString(),
    load1: Number(os.loadavg()[0]?.toFixed(2) ?? 0),
  };
}

export function emitResult(result: BenchResult): void {
  console.log(`${RESULT_PREFIX}${JSON.stringify({ ...result, machine: result.machine ?? machineFacts() })}`);
}

/** The result lines in a script's output; the runner reads them back. */
export function parseResults(output: string): BenchResult[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith(RESULT_PREFIX))
    .map((line) => JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult);
}
