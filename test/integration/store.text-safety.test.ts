import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { BulkInsert } from '../../src/store/bulk-insert.js';
import { storableText } from '../../src/store/text-safety.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

describe('storableText', () => {
  it('replaces NUL and lone surrogates, and leaves everything else as it is', () => {
    expect(storableText('plain')).toBe('plain');
    expect(storableText('emoji 😀 stays')).toBe('emoji 😀 stays');
    expect(storableText('a\0b')).toBe('a\uFFFDb');
    expect(storableText('high \uD83D alone')).toBe('high \uFFFD alone');
    expect(storableText('low \uDE00 alone')).toBe('low \uFFFD alone');
    expect(storableText('\uDE00\uD83D')).toBe('\uFFFD\uFFFD');
    expect(storableText('tab\tand\nnewline')).toBe('tab\tand\nnewline');
  });
});

describe.each(ENGINES)('text that reaches storage on %s', (engine) => {
  let runtime: Runtime;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    close = () => opened.close();
  });
  afterAll(() => close());

  it('stores a NUL or a lone surrogate in any string a query sends, in values, lists and raw SQL', async () => {
    const { db } = runtime.store;
    await db
      .insertInto('plans')
      .values([
        { name: 'nul\0plan', monthly_cap: null, created_at: 1, updated_at: 1 },
        { name: 'lone\uD800plan', monthly_cap: null, created_at: 1, updated_at: 1 },
      ])
      .execute();
    await db.updateTable('plans').set({ updated_at: 2 }).where('name', '=', 'nul\0plan').execute();
    const listed = await db
      .selectFrom('plans')
      .select(['name', 'updated_at'])
      .where('name', 'in', ['nul\0plan', 'lone\uD800plan'])
      .orderBy('name')
      .execute();
    expect(listed).toEqual([
      { name: 'lone\uFFFDplan', updated_at: 1 },
      { name: 'nul\uFFFDplan', updated_at: 2 },
    ]);
    const raw = await sql<{ name: string }>`select name from plans where name = ${'nul\0plan'}`.execute(db);
    expect(raw.rows).toEqual([{ name: 'nul\uFFFDplan' }]);
  });

  it('stores such text through a bulk insert, which skips the plugin', async () => {
    const plans = new BulkInsert('plans', ['name', 'monthly_cap', 'created_at', 'updated_at']);
    await plans.run(runtime.store.db, [
      { name: 'bulk\0one', monthly_cap: 1, created_at: 1, updated_at: 1 },
      { name: 'bulk\uDFFFtwo', monthly_cap: 2, created_at: 1, updated_at: 1 },
    ]);
    const stored = await runtime.store.db
      .selectFrom('plans')
      .select('name')
      .where('name', 'like', 'bulk%')
      .orderBy('name')
      .execute();
    expect(stored.map((row) => row.name)).toEqual(['bulk\uFFFDone', 'bulk\uFFFDtwo']);
  });

  it('finds nothing, rather than failing, for a lookup with NUL in it', async () => {
    await expect(runtime.businesses.get('no\0such.example')).rejects.toMatchObject({
      code: 'business_not_found',
    });
    expect(await runtime.invitationTracking.findByToken('abcdefghijklmnop\0')).toBeUndefined();
  });
});
