import type { Kysely } from 'kysely';
import type { Database, PlanRow } from '../schema.js';

/** Operator-defined plans and their monthly invitation caps. */
export class PlanRepository {
  constructor(private readonly db: Kysely<Database>) {}

  find(name: string): Promise<PlanRow | undefined> {
    return this.db.selectFrom('plans').selectAll().where('name', '=', name).executeTakeFirst();
  }

  list(): Promise<PlanRow[]> {
    return this.db.selectFrom('plans').selectAll().orderBy('name').execute();
  }

  async upsert(row: PlanRow): Promise<void> {
    await this.db
      .insertInto('plans')
      .values(row)
      .onConflict((conflict) =>
        conflict.column('name').doUpdateSet({ monthly_cap: row.monthly_cap, updated_at: row.updated_at }),
      )
      .execute();
  }
}
