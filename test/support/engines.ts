import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { Clock } from '../../src/clock.js';
import type { MailTransport } from '../../src/mail/transport.js';
import { loadConfig, type Config, type DatabaseLocation } from '../../src/config.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';

/** Every repository and service test runs once per engine, as Kysely's own suite does. */
export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

export interface TestDatabase {
  url: string;
  location: DatabaseLocation;
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of the engine: a temp SQLite file, or a new database in the suite's PostgreSQL. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-test-'));
  if (engine === 'sqlite') {
    const file = path.join(dataDir, 'vouch.db');
    return {
      url: `sqlite:${file}`,
      location: { engine: 'sqlite', path: file },
      dataDir,
      drop: () => Promise.resolve(fs.rmSync(dataDir, { recursive: true, force: true })),
    };
  }
  const adminUrl = inject('postgresAdminUrl');
  const name = `t_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  return {
    url,
    location: { engine: 'postgres', connectionString: url },
    dataDir,
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function testConfig(database: TestDatabase, env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({
    VOUCH_DATA_DIR: database.dataDir,
    VOUCH_DATABASE_URL: database.url,
    PORT: '0',
    ...env,
  });
}

export async function openTestRuntime(
  engine: Engine,
  options: { clock?: Clock; mailTransport?: MailTransport } = {},
): Promise<{ runtime: Runtime; database: TestDatabase; close(): Promise<void> }> {
  const database = await createTestDatabase(engine);
  const runtime = await openRuntime(testConfig(database), options);
  return {
    runtime,
    database,
    close: async () => {
      await runtime.close();
      await database.drop();
    },
  };
}
