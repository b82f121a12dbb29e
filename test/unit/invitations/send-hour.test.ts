import { describe, expect, it } from 'vitest';
import { plannedSendTime } from '../../../src/domain/invitations/decisions.js';

const at = (iso: string) => Date.parse(iso);

describe("a business's send hour", () => {
  const base = { triggerAt: at('2026-03-10T14:30:00Z'), delayDays: 2, preferredSendTime: undefined };

  it('moves a due invitation on to the next such hour, the same day when it is still to come', () => {
    expect(plannedSendTime({ ...base, sendHour: 18 })).toBe(at('2026-03-12T18:00:00Z'));
    expect(plannedSendTime({ ...base, sendHour: 9 })).toBe(at('2026-03-13T09:00:00Z'));
  });

  it('keeps a time that is exactly on the hour', () => {
    expect(plannedSendTime({ ...base, triggerAt: at('2026-03-10T09:00:00Z'), sendHour: 9 })).toBe(
      at('2026-03-12T09:00:00Z'),
    );
  });

  it('sends once the delay is over without one, and a preferred send time overrides it', () => {
    expect(plannedSendTime({ ...base, sendHour: null })).toBe(at('2026-03-12T14:30:00Z'));
    expect(plannedSendTime({ ...base, sendHour: 9, preferredSendTime: at('2026-03-20T11:11:00Z') })).toBe(
      at('2026-03-20T11:11:00Z'),
    );
  });
});
