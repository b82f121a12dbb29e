import type { Kysely, Updateable } from 'kysely';
import type { Database, ImportRow, ImportTable } from '../schema.js';

export interface NewRejection {
  line: number;
  cells: readonly string[];
  errors: readonly { column: string | null; code: string; message: string; hint: string }[];
}

/** Dry runs are recorded as jobs too, so their reports can be fetched; their ids start with this. */
export const DRY_RUN_PREFIX = 'dry-';

const REJECTION_CHUNK = 500;

/** Import jobs and their rejected rows. Every read is scoped to one business id. */
export class ImportRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: ImportRow): Promise<void> {
    await this.db.insertInto('imports').values(row).execute();
  }

  async update(businessId: string, id: string, change: Updateable<ImportTable>): Promise<void> {
    await this.db
      .updateTable('imports')
      .set(change)
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .execute();
  }

  findById(businessId: string, id: string): Promise<ImportRow | undefined> {
    return this.db
      .selectFrom('imports')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The latest real (not dry-run) job of this file. */
  findByFile(businessId: string, sha256: string): Promise<ImportRow | undefined> {
    return this.db
      .selectFrom('imports')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('file_sha256', '=', sha256)
      .where('id', 'not like', `${DRY_RUN_PREFIX}%`)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  }

  /** Real imports, newest first; a dry run is fetched by its id only. */
  list(businessId: string, limit: number): Promise<ImportRow[]> {
    return this.db
      .selectFrom('imports')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('id', 'not like', `${DRY_RUN_PREFIX}%`)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** A run starts over: the rejected rows of an earlier, cut-off run are read again. */
  async clearRejections(importId: string): Promise<void> {
    await this.db.deleteFrom('import_rejections').where('import_id', '=', importId).execute();
  }

  async addRejections(importId: string, rows: readonly NewRejection[]): Promise<void> {
    for (let start = 0; start < rows.length; start += REJECTION_CHUNK) {
      await this.db
        .insertInto('import_rejections')
        .values(
          rows.slice(start, start + REJECTION_CHUNK).map((row) => ({
            import_id: importId,
            line: row.line,
            cells: JSON.stringify(row.cells),
            errors: JSON.stringify(row.errors),
          })),
        )
        .execute();
    }
  }

  /** Rejected rows in line order, a page at a time, so a large report is never held whole. */
  async *rejections(
    importId: string,
    pageSize = 1000,
  ): AsyncGenerator<{ line: number; cells: string[]; errors: NewRejection['errors'] }> {
    let afterLine = -1;
    for (;;) {
      const rows = await this.db
        .selectFrom('import_rejections')
        .select(['line', 'cells', 'errors'])
        .where('import_id', '=', importId)
        .where('line', '>', afterLine)
        .orderBy('line')
        .limit(pageSize)
        .execute();
      for (const row of rows) {
        yield {
          line: row.line,
          cells: JSON.parse(row.cells) as string[],
          errors: JSON.parse(row.errors) as NewRejection['errors'],
        };
      }
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) return;
      afterLine = last.line;
    }
  }
}
