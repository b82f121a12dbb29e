import {
  type CompiledQuery,
  createQueryId,
  type Insertable,
  type Kysely,
  PostgresAdapter,
  type Transaction,
} from 'kysely';
import { BoundedCache } from '../shared/bounded-cache.js';
import type { Database } from './schema.js';
import { copyText } from './postgres-copy.js';
import { storableValue } from './text-safety.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** SQLite allows 32,766 bound values per statement; PostgreSQL 65,535. Stay under both. */
const MAX_PARAMETERS = 30_000;
const TEMPLATES_KEPT = 8;

/**
 * The columns of a table as a list the compiler keeps complete: the argument must name every column
 * (but those in `Omitted`) with `true`, so a column added to the table later cannot be silently left out
 * of a bulk insert.
 */
export function allColumns<Row, Omitted extends keyof Row = never>(
  columns: Record<Exclude<keyof Row, Omitted>, true>,
): Exclude<keyof Row, Omitted>[] {
  return Object.keys(columns) as Exclude<keyof Row, Omitted>[];
}

/**
 * Bulk writes for the tables a large import fills: on PostgreSQL one COPY per call (below), on SQLite
 * multi-row INSERTs. Building a 400-row INSERT with Kysely makes an
 * object for every value and walks them all to write the SQL, which cost more than SQLite's own work
 * and left most of the garbage an import makes. Here the SQL for a given number of rows is built once
 * (per engine) and reused; each chunk only lays its values out in the column order given.
 *
 * What this relies on in Kysely (0.28), to check on every Kysely upgrade (test/integration/store.bulk-insert.test.ts
 * runs it on both engines):
 * - `executeQuery(compiledQuery)` runs the SQL and parameters it is given as they are. It skips the
 *   plugins' `transformQuery` (they rewrite the operation tree, which a compiled query has already left
 *   behind), so anything a plugin does to values must be done to these rows by the caller.
 * - `transformResult` plugins and query logging still see a query: the one-row `stand` query's tree
 *   stands in for the whole statement, since Kysely reads the tree's kind (an insert) from it.
 * - `db.getExecutor().adapter` (public but marked internal in Kysely's docs) tells the engines apart,
 *   because the same `BulkInsert` serves a SQLite and a PostgreSQL store in one process (the tests).
 * - Compiling N identical rows gives one placeholder per value, in column order: checked below at run
 *   time, so a Kysely change that breaks it fails loudly instead of writing values into wrong columns.
 */
export class BulkInsert<Table extends keyof Database> {
  /** The SQL per engine and row count, and a one-row query whose tree stands in for the whole one. */
  // Full-size chunks repeat; the last, shorter chunk of each batch varies, so only a few are kept.
  private readonly templates = new BoundedCache<string, { sql: string; stand: CompiledQuery }>({
    maxEntries: TEMPLATES_KEPT,
  });
  readonly rowsPerStatement: number;

  constructor(
    private readonly table: Table,
    /** Every column the rows give, in a fixed order; see `allColumns` for a list the compiler checks. */
    private readonly columns: readonly (keyof Insertable<Database[Table]> & string)[],
  ) {
    this.rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  }

  async run(db: Executor, rows: readonly Insertable<Database[Table]>[]): Promise<void> {
    if (rows.length === 0) return;
    if (db.getExecutor().adapter instanceof PostgresAdapter) return this.copy(db, rows);
    for (let start = 0; start < rows.length; start += this.rowsPerStatement) {
      const end = Math.min(start + this.rowsPerStatement, rows.length);
      const parameters: unknown[] = new Array((end - start) * this.columns.length);
      let next = 0;
      for (let index = start; index < end; index++) {
        for (const value of this.values(rows, index)) parameters[next++] = value;
      }
      const { sql, stand } = this.template(db, end - start);
      await db.executeQuery({ ...stand, sql, parameters, queryId: createQueryId() });
    }
  }

  /**
   * PostgreSQL: every row in one `COPY … FROM STDIN` (see postgres-copy.ts), which loads rows at two to
   * four times the rate of multi-row INSERTs of the same rows (bench/import.ts measures both).
   */
  private async copy(db: Executor, rows: readonly Insertable<Database[Table]>[]): Promise<void> {
    let text = '';
    for (let index = 0; index < rows.length; index++) text += copyText(this.values(rows, index));
    const { stand } = this.template(db, 1);
    const sql = `COPY "${this.table}" (${this.columns.map((column) => `"${column}"`).join(', ')}) FROM STDIN`;
    await db.executeQuery({ ...stand, sql, parameters: [text], queryId: createQueryId() });
  }

  /** One row's values in column order, made storable. */
  private values(rows: readonly Insertable<Database[Table]>[], index: number): unknown[] {
    const row = rows[index] as Record<string, unknown>;
    return this.columns.map((column) => {
      const value = row[column];
      if (value === undefined) {
        throw new Error(`${this.table} row ${index} has no ${column}; give it, even as null`);
      }
      // The text-safety plugin never sees these values (see above): made storable here instead.
      return storableValue(value);
    });
  }

  private template(db: Executor, rowCount: number): { sql: string; stand: CompiledQuery } {
    // The SQL differs by engine (placeholders, quoting), and tests run both engines in one process.
    const key = `${db.getExecutor().adapter.constructor.name}:${rowCount}`;
    return this.templates.getOrCreate(key, () => {
      const placeholderRow = Object.fromEntries(this.columns.map((column) => [column, null]));
      const compile = (count: number) =>
        db
          .insertInto(this.table)
          .values(Array.from({ length: count }, () => placeholderRow) as Insertable<Database[Table]>[])
          .compile();
      const full = compile(rowCount);
      if (full.parameters.length !== rowCount * this.columns.length) {
        throw new Error(`the ${this.table} insert did not compile to one placeholder per value`);
      }
      // Only the SQL text is kept: the full query's tree and placeholder values would hold megabytes.
      return { sql: full.sql, stand: compile(1) };
    });
  }
}
