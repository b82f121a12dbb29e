import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { MailTransport, OutgoingMail, SendReceipt } from '../../src/mail/transport.js';
import type { Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import type { ReviewRow } from '../../src/store/schema.js';
import { dashboardUser, type DashboardClient } from '../support/dashboard.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

/** Keeps every message it is handed: the emails a test reads. */
class CapturingTransport implements MailTransport {
  readonly description = 'capture';
  readonly sent: OutgoingMail[] = [];
  send(mail: OutgoingMail): Promise<SendReceipt> {
    this.sent.push(mail);
    return Promise.resolve({ messageId: mail.messageId, response: 'captured' });
  }
  close(): void {}
}

const REVIEW_IDS = /data-review-id="([0-9a-f-]{36})"/g;

function reviewIdsOf(body: string): string[] {
  return [...body.matchAll(REVIEW_IDS)].map((match) => match[1] ?? '');
}

describe.each(ENGINES)('dashboard reviews on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let mail: CapturingTransport;
  let close: () => Promise<void> = () => Promise.resolve();
  let clock = Date.UTC(2026, 11, 1, 9, 0, 0);

  beforeAll(async () => {
    mail = new CapturingTransport();
    const opened = await openTestRuntime(engine, { mailTransport: mail });
    runtime = opened.runtime;
    app = await buildApp(runtime);
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  async function business(): Promise<CreatedBusiness> {
    return runtime.businesses.create({
      name: 'Bäckerei <Müller>',
      domain: `shop-${randomBytes(4).toString('hex')}.example`,
    });
  }

  /** A review written straight into the store, each a minute after the one before. */
  async function review(businessId: string, fields: Partial<ReviewRow> = {}): Promise<ReviewRow> {
    clock += 60_000;
    const row: ReviewRow = {
      id: randomUUID(),
      business_id: businessId,
      invitation_id: null,
      label: 'verified',
      source: 'unique_link',
      email: `c${randomBytes(4).toString('hex')}@customer.example`,
      name: 'Jane Doe',
      reference: `ORD-${randomBytes(4).toString('hex')}`,
      rating: 5,
      title: 'Lovely bread',
      text: 'The sourdough was excellent and arrived warm.',
      products: '[]',
      locale: 'en-US',
      status: 'published',
      confirm_token_hash: null,
      confirm_expires_at: null,
      created_at: clock,
      updated_at: clock,
      published_at: clock,
      link_digest: null,
      hidden_reason: null,
      hidden_at: null,
      reply_text: null,
      replied_at: null,
      ...fields,
    };
    await runtime.store.db.insertInto('reviews').values(row).execute();
    return row;
  }

  async function owner(shop: CreatedBusiness): Promise<DashboardClient> {
    return dashboardUser(app, runtime, {
      email: `owner-${randomBytes(4).toString('hex')}@shop.example`,
      business: shop.domain,
      role: 'owner',
    });
  }

  async function member(shop: CreatedBusiness): Promise<DashboardClient> {
    return dashboardUser(app, runtime, {
      email: `member-${randomBytes(4).toString('hex')}@shop.example`,
      business: shop.domain,
      role: 'member',
    });
  }

  /** How many reviews the TrustScore counts. */
  async function publishedCount(shop: CreatedBusiness): Promise<number> {
    const row = await runtime.reviews.findBusiness(shop.domain);
    if (!row) throw new Error(`no business ${shop.domain}`);
    return (await runtime.reviews.summary(row)).count;
  }

  async function publicPage(domain: string): Promise<string> {
    const response = await app.inject({ method: 'GET', url: `/review/${domain}` });
    expect(response.statusCode).toBe(200);
    return response.body;
  }

  it('lists every label and status newest first, filters by label, rating and status, and pages by cursor', async () => {
    const shop = await business();
    const verified = await review(shop.id, { label: 'verified', rating: 5, title: 'Verified one' });
    const invited = await review(shop.id, { label: 'invited', source: 'invitation', rating: 4 });
    const organic = await review(shop.id, {
      label: 'organic',
      source: 'organic',
      reference: null,
      rating: 1,
      status: 'pending',
      published_at: null,
      confirm_expires_at: clock + 86_400_000,
    });
    const hidden = await review(shop.id, {
      rating: 2,
      status: 'hidden',
      hidden_reason: 'Names an employee',
      hidden_at: clock,
    });
    const client = await member(shop);

    const all = await client.get(`/app/${shop.domain}/reviews`);
    expect(all.statusCode).toBe(200);
    expect(reviewIdsOf(all.body)).toEqual([hidden.id, organic.id, invited.id, verified.id]);
    expect(all.body).toContain('Verified one');
    expect(all.body).toContain('Names an employee');
    expect(all.body).toContain('Waiting for the writer to confirm');
    // The members' menu has no Team entry.
    expect(all.body).not.toContain(`href="/app/${shop.domain}/team"`);

    const organicOnly = await client.get(`/app/${shop.domain}/reviews?label=organic`);
    expect(reviewIdsOf(organicOnly.body)).toEqual([organic.id]);
    const oneStar = await client.get(`/app/${shop.domain}/reviews?rating=1`);
    expect(reviewIdsOf(oneStar.body)).toEqual([organic.id]);
    const hiddenOnly = await client.get(`/app/${shop.domain}/reviews?status=hidden`);
    expect(reviewIdsOf(hiddenOnly.body)).toEqual([hidden.id]);
    const published = await client.get(`/app/${shop.domain}/reviews?status=published&label=invited`);
    expect(reviewIdsOf(published.body)).toEqual([invited.id]);

    const bad = await client.get(`/app/${shop.domain}/reviews?rating=9`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not a rating to filter by');
    const badCursor = await client.get(`/app/${shop.domain}/reviews?cursor=nonsense`);
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.body).toContain('start again from the first page');

    // 30 more published 5-star reviews: pages of 25, newest first, every one once.
    const many: string[] = [];
    for (let index = 0; index < 30; index += 1) many.push((await review(shop.id, { rating: 5 })).id);
    const expected = [...many.reverse(), verified.id];
    const first = await client.get(`/app/${shop.domain}/reviews?rating=5`);
    const firstIds = reviewIdsOf(first.body);
    expect(firstIds).toEqual(expected.slice(0, 25));
    const next = /href="([^"]+)" rel="next"/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toContain('rating=5');
    const second = await client.get(next ?? '');
    expect(reviewIdsOf(second.body)).toEqual(expected.slice(25));
    expect(second.body).not.toContain('rel="next"');
  });

  it('hides a review with a reason: the reviewer is emailed a link to the reason and the review leaves the public page', async () => {
    const shop = await business();
    const kept = await review(shop.id, { rating: 5, title: 'Stays up' });
    const target = await review(shop.id, {
      rating: 1,
      title: 'Rude words',
      text: 'Something unkind about a named employee.',
      locale: 'de-DE',
      name: 'Erika Mustermann',
    });
    const client = await member(shop);
    expect(await publicPage(shop.domain)).toContain('Rude words');
    expect(await publishedCount(shop)).toBe(2);

    await client.get(`/app/${shop.domain}/reviews/${target.id}`);
    const empty = await client.post(`/app/${shop.domain}/reviews/${target.id}/hide`, { reason: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Say why the review is hidden');

    const before = mail.sent.length;
    const reason = 'It names an employee & insults them <b>personally</b>.';
    const hidden = await client.post(`/app/${shop.domain}/reviews/${target.id}/hide`, { reason });
    expect(hidden.statusCode).toBe(303);
    const page = await client.get(hidden.headers.location as string);
    expect(page.body).toContain(`The reviewer was emailed at ${target.email}`);
    expect(page.body).toContain('It names an employee &amp; insults them &lt;b&gt;personally&lt;/b&gt;.');

    // The email: to the reviewer, from the business, in the review's language, with the reason and a link.
    const sent = mail.sent.slice(before);
    expect(sent).toHaveLength(1);
    const email = sent[0];
    expect(email?.to.address).toBe(target.email);
    expect(email?.from.name).toBe('Bäckerei <Müller>');
    expect(email?.subject).toBe('Ihre Bewertung von Bäckerei <Müller> ist ausgeblendet');
    expect(email?.text).toContain(reason);
    expect(email?.html).toContain('&lt;b&gt;personally&lt;/b&gt;');
    const link = /(http\S+\/review\/\S+\/hidden\/\S+)/.exec(email?.text ?? '')?.[1] ?? '';
    expect(link).toContain(`/review/${shop.domain}/hidden/${target.id}?s=`);

    // Gone from the public page, the public API and the TrustScore; still in the dashboard.
    const after = await publicPage(shop.domain);
    expect(after).not.toContain('Rude words');
    expect(after).toContain('Stays up');
    const api = await app.inject({ method: 'GET', url: `/api/public/businesses/${shop.domain}/reviews` });
    expect(api.json<{ reviews: { id: string }[] }>().reviews.map((r) => r.id)).toEqual([kept.id]);
    expect(await publishedCount(shop)).toBe(1);
    const listed = await client.get(`/app/${shop.domain}/reviews?status=hidden`);
    expect(reviewIdsOf(listed.body)).toEqual([target.id]);

    // The reviewer's link shows the reason beside their review; an altered link shows nothing.
    const url = new URL(link);
    const notice = await app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(notice.statusCode).toBe(200);
    expect(notice.body).toContain('Ihre Bewertung von Bäckerei &lt;Müller&gt; ist ausgeblendet');
    expect(notice.body).toContain('It names an employee &amp; insults them &lt;b&gt;personally&lt;/b&gt;.');
    expect(notice.body).toContain('Something unkind about a named employee.');
    const forged = await app.inject({
      method: 'GET',
      url: `/review/${shop.domain}/hidden/${kept.id}${url.search}`,
    });
    expect(forged.statusCode).toBe(404);
    expect(forged.body).not.toContain('Stays up');

    // Hiding it again is refused with a message; showing it again puts it back.
    const twice = await client.post(`/app/${shop.domain}/reviews/${target.id}/hide`, { reason: 'again' });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('already hidden');
    const shown = await client.post(`/app/${shop.domain}/reviews/${target.id}/unhide`);
    expect(shown.statusCode).toBe(303);
    expect(await publicPage(shop.domain)).toContain('Rude words');
    expect(await publishedCount(shop)).toBe(2);
    const back = await app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(back.body).toContain('Ihre Bewertung ist wieder veröffentlicht');
    expect(back.body).not.toContain('personally');
  });

  it('says so when a hidden review’s writer was erased, and refuses to hide an unconfirmed one', async () => {
    const shop = await business();
    const erased = await review(shop.id, { email: 'erased-x@erased.invalid', name: '' });
    const pending = await review(shop.id, { status: 'pending', published_at: null, label: 'organic' });
    const client = await member(shop);
    await client.get(`/app/${shop.domain}/reviews`);
    const before = mail.sent.length;
    const hidden = await client.post(`/app/${shop.domain}/reviews/${erased.id}/hide`, { reason: 'Spam' });
    expect(hidden.headers.location).toContain('done=hiddenErased');
    expect(mail.sent.length).toBe(before);
    const refused = await client.post(`/app/${shop.domain}/reviews/${pending.id}/hide`, { reason: 'Spam' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('not published yet');
  });

  it('publishes a reply under the review, escaped, and removes it when emptied', async () => {
    const shop = await business();
    const target = await review(shop.id, { title: 'Answer me' });
    await runtime.webhooks.add(shop.domain, { url: 'http://127.0.0.1:9/hook', events: 'review.updated' });
    const client = await member(shop);
    await client.get(`/app/${shop.domain}/reviews/${target.id}`);
    const saved = await client.post(`/app/${shop.domain}/reviews/${target.id}/reply`, {
      text: 'Thank you! <script>alert("x")</script>',
    });
    expect(saved.statusCode).toBe(303);
    // The reply is in both JSON APIs and in the review.updated webhook, as text (escaping is the page's).
    const repliedAt: unknown = expect.any(String);
    const reply = { text: 'Thank you! <script>alert("x")</script>', repliedAt };
    const publicJson = await app.inject({
      method: 'GET',
      url: `/api/public/businesses/${shop.domain}/reviews`,
    });
    expect(publicJson.json()).toMatchObject({ reviews: [{ id: target.id, reply }] });
    const ownJson = await app.inject({
      method: 'GET',
      url: '/api/v1/reviews',
      headers: { authorization: `Bearer ${shop.apiKey}` },
    });
    expect(ownJson.json()).toMatchObject({ reviews: [{ id: target.id, reply }] });
    const deliveries = await runtime.store.db
      .selectFrom('webhook_deliveries')
      .select('payload')
      .where('business_id', '=', shop.id)
      .execute();
    expect(deliveries.map((row) => JSON.parse(row.payload) as unknown)).toMatchObject([
      { type: 'review.updated', data: { id: target.id, reply } },
    ]);
    const page = await publicPage(shop.domain);
    expect(page).toContain('Reply from Bäckerei &lt;Müller&gt;');
    expect(page).toContain('Thank you! &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert');
    const german = await app.inject({
      method: 'GET',
      url: `/review/${shop.domain}`,
      headers: { 'accept-language': 'de-DE' },
    });
    expect(german.body).toContain('Antwort von Bäckerei &lt;Müller&gt;');

    const tooLong = await client.post(`/app/${shop.domain}/reviews/${target.id}/reply`, {
      text: 'x'.repeat(5001),
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('keep it to 5000');

    const removed = await client.post(`/app/${shop.domain}/reviews/${target.id}/reply`, { text: '  ' });
    expect(removed.headers.location).toContain('done=replyRemoved');
    expect(await publicPage(shop.domain)).not.toContain('Thank you!');
  });

  it('erases a customer’s personal data by email (owners only) and says how much was anonymised', async () => {
    const shop = await business();
    const customer = 'erase.me@customer.example';
    await runtime.invitations.accept(shop.domain, {
      channel: 'api',
      kind: 'service',
      email: customer,
      name: 'Erase Me',
      reference: 'ORD-ERASE-1',
    });
    const first = await review(shop.id, { email: customer, name: 'Erase Me', rating: 4 });
    const second = await review(shop.id, { email: customer, name: 'Erase Me', rating: 2 });
    const other = await review(shop.id);

    const staff = await member(shop);
    await staff.get(`/app/${shop.domain}/reviews`);
    expect((await staff.post(`/app/${shop.domain}/reviews/erase`, { email: customer })).statusCode).toBe(403);

    const boss = await owner(shop);
    const page = await boss.get(`/app/${shop.domain}/reviews`);
    expect(page.body).toContain('Delete a customer’s personal data');
    const invalid = await boss.post(`/app/${shop.domain}/reviews/erase`, { email: 'not an address' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('is not an email address');

    const erased = await boss.post(`/app/${shop.domain}/reviews/erase`, {
      email: ' Erase.Me@Customer.example ',
    });
    expect(erased.statusCode).toBe(200);
    expect(erased.body).toContain('Done. Invitations anonymised: 1. Reviews anonymised: 2.');
    const rows = await runtime.store.db
      .selectFrom('reviews')
      .select(['id', 'email', 'name', 'rating'])
      .where('business_id', '=', shop.id)
      .execute();
    for (const id of [first.id, second.id]) {
      const row = rows.find((r) => r.id === id);
      expect(row?.email).toMatch(/@erased\.invalid$/);
      expect(row?.name).toBe('');
    }
    expect(rows.find((r) => r.id === other.id)?.email).toBe(other.email);
    const invitations = await runtime.store.db
      .selectFrom('invitations')
      .select(['email', 'status'])
      .where('business_id', '=', shop.id)
      .execute();
    expect(invitations).toHaveLength(1);
    expect(invitations[0]?.email).toMatch(/@erased\.invalid$/);
    expect(invitations[0]?.status).toBe('cancelled');
    // The dashboard lists them as erased, and the ratings still count.
    const after = await boss.get(`/app/${shop.domain}/reviews`);
    expect(after.body).not.toContain(customer);
    expect(after.body).toContain('personal data erased');
    expect(await publishedCount(shop)).toBe(3);

    const again = await boss.post(`/app/${shop.domain}/reviews/erase`, { email: customer });
    expect(again.body).toContain('Nothing to erase');
  });

  it('answers 404 for another business’s review, on every review route, and changes nothing', async () => {
    const mine = await business();
    const theirs = await business();
    const foreign = await review(theirs.id, { title: 'Their review' });
    const client = await owner(mine);
    await client.get(`/app/${mine.domain}/reviews`);
    const show = await client.get(`/app/${mine.domain}/reviews/${foreign.id}`);
    expect(show.statusCode).toBe(404);
    expect(show.body).not.toContain('Their review');
    for (const action of ['hide', 'unhide', 'reply']) {
      const response = await client.post(`/app/${mine.domain}/reviews/${foreign.id}/${action}`, {
        reason: 'Mine now',
        text: 'Hijacked reply',
      });
      expect(response.statusCode, action).toBe(404);
    }
    expect((await client.get(`/app/${mine.domain}/reviews/not-a-uuid`)).statusCode).toBe(404);
    // The other business's pages are not found either.
    expect((await client.get(`/app/${theirs.domain}/reviews`)).statusCode).toBe(404);
    const row = await runtime.store.db
      .selectFrom('reviews')
      .selectAll()
      .where('id', '=', foreign.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
    expect(row.reply_text).toBeNull();
    expect(await publicPage(theirs.domain)).toContain('Their review');
    // A form without its CSRF token is refused.
    const target = await review(mine.id);
    const forged = await client.post(
      `/app/${mine.domain}/reviews/${target.id}/hide`,
      { reason: 'x' },
      { csrf: false },
    );
    expect(forged.statusCode).toBe(403);
  });
});
