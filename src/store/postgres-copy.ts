import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type Pg from 'pg';
import { pgCopyStreams } from '../packages.js';

/** The one statement shape run as a COPY: `COPY "table" ("a", "b") FROM STDIN`, no options. */
const COPY_FROM_STDIN = /^COPY "[a-z_]+" \("[a-z_]+"(, "[a-z_]+")*\) FROM STDIN$/;

/**
 * PostgreSQL's bulk load (`COPY … FROM STDIN`) through Kysely, so it runs on the caller's connection and
 * inside its transaction. Kysely hands the pool's client every statement with its parameters; a statement
 * of exactly the shape above, given one parameter (the rows in COPY's text format, see `copyText`), is
 * streamed as a COPY by pg-copy-streams. Every other statement goes to the client unchanged.
 */
export function withCopyFromStdin(pool: Pg.Pool): PostgresPool {
  const wrapped = new WeakMap<Pg.PoolClient, PostgresPoolClient>();
  return {
    connect: async () => {
      const client = await pool.connect();
      let copyAware = wrapped.get(client);
      if (!copyAware) {
        copyAware = copyAwareClient(client);
        // The same client gets the same wrapper: Kysely keeps its connection state per client object.
        wrapped.set(client, copyAware);
      }
      return copyAware;
    },
    end: () => pool.end(),
  };
}

function copyAwareClient(client: Pg.PoolClient): PostgresPoolClient {
  return {
    query: ((statement: unknown, parameters?: readonly unknown[]) => {
      if (typeof statement === 'string' && COPY_FROM_STDIN.test(statement)) {
        const [rows] = parameters ?? [];
        if (parameters?.length !== 1 || typeof rows !== 'string') {
          return Promise.reject(new Error('a COPY FROM STDIN takes its rows as one text parameter'));
        }
        return copyIn(client, statement, rows);
      }
      return (client.query as (statement: unknown, parameters?: unknown) => unknown)(statement, parameters);
    }) as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy),
  };
}

async function copyIn(client: Pg.PoolClient, statement: string, rows: string) {
  const copy = client.query(pgCopyStreams().from(statement));
  await pipeline(Readable.from([rows]), copy);
  return { command: 'COPY' as const, rowCount: copy.rowCount, rows: [] };
}

/**
 * One row in COPY's text format: tab-separated, `\N` for null, and backslash, tab, newline and carriage
 * return escaped. Values are strings, numbers, booleans or null, as the store writes them.
 */
export function copyText(values: readonly unknown[]): string {
  let line = '';
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (index > 0) line += '\t';
    if (value === null) line += '\\N';
    else if (typeof value === 'string')
      line += /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, escape) : value;
    else if (typeof value === 'number' || typeof value === 'bigint') line += String(value);
    else if (typeof value === 'boolean') line += value ? 't' : 'f';
    else throw new Error(`COPY cannot write a ${typeof value} value`);
  }
  return `${line}\n`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
function escape(character: string): string {
  return ESCAPES[character] ?? character;
}
