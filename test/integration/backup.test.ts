import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { Runtime } from '../../src/runtime.js';
import { openTestRuntime, type TestDatabase } from '../support/engines.js';

function captureIo(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { env, out: (text: string) => out.push(text), err: (text: string) => err.push(text) },
    out,
    err,
  };
}

describe('vouch backup', () => {
  let runtime: Runtime;
  let database: TestDatabase;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openTestRuntime('sqlite');
    runtime = opened.runtime;
    database = opened.database;
    close = () => opened.close();
  });
  afterAll(() => close());

  it('copies the SQLite database while it is being written, whole and consistent', async () => {
    for (let i = 0; i < 20; i++) {
      await runtime.businesses.create({ name: `Before ${i}`, domain: `before-${i}.example` });
    }
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await runtime.businesses.create({ name: 'During', domain: `during-${written++}.example` });
        // SQLite answers without I/O waits; yield, as a server between requests does.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const to = path.join(database.dataDir, 'backup.db');
    const { io, out, err } = captureIo({ VOUCH_DATABASE_URL: database.url });
    const code = await runCli(['backup', '--to', to], io);
    writing = false;
    await writer;
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/^Backed up .*vouch\.db to .*backup\.db \(\d+\.\d MB\)\.$/);
    expect(written).toBeGreaterThan(0);
    expect(fs.existsSync(`${to}.partial`)).toBe(false);

    const copy = new SQLite(to, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const { count } = copy.prepare('select count(*) as count from businesses').get() as { count: number };
      expect(count).toBeGreaterThanOrEqual(20);
      expect(count).toBeLessThanOrEqual(20 + written);
    } finally {
      copy.close();
    }

    // A backup never overwrites a file.
    const again = captureIo({ VOUCH_DATABASE_URL: database.url });
    expect(await runCli(['backup', '--to', to], again.io)).toBe(1);
    expect(again.err.join('\n')).toMatch(/already exists/);
  });

  it('points PostgreSQL users at pg_dump', async () => {
    const { io, err } = captureIo({ VOUCH_DATABASE_URL: 'postgres://vouch@127.0.0.1:1/vouch' });
    expect(await runCli(['backup', '--to', path.join(database.dataDir, 'x.db')], io)).toBe(2);
    expect(err.join('\n')).toMatch(/pg_dump/);
  });
});
