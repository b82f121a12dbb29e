import { describe, expect, it } from 'vitest';
import { INVITATION_STATUSES } from '../../../src/domain/invitations/decisions.js';
import { describeInvitationEvent } from '../../../src/domain/invitations/event-words.js';

/** Every event type Vouch writes: the funnel's decisions, the sender's steps and the customer's doings. */
const EVENT_TYPES = [
  ...INVITATION_STATUSES,
  'duplicate',
  'reminder_sent',
  'deferred',
  'opened',
  'clicked',
  'unsubscribed',
  'reviewed',
];

describe('an invitation event in words', () => {
  it.each(EVENT_TYPES)('has a sentence of its own for %s', (type) => {
    const sentence = describeInvitationEvent({ type, detail: null });
    expect(sentence).not.toContain(type === 'sent' ? '"sent"' : `"${type}"`);
    expect(sentence).toMatch(/^[A-Z].*\.$/);
  });

  it('names the method, the attempt and the next try from the detail', () => {
    expect(describeInvitationEvent({ type: 'scheduled', detail: { channel: 'manual' } })).toBe(
      'Accepted by hand and scheduled to be sent.',
    );
    expect(
      describeInvitationEvent({
        type: 'deferred',
        detail: { attempt: 2, nextAttemptAt: '2026-01-01T10:05:00.000Z', reason: '421 busy' },
      }),
    ).toBe('Sending failed for now (attempt 2); Vouch tries again at 2026-01-01T10:05:00.000Z.');
    expect(describeInvitationEvent({ type: 'unsubscribed', detail: { scope: 'all' } })).toContain('anyone');
    expect(describeInvitationEvent({ type: 'suppressed', detail: { reminder: true } })).toContain('reminder');
  });

  it('says the type of an event it does not know, rather than nothing', () => {
    expect(describeInvitationEvent({ type: 'teleported', detail: { x: 1 } })).toBe('Event "teleported".');
  });
});
