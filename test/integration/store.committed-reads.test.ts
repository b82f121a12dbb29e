import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openStore, withParameters, type Store } from '../../src/store/db.js';
import { ReviewRepository } from '../../src/store/repositories/review.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/engines.js';

describe('committed reads beside the main SQLite connection', () => {
  let database: TestDatabase;
  let store: Store;

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    store = openStore(database.location);
    await migrateToLatest(store);
  });

  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  const settingQuery = () =>
    store.db.selectFrom('instance_settings').selectAll().where('key', '=', '').compile();

  it('sees a committed row, and not one a transaction has written but not committed', async () => {
    const reads = store.committedReads;
    if (!reads) throw new Error('a SQLite file should offer committed reads');
    const query = withParameters(settingQuery(), ['greeting']);
    expect(await reads.firstBatched(query)).toBeUndefined();

    let insideTransaction: unknown = 'not read';
    await store.db.transaction().execute(async (trx) => {
      await trx.insertInto('instance_settings').values({ key: 'greeting', value: 'hello' }).execute();
      // Kysely's own connection would see the row now; the reading connection must not.
      insideTransaction = await reads.firstBatched(query);
    });
    expect(insideTransaction).toBeUndefined();
    expect(await reads.firstBatched(query)).toMatchObject({ key: 'greeting', value: 'hello' });
  });

  it('answers each read asked for in one turn with its own row, and fails only the read that fails', async () => {
    const reads = store.committedReads;
    if (!reads) throw new Error('a SQLite file should offer committed reads');
    await store.db
      .insertInto('instance_settings')
      .values([
        { key: 'a', value: 'first' },
        { key: 'b', value: 'second' },
        { key: 'c', value: 'third' },
      ])
      .execute();
    const read = (key: string) => reads.firstBatched(withParameters(settingQuery(), [key]));
    const broken = reads.firstBatched(sql`select * from no_such_table`.compile(store.db));
    const [a, missing, b, c, failure] = await Promise.allSettled([
      read('a'),
      read('none'),
      read('b'),
      read('c'),
      broken,
    ]);
    expect(a).toMatchObject({ status: 'fulfilled', value: { key: 'a', value: 'first' } });
    expect(missing).toMatchObject({ status: 'fulfilled', value: undefined });
    expect(b).toMatchObject({ status: 'fulfilled', value: { key: 'b', value: 'second' } });
    expect(c).toMatchObject({ status: 'fulfilled', value: { key: 'c', value: 'third' } });
    expect(failure?.status).toBe('rejected');
    expect(String((failure as PromiseRejectedResult).reason)).toContain('no_such_table');
    // The batch's read transaction ended: the next batch begins its own, and writes go on meanwhile.
    await store.db
      .updateTable('instance_settings')
      .set({ value: 'changed' })
      .where('key', '=', 'a')
      .execute();
    expect(await read('a')).toMatchObject({ value: 'changed' });
  });

  it('runs a kept query with new values, and refuses the wrong number of values', () => {
    const template = settingQuery();
    expect(withParameters(template, ['x']).sql).toBe(template.sql);
    expect(withParameters(template, ['x']).parameters).toEqual(['x']);
    expect(() => withParameters(template, ['x', 'y'])).toThrow('query takes 1 values, got 2');
  });

  it("reads a review inside a transaction through that transaction, so it sees the transaction's own write", async () => {
    const businessId = 'b-1';
    await store.db
      .insertInto('businesses')
      .values({
        id: businessId,
        name: 'Bakery',
        domain: 'bakery.example',
        plan: 'unlimited',
        default_locale: 'en-US',
        invitation_delay_days: 7,
        frequency_days: null,
        reminder_days: null,
        afs_token: 'abcdef0123',
        sender_name: null,
        sender_email: null,
        reply_to: null,
        legal_notice: null,
        created_at: 1,
        updated_at: 1,
      })
      .execute();
    let seen: unknown;
    await store.db.transaction().execute(async (trx) => {
      await trx.insertInto('reviews').values(review(businessId)).execute();
      seen = await new ReviewRepository(trx, store.committedReads).findByIdentity(
        businessId,
        'jane@example.com',
        'ORDER-1',
      );
    });
    expect(seen).toMatchObject({ id: 'r-1', rating: 5 });
  });

  it('refuses to open again once the store is closed', async () => {
    const reads = store.committedReads;
    if (!reads) throw new Error('a SQLite file should offer committed reads');
    const query = withParameters(settingQuery(), ['greeting']);
    await store.close();
    await expect(reads.firstBatched(query)).rejects.toThrow('the store is closed');
    store = openStore(database.location);
  });

  it('is not offered for an in-memory database, whose second connection would be another database', async () => {
    const memory = openStore({ engine: 'sqlite', path: ':memory:' });
    expect(memory.committedReads).toBeUndefined();
    await memory.close();
  });
});

function review(businessId: string) {
  return {
    id: 'r-1',
    business_id: businessId,
    invitation_id: null,
    label: 'verified',
    source: 'unique_link',
    email: 'jane@example.com',
    name: 'Jane',
    reference: 'ORDER-1',
    rating: 5,
    title: 'Good',
    text: 'Good bread',
    products: '[]',
    locale: 'en-US',
    status: 'published',
    confirm_token_hash: null,
    confirm_expires_at: null,
    created_at: 1,
    updated_at: 1,
    published_at: 1,
  };
}
