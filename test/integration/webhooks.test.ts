import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DAY_MS, ManualClock } from '../../src/clock.js';
import { isVouchError } from '../../src/errors.js';
import { SmtpPoolTransport } from '../../src/mail/transport.js';
import type { Runtime } from '../../src/runtime.js';
import { buildApp } from '../../src/http/app.js';
import { WebhookService } from '../../src/services/webhook.service.js';
import { WebhookRepository } from '../../src/store/repositories/webhook.repository.js';
import { Dispatcher } from '../../src/worker/dispatcher.js';
import { WebhookSender } from '../../src/worker/webhook-sender.js';
import { HttpWebhookTransport } from '../../src/worker/webhook-transport.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';
import { independentUniqueLink } from '../support/independent-links.js';
import { SmtpSink } from '../support/smtp-sink.js';

const START = '2026-06-01T10:00:00.000Z';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** What `standardwebhooks` made of the signature: the parsed payload, or its error. */
  verified:
    | { ok: true; payload: { type: string; timestamp: string; data: Record<string, unknown> } }
    | {
        ok: false;
        error: string;
      };
  answered: number;
}

/**
 * A real HTTP receiver on 127.0.0.1. Each path has a plan: fail its first `failFirst` requests with 500,
 * answer `status` after that. Every request is checked with the standardwebhooks package and the secret
 * registered for its path.
 */
class Receiver {
  readonly received: Received[] = [];
  private readonly plans = new Map<string, { failFirst: number; status: number; secret: string }>();
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const plan = this.plans.get(path);
      // A receiver that never answers: the sender's timeout ends the attempt.
      if (path === '/hooks/hang') {
        this.received.push({
          path,
          headers: {},
          body: '',
          verified: { ok: false, error: 'hung' },
          answered: 0,
        });
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
      );
      let verified: Received['verified'];
      try {
        verified = {
          ok: true,
          payload: new Webhook(plan?.secret ?? 'whsec_AAAA').verify(body, headers) as never,
        };
      } catch (error) {
        verified = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      const earlier = this.received.filter((entry) => entry.path === path).length;
      const answered = !plan ? 404 : earlier < plan.failFirst ? 500 : plan.status;
      this.received.push({ path, headers, body, verified, answered });
      response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'no');
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  plan(path: string, plan: { failFirst?: number; status?: number; secret: string }): void {
    this.plans.set(path, { failFirst: plan.failFirst ?? 0, status: plan.status ?? 204, secret: plan.secret });
  }

  at(path: string): Received[] {
    return this.received.filter((entry) => entry.path === path);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe.each(ENGINES)('outbound webhooks on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let receiver: Receiver;
  let sink: SmtpSink;
  let mail: SmtpPoolTransport;
  let close: () => Promise<void> = () => Promise.resolve();
  const clock = new ManualClock(START);

  /**
   * The worker runs on the test clock; the receiver's standardwebhooks checks the timestamp against
   * Date.now(), so the wall clock (Date alone, not the timers) follows the test clock.
   */
  function advance(milliseconds: number): void {
    clock.advance(milliseconds);
    vi.setSystemTime(clock.now());
  }

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(clock.now());
    receiver = await new Receiver().start();
    sink = await new SmtpSink().start();
    mail = new SmtpPoolTransport(sink.url, 2);
    const opened = await openTestRuntime(engine, { clock, mailTransport: mail });
    runtime = opened.runtime;
    app = await buildApp(runtime);
    close = async () => {
      await app.close();
      await opened.close();
      mail.close();
      await sink.stop();
      await receiver.stop();
      vi.useRealTimers();
    };
  });
  afterAll(() => close());

  const sender = (owner = 'test-sender', batchSize = 20) =>
    new WebhookSender({
      db: runtime.store.db,
      capabilities: runtime.store.capabilities,
      clock,
      webhooks: runtime.webhooks,
      owner,
      batchSize,
    });

  async function drain(worker = sender()) {
    let claimed = 0;
    for (;;) {
      const report = await worker.runOnce();
      if (report.claimed === 0) return claimed;
      claimed += report.claimed;
    }
  }

