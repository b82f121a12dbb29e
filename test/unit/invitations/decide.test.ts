import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../src/clock.js';
import {
  decide,
  plannedSendTime,
  utcMonth,
  type DecisionFacts,
} from '../../../src/domain/invitations/decisions.js';
import { blockingPurchase } from '../../../src/domain/invitations/frequency.js';

const T = Date.parse('2026-03-15T12:00:00.000Z');

function facts(change: Partial<DecisionFacts> = {}): DecisionFacts {
  return {
    now: T,
    triggerAt: T,
    email: 'jane@example.com',
    reference: 'R-2',
    businessName: 'Acme',
    businessDomain: 'acme.example',
    delayDays: 7,
    preferredSendTime: undefined,
    suppression: undefined,
    frequencyDays: 30,
    earlierInvitations: [],
    plan: { name: 'basic', monthlyCap: null },
    scheduledInSendMonth: 0,
    ...change,
  };
}

describe('decide: the frequency window', () => {
  const earlier = (at: number, reference = 'R-1') => [{ triggerAt: at, reference }];

  it('blocks another purchase inside the window and lets one exactly on its start through', () => {
    expect(decide(facts({ earlierInvitations: earlier(T - 30 * DAY_MS + 1) })).status).toBe('too_frequent');
    expect(decide(facts({ earlierInvitations: earlier(T - 30 * DAY_MS) })).status).toBe('scheduled');
  });

  it('reaches forward too, up to and including the window end: files bring older orders late', () => {
    expect(decide(facts({ earlierInvitations: earlier(T + 30 * DAY_MS) })).status).toBe('too_frequent');
    expect(decide(facts({ earlierInvitations: earlier(T + 30 * DAY_MS + 1) })).status).toBe('scheduled');
  });

  it('names the earlier purchase and the window in the reason', () => {
    const decision = decide(facts({ earlierInvitations: earlier(T - DAY_MS) }));
    expect(decision.reason).toBe(
      'jane@example.com was already invited on 2026-03-14 (reference R-1); Acme invites a customer at most once every 30 days.',
    );
    expect(decision.sendAt).toBeUndefined();
  });

  it('counts purchases, not invitations: the same reference (a service and a product invitation) never blocks', () => {
    expect(decide(facts({ earlierInvitations: earlier(T, 'R-2') })).status).toBe('scheduled');
    expect(
      decide(
        facts({
          earlierInvitations: [
            { triggerAt: T, reference: 'R-2' },
            { triggerAt: T, reference: 'R-0' },
          ],
        }),
      ).status,
    ).toBe('too_frequent');
  });

  it('invites after every purchase when the business has no frequency limit', () => {
    expect(decide(facts({ frequencyDays: null, earlierInvitations: earlier(T) })).status).toBe('scheduled');
    expect(blockingPurchase(earlier(T), { triggerAt: T, reference: 'R-2' }, null)).toBeUndefined();
  });
});

describe('decide: the monthly cap', () => {
  const capped = (scheduledInSendMonth: number) =>
    decide(facts({ plan: { name: 'tiny', monthlyCap: 2 }, scheduledInSendMonth }));

  it('schedules while the send month is under the cap and refuses at it, naming plan and month', () => {
    expect(capped(1).status).toBe('scheduled');
    const over = capped(2);
    expect(over.status).toBe('over_cap');
    expect(over.reason).toBe(
      'The plan "tiny" allows 2 invitations a month and 2 are already planned for March 2026; raise the plan\'s cap to send more.',
    );
  });

  it('counts the month the invitation is sent in, not the one it was triggered in', () => {
    const lateMarch = Date.parse('2026-03-28T10:00:00.000Z');
    const decision = decide(
      facts({ triggerAt: lateMarch, now: lateMarch, plan: { name: 'tiny', monthlyCap: 0 } }),
    );
    expect(decision.reason).toContain('April 2026');
    expect(
      utcMonth(plannedSendTime({ triggerAt: lateMarch, delayDays: 7, preferredSendTime: undefined })),
    ).toEqual({
      start: Date.UTC(2026, 3, 1),
      end: Date.UTC(2026, 4, 1),
    });
  });

  it('cuts months in UTC, across the end of a year', () => {
    const lastMs = Date.UTC(2026, 11, 31, 23, 59, 59, 999);
    expect(utcMonth(lastMs)).toEqual({ start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) });
    expect(utcMonth(lastMs + 1)).toEqual({ start: Date.UTC(2027, 0, 1), end: Date.UTC(2027, 1, 1) });
  });

  it('has no cap when the plan sets none', () => {
    expect(decide(facts({ scheduledInSendMonth: 1_000_000 })).status).toBe('scheduled');
  });
});

describe('decide: send times', () => {
  it('sends the delay after the trigger, at once for no delay, or at the preferred time', () => {
    expect(decide(facts()).sendAt).toBe(T + 7 * DAY_MS);
    expect(decide(facts()).reason).toContain('7 days after the trigger');
    expect(decide(facts({ delayDays: 1 })).reason).toContain('1 day after the trigger');
    expect(decide(facts({ delayDays: 0 })).reason).toContain('at once');
    const preferred = Date.parse('2026-04-02T08:00:00.000Z');
    const decision = decide(facts({ preferredSendTime: preferred }));
    expect(decision.sendAt).toBe(preferred);
    expect(decision.reason).toBe('Scheduled for 2026-04-02T08:00:00.000Z, at the preferred send time.');
  });

  it('crosses month ends by adding days, not months (31 January + 30 days is 2 March)', () => {
    const jan31 = Date.parse('2026-01-31T09:00:00.000Z');
    expect(decide(facts({ triggerAt: jan31, delayDays: 30 })).sendAt).toBe(
      Date.parse('2026-03-02T09:00:00.000Z'),
    );
  });
});

describe('decide: the order of the rules', () => {
  it('takes a test address first, then suppression, then frequency, then the cap', () => {
    const everything = {
      suppression: { scope: 'business' as const, reason: 'unsubscribed', since: T - DAY_MS },
      earlierInvitations: [{ triggerAt: T, reference: 'R-1' }],
      plan: { name: 'tiny', monthlyCap: 0 },
    };
    expect(decide(facts({ ...everything, email: 'me@shop.acme.example' })).status).toBe('test_address');
    expect(decide(facts(everything)).status).toBe('suppressed');
    expect(decide(facts({ ...everything, suppression: undefined })).status).toBe('too_frequent');
    expect(decide(facts({ ...everything, suppression: undefined, earlierInvitations: [] })).status).toBe(
      'over_cap',
    );
  });

  it('says who the suppression is for and why', () => {
    const global = decide(
      facts({ suppression: { scope: 'all', reason: 'bounced', since: Date.parse('2026-02-01T00:00:00Z') } }),
    );
    expect(global.reason).toBe(
      'jane@example.com is suppressed for every business on this server since 2026-02-01: mail to it bounced.',
    );
    const own = decide(facts({ suppression: { scope: 'business', reason: 'unsubscribed', since: T } }));
    expect(own.reason).toContain('suppressed for Acme since 2026-03-15: the customer unsubscribed');
  });
});
