import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkInsert } from '../../src/store/bulk-insert.js';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

describe.each(ENGINES)('bulk insert on %s', (engine) => {
  let runtime: Runtime;
  let close: () => Promise<void> = () => Promise.resolve();
  const plans = new BulkInsert('plans', ['name', 'monthly_cap', 'created_at', 'updated_at']);

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    close = () => opened.close();
  });
  afterAll(() => close());

  it('writes every row, over several statements, with its own values, nulls included', async () => {
    const count = plans.rowsPerStatement * 2 + 7;
    const rows = Array.from({ length: count }, (_, index) => ({
      name: `plan-${String(index).padStart(6, '0')}`,
      monthly_cap: index % 3 === 0 ? null : index,
      created_at: 1_000 + index,
      updated_at: 2_000 + index,
    }));
    await runtime.store.db.transaction().execute((trx) => plans.run(trx, rows));
    // The same sizes again reuse the statements built the first time.
    await plans.run(
      runtime.store.db,
      rows.slice(0, 3).map((row) => ({ ...row, name: `${row.name}-b` })),
    );

    const stored = await runtime.store.db
      .selectFrom('plans')
      .select(['name', 'monthly_cap', 'created_at', 'updated_at'])
      .where('name', 'like', 'plan-%')
      .orderBy('name')
      .execute();
    expect(stored).toHaveLength(count + 3);
    const byName = new Map(stored.map((row) => [row.name, row]));
    for (const row of [rows[0]!, rows[1]!, rows[plans.rowsPerStatement]!, rows[count - 1]!]) {
      expect(byName.get(row.name)).toEqual(row);
    }
    expect(byName.get('plan-000001-b')).toEqual({ ...rows[1], name: 'plan-000001-b' });
  });

  it('refuses a row that leaves out a column, naming it, and writes nothing of that statement', async () => {
    const rows = [
      { name: 'whole', monthly_cap: 1, created_at: 1, updated_at: 1 },
      { name: 'missing', monthly_cap: 1, created_at: 1 },
    ];
    await expect(plans.run(runtime.store.db, rows as never)).rejects.toThrow(
      'plans row 1 has no updated_at; give it, even as null',
    );
    const whole = await runtime.store.db
      .selectFrom('plans')
      .select('name')
      .where('name', '=', 'whole')
      .execute();
    expect(whole).toEqual([]);
  });
  it('stores text that a bulk load must escape exactly as given, and rolls it back with its transaction', async () => {
    const names = ['tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', 'ünïcødé ✓', ''];
    const rows = names.map((name, index) => ({
      name: `esc-${index}-${name}`,
      monthly_cap: index,
      created_at: index,
      updated_at: index,
    }));
    await plans.run(runtime.store.db, rows);
    const stored = await runtime.store.db
      .selectFrom('plans')
      .select(['name', 'monthly_cap', 'created_at', 'updated_at'])
      .where('name', 'like', 'esc-%')
      .orderBy('monthly_cap')
      .execute();
    expect(stored).toEqual(rows);

    // A row that breaks the primary key fails the whole write, and the transaction keeps none of it.
    const again = [{ name: 'esc-fresh', monthly_cap: 1, created_at: 1, updated_at: 1 }, rows[0]!];
    await expect(runtime.store.db.transaction().execute((trx) => plans.run(trx, again))).rejects.toThrow();
    const fresh = await runtime.store.db
      .selectFrom('plans')
      .select('name')
      .where('name', '=', 'esc-fresh')
      .execute();
    expect(fresh).toEqual([]);
  });
});