  async function shop() {
    return runtime.businesses.create({
      name: 'Hook Shop',
      domain: `hooks-${randomBytes(4).toString('hex')}.example`,
    });
  }

  async function subscribe(
    domain: string,
    path: string,
    events: string,
    plan: { failFirst?: number; status?: number } = {},
  ) {
    const created = await runtime.webhooks.add(domain, { url: receiver.url(path), events });
    receiver.plan(path, { ...plan, secret: created.secret });
    return created;
  }

  /** A review through the path a Unique Link's form takes: resolve the signed link, then submit. */
  async function review(
    business: { domain: string; uniqueLinkSecret: string },
    title = 'Quick delivery',
    customer = {
      email: `c-${randomBytes(3).toString('hex')}@example.com`,
      name: 'Jane Doe',
      reference: `ORD-${randomBytes(3).toString('hex')}`,
    },
  ) {
    const link = new URL(
      independentUniqueLink('http://localhost', business.domain, business.uniqueLinkSecret, customer),
    );
    const resolved = await runtime.reviews.resolveUniqueLink(business.domain, link.searchParams);
    if (!resolved.ok) throw new Error(`link refused: ${resolved.code}`);
    const submitted = await runtime.reviews.submit(
      resolved.context,
      { rating: '5', title, text: 'Arrived in two days, well packed.' },
      'en-US',
    );
    if (!submitted.ok) throw new Error(`review refused: ${JSON.stringify(submitted.errors)}`);
    return submitted.review;
  }

