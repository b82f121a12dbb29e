import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, ManualClock } from '../../src/clock.js';
import { trustScore } from '../../src/domain/reviews/review-rules.js';
import { buildApp } from '../../src/http/app.js';
import { MailSendError, type MailTransport, type OutgoingMail } from '../../src/mail/transport.js';
import type { Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import { dashboardUser, type DashboardClient } from '../support/dashboard.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';
import { independentUniqueLink } from '../support/independent-links.js';

/** Accepts every message but those to a `bounce-` address, which it refuses as a mailbox that is not there. */
class FakeMail implements MailTransport {
  readonly description = 'test';
  readonly sent: OutgoingMail[] = [];
  send(mail: OutgoingMail) {
    if (mail.to.address.startsWith('bounce-')) {
      return Promise.reject(
        new MailSendError({ kind: 'bounce', responseCode: 550, message: '550 5.1.1 No such user' }),
      );
    }
    this.sent.push(mail);
    return Promise.resolve({ messageId: mail.messageId, response: '250 OK' });
  }
  close(): void {}
}

/** The number a figure of the page shows, by its `data-stat`. */
function stat(body: string, name: string): string {
  const match = new RegExp(`data-stat="${name}">\\s*<dt>[^<]*</dt>\\s*<dd>([^<]*)</dd>`).exec(body);
  if (!match?.[1]) throw new Error(`no figure ${name} on the page`);
  return match[1].trim();
}

/** The cells of the method table's row for `method`. */
function methodRow(body: string, method: string): string[] {
  const match = new RegExp(`<tr data-method="${method}">([\\s\\S]*?)</tr>`).exec(body);
  if (!match?.[1]) throw new Error(`no row for ${method}`);
  return [...match[1].matchAll(/<td>\s*([^<]*?)\s*<\/td>/g)].map((cell) => cell[1] ?? '');
}

describe.each(ENGINES)('dashboard overview on %s', (engine) => {
  const now = new Date('2026-11-20T12:00:00.000Z').getTime();
  const clock = new ManualClock(new Date(now));
  const mail = new FakeMail();
  let runtime: Runtime;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let shop: CreatedBusiness;
  let other: CreatedBusiness;
  let member: DashboardClient;
  let outsider: DashboardClient;
  const tag = randomBytes(3).toString('hex');

  async function invite(channel: string, email: string, reference: string) {
    const accepted = await runtime.invitations.accept(shop.id, {
      channel: channel as 'csv',
      kind: 'service',
      email,
      name: 'Customer',
      reference,
      delayDays: 0,
    });
    return runtime.store.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', accepted.invitation.id)
      .executeTakeFirstOrThrow();
  }

  async function review(token: string, rating: number) {
    const resolved = await runtime.reviews.resolveInvitation(token);
    if (!resolved.ok) throw new Error(resolved.code);
    const submitted = await runtime.reviews.submit(
      resolved.context,
      { rating: String(rating), title: 'Good', text: 'It came on time and works.' },
      'en-US',
    );
    if (!submitted.ok) throw new Error('review refused');
  }

  beforeAll(async () => {
    const opened = await openTestRuntime(engine, { clock, mailTransport: mail });
    runtime = opened.runtime;
    close = () => opened.close();
    app = await buildApp(runtime);
    shop = await runtime.businesses.create({ name: 'Overview Shop', domain: `overview-${tag}.example` });
    other = await runtime.businesses.create({ name: 'Other Shop', domain: `other-${tag}.example` });

    // 60 days ago: one file invitation sent, inside 90 days and outside 30.
    clock.set(new Date(now - 60 * DAY_MS));
    await invite('csv', `old-${tag}@example.com`, 'OLD-1');
    await runtime.createDispatcher().runOnce();

    // 5 days ago: every method, one bounce, one link handed out.
    clock.set(new Date(now - 5 * DAY_MS));
    const a1 = await invite('csv', `a1-${tag}@example.com`, 'A-1');
    await invite('csv', `a2-${tag}@example.com`, 'A-2');
    await invite('csv', `a3-${tag}@example.com`, 'A-3');
    await invite('csv', `bounce-${tag}@example.com`, 'A-4');
    const b1 = await invite('api', `b1-${tag}@example.com`, 'B-1');
    await invite('api', `b2-${tag}@example.com`, 'B-2');
    await invite('afs', `c1-${tag}@example.com`, 'C-1');
    await invite('shopify', `d1-${tag}@example.com`, 'D-1');
    await invite('manual', `m1-${tag}@example.com`, 'M-1');
    const issued = await invite('link', `l1-${tag}@example.com`, 'L-1');
    expect(issued.status).toBe('link_issued');
    const report = await runtime.createDispatcher().runOnce();
    expect(report.failed).toBe(1);

    // 4 days ago: opens (a1 twice: one counted), a click, reviews through two invitations and a Unique Link.
    clock.set(new Date(now - 4 * DAY_MS));
    await runtime.invitationTracking.recordOpenByToken(a1.token);
    await runtime.invitationTracking.recordOpenByToken(a1.token);
    await runtime.invitationTracking.recordOpenByToken(b1.token);
    const a1Row = await runtime.invitationTracking.findByToken(a1.token);
    if (!a1Row) throw new Error('a1 is gone');
    await runtime.invitationTracking.recordClick(a1Row);
    await review(a1.token, 5);
    await review(b1.token, 4);
    const link = new URL(
      independentUniqueLink('http://localhost', shop.domain, shop.uniqueLinkSecret, {
        email: `u1-${tag}@example.com`,
        name: 'Link Reviewer',
        reference: 'U-1',
      }),
    );
    const resolved = await runtime.reviews.resolveUniqueLink(shop.domain, link.searchParams);
    if (!resolved.ok) throw new Error(resolved.code);
    const submitted = await runtime.reviews.submit(
      resolved.context,
      { rating: '3', title: 'Fine', text: 'It was fine overall.' },
      'en-US',
    );
    if (!submitted.ok) throw new Error('link review refused');

    // 2 days ago: a refused link, a mis-signed shop delivery and a new AFS sender.
    clock.set(new Date(now - 2 * DAY_MS));
    const forged = new URLSearchParams(link.searchParams);
    forged.set('e', '0'.repeat(40));
    expect((await runtime.reviews.resolveUniqueLink(shop.domain, forged)).ok).toBe(false);
    const integration = await runtime.integrations.create(shop.id, { provider: 'shopify' });
    const token = integration.url.split('/').at(-1) ?? '';
    await expect(
      runtime.integrations.receive({
        provider: 'shopify',
        token,
        headers: {
          'x-shopify-hmac-sha256': 'bm90IGEgc2lnbmF0dXJl',
          'x-shopify-topic': 'orders/fulfilled',
          'x-shopify-webhook-id': 'w-1',
          'content-type': 'application/json',
        },
        body: Buffer.from('{"id":1}'),
      }),
    ).rejects.toThrow();
    await runtime.store.db
      .insertInto('business_alerts')
      .values({
        business_id: shop.id,
        type: 'afs_new_sender',
        message: `Order emails from orders@${tag}.example now schedule invitations.`,
        created_at: now - 2 * DAY_MS,
        read_at: null,
      })
      .execute();

    clock.set(new Date(now));
    member = await dashboardUser(app, runtime, {
      email: `member-${tag}@example.com`,
      business: shop.id,
      role: 'member',
    });
    outsider = await dashboardUser(app, runtime, {
      email: `outsider-${tag}@example.com`,
      business: other.id,
      role: 'member',
    });
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await close();
  });

  it('counts the last 30 days by method, with conversion', async () => {
    const page = await member.get(`/app/${shop.domain}`);
    expect(page.statusCode).toBe(200);
    const body = page.body;
    // 4 file, 2 API, 1 AFS, 1 shop, 1 by hand scheduled; the bounce is sent but not delivered.
    expect(stat(body, 'scheduled')).toBe('9');
    expect(stat(body, 'sent')).toBe('9');
    expect(stat(body, 'delivered')).toBe('8');
    expect(stat(body, 'opened')).toBe('2');
    expect(stat(body, 'clicked')).toBe('1');
    // Two reviews answered invitations, one came through a Unique Link.
    expect(stat(body, 'reviewed')).toBe('3');
    expect(stat(body, 'conversion')).toBe('22.2%');
    expect(body).toContain('1 invitation links issued');
    expect(body).toContain('Scheduled here also counts invitation links handed out');
    // scheduled, sent, delivered, opened, clicked, reviewed, conversion
    expect(methodRow(body, 'file')).toEqual(['4', '4', '3', '1', '1', '1', '25%']);
    expect(methodRow(body, 'api')).toEqual(['2', '2', '2', '1', '0', '1', '50%']);
    expect(methodRow(body, 'afs')).toEqual(['1', '1', '1', '0', '0', '0', '0%']);
    expect(methodRow(body, 'shop')).toEqual(['1', '1', '1', '0', '0', '0', '0%']);
    expect(methodRow(body, 'manual')).toEqual(['1', '1', '1', '0', '0', '0', '0%']);
    expect(methodRow(body, 'links')).toEqual(['1', '0', '0', '0', '0', '1', '—']);
  });

  it('follows the period: 7 days leaves the same, 90 days adds the old invitation', async () => {
    const week = await member.get(`/app/${shop.domain}?days=7`);
    expect(stat(week.body, 'sent')).toBe('9');
    expect(week.body).toMatch(/<a href="\/app\/[^"]+\?days=7" aria-current="page"/);
    const quarter = await member.get(`/app/${shop.domain}?days=90`);
    expect(stat(quarter.body, 'scheduled')).toBe('10');
    expect(stat(quarter.body, 'sent')).toBe('10');
    expect(stat(quarter.body, 'delivered')).toBe('9');
    const wrong = await member.get(`/app/${shop.domain}?days=abc`);
    expect(wrong.statusCode).toBe(200);
    expect(wrong.body).toContain('The period can be 7, 30 or 90 days; showing the last 30 days.');
    expect(stat(wrong.body, 'sent')).toBe('9');
  });

  it('adds what happened today to the days and hours it already counted', async () => {
    const stored = await runtime.store.db
      .selectFrom('dashboard_counts')
      .select(['span', 'bucket'])
      .where('business_id', '=', shop.id)
      .where('metric', '=', '_done')
      .execute();
    const today = Math.floor(now / DAY_MS) * 24;
    // 89 ended days of the 90-day view, and today's hours up to 10 minutes ago (00:00 to 11:00).
    expect(stored.filter((row) => row.span === 24)).toHaveLength(89);
    expect(stored.filter((row) => row.span === 1).map((row) => Number(row.bucket) - today)).toEqual(
      Array.from({ length: 11 }, (_, hour) => hour),
    );
    await invite('api', `today-${tag}@example.com`, 'T-1');
    const page = await member.get(`/app/${shop.domain}`);
    expect(stat(page.body, 'scheduled')).toBe('10');
    expect(methodRow(page.body, 'api')[0]).toBe('3');
    expect(stat(page.body, 'sent')).toBe('9');
    // Two hours on, the invitation of 12:00 is in a stored hour and still counted once.
    clock.set(new Date(now + 2 * 60 * 60 * 1000));
    const later = await member.get(`/app/${shop.domain}`);
    expect(stat(later.body, 'scheduled')).toBe('10');
    clock.set(new Date(now));
  });

  it('draws the chart as an accessible SVG on the server', async () => {
    const { body } = await member.get(`/app/${shop.domain}`);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(body)?.[0] ?? '';
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-label="Invitations sent and reviews per day, last 30 days"');
    expect(svg).toMatch(/<title id="overview-chart-title">/);
    expect(svg).toContain('9 invitations sent and 3 reviews');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).not.toContain('style=');
    const week = await member.get(`/app/${shop.domain}?days=7`);
    // A week is drawn as bars: 7 days × 2 series, plus the legend's 2 swatches.
    expect(week.body.match(/<rect class="chart-[ab]"/g)).toHaveLength(16);
  });

  it('shows TrustScore and the label mix as the public page does', async () => {
    const { body } = await member.get(`/app/${shop.domain}`);
    const summary = await runtime.reviews.summary({
      id: shop.id,
      name: shop.name,
      domain: shop.domain,
    } as Parameters<Runtime['reviews']['summary']>[0]);
    expect(summary.trustScore).toBe(trustScore(3, 12));
    expect(body).toMatch(new RegExp(`data-stat="trustscore">${String(summary.trustScore)}<`));
    expect(stat(body, 'verified')).toBe('2 (66.7%)');
    expect(stat(body, 'invited')).toBe('1 (33.3%)');
    expect(stat(body, 'organic')).toBe('0 (0%)');
  });

  it('raises alerts that link to the page that deals with each', async () => {
    const { body } = await member.get(`/app/${shop.domain}`);
    const alerts = /<section class="card overview-alerts"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
    expect(alerts).toContain(`New AFS sender: Order emails from orders@${tag}.example`);
    expect(alerts).toContain(`href="/app/${shop.domain}/methods#afs"`);
    expect(alerts).toMatch(
      /1 Unique Link links were refused \(unique_link_hash_mismatch\): The hash e does not match/,
    );
    expect(alerts).toContain(`href="/app/${shop.domain}/methods#doctor"`);
    expect(alerts).toContain('1 invitations bounced');
    expect(alerts).toContain(`href="/app/${shop.domain}/invitations?status=bounced"`);
    expect(alerts).toContain(
      '1 shop deliveries were refused or failed, 1 of them for a wrong or missing signature',
    );
    expect(alerts).toContain(`href="/app/${shop.domain}/methods#integrations"`);
  });

  it('is not found for a member of another business', async () => {
    const page = await outsider.get(`/app/${shop.domain}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Overview Shop');
    const own = await outsider.get(`/app/${other.domain}`);
    expect(own.statusCode).toBe(200);
    expect(stat(own.body, 'sent')).toBe('0');
    expect(own.body).toContain('Nothing needs your attention in this period.');
  });

  it('sees a new review at once, in the same millisecond as the figures it had', async () => {
    const before = await member.get(`/app/${shop.domain}`);
    expect(stat(before.body, 'verified')).toBe('2 (66.7%)');
    const link = new URL(
      independentUniqueLink('http://localhost', shop.domain, shop.uniqueLinkSecret, {
        email: `u2-${tag}@example.com`,
        name: 'Second Link Reviewer',
        reference: 'U-2',
      }),
    );
    const resolved = await runtime.reviews.resolveUniqueLink(shop.domain, link.searchParams);
    if (!resolved.ok) throw new Error(resolved.code);
    const submitted = await runtime.reviews.submit(
      resolved.context,
      { rating: '1', title: 'Late', text: 'It came late, sadly.' },
      'en-US',
    );
    if (!submitted.ok) throw new Error('link review refused');
    const after = await member.get(`/app/${shop.domain}`);
    expect(stat(after.body, 'verified')).toBe('3 (75%)');
    expect(after.body).toMatch(new RegExp(`data-stat="trustscore">${String(trustScore(4, 13))}<`));
    expect(stat(after.body, 'reviewed')).toBe('4');
  });
});
