import { PostgresAdapter } from 'kysely';
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must not change once released.

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serialId = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

  await db.schema
    .createTable('imports')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('business_id', 'varchar(36)', (col) =>
      col.notNull().references('businesses.id').onDelete('cascade'),
    )
    .addColumn('file_name', 'varchar(255)', (col) => col.notNull())
    .addColumn('file_sha256', 'varchar(64)', (col) => col.notNull())
    .addColumn('file_bytes', 'bigint', (col) => col.notNull())
    .addColumn('requested_type', 'varchar(16)')
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('report', 'text')
    .addColumn('failure', 'text')
    .addColumn('runs', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('imports_by_file')
    .on('imports')
    .columns(['business_id', 'file_sha256'])
    .execute();

  await db.schema
    .createTable('import_rejections')
    .addColumn('id', 'integer', serialId)
    .addColumn('import_id', 'varchar(36)', (col) =>
      col.notNull().references('imports.id').onDelete('cascade'),
    )
    .addColumn('line', 'integer', (col) => col.notNull())
    .addColumn('cells', 'text', (col) => col.notNull())
    .addColumn('errors', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('import_rejections_by_import')
    .on('import_rejections')
    .columns(['import_id', 'line'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_rejections').execute();
  await db.schema.dropTable('imports').execute();
}
