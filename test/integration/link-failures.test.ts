import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, ManualClock } from '../../src/clock.js';
import { buildApp } from '../../src/http/app.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { createTestDatabase, ENGINES, testConfig } from '../support/engines.js';
import { independentUniqueLink } from '../support/independent-links.js';

describe.each(ENGINES)('link failures are counted per business, finding and day on %s', (engine) => {
  const clock = new ManualClock('2026-12-02T10:00:00.000Z');
  let runtime: Runtime;
  let app: FastifyInstance;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const database = await createTestDatabase(engine);
    runtime = await openRuntime(testConfig(database, { VOUCH_LINK_FAILURE_RETENTION_DAYS: '3' }), { clock });
    app = await buildApp(runtime);
    close = async () => {
      await app.close();
      await runtime.close();
      await database.drop();
    };
  });
  afterAll(() => close());

  const business = (): Promise<CreatedBusiness> =>
    runtime.businesses.create({
      name: 'Counted',
      domain: `counted-${randomBytes(4).toString('hex')}.example`,
    });

  function forgedQuery(shop: CreatedBusiness): URLSearchParams {
    const link = independentUniqueLink('', shop.domain, shop.uniqueLinkSecret, {
      email: 'jo@example.com',
      name: 'Jo',
      reference: 'R-1',
    });
    const query = new URLSearchParams(link.slice(link.indexOf('?') + 1));
    query.set('a', 'R-2');
    return query;
  }

  const rowsOf = (businessId: string) =>
    runtime.store.db
      .selectFrom('link_failure_days')
      .selectAll()
      .where('business_id', '=', businessId)
      .orderBy('day')
      .orderBy('code')
      .execute();

  it('keeps one row per finding and day, however many links fail', async () => {
    const shop = await business();
    const row = await runtime.businesses.row(shop.domain);
    const forged = forgedQuery(shop);
    for (let i = 0; i < 40; i++) {
      clock.advance(1000);
      const result = await runtime.reviews.resolveUniqueLink(shop.domain, forged);
      expect(result.ok).toBe(false);
    }
    // And through the page, as a customer's browser does.
    for (let i = 0; i < 2; i++) {
      const response = await app.inject({
        url: `/evaluate/${shop.domain}?${forged.toString()}`,
        remoteAddress: `10.30.0.${i + 1}`,
      });
      expect(response.statusCode).toBe(403);
    }
    for (let i = 0; i < 3; i++)
      await runtime.reviews.resolveUniqueLink(shop.domain, new URLSearchParams('a=1'));
    const lastSeen = clock.now().getTime();

    const rows = await rowsOf(row.id);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => [r.code, Number(r.failures), Number(r.last_at)])).toEqual([
      ['unique_link_hash_mismatch', 42, lastSeen],
      ['unique_link_missing_parameter', 3, lastSeen],
    ]);
    expect(await runtime.reviews.linkFailures(row)).toEqual([
      { code: 'unique_link_hash_mismatch', entrance: 'unique_link', count: 42 },
      { code: 'unique_link_missing_parameter', entrance: 'unique_link', count: 3 },
    ]);

    // A clock set back does not move "last seen" back.
    clock.advance(-60_000);
    await runtime.reviews.resolveUniqueLink(shop.domain, forged);
    clock.advance(60_000);
    const after = await rowsOf(row.id);
    expect(after.map((r) => [Number(r.failures), Number(r.last_at)])[0]).toEqual([43, lastSeen]);
  });

  it('adds a row for a new day and forgets days past the retention setting', async () => {
    const shop = await business();
    const row = await runtime.businesses.row(shop.domain);
    const forged = forgedQuery(shop);
    await runtime.reviews.resolveUniqueLink(shop.domain, forged);
    clock.advance(DAY_MS);
    await runtime.reviews.resolveUniqueLink(shop.domain, forged);
    await runtime.reviews.resolveUniqueLink(shop.domain, forged);
    expect((await rowsOf(row.id)).map((r) => Number(r.failures))).toEqual([1, 2]);
    expect(await runtime.reviews.linkFailures(row)).toEqual([
      { code: 'unique_link_hash_mismatch', entrance: 'unique_link', count: 3 },
    ]);

    // Three days kept: on the fourth day after the first, the first two are gone, for every business.
    const other = await business();
    await runtime.reviews.resolveUniqueLink(other.domain, forgedQuery(other));
    clock.advance(3 * DAY_MS);
    await runtime.reviews.resolveUniqueLink(shop.domain, forged);
    const today = Math.floor(clock.now().getTime() / DAY_MS);
    expect((await rowsOf(row.id)).map((r) => [Number(r.day), Number(r.failures)])).toEqual([[today, 1]]);
    expect(await rowsOf((await runtime.businesses.row(other.domain)).id)).toEqual([]);
  });
});

