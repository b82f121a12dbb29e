import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import type { DatabaseLocation } from '../config.js';
import { pg } from '../packages.js';
import { BoundedCache } from '../shared/bounded-cache.js';
import { MIGRATIONS } from './migrations/index.js';
import { withCopyFromStdin } from './postgres-copy.js';
import type { Database } from './schema.js';
import { TextSafetyPlugin } from './text-safety.js';

/**
 * What differs between the engines, as named capabilities (as Kysely's own adapters do), so no service
 * ever asks which engine it runs on.
 */
export interface StoreCapabilities {
  /** `SELECT … FOR UPDATE SKIP LOCKED`: several workers can claim rows without waiting on each other. */
  supportsSkipLocked: boolean;
  /** `SELECT … FOR UPDATE`: a transaction can lock one row to serialise decisions about it. SQLite needs
   * none: it lets one writer in at a time. */
  supportsRowLocks: boolean;
  /** Recognises the engine's error for a violated unique constraint. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * Recognises an error that means the database cannot be reached now (stopped, restarting, refusing or
   * dropping connections, locked past the busy time-out): the same request succeeds once it is back.
   */
  isUnavailable(error: unknown): boolean;
  /** Recognises the engine's error for a disk with no room left. */
  isStorageFull(error: unknown): boolean;
}

export interface Store {
  db: Kysely<Database>;
  capabilities: StoreCapabilities;
  /**
   * For single reads outside a transaction on the pages every customer opens. On SQLite it is a read-only
   * connection of its own: Kysely runs one query at a time per connection, so such a read would otherwise
   * wait behind another request's transaction; here it never waits for a writer and sees committed rows
   * only. On PostgreSQL (whose pool already reads beside writers) and on an in-memory SQLite database (a
   * second connection would open another, empty database) it is `db` itself.
   */
  reader: Kysely<Database>;
  /** Answers whether the database can be reached now (for /readyz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface MigrationLogger {
  info(message: string): void;
}

const sqliteCapabilities: StoreCapabilities = {
  supportsSkipLocked: false,
  supportsRowLocks: false,
  isUniqueViolation: (error) =>
    error instanceof Error &&
    'code' in error &&
    (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'),
  isUnavailable: (error) => ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN'].includes(codeOf(error) ?? ''),
  // A write that finds the disk full fails as SQLITE_FULL, or as an I/O error when the log cannot grow.
  isStorageFull: (error) => /^SQLITE_(FULL|IOERR_WRITE|IOERR_SHMSIZE)$/.test(codeOf(error) ?? ''),
};

/**
 * SQLSTATE class 08 (connection exception), 57P01-57P03 (shutting down, crashed, starting up), 53300 (too
 * many connections), or a socket refused, reset or timed out.
 */
const PG_UNAVAILABLE =
  /^(08|57P0[123]$|53300$|E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH)$)/;
/** pg's and pg-pool's own errors for a lost or never-made connection carry no code, only these words. */
const PG_CONNECTION_LOST =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

const postgresCapabilities: StoreCapabilities = {
  supportsSkipLocked: true,
  supportsRowLocks: true,
  isUniqueViolation: (error) => error instanceof Error && 'code' in error && error.code === '23505',
  isUnavailable: (error) =>
    PG_UNAVAILABLE.test(codeOf(error) ?? '') ||
    (error instanceof Error && PG_CONNECTION_LOST.test(error.message)),
  isStorageFull: (error) => codeOf(error) === '53100',
};

function codeOf(error: unknown): string | undefined {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** int8 (bigint) columns hold epoch milliseconds, well inside a JavaScript number's exact range. */
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : (pg().types.getTypeParser(oid, format) as unknown)) as ReturnType<
    typeof pg
  >['types']['getTypeParser'],
};

export function openStore(location: DatabaseLocation): Store {
  if (location.engine === 'sqlite') {
    if (location.path !== ':memory:') fs.mkdirSync(path.dirname(location.path), { recursive: true });
    const sqlite = new SQLite(location.path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    // Checkpoint less often: with the default (1,000 pages) every batch of a large import ends in a
    // checkpoint and its fsync, which then costs more than the batch itself.
    sqlite.pragma('wal_autocheckpoint = 20000');
    sqlite.pragma('foreign_keys = ON');
    // Another process (the CLI beside a running server) may hold the write lock for a moment.
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
      plugins: [new TextSafetyPlugin()],
    });
    const reader = location.path === ':memory:' ? db : readOnlySqlite(location.path);
    return {
      db,
      capabilities: sqliteCapabilities,
      reader,
      ping: () => ping(db),
      close: async () => {
        if (reader !== db) await reader.destroy();
        await db.destroy();
      },
    };
  }
  const pool = new (pg().Pool)({
    connectionString: location.connectionString,
    max: 10,
    types: pgTypes,
  });
  // A client that loses its connection must not crash the process, idle (the pool's 'error') or checked out
  // between two queries of a transaction (its own 'error'): the query in flight fails, the next reconnects.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: withCopyFromStdin(pool) }),
    plugins: [new TextSafetyPlugin()],
  });
  return {
    db,
    capabilities: postgresCapabilities,
    reader: db,
    ping: () => ping(db),
    close: () => db.destroy(),
  };
}

/** Opened on first use, after the main connection has created the file and its write-ahead log. */
function readOnlySqlite(file: string): Kysely<Database> {
  const database = () => {
    const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    return Promise.resolve(withStatementCache(sqlite));
  };
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database }),
    plugins: [new TextSafetyPlugin()],
  });
}

const MAX_SMALL_SQL = 2048;
const SMALL_STATEMENTS = 500;
const LARGE_STATEMENTS = 8;

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs more than running a small query.
 * The same SQL text always gets the same prepared statement back. Safe because better-sqlite3 runs one
 * statement at a time on one connection, and Kysely never iterates two results at once here.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  return { close: () => sqlite.close(), prepare: statementCache(sqlite) };
}

/** Prepares each SQL text once per connection, keeping the most recently used statements. */
function statementCache(sqlite: SQLite.Database): (text: string) => SQLite.Statement {
  const small = new BoundedCache<string, SQLite.Statement>({ maxEntries: SMALL_STATEMENTS });
  // Bulk statements (hundreds of rows, long IN lists) hold large compiled programs in native memory that
  // the garbage collector does not see; a few are kept (a batch's full-size inserts and lookups repeat),
  // not hundreds. 8 rather than 16: peak RSS of a 3M-row import 254 MB → 241 MB, no slower
  // (npx tsx bench/import.ts --engine sqlite --rows 1000000 --rss).
  const large = new BoundedCache<string, SQLite.Statement>({ maxEntries: LARGE_STATEMENTS });
  return (text: string) =>
    (text.length > MAX_SMALL_SQL ? large : small).getOrCreate(text, () => sqlite.prepare(text));
}

async function ping(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** Brings the schema up to date and says what it did. Safe to run at every start. */
export async function migrateToLatest(store: Store, logger?: MigrationLogger): Promise<string[]> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const applied: string[] = [];
  for (const result of results) {
    if (result.status === 'Success') {
      applied.push(result.migrationName);
      logger?.info(`migration ${result.migrationName} applied`);
    } else if (result.status === 'Error') {
      logger?.info(`migration ${result.migrationName} failed`);
    }
  }
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return applied;
}
