import { DAY_MS } from '../../clock.js';

const HOUR_MS = 60 * 60 * 1000;
import { blockingPurchase, type CountedInvitation } from './frequency.js';
import { suppressionReason, type SuppressionScope } from './suppression.js';

/**
 * Where an invitation stands. The first group are the funnel's decisions; the rest are the sender's steps.
 * `scheduled` is the hosted platform's "Queued": editable and cancellable.
 */
export const INVITATION_STATUSES = [
  'scheduled',
  'suppressed',
  'too_frequent',
  'over_cap',
  'test_address',
  'sending',
  'sent',
  'failed',
  'bounced',
  'cancelled',
  'link_issued',
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** What `accept()` answers: a status for a new invitation, or `duplicate` for one that already existed. */
export type FunnelDecision = InvitationStatus | 'duplicate';

export interface DecisionFacts {
  now: number;
  triggerAt: number;
  email: string;
  /** The purchase's reference: invitations with the same one are the same purchase. */
  reference: string;
  businessName: string;
  businessDomain: string;
  /** Days to wait after the trigger (the request's override or the business's setting). */
  delayDays: number;
  preferredSendTime: number | undefined;
  /**
   * The business's hour of the day (UTC, 0-23) for invitations: one due at another time waits for the next
   * such hour. Absent or null sends as soon as the delay is over. A preferred send time overrides it.
   */
  sendHour?: number | null | undefined;
  /** The suppression that applies (see `effectiveSuppression`), if any. */
  suppression: { scope: SuppressionScope; reason: string; since: number } | undefined;
  frequencyDays: number | null;
  /** The customer's counted invitations of this business (at least those near the trigger). */
  earlierInvitations: readonly CountedInvitation[];
  plan: { name: string; monthlyCap: number | null };
  /** Counted invitations of this business whose send time falls in the same UTC month as this one. */
  scheduledInSendMonth: number;
  /** The shop cancelled or refunded this order before the event that would invite for it arrived. */
  orderCancelled?: { reason: string; at: number } | undefined;
}

export interface Decision {
  status: Extract<
    InvitationStatus,
    'scheduled' | 'suppressed' | 'too_frequent' | 'over_cap' | 'test_address' | 'cancelled'
  >;
  reason: string;
  /** When the invitation goes out; set only for `scheduled`. */
  sendAt: number | undefined;
}

/**
 * When an invitation with these facts would be sent: the preferred time, else trigger plus delay, moved on
 * to the business's send hour when it has one.
 */
export function plannedSendTime(
  facts: Pick<DecisionFacts, 'triggerAt' | 'delayDays' | 'preferredSendTime' | 'sendHour'>,
): number {
  if (facts.preferredSendTime !== undefined) return facts.preferredSendTime;
  const due = facts.triggerAt + facts.delayDays * DAY_MS;
  if (facts.sendHour === undefined || facts.sendHour === null) return due;
  const atHour = Math.floor(due / DAY_MS) * DAY_MS + facts.sendHour * HOUR_MS;
  return atHour >= due ? atHour : atHour + DAY_MS;
}

/**
 * The funnel's one decision, in a fixed order: an order already cancelled, a test address, then
 * suppression, then frequency, then the plan's cap; otherwise scheduled. Every outcome carries a reason a
 * business owner can read.
 */
export function decide(facts: DecisionFacts): Decision {
  const sendAt = plannedSendTime(facts);
  if (facts.orderCancelled) {
    return {
      status: 'cancelled',
      reason: orderCancelledReason(facts.reference, facts.orderCancelled),
      sendAt: undefined,
    };
  }
  if (isOnDomain(facts.email, facts.businessDomain)) {
    return {
      status: 'test_address',
      reason: `${facts.email} is on the business's own domain ${facts.businessDomain}, so it is taken as a test address and gets no invitation.`,
      sendAt: undefined,
    };
  }
  if (facts.suppression) {
    return {
      status: 'suppressed',
      reason: suppressionReason(facts.email, facts.suppression, facts.businessName),
      sendAt: undefined,
    };
  }
  const earlier = blockingPurchase(facts.earlierInvitations, facts, facts.frequencyDays);
  if (earlier && facts.frequencyDays !== null) {
    const { triggerAt, reference } = earlier;
    return {
      status: 'too_frequent',
      reason: `${facts.email} was already invited on ${isoDay(triggerAt)} (reference ${reference}); ${facts.businessName} invites a customer at most once every ${facts.frequencyDays} days.`,
      sendAt: undefined,
    };
  }
  const { monthlyCap, name } = facts.plan;
  if (monthlyCap !== null && facts.scheduledInSendMonth >= monthlyCap) {
    return {
      status: 'over_cap',
      reason: `The plan "${name}" allows ${monthlyCap} invitations a month and ${facts.scheduledInSendMonth} are already planned for ${monthName(sendAt)}; raise the plan's cap to send more.`,
      sendAt: undefined,
    };
  }
  const after =
    facts.delayDays === 0
      ? 'at once'
      : `${facts.delayDays} day${facts.delayDays === 1 ? '' : 's'} after the trigger`;
  const when =
    facts.preferredSendTime !== undefined
      ? 'at the preferred send time'
      : facts.sendHour === undefined || facts.sendHour === null
        ? after
        : `${facts.delayDays === 0 ? '' : `${after}, `}at the business's next send time (${String(facts.sendHour).padStart(2, '0')}:00 UTC)`;
  return {
    status: 'scheduled',
    reason: `Scheduled for ${new Date(Math.max(sendAt, 0)).toISOString()}, ${when}.`,
    sendAt,
  };
}

/**
 * Why an order's invitations are cancelled: the same words whether the cancel came before the event that
 * invites (decided `cancelled`) or after it (the queued invitation cancelled), so the order of arrival
 * does not change what the business reads.
 */
export function orderCancelledReason(reference: string, cancel: { reason: string; at: number }): string {
  return `Order ${reference} was cancelled on ${new Date(cancel.at).toISOString()}: ${cancel.reason}`;
}

/** The UTC calendar month `[start, end)` that contains `at`, for the monthly cap. */
export function utcMonth(at: number): { start: number; end: number } {
  const date = new Date(at);
  const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const end = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return { start, end };
}

/** True when the address is at the domain itself or one of its subdomains. */
export function isOnDomain(email: string, domain: string): boolean {
  const host = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * The decision for a review link the business hands out itself (the invitation-links API): Vouch sends
 * nothing, so no sending rule (test address, suppression, frequency, cap) applies.
 */
export const LINK_ISSUED = {
  status: 'link_issued',
  reason: 'A review link was made for the business to hand out itself; Vouch sends no email for it.',
  sendAt: undefined,
} as const;

function isoDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

function monthName(at: number): string {
  return new Date(at).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
