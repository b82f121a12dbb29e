import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database, TemplateRow, TemplateTable } from '../schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A business's own email templates. Every read is scoped to one business id. */
export class TemplateRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: TemplateRow): Promise<void> {
    await this.db.insertInto('templates').values(row).execute();
  }

  async update(businessId: string, id: string, change: Updateable<TemplateTable>): Promise<void> {
    await this.db
      .updateTable('templates')
      .set(change)
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .execute();
  }

  findById(businessId: string, id: string): Promise<TemplateRow | undefined> {
    return this.db
      .selectFrom('templates')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  list(businessId: string): Promise<TemplateRow[]> {
    return this.db
      .selectFrom('templates')
      .selectAll()
      .where('business_id', '=', businessId)
      .orderBy('kind')
      .orderBy('locale')
      .orderBy('name')
      .execute();
  }

  /** The business's default template of a kind for a locale, or the one it set for every locale. */
  async findDefault(businessId: string, kind: string, locale: string): Promise<TemplateRow | undefined> {
    const rows = await this.db
      .selectFrom('templates')
      .selectAll()
      .where('business_id', '=', businessId)
      .where('kind', '=', kind)
      .where('is_default', '=', 1)
      .where((eb) => eb.or([eb('locale', '=', locale), eb('locale', 'is', null)]))
      .execute();
    return rows.find((row) => row.locale === locale) ?? rows[0];
  }

  async clearDefault(businessId: string, kind: string, locale: string | null): Promise<void> {
    await this.db
      .updateTable('templates')
      .set({ is_default: 0 })
      .where('business_id', '=', businessId)
      .where('kind', '=', kind)
      .where((eb) => (locale === null ? eb('locale', 'is', null) : eb('locale', '=', locale)))
      .execute();
  }

  async remove(businessId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('templates')
      .where('business_id', '=', businessId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
