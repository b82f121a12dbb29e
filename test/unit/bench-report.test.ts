import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  END_MARKER,
  START_MARKER,
  discover,
  renderTables,
  replaceSection,
  type ScriptRun,
} from '../../bench/support/run-all.js';
import { parseResults, RESULT_PREFIX, type BenchResult } from '../../bench/support/result.js';

const machine = { cpu: 'Test CPU', cores: 2, node: 'v20.0.0', date: '2026-12-02T19:00:00.000Z', load1: 0.5 };

const importResult: BenchResult = {
  bench: 'import (sqlite)',
  rerun: 'npx tsx bench/import.ts --engine sqlite',
  measures: [
    {
      name: 'Vouch import',
      figure: 60_000,
      unit: 'rows/s',
      baseline: { name: 'ceiling', figure: 100_000, unit: 'rows/s' },
      ratio: 0.6,
      target: 'ratio ≥ 0.5',
      met: true,
    },
  ],
  scaling: [
    { series: 'import, SQLite', size: 10_000, unit: 'rows', seconds: 1, peakRssMb: 100 },
    { series: 'import, SQLite', size: 100_000, unit: 'rows', seconds: 5, peakRssMb: 150 },
  ],
  machine,
};

const runs: ScriptRun[] = [
  {
    script: 'import.ts',
    args: '--engine sqlite',
    status: 'ok',
    seconds: 12,
    results: [importResult],
    machine,
  },
  { script: 'newcomer.ts', args: '', status: 'no result line', seconds: 3, results: [], machine },
];

describe('npm run bench report', () => {
  let folder: string | undefined;
  afterEach(() => {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  it('reads the result lines out of a script output and ignores everything else', () => {
    const output = `figures for people\n${RESULT_PREFIX}${JSON.stringify(importResult)}\nmore text\n`;
    expect(parseResults(output)).toEqual([importResult]);
    expect(parseResults('no result here\n')).toEqual([]);
  });

  it('finds the scripts in the folder with the runs their headers ask for, skipping subfolders and dotfiles', () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-discover-'));
    fs.writeFileSync(
      path.join(folder, 'b.ts'),
      '/**\n * bench-runs: --engine sqlite | --engine postgres\n */\n',
    );
    fs.writeFileSync(path.join(folder, 'a.ts'), '// no runs declared\n');
    fs.writeFileSync(path.join(folder, '.hidden.ts'), '');
    fs.mkdirSync(path.join(folder, 'support'));
    fs.writeFileSync(path.join(folder, 'support', 'helper.ts'), '');
    expect(discover(folder)).toEqual([
      { script: 'a.ts', runs: [''] },
      { script: 'b.ts', runs: ['--engine sqlite', '--engine postgres'] },
    ]);
  });

  it('writes figures beside their baselines, how cost grows, and the scripts that gave no result', () => {
    const tables = renderTables(runs);
    expect(tables).toContain(
      '| import (sqlite) | Vouch import | 60,000 rows/s | ceiling: 100,000 rows/s | 0.60 | ratio ≥ 0.5 | **yes** |',
    );
    // 10× the rows in 5× the time: cost per row fell to half.
    expect(tables).toContain('| import, SQLite | 100,000 rows | 5.0 s | 50.0 µs | 0.50 | 150 MB |');
    expect(tables).toContain('- `bench/newcomer.ts`: no result line');
    expect(tables).toContain('Test CPU, 2 cores');
  });

  it('replaces only the generated section and keeps the prose around it', () => {
    const first = replaceSection('# Benchmarks\n\nIntro.\n\n## Links\n\nHistory.\n', 'TABLES ONE');
    expect(first).toBe(
      `# Benchmarks\n\nIntro.\n\n## Latest figures (generated)\n\n${START_MARKER}\n\nTABLES ONE\n\n${END_MARKER}\n\n## Links\n\nHistory.\n`,
    );
    const second = replaceSection(first, 'TABLES TWO');
    expect(second).toBe(first.replace('TABLES ONE', 'TABLES TWO'));
  });
});
