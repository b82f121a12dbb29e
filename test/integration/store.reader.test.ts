import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openStore, type Store } from '../../src/store/db.js';
import { ReviewRepository } from '../../src/store/repositories/review.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/engines.js';

describe('the read-only connection beside the main SQLite connection', () => {
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

  const setting = (reader: Store['reader'], key: string) =>
    reader.selectFrom('instance_settings').selectAll().where('key', '=', key).executeTakeFirst();

  it('sees a committed row, and not one a transaction has written but not committed', async () => {
    expect(store.reader).not.toBe(store.db);
    expect(await setting(store.reader, 'greeting')).toBeUndefined();

    let insideTransaction: unknown = 'not read';
    await store.db.transaction().execute(async (trx) => {
      await trx.insertInto('instance_settings').values({ key: 'greeting', value: 'hello' }).execute();
      // Kysely's own connection is held by the transaction; the reader answers beside it, without waiting.
      insideTransaction = await setting(store.reader, 'greeting');
    });
    expect(insideTransaction).toBeUndefined();
    expect(await setting(store.reader, 'greeting')).toMatchObject({ key: 'greeting', value: 'hello' });
  });

  it('refuses writes: it is a read-only connection', async () => {
    await expect(
      store.reader.insertInto('instance_settings').values({ key: 'k', value: 'v' }).execute(),
    ).rejects.toThrow(/readonly/);
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
      seen = await new ReviewRepository(trx, store.reader).findByIdentity(
        businessId,
        'jane@example.com',
        'ORDER-1',
      );
    });
    expect(seen).toMatchObject({ id: 'r-1', rating: 5 });
  });

  it('is the main connection for an in-memory database, whose second connection would be another database', async () => {
    const memory = openStore({ engine: 'sqlite', path: ':memory:' });
    expect(memory.reader).toBe(memory.db);
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
