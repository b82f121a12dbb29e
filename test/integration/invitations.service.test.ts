import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, ManualClock } from '../../src/clock.js';
import { VouchError } from '../../src/errors.js';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

const START = '2026-03-01T12:00:00.000Z';

function uniqueDomain(): string {
  return `shop-${randomBytes(4).toString('hex')}.example`;
}

async function refusal(promise: Promise<unknown>): Promise<VouchError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VouchError);
  return error as VouchError;
}

describe.each(ENGINES)('invitation funnel on %s', (engine) => {
  let runtime: Runtime;
  let close: () => Promise<void> = () => Promise.resolve();
  const clock = new ManualClock(START);

  beforeAll(async () => {
    const opened = await openTestRuntime(engine, { clock });
    runtime = opened.runtime;
    close = () => opened.close();
  });
  afterAll(() => close());

  async function newBusiness(plan?: string) {
    return runtime.businesses.create({ name: 'Acme', domain: uniqueDomain(), ...(plan ? { plan } : {}) });
  }

  const request = (email: string, reference: string) =>
    ({ channel: 'manual', kind: 'service', email, name: 'Jane Doe', reference }) as const;

  it('schedules 7 days after the trigger by default, labels manual entry Invited, and logs the decision', async () => {
    const business = await newBusiness();
    const result = await runtime.invitations.accept(business.domain, request('Jane@Example.COM', 'A-1'));
    expect(result.decision).toBe('scheduled');
    expect(result.invitation).toMatchObject({
      email: 'jane@example.com',
      status: 'scheduled',
      label: 'invited',
      sendAt: new Date(Date.parse(START) + 7 * DAY_MS).toISOString(),
    });
    expect(result.reason).toContain('7 days after the trigger');
    const shown = await runtime.invitationQueries.get(business.domain, result.invitation.id);
    expect(shown.events.map((event) => event.type)).toEqual(['scheduled']);
    expect(shown.events[0]?.detail).toMatchObject({ channel: 'manual' });
  });

  it('takes the preferred send time, and a delay given with the request, over the business delay', async () => {
    const business = await newBusiness();
    const preferred = Date.parse('2026-03-04T09:30:00.000Z');
    const atTime = await runtime.invitations.accept(business.domain, {
      ...request('a@example.com', 'P-1'),
      preferredSendTime: preferred,
    });
    expect(atTime.invitation.sendAt).toBe('2026-03-04T09:30:00.000Z');
    const atOnce = await runtime.invitations.accept(business.domain, {
      ...request('b@example.com', 'P-2'),
      delayDays: 0,
    });
    expect(atOnce.invitation.sendAt).toBe(START);
  });

  it("waits for the business's send hour, and says so in the reason", async () => {
    const business = await newBusiness();
    await runtime.businesses.updateSettings(business.domain, { sendHour: 6 });
    const result = await runtime.invitations.accept(business.domain, request('hour@example.com', 'H-1'));
    const due = Date.parse(START) + 7 * DAY_MS;
    const sendAt = Date.parse(result.invitation.sendAt ?? '');
    expect(new Date(sendAt).getUTCHours()).toBe(6);
    expect(new Date(sendAt).getUTCMinutes()).toBe(0);
    expect(sendAt).toBeGreaterThanOrEqual(due);
    expect(sendAt - due).toBeLessThan(DAY_MS);
    expect(result.reason).toContain("at the business's next send time (06:00 UTC)");
    await expect(runtime.businesses.updateSettings(business.domain, { sendHour: 24 })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('answers a duplicate (same email, reference and kind) with the existing invitation, and logs it there', async () => {
    const business = await newBusiness();
    const first = await runtime.invitations.accept(business.domain, request('dup@example.com', 'D-1'));
    const again = await runtime.invitations.accept(business.domain, {
      ...request('DUP@example.com', 'D-1'),
      channel: 'api',
    });
    expect(again.decision).toBe('duplicate');
    expect(again.invitation.id).toBe(first.invitation.id);
    expect(again.reason).toContain(first.invitation.id);
    const product = await runtime.invitations.accept(business.domain, {
      ...request('dup@example.com', 'D-1'),
      kind: 'product',
      products: [{ sku: 'SKU-1', name: 'Mug' }],
    });
    // The product invitation of the same order is another kind, so no duplicate, and the same purchase, so
    // not too frequent either.
    expect(product.decision).toBe('scheduled');
    const events = (await runtime.invitationQueries.get(business.domain, first.invitation.id)).events;
    expect(events.map((event) => event.type)).toEqual(['scheduled', 'duplicate']);
  });

  it('applies the frequency rule, or invites after every purchase when the business says so', async () => {
    const business = await newBusiness();
    await runtime.invitations.accept(business.domain, request('freq@example.com', 'F-1'));
    const second = await runtime.invitations.accept(business.domain, request('freq@example.com', 'F-2'));
    expect(second.decision).toBe('too_frequent');
    expect(second.reason).toMatch(/already invited on 2026-03-01 \(reference F-1\).*once every 365 days/);
    expect(second.invitation.status).toBe('too_frequent');

    await runtime.businesses.updateSettings(business.domain, { frequencyDays: null });
    const third = await runtime.invitations.accept(business.domain, request('freq@example.com', 'F-3'));
    expect(third.decision).toBe('scheduled');

    await runtime.businesses.updateSettings(business.domain, { frequencyDays: 30 });
    const later = await runtime.invitations.accept(business.domain, {
      ...request('freq@example.com', 'F-4'),
      triggerAt: Date.parse(START) + 31 * DAY_MS,
    });
    expect(later.decision).toBe('scheduled');
  });

  it('refuses a test address on the business domain or a subdomain, with the reason', async () => {
    const business = await newBusiness();
    const own = await runtime.invitations.accept(
      business.domain,
      request(`orders@${business.domain}`, 'T-1'),
    );
    expect(own.decision).toBe('test_address');
    expect(own.reason).toContain(business.domain);
    const sub = await runtime.invitations.accept(
      business.domain,
      request(`x@mail.${business.domain}`, 'T-2'),
    );
    expect(sub.decision).toBe('test_address');
  });

  it("enforces the plan's monthly cap and names it; an undefined plan is unlimited", async () => {
    const plan = `tiny-${randomBytes(3).toString('hex')}`;
    await runtime.plans.set(plan, 2);
    const business = await newBusiness(plan);
    const decisions = [];
    for (let index = 0; index < 3; index++) {
      decisions.push(
        (await runtime.invitations.accept(business.domain, request(`cap${index}@example.com`, `C-${index}`)))
          .decision,
      );
    }
    expect(decisions).toEqual(['scheduled', 'scheduled', 'over_cap']);
    const over = (await runtime.invitationQueries.list(business.domain, { status: 'over_cap' }))[0];
    expect(over?.reason).toContain(`"${plan}" allows 2 invitations a month`);
    // Next month's allowance is fresh.
    const nextMonth = await runtime.invitations.accept(business.domain, {
      ...request('cap9@example.com', 'C-9'),
      preferredSendTime: Date.parse('2026-04-02T00:00:00Z'),
    });
    expect(nextMonth.decision).toBe('scheduled');

    const unknownPlan = await newBusiness('never-defined');
    expect(
      (await runtime.invitations.accept(unknownPlan.domain, request('u@example.com', 'U-1'))).decision,
    ).toBe('scheduled');
  });

  it('refuses invalid requests with a code naming the field, and stores nothing', async () => {
    const business = await newBusiness();
    const badEmail = await refusal(
      runtime.invitations.accept(business.domain, request('not-an-email', 'E-1')),
    );
    expect(badEmail.code).toBe('invitation_email_invalid');
    expect(badEmail.details).toMatchObject({ field: 'email' });
    const badReference = await refusal(
      runtime.invitations.accept(business.domain, request('ok@example.com', 'A#1')),
    );
    expect(badReference.code).toBe('invitation_reference_invalid');
    expect(badReference.message).toContain("'#'");
    const product = await refusal(
      runtime.invitations.accept(business.domain, { ...request('ok@example.com', 'A-2'), kind: 'product' }),
    );
    expect(product.details).toMatchObject({ field: 'products' });
    expect(await runtime.invitationQueries.list(business.domain)).toEqual([]);
  });

  it('decides a batch in order, so later rows see earlier ones, and reports invalid rows beside them', async () => {
    const business = await newBusiness();
    const outcomes = await runtime.invitations.acceptBatch(business.domain, [
      request('b1@example.com', 'B-1'),
      request('b1@example.com', 'B-1'),
      request('b1@example.com', 'B-2'),
      request('broken', 'B-3'),
      request('b2@example.com', 'B-4'),
    ]);
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.result.decision : 'invalid'))).toEqual([
      'scheduled',
      'duplicate',
      'too_frequent',
      'invalid',
      'scheduled',
    ]);
    expect(await runtime.invitationQueries.list(business.domain)).toHaveLength(3);
  });

  it('suppresses an unsubscribed address for that business only, or for all when asked', async () => {
    const first = await newBusiness();
    const second = await newBusiness();
    const made = await runtime.invitations.accept(first.domain, request('unsub@example.com', 'S-1'));
    const row = await runtime.invitationTracking.findByToken((await tokenOf(made.invitation.id))!);
    await runtime.invitationTracking.unsubscribe(row!, 'business', 'page');
    expect(
      (await runtime.invitations.accept(first.domain, request('unsub@example.com', 'S-2'))).decision,
    ).toBe('suppressed');
    expect(
      (await runtime.invitations.accept(second.domain, request('unsub@example.com', 'S-3'))).decision,
    ).toBe('scheduled');
    await runtime.invitationTracking.unsubscribe(row!, 'all', 'one-click');
    const everywhere = await runtime.invitations.accept(second.domain, request('unsub@example.com', 'S-4'));
    expect(everywhere.decision).toBe('suppressed');
    expect(everywhere.reason).toContain('every business');
    expect(await runtime.suppressions.remove(first.domain, 'unsub@example.com')).toBe(true);
  });

  it('cancels one invitation, every queued one of a reference, or all queued, and logs each', async () => {
    const business = await newBusiness();
    await runtime.businesses.updateSettings(business.domain, { frequencyDays: null });
    const one = await runtime.invitations.accept(business.domain, request('c1@example.com', 'R-1'));
    await runtime.invitations.accept(business.domain, request('c2@example.com', 'R-2'));
    await runtime.invitations.accept(business.domain, {
      ...request('c3@example.com', 'R-2'),
      kind: 'product',
      products: [{ sku: 'S' }],
    });
    await runtime.invitations.accept(business.domain, request('c4@example.com', 'R-3'));

    expect((await runtime.invitations.cancel(business.domain, { id: one.invitation.id })).cancelled).toEqual([
      one.invitation.id,
    ]);
    const again = await refusal(runtime.invitations.cancel(business.domain, { id: one.invitation.id }));
    expect(again.message).toContain('cancelled, not queued');
    expect((await runtime.invitations.cancel(business.domain, { reference: 'R-2' })).cancelled).toHaveLength(
      2,
    );
    expect((await runtime.invitations.cancel(business.domain, { all: true })).cancelled).toHaveLength(1);
    const statuses = (await runtime.invitationQueries.list(business.domain)).map(
      (invitation) => invitation.status,
    );
    expect(statuses).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    const events = (await runtime.invitationQueries.get(business.domain, one.invitation.id)).events.map(
      (event) => event.type,
    );
    expect(events).toEqual(['scheduled', 'cancelled']);
  });

  it('keeps businesses apart: one cannot read or cancel another’s invitation', async () => {
    const owner = await newBusiness();
    const other = await newBusiness();
    const made = await runtime.invitations.accept(owner.domain, request('iso@example.com', 'I-1'));
    expect((await refusal(runtime.invitationQueries.get(other.domain, made.invitation.id))).code).toBe(
      'invitation_not_found',
    );
    expect((await refusal(runtime.invitations.cancel(other.domain, { id: made.invitation.id }))).code).toBe(
      'invitation_not_found',
    );
    expect(await runtime.invitationQueries.list(other.domain)).toEqual([]);
  });

  it('counts events per business and day', async () => {
    const business = await newBusiness();
    await runtime.invitations.accept(business.domain, request('d1@example.com', 'Y-1'));
    await runtime.invitations.accept(business.domain, request(`t@${business.domain}`, 'Y-2'));
    const activity = await runtime.invitationQueries.activity(business.domain, 7);
    expect(activity).toEqual(
      expect.arrayContaining([
        { day: '2026-03-01', type: 'scheduled', count: 1 },
        { day: '2026-03-01', type: 'test_address', count: 1 },
      ]),
    );
  });

  it('takes the service and the product invitation of one order as one purchase, as AFS makes them', async () => {
    // Default settings: a customer is invited at most once every 365 days.
    const business = await newBusiness();
    const afs = (kind: 'service' | 'product', reference: string) =>
      ({
        channel: 'afs',
        kind,
        email: 'buyer@example.com',
        name: 'Bo Buyer',
        reference,
        products:
          kind === 'product' ? [{ sku: 'MUG-1', name: 'Mug', productUrl: 'https://shop.example/mug' }] : [],
      }) as const;
    const order = await runtime.invitations.acceptBatch(business.domain, [
      afs('service', 'O-1'),
      afs('product', 'O-1'),
    ]);
    expect(order.map((outcome) => outcome.ok && outcome.result.decision)).toEqual(['scheduled', 'scheduled']);
    // The same order's product invitation arriving on its own later is the same purchase too.
    const other = await newBusiness();
    await runtime.invitations.accept(other.domain, afs('service', 'O-9'));
    clock.advance(DAY_MS);
    expect((await runtime.invitations.accept(other.domain, afs('product', 'O-9'))).decision).toBe(
      'scheduled',
    );
    // Another order within the window is another purchase: both of its invitations are too frequent.
    const next = await runtime.invitations.acceptBatch(business.domain, [
      afs('service', 'O-2'),
      afs('product', 'O-2'),
    ]);
    expect(next.map((outcome) => outcome.ok && outcome.result.decision)).toEqual([
      'too_frequent',
      'too_frequent',
    ]);
    expect(next[1]?.ok && next[1].result.reason).toContain('(reference O-1)');
  });

  it('decides each identity once when two batches with the same customers race', async () => {
    const business = await newBusiness();
    await runtime.businesses.updateSettings(business.domain, { frequencyDays: null });
    const file = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, index) =>
        request(`race${from + index}@example.com`, `RC-${from + index}`),
      );
    // Two imports of overlapping files at once: rows 0–599 and 300–899.
    const [left, right] = await Promise.all([
      runtime.invitations.acceptBatch(business.domain, file(0, 600)),
      runtime.invitations.acceptBatch(business.domain, file(300, 900)),
    ]);
    const decisions = [...(left ?? []), ...(right ?? [])].map(
      (outcome) => outcome.ok && outcome.result.decision,
    );
    expect(decisions.filter((decision) => decision === 'scheduled')).toHaveLength(900);
    expect(decisions.filter((decision) => decision === 'duplicate')).toHaveLength(300);
    const stored = await runtime.store.db
      .selectFrom('invitations')
      .select(['email', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('business_id', '=', (await runtime.businesses.row(business.domain)).id)
      .groupBy('email')
      .execute();
    expect(stored).toHaveLength(900);
    expect(stored.every((row) => Number(row.n) === 1)).toBe(true);
  });

  it('lists a global unsubscribe made through another business, marked global, once this one knows the address', async () => {
    const mine = await newBusiness();
    const theirs = await newBusiness();
    const invited = await runtime.invitations.accept(mine.domain, request('shared@example.com', 'G-1'));
    const elsewhere = await runtime.invitations.accept(theirs.domain, request('shared@example.com', 'G-2'));
    const stranger = await runtime.invitations.accept(theirs.domain, request('stranger@example.com', 'G-3'));
    for (const made of [elsewhere, stranger]) {
      const row = await runtime.invitationTracking.findByToken((await tokenOf(made.invitation.id))!);
      await runtime.invitationTracking.unsubscribe(row!, 'all', 'page');
    }
    const listed = await runtime.suppressions.list(mine.domain);
    expect(listed).toEqual([
      {
        email: 'shared@example.com',
        scope: 'all',
        global: true,
        reason: 'unsubscribed',
        since: clock.now().toISOString(),
      },
    ]);
    expect(invited.invitation.email).toBe('shared@example.com');
    // An address met only through a review is known too: the global suppression stops its mail here as well.
    const reviewer = await newBusiness();
    await runtime.store.db
      .insertInto('reviews')
      .values({
        id: randomUUID(),
        business_id: (await runtime.businesses.row(reviewer.domain)).id,
        invitation_id: null,
        label: 'verified',
        source: 'bgl',
        email: 'stranger@example.com',
        name: 'S',
        reference: 'B-1',
        rating: 5,
        title: 'Fine',
        text: 'Fine.',
        products: '[]',
        locale: 'en-US',
        status: 'published',
        confirm_token_hash: null,
        confirm_expires_at: null,
        created_at: Date.parse(START),
        updated_at: Date.parse(START),
        published_at: Date.parse(START),
      })
      .execute();
    expect((await runtime.suppressions.list(reviewer.domain)).map((row) => [row.email, row.global])).toEqual([
      ['stranger@example.com', true],
    ]);
    // The business that never met either address sees neither.
    expect(await runtime.suppressions.list((await newBusiness()).domain)).toEqual([]);
  });

  async function tokenOf(id: string): Promise<string | undefined> {
    const row = await runtime.store.db
      .selectFrom('invitations')
      .select('token')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.token;
  }
});