  /** A review as a customer writes one: open the Unique Link's page, post its form. */
  async function reviewOverHttp(business: { domain: string; uniqueLinkSecret: string }) {
    const customer = {
      email: `web-${randomBytes(3).toString('hex')}@example.com`,
      name: 'Jane Doe',
      reference: `WEB-${randomBytes(3).toString('hex')}`,
    };
    const link = independentUniqueLink('', business.domain, business.uniqueLinkSecret, customer);
    const page = await app.inject({ method: 'GET', url: link });
    const token = /name="_form" value="([^"]+)"/.exec(page.body)?.[1];
    expect(token, 'the review form').toBeDefined();
    const posted = await app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _form: token!,
        rating: '5',
        title: 'Quick delivery',
        text: 'Arrived in two days, well packed.',
      }).toString(),
    });
    expect(posted.statusCode, posted.body).toBeLessThan(400);
    return runtime.store.db
      .selectFrom('reviews')
      .selectAll()
      .where('business_id', '=', (await runtime.businesses.row(business.domain)).id)
      .where('reference', '=', customer.reference)
      .executeTakeFirstOrThrow();
  }

  async function expectCode(work: Promise<unknown>, code: string) {
    const error: unknown = await work.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isVouchError(error) ? error.code : error).toBe(code);
  }

  it('delivers a signed review.created once, after a receiver failed its first three tries, on the backoff schedule', async () => {
    const business = await shop();
    const subscription = await subscribe(business.domain, '/hooks/retry', 'review.created,review.updated', {
      failFirst: 3,
    });
    expect(subscription.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const created = await reviewOverHttp(business);

    expect(await sender().runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    // Not before its time: 5 s after the first failure, then 5 min, then 30 min.
    for (const wait of [5 * SECOND, 5 * MINUTE, 30 * MINUTE]) {
      advance(wait - SECOND);
      expect(await drain()).toBe(0);
      advance(SECOND);
      expect(await drain()).toBe(1);
    }
    // Delivered: nothing more is tried however long the worker runs.
    for (const wait of [2 * HOUR, 5 * HOUR, 10 * HOUR, 24 * HOUR]) {
      advance(wait);
      expect(await drain()).toBe(0);
    }

    const got = receiver.at('/hooks/retry');
    expect(got.map((entry) => entry.answered)).toEqual([500, 500, 500, 204]);
    // Each attempt verified with the standardwebhooks package, the same event id every time.
    for (const entry of got) {
      expect(entry.verified).toMatchObject({ ok: true });
      expect(entry.headers['webhook-id']).toBe(got[0]?.headers['webhook-id']);
      expect(entry.body).toBe(got[0]?.body);
    }
    const delivered = got.filter((entry) => entry.answered < 300);
    expect(delivered).toHaveLength(1);
    const payload = delivered[0]!.verified.ok ? delivered[0]!.verified.payload : undefined;
    expect(payload?.type).toBe('review.created');
    expect(payload?.timestamp).toBe(new Date(START).toISOString());
    expect(payload?.data).toMatchObject({
      id: created.id,
      rating: 5,
      title: 'Quick delivery',
      label: 'verified',
      reference: created.reference,
      consumer: { email: created.email, name: 'Jane Doe' },
    });
    // The webhook-timestamp is the time of each attempt, not of the event.
    expect(got.map((entry) => Number(entry.headers['webhook-timestamp']))).toEqual([
      Date.parse(START) / 1000,
      Date.parse(START) / 1000 + 5,
      Date.parse(START) / 1000 + 5 + 300,
      Date.parse(START) / 1000 + 5 + 300 + 1800,
    ]);
    // No secret in what was sent.
    expect(delivered[0]!.body).not.toContain(business.uniqueLinkSecret);
    expect(delivered[0]!.body).not.toContain(subscription.secret.slice(6));

    const [log] = await runtime.webhooks.deliveries(business.domain);
    expect(log).toMatchObject({
      status: 'delivered',
      type: 'review.created',
      attempts: 4,
      nextAttemptAt: null,
    });
    expect(log?.log.map((attempt) => [attempt.attempt, attempt.statusCode, attempt.replay])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 500, false],
      [4, 204, false],
    ]);
    expect(log?.log[0]?.error).toBe('The receiver answered HTTP 500.');
    expect(log?.log[3]?.error).toBeNull();
    expect(log?.eventId).toBe(got[0]?.headers['webhook-id']);
  });

  it('tells of a review sent again through the same link as review.updated, with the new text', async () => {
    const business = await shop();
    await subscribe(business.domain, '/hooks/updated', 'review.updated');
    const customer = {
      email: `upd-${randomBytes(3).toString('hex')}@example.com`,
      name: 'Jane Doe',
      reference: 'UPD-1',
    };
    const first = await review(business, 'First thoughts', customer);
    const second = await review(business, 'Second thoughts', customer);
    expect(second.id).toBe(first.id);
    await drain();
    const got = receiver.at('/hooks/updated');
    // Subscribed to updates only: the creation was not sent here.
    expect(got).toHaveLength(1);
    expect(got[0]?.verified.ok && got[0].verified.payload).toMatchObject({
      type: 'review.updated',
      data: { id: first.id, title: 'Second thoughts' },
    });
  });

  it('gives up after the seventh attempt, about 17.5 hours after the first', async () => {
    const business = await shop();
    await subscribe(business.domain, '/hooks/down', 'review.created', { failFirst: 1000 });
    await review(business);
    expect(await drain()).toBe(1);
    for (const wait of [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR]) {
      advance(wait);
      expect(await drain()).toBe(1);
    }
    advance(48 * HOUR);
    expect(await drain()).toBe(0);
    const [log] = await runtime.webhooks.deliveries(business.domain);
    expect(log).toMatchObject({ status: 'failed', attempts: 7, nextAttemptAt: null, lastStatusCode: 500 });
    expect(receiver.at('/hooks/down')).toHaveLength(7);
  });

  it('writes a delivery only when the change commits: a review write that fails leaves none', async () => {
    const business = await shop();
    await subscribe(business.domain, '/hooks/commit', 'review.created');
    // The review insert fails after the outbox row was written in the same transaction.
    if (engine === 'sqlite') {
      await sql`create trigger refuse_review before insert on reviews when new.title = 'Rollback please'
        begin select raise(abort, 'refused by the test'); end`.execute(runtime.store.db);
    } else {
      await sql`create function refuse_review() returns trigger as $$
        begin if new.title = 'Rollback please' then raise exception 'refused by the test'; end if; return new; end
        $$ language plpgsql`.execute(runtime.store.db);
      await sql`create trigger refuse_review before insert on reviews for each row execute function refuse_review()`.execute(
        runtime.store.db,
      );
    }
    try {
      await expect(review(business, 'Rollback please')).rejects.toThrow(/refused by the test/);
      expect(await runtime.webhooks.deliveries(business.domain)).toEqual([]);
      const reviews = await runtime.store.db
        .selectFrom('reviews')
        .select('id')
        .where('business_id', '=', (await runtime.businesses.row(business.domain)).id)
        .execute();
      expect(reviews).toEqual([]);

      await review(business, 'This one commits');
      const deliveries = await runtime.webhooks.deliveries(business.domain);
      expect(deliveries.map((row) => row.type)).toEqual(['review.created']);
      expect(await drain()).toBe(1);
      const [entry] = receiver.at('/hooks/commit');
      expect(entry?.verified.ok && entry.verified.payload.data.title).toBe('This one commits');
    } finally {
      await sql`drop trigger refuse_review${engine === 'postgres' ? sql` on reviews` : sql``}`.execute(
        runtime.store.db,
      );
    }
  });

  it('tells of invitations sent, failed and bounced by the worker, and of an unsubscribe once', async () => {
    const business = await shop();
    await runtime.businesses.updateSettings(business.domain, { reminderDays: 3 });
    await subscribe(
      business.domain,
      '/hooks/invitations',
      'invitation.sent,invitation.failed,invitation.bounced,consumer.unsubscribed',
    );
    const invite = async (email: string) =>
      (
        await runtime.invitations.accept(business.domain, {
          channel: 'api',
          kind: 'service',
          email,
          name: 'Max Muster',
          reference: `INV-${randomBytes(3).toString('hex')}`,
          delayDays: 0,
        })
      ).invitation;
    const sent = await invite(`sent-${randomBytes(3).toString('hex')}@example.com`);
    const dispatcher = new Dispatcher({
      db: runtime.store.db,
      capabilities: runtime.store.capabilities,
      clock,
      random: runtime.random,
      transport: mail,
      templates: runtime.templates,
      publicUrl: runtime.config.publicUrl,
      mailFrom: runtime.config.mailFrom,
      owner: 'test-dispatcher',
    });
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 1 });
    const bounced = await invite(`gone-${randomBytes(3).toString('hex')}@example.com`);
    sink.failNext('rcpt', 550, 'No such user here');
    expect(await dispatcher.runOnce()).toMatchObject({ failed: 1 });

    const { token } = await runtime.store.db
      .selectFrom('invitations')
      .select('token')
      .where('id', '=', sent.id)
      .executeTakeFirstOrThrow();
    await runtime.invitationTracking.unsubscribeByToken(token, 'business', 'one-click');
    // The one-click POST again: the suppression is already there, so nothing new to tell.
    await runtime.invitationTracking.unsubscribeByToken(token, 'business', 'one-click');

    await drain();
    const got = receiver.at('/hooks/invitations');
    expect(got).toHaveLength(4);
    expect(got.every((entry) => entry.verified.ok)).toBe(true);
    const payloads = got.map((entry) => (entry.verified.ok ? entry.verified.payload : undefined));
    const byType = (type: string) => payloads.filter((payload) => payload?.type === type);
    expect(byType('invitation.sent').map((payload) => payload?.data.id)).toEqual([sent.id]);
    expect(byType('invitation.sent')[0]?.data).toMatchObject({ reference: sent.reference, reminder: false });
    expect(byType('invitation.failed').map((payload) => payload?.data.id)).toEqual([bounced.id]);
    expect(byType('invitation.bounced')[0]?.data).toMatchObject({ id: bounced.id, responseCode: 550 });
    expect(byType('consumer.unsubscribed')).toHaveLength(1);
    expect(byType('consumer.unsubscribed')[0]?.data).toMatchObject({
      email: sent.email,
      scope: 'business',
      via: 'one-click',
      invitationId: sent.id,
    });
    // The invitation's token (the capability in its links) is never sent.
    expect(got.some((entry) => entry.body.includes(token))).toBe(false);
  });

  it('disables a subscription whose receiver answers 410 Gone, and ends its pending deliveries', async () => {
    const business = await shop();
    const gone = await subscribe(business.domain, '/hooks/gone', 'review.created', { status: 410 });
    await review(business);
    await review(business);
    await drain(sender('gone-sender', 1));
    // The first 410 disabled it; the second delivery was ended unsent.
    expect(receiver.at('/hooks/gone')).toHaveLength(1);
    const [listed] = await runtime.webhooks.list(business.domain);
    expect(listed).toMatchObject({ id: gone.id, status: 'disabled' });
    expect(listed?.disabledReason).toContain('410 Gone');
    const deliveries = await runtime.webhooks.deliveries(business.domain);
    expect(deliveries.map((row) => row.status)).toEqual(['failed', 'failed']);
    // A disabled subscription gets no new deliveries.
    await review(business);
    expect(await runtime.webhooks.deliveries(business.domain)).toHaveLength(2);
    advance(DAY_MS);
    expect(await drain()).toBe(0);
  });

  it('replays a delivery now with the same webhook-id, logged as a replay', async () => {
    const business = await shop();
    await subscribe(business.domain, '/hooks/replay', 'review.created');
    await review(business);
    expect(await drain()).toBe(1);
    const [before] = await runtime.webhooks.deliveries(business.domain);
    const replayed = await runtime.webhooks.replay(business.domain, before!.id);
    const got = receiver.at('/hooks/replay');
    expect(got).toHaveLength(2);
    expect(got[1]?.verified).toMatchObject({ ok: true });
    expect(got[1]?.headers['webhook-id']).toBe(got[0]?.headers['webhook-id']);
    expect(got[1]?.body).toBe(got[0]?.body);
    expect(replayed).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(replayed.log.map((attempt) => attempt.replay)).toEqual([false, true]);

    // Another business cannot replay (or see) it.
    const other = await shop();
    await expectCode(runtime.webhooks.replay(other.domain, before!.id), 'webhook_delivery_not_found');
    expect(await runtime.webhooks.deliveries(other.domain)).toEqual([]);
  });

  it('signs with the old secret too for a day after a rotation', async () => {
    const business = await shop();
    const first = await subscribe(business.domain, '/hooks/rotate', 'review.created');
    const rotated = await runtime.webhooks.rotateSecret(business.domain, first.id);
    expect(rotated.secret).not.toBe(first.secret);
    await review(business);
    expect(await drain()).toBe(1);
    const [entry] = receiver.at('/hooks/rotate');
    // The receiver still holds the old secret, and verifies; the new one verifies too.
    expect(entry?.verified).toMatchObject({ ok: true });
    expect(() => new Webhook(rotated.secret).verify(entry!.body, entry!.headers)).not.toThrow();
    expect(entry?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
  });

  it('refuses a URL that is not http(s), unknown events and, when denied, private targets, each with a stable code', async () => {
    const business = await shop();
    for (const url of [
      'ftp://files.example/hook',
      'javascript:alert(1)',
      'not a url',
      'https://user:pw@x.example/',
    ]) {
      await expectCode(
        runtime.webhooks.add(business.domain, { url, events: 'review.created' }),
        'webhook_url_invalid',
      );
    }
    await expectCode(
      runtime.webhooks.add(business.domain, {
        url: 'https://x.example/',
        events: 'review.created,review.deleted',
      }),
      'webhook_events_invalid',
    );
    await expectCode(
      runtime.webhooks.add(business.domain, { url: 'https://x.example/', events: '' }),
      'webhook_events_invalid',
    );
    expect(await runtime.webhooks.list(business.domain)).toEqual([]);

    const strict = new WebhookService({
      db: runtime.store.db,
      clock,
      random: runtime.random,
      businesses: runtime.businesses,
      transport: () => new HttpWebhookTransport({ privateTargets: 'deny' }),
      privateTargets: 'deny',
    });
    for (const url of [
      'http://127.0.0.1:9/',
      'http://[::1]/',
      'http://10.1.2.3/',
      'http://localhost/',
      'http://169.254.169.254/',
    ]) {
      await expectCode(strict.add(business.domain, { url, events: 'review.created' }), 'webhook_url_private');
    }
    // At sending time the address actually dialled is checked, so a name that resolves to loopback is refused.
    const answer = await new HttpWebhookTransport({ privateTargets: 'deny' }).post({
      url: receiver.url('/hooks/never').replace('127.0.0.1', 'localhost'),
      headers: {},
      body: '{}',
      timeoutMs: 2000,
    });
    expect(answer.statusCode).toBeUndefined();
    expect(answer.error).toMatch(/private address/);
    expect(receiver.at('/hooks/never')).toEqual([]);
  });

  it('ends an attempt at a receiver that does not answer at its timeout, as a failure with no status', async () => {
    const started = performance.now();
    const answer = await new HttpWebhookTransport({ privateTargets: 'allow' }).post({
      url: receiver.url('/hooks/hang'),
      headers: { 'content-type': 'application/json' },
      body: '{}',
      timeoutMs: 300,
    });
    expect(answer.statusCode).toBeUndefined();
    expect(answer.error).toMatch(/timed out after 300 ms/);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(receiver.at('/hooks/hang')).toHaveLength(1);
  });

  it('keeps finished deliveries in the log for 30 days, then deletes them with their attempts', async () => {
    const business = await shop();
    await subscribe(business.domain, '/hooks/prune', 'review.created');
    await review(business);
    const worker = sender('prune-sender');
    expect(await drain(worker)).toBe(1);
    advance(29 * DAY_MS);
    await drain(worker);
    expect(await runtime.webhooks.deliveries(business.domain)).toHaveLength(1);
    advance(2 * DAY_MS);
    await drain(worker);
    expect(await runtime.webhooks.deliveries(business.domain)).toEqual([]);
    const attempts = await runtime.store.db
      .selectFrom('webhook_attempts')
      .select('id')
      .where('business_id', '=', (await runtime.businesses.row(business.domain)).id)
      .execute();
    expect(attempts).toEqual([]);
  });

  it('sends on calmly when a subscription is removed while one of its deliveries is in flight', async () => {
    const business = await shop();
    const doomed = await subscribe(business.domain, '/hooks/removed', 'review.created');
    await subscribe(business.domain, '/hooks/kept', 'review.created');
    await review(business);
    // Claimed as a worker claims them, then sent, then the subscription goes before the results are written.
    const now = clock.now().getTime();
    const deliveries = await new WebhookRepository(runtime.store.db).claimDue({
      now,
      limit: 10,
      owner: 'in-flight',
      leaseUntil: now + MINUTE,
      skipLocked: runtime.store.capabilities.supportsSkipLocked,
    });
    expect(deliveries).toHaveLength(2);
    const records = await Promise.all(
      deliveries.map(async (delivery) => {
        const [subscription] = await runtime.store.db
          .selectFrom('webhook_subscriptions')
          .selectAll()
          .where('id', '=', delivery.subscription_id)
          .execute();
        return runtime.webhooks.send(delivery, subscription!, 'in-flight');
      }),
    );
    await runtime.webhooks.remove(business.domain, doomed.id);
    await runtime.webhooks.record(records);
    const [kept] = await runtime.webhooks.deliveries(business.domain);
    expect(kept).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(kept?.log).toHaveLength(1);
    expect(receiver.at('/hooks/removed')).toHaveLength(1);
  });

  it('lets two workers drain one outbox without sending any delivery twice', async () => {
    const business = await shop();
    await subscribe(business.domain, '/hooks/race', 'review.created');
    for (let index = 0; index < 8; index++) await review(business);
    const workers = ['worker-a', 'worker-b', 'worker-c', 'worker-d'].map((owner) => sender(owner, 3));
    const reports = await Promise.all(workers.map((worker) => drain(worker)));
    expect(reports.reduce((sum, claimed) => sum + claimed, 0)).toBe(8);
    const ids = receiver.at('/hooks/race').map((entry) => entry.headers['webhook-id']);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
  });
});
