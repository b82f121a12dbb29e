import { DAY_MS } from '../../clock.js';
import type { InvitationStatus } from './decisions.js';

/** Statuses that use up the customer's frequency allowance and the plan's monthly cap. */
export const COUNTED_STATUSES: readonly InvitationStatus[] = ['scheduled', 'sending', 'sent'];

/** An earlier invitation of the customer, as the frequency rule sees it. */
export interface CountedInvitation {
  triggerAt: number;
  reference: string;
}

export function isCounted(status: string): boolean {
  return (COUNTED_STATUSES as readonly string[]).includes(status);
}

/** The frequency window's start: invitations triggered after this count against the customer. */
export function frequencyWindowStart(triggerAt: number, frequencyDays: number): number {
  return triggerAt - frequencyDays * DAY_MS;
}

/**
 * The earlier purchase that makes this one too frequent, if any. The window reaches `frequencyDays` both
 * ways from the trigger, because a file may bring older orders after newer ones. Frequency counts purchases,
 * not invitations: an invitation with the same reference is the same purchase (the service and the product
 * invitation of one order), so it never blocks; a different reference within the window does.
 */
export function blockingPurchase<T extends CountedInvitation>(
  earlier: readonly T[],
  request: CountedInvitation,
  frequencyDays: number | null,
): T | undefined {
  if (frequencyDays === null) return undefined;
  const from = frequencyWindowStart(request.triggerAt, frequencyDays);
  const to = request.triggerAt + frequencyDays * DAY_MS;
  return earlier.find(
    (previous) =>
      previous.reference !== request.reference && previous.triggerAt > from && previous.triggerAt <= to,
  );
}
