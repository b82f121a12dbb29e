import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import * as linkDigest from '../../src/store/migrations/20261202T1200_review_link_digest.js';
import type { Database } from '../../src/store/schema.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';
import { independentUniqueLink } from '../support/independent-links.js';

const FORM_TOKEN = /name="_form" value="([^"]+)"/;

describe.each(ENGINES)('reviews written before links were remembered, on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    app = await buildApp(runtime);
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  it('learn their link in the migration, so a split of an old link edits the old review', async () => {
    const shop = await runtime.businesses.create({
      name: 'Old Shop',
      domain: `old-${randomBytes(4).toString('hex')}.example`,
    });
    const businessId = (await runtime.businesses.row(shop.domain)).id;
    const db = runtime.store.db;
    const reference = `ORD-${randomBytes(3).toString('hex')}`;
    // Two reviews an attacker already made from one link before this change, and one honest review.
    await insertLegacy(db, businessId, 'jane@example.com', reference, 1_000);
    await insertLegacy(db, businessId, 'jane@example.co', `m${reference}`, 2_000);
    await insertLegacy(db, businessId, 'joe@example.com', 'ORD-2', 3_000);

    // Run the migration again over these rows, as it runs over an installation's existing reviews.
    await linkDigest.down(db);
    await linkDigest.up(db);
    const digests = await db
      .selectFrom('reviews')
      .select(['email', 'link_digest'])
      .where('business_id', '=', businessId)
      .orderBy('created_at')
      .execute();
    expect(digests.map((row) => row.link_digest !== null)).toEqual([true, false, true]);

    // A third split of the same link opens the oldest review and edits it: no new review.
    const split = independentUniqueLink('', shop.domain, shop.uniqueLinkSecret, {
      email: 'jane@example.c',
      name: 'Jane',
      reference: `om${reference}`,
    });
    const form = await app.inject({ method: 'GET', url: split });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Legacy 1000');
    const posted = await app.inject({
      method: 'POST',
      url: split,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _form: FORM_TOKEN.exec(form.body)?.[1] ?? '',
        rating: '2',
        title: 'Edited',
        text: 'Edited through a third split.',
      }).toString(),
    });
    expect(posted.statusCode).toBe(303);
    const titles = await db
      .selectFrom('reviews')
      .select('title')
      .where('business_id', '=', businessId)
      .orderBy('created_at')
      .execute();
    expect(titles.map((row) => row.title)).toEqual(['Edited', 'Legacy 2000', 'Legacy 3000']);
  });
});

async function insertLegacy(
  db: Kysely<Database>,
  businessId: string,
  email: string,
  reference: string,
  at: number,
): Promise<void> {
  await db
    .insertInto('reviews')
    .values({
      id: randomUUID(),
      business_id: businessId,
      invitation_id: null,
      label: 'verified',
      source: 'unique_link',
      email,
      name: 'Jane',
      reference,
      rating: 5,
      title: `Legacy ${at}`,
      text: 'Written before links were remembered.',
      products: '[]',
      locale: 'en-US',
      status: 'published',
      confirm_token_hash: null,
      confirm_expires_at: null,
      created_at: at,
      updated_at: at,
      published_at: at,
      link_digest: null,
    })
    .execute();
}
