import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, ManualClock } from '../../src/clock.js';
import { RETRY_POLICY } from '../../src/domain/invitations/retry.js';
import { SmtpPoolTransport } from '../../src/mail/transport.js';
import type { Runtime } from '../../src/runtime.js';
import { Dispatcher } from '../../src/worker/dispatcher.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';
import { SmtpSink } from '../support/smtp-sink.js';

const START = '2026-05-04T08:00:00.000Z';
const MINUTE = 60_000;

describe.each(ENGINES)('invitation worker on %s, against a real SMTP server', (engine) => {
  let runtime: Runtime;
  let sink: SmtpSink;
  let transport: SmtpPoolTransport;
  let close: () => Promise<void> = () => Promise.resolve();
  const clock = new ManualClock(START);

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    transport = new SmtpPoolTransport(sink.url, 3);
    const opened = await openTestRuntime(engine, { clock, mailTransport: transport });
    runtime = opened.runtime;
    close = async () => {
      await opened.close();
      transport.close();
      await sink.stop();
    };
  });
  afterAll(() => close());

  const dispatcher = (retryPolicy = RETRY_POLICY) =>
    new Dispatcher({
      db: runtime.store.db,
      capabilities: runtime.store.capabilities,
      clock,
      random: runtime.random,
      transport,
      templates: runtime.templates,
      publicUrl: runtime.config.publicUrl,
      mailFrom: runtime.config.mailFrom,
      owner: 'test-worker',
      retryPolicy,
    });

  async function business(settings: Parameters<Runtime['businesses']['updateSettings']>[1] = {}) {
    const created = await runtime.businesses.create({
      name: 'Müller & Söhne',
      domain: `shop-${randomBytes(4).toString('hex')}.example`,
    });
    await runtime.businesses.updateSettings(created.domain, settings);
    return created;
  }

  async function invite(domain: string, email: string, extra: { locale?: string; delayDays?: number } = {}) {
    const result = await runtime.invitations.accept(domain, {
      channel: 'api',
      kind: 'service',
      email,
      name: 'Jane <b>Doe</b>',
      reference: `ORD-${randomBytes(3).toString('hex')}`,
      delayDays: extra.delayDays ?? 0,
      ...(extra.locale ? { locale: extra.locale } : {}),
    });
    return result.invitation;
  }

  async function drain(worker = dispatcher()) {
    let claimed = 0;
    for (;;) {
      const report = await worker.runOnce();
      if (report.claimed === 0) return claimed;
      claimed += report.claimed;
    }
  }

  it('sends nothing before the delay, then a message with text, HTML, unsubscribe headers and a Message-ID', async () => {
    const shop = await business({ senderName: 'Acme Reviews', replyTo: 'help@acme.example' });
    const email = `deliver-${randomBytes(3).toString('hex')}@example.com`;
    const invitation = await invite(shop.domain, email, { delayDays: 7 });
    clock.advance(6 * DAY_MS);
    expect(await drain()).toBe(0);
    clock.advance(DAY_MS);
    expect(await drain()).toBe(1);

    const [mail] = sink.to(email);
    expect(mail).toBeDefined();
    const parsed = mail!.parsed;
    expect(parsed.subject).toContain('Müller & Söhne');
    expect(parsed.text).toContain('/r/');
    expect(parsed.html).toBeTruthy();
    // The customer's name is a value: escaped in HTML, never markup.
    expect(parsed.html).toContain('Jane &lt;b&gt;Doe&lt;/b&gt;');
    expect(parsed.html).not.toContain('<b>Doe</b>');
    expect(parsed.messageId).toBe(`<invitation-${invitation.id}@localhost>`);
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Acme Reviews', address: runtime.config.mailFrom });
    expect(parsed.replyTo?.value[0]?.address).toBe('help@acme.example');
    const raw = mail!.raw.toString('utf8');
    // A long header may be folded onto a second line (RFC 5322 §2.2.3); unfolded, it is one value.
    const unfolded = raw.replace(/\r?\n[ \t]+/g, ' ');
    expect(unfolded).toMatch(/^List-Unsubscribe: <http:\/\/localhost:\d+\/unsubscribe\/[A-Za-z0-9_-]{32}>$/m);
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    // Five star links, each opening the form with its rating.
    for (const rating of [1, 2, 3, 4, 5]) expect(parsed.html).toContain(`?rating=${rating}`);

    const shown = await runtime.invitationQueries.get(shop.domain, invitation.id);
    expect(shown.status).toBe('sent');
    expect(shown.events.map((event) => event.type)).toEqual(['scheduled', 'sending', 'sent']);
    expect(String(shown.events[2]?.detail?.response)).toMatch(/^250 /);
  });

  it('writes the email in the invitation locale', async () => {
    const shop = await business();
    const email = `locale-${randomBytes(3).toString('hex')}@example.com`;
    await invite(shop.domain, email, { locale: 'de-DE' });
    await drain();
    const english = await runtime.templates.resolve(
      await runtime.businesses.row(shop.domain),
      'invitation',
      'en-US',
      null,
    );
    const german = await runtime.templates.resolve(
      await runtime.businesses.row(shop.domain),
      'invitation',
      'de-DE',
      null,
    );
    expect(german.subject).not.toBe(english.subject);
    expect(sink.to(email)[0]?.parsed.subject).toBe(
      german.subject.replace('[CompanyIdentifier]', 'Müller & Söhne'),
    );
  });

  it('retries 421, 451 and a dropped connection with backoff, then delivers once', async () => {
    const shop = await business();
    const email = `retry-${randomBytes(3).toString('hex')}@example.com`;
    const invitation = await invite(shop.domain, email);
    sink.failNext('rcpt', 421, 'Service not available, closing channel');
    expect(await dispatcher().runOnce()).toMatchObject({ claimed: 1, deferred: 1 });
    const deferred = await runtime.invitationQueries.get(shop.domain, invitation.id);
    expect(deferred.status).toBe('scheduled');
    const next = Date.parse(String(deferred.events.at(-1)?.detail?.nextAttemptAt));
    // The first retry waits a minute, give or take the jitter.
    expect(next - clock.now().getTime()).toBeGreaterThanOrEqual(0.8 * MINUTE);
    expect(next - clock.now().getTime()).toBeLessThanOrEqual(1.2 * MINUTE);
    expect(await drain()).toBe(0);

    clock.advance(1.3 * MINUTE);
    sink.failNext('data', 451, 'Requested action aborted: local error');
    expect((await dispatcher().runOnce()).deferred).toBe(1);
    clock.advance(2.5 * MINUTE);
    sink.dropNext();
    expect((await dispatcher().runOnce()).deferred).toBe(1);
    clock.advance(5 * MINUTE);
    expect((await dispatcher().runOnce()).sent).toBe(1);

    const shown = await runtime.invitationQueries.get(shop.domain, invitation.id);
    expect(shown.status).toBe('sent');
    const types = shown.events.map((event) => event.type);
    expect(types.filter((type) => type === 'deferred')).toHaveLength(3);
    expect(types.at(-1)).toBe('sent');
    const deferrals = shown.events.filter((event) => event.type === 'deferred').map((event) => event.detail);
    // A 421 closes the connection, so the pool may report the close rather than the code.
    expect(String(deferrals[0]?.responseCode ?? deferrals[0]?.reason)).toMatch(/421|clos/i);
    expect(deferrals[1]?.responseCode).toBe(451);
    // The dropped connection may or may not have delivered the data; the customer sees at most two.
    expect(sink.to(email).length).toBeGreaterThanOrEqual(1);
  });

  it('gives up after the last attempt of temporary failures', async () => {
    const shop = await business();
    const email = `giveup-${randomBytes(3).toString('hex')}@example.com`;
    const invitation = await invite(shop.domain, email);
    const policy = { ...RETRY_POLICY, maxAttempts: 2 };
    sink.failNext('rcpt', 452, 'Insufficient system storage');
    sink.failNext('rcpt', 452, 'Insufficient system storage');
    await dispatcher(policy).runOnce();
    clock.advance(2 * MINUTE);
    await dispatcher(policy).runOnce();
    const shown = await runtime.invitationQueries.get(shop.domain, invitation.id);
    expect(shown.status).toBe('failed');
    expect(shown.reason).toContain('Gave up after 2 attempts');
  });

  it('treats 550 as final: failed, bounced, and suppressed for every business', async () => {
    const shop = await business();
    const email = `nobody-${randomBytes(3).toString('hex')}@example.com`;
    sink.refuseRecipient(email);
    const invitation = await invite(shop.domain, email);
    expect((await dispatcher().runOnce()).failed).toBe(1);
    const shown = await runtime.invitationQueries.get(shop.domain, invitation.id);
    expect(shown.status).toBe('bounced');
    expect(shown.events.map((event) => event.type).slice(-2)).toEqual(['failed', 'bounced']);
    expect(shown.reason).toContain('No such user');
    const elsewhere = await business();
    const next = await runtime.invitations.accept(elsewhere.domain, {
      channel: 'api',
      kind: 'service',
      email,
      reference: 'X-1',
    });
    expect(next.decision).toBe('suppressed');
    expect(next.reason).toContain('bounced');
  });

  it('sends one reminder after the set days only when no review came, and none after unsubscribing', async () => {
    const shop = await business({ reminderDays: 3 });
    const forgetful = `remind-${randomBytes(3).toString('hex')}@example.com`;
    const reviewer = `reviewed-${randomBytes(3).toString('hex')}@example.com`;
    const leaver = `leaver-${randomBytes(3).toString('hex')}@example.com`;
    const invitations = await Promise.all(
      [forgetful, reviewer, leaver].map((email) => invite(shop.domain, email)),
    );
    await drain();
    const rows = await Promise.all(
      invitations.map(async (invitation) =>
        runtime.store.db
          .selectFrom('invitations')
          .selectAll()
          .where('id', '=', invitation.id)
          .executeTakeFirstOrThrow(),
      ),
    );
    await runtime.invitationTracking.markReviewed(rows[1]!, 'review-1');
    await runtime.invitationTracking.unsubscribe(rows[2]!, 'business', 'one-click');

    clock.advance(2 * DAY_MS);
    expect(await drain()).toBe(0);
    clock.advance(DAY_MS + MINUTE);
    await drain();
    expect(sink.to(forgetful)).toHaveLength(2);
    expect(sink.to(forgetful)[1]?.parsed.messageId).toBe(`<reminder-${invitations[0]!.id}@localhost>`);
    expect(sink.to(reviewer)).toHaveLength(1);
    expect(sink.to(leaver)).toHaveLength(1);
    clock.advance(30 * DAY_MS);
    expect(await drain()).toBe(0);
    const events = (await runtime.invitationQueries.get(shop.domain, invitations[0]!.id)).events.map(
      (event) => event.type,
    );
    expect(events).toEqual(['scheduled', 'sending', 'sent', 'reminder_sent']);
  });

  it('sends nothing to an address suppressed after it was scheduled', async () => {
    const shop = await business();
    const email = `late-${randomBytes(3).toString('hex')}@example.com`;
    const first = await invite(shop.domain, email, { delayDays: 2 });
    await runtime.businesses.updateSettings(shop.domain, { frequencyDays: null });
    const earlier = await invite(shop.domain, email, { delayDays: 0 });
    await drain();
    const row = await runtime.store.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', earlier.id)
      .executeTakeFirstOrThrow();
    await runtime.invitationTracking.unsubscribe(row, 'business', 'page');
    clock.advance(3 * DAY_MS);
    await drain();
    expect(sink.to(email)).toHaveLength(1);
    const shown = await runtime.invitationQueries.get(shop.domain, first.id);
    expect(shown.status).toBe('suppressed');
  });

  it('names the global suppression when the address is suppressed both here and everywhere', async () => {
    const shop = await business({ frequencyDays: null });
    const email = `both-${randomBytes(3).toString('hex')}@example.com`;
    const queued = await invite(shop.domain, email, { delayDays: 2 });
    const row = await runtime.store.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', queued.id)
      .executeTakeFirstOrThrow();
    // The business's own suppression first, then one for every business: the global one is what applies.
    await runtime.invitationTracking.unsubscribe(row, 'business', 'page');
    await runtime.invitationTracking.unsubscribe(row, 'all', 'page');
    clock.advance(3 * DAY_MS);
    await drain();
    expect(sink.to(email)).toHaveLength(0);
    const shown = await runtime.invitationQueries.get(shop.domain, queued.id);
    expect(shown.status).toBe('suppressed');
    expect(shown.reason).toMatch(
      /is suppressed for every business on this server since .*: the customer unsubscribed\. Nothing was sent\.$/,
    );
  });

  it('takes back the rows of a worker whose lease ran out', async () => {
    const shop = await business();
    const email = `lease-${randomBytes(3).toString('hex')}@example.com`;
    const invitation = await invite(shop.domain, email);
    const now = clock.now().getTime();
    // A worker claims and dies before sending.
    const claimed = await runtime.store.db
      .updateTable('invitations')
      .set({ status: 'sending', lease_owner: 'dead-worker', lease_until: now + 5 * MINUTE })
      .where('id', '=', invitation.id)
      .returning('id')
      .execute();
    expect(claimed).toHaveLength(1);
    expect(await drain()).toBe(0);
    clock.advance(5 * MINUTE);
    expect(await drain()).toBe(1);
    expect(sink.to(email)).toHaveLength(1);
  });
});