describe.each(ENGINES)('the link failure migration on %s', (engine) => {
  it('folds the rows of link_failures into their days, and goes back down', async () => {
    const database = await createTestDatabase(engine);
    const runtime = await openRuntime(testConfig(database));
    try {
      const shop = await runtime.businesses.create({ name: 'Old', domain: 'old-failures.example' });
      const migrator = new Migrator({
        db: runtime.store.db,
        provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
      });
      const down = await migrator.migrateTo('20261202T1000_afs_sender_domains');
      expect(down.error).toBeUndefined();
      const day = Date.UTC(2026, 10, 20) / DAY_MS;
      const at = (d: number, ms: number) => d * DAY_MS + ms;
      const old = [
        { business_id: shop.id, entrance: 'bgl', code: 'bgl_mac_mismatch', at: at(day, 5) },
        { business_id: shop.id, entrance: 'bgl', code: 'bgl_mac_mismatch', at: at(day, 70_000) },
        { business_id: shop.id, entrance: 'bgl', code: 'bgl_mac_mismatch', at: at(day + 1, 1) },
        { business_id: shop.id, entrance: 'unique_link', code: 'unique_link_hash_mismatch', at: at(day, 9) },
        { business_id: null, entrance: 'bgl', code: 'bgl_mac_mismatch', at: at(day, 1) },
        { business_id: 'gone', entrance: 'bgl', code: 'bgl_mac_mismatch', at: at(day, 1) },
      ];
      const untyped = runtime.store.db.withTables<{
        link_failures: { business_id: string | null; entrance: string; code: string; at: number };
      }>();
      await untyped.insertInto('link_failures').values(old).execute();

      const up = await migrator.migrateToLatest();
      expect(up.error).toBeUndefined();
      const rows = await runtime.store.db
        .selectFrom('link_failure_days')
        .selectAll()
        .orderBy('day')
        .orderBy('code')
        .execute();
      expect(
        rows.map((r) => [
          r.business_id,
          Number(r.day),
          r.entrance,
          r.code,
          Number(r.failures),
          Number(r.last_at),
        ]),
      ).toEqual([
        [shop.id, day, 'bgl', 'bgl_mac_mismatch', 2, at(day, 70_000)],
        [shop.id, day, 'unique_link', 'unique_link_hash_mismatch', 1, at(day, 9)],
        [shop.id, day + 1, 'bgl', 'bgl_mac_mismatch', 1, at(day + 1, 1)],
      ]);

      expect((await migrator.migrateTo('20261202T1000_afs_sender_domains')).error).toBeUndefined();
      const back = await untyped.selectFrom('link_failures').select(['code', 'at']).orderBy('at').execute();
      expect(back.map((r) => [r.code, Number(r.at)])).toEqual([
        ['unique_link_hash_mismatch', at(day, 9)],
        ['bgl_mac_mismatch', at(day, 70_000)],
        ['bgl_mac_mismatch', at(day + 1, 1)],
      ]);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    } finally {
      await runtime.close();
      await database.drop();
    }
  });
});
