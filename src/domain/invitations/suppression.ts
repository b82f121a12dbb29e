/** The stored scope of a suppression that applies to every business on this server. */
export const GLOBAL_SCOPE = '*';

export type SuppressionScope = 'business' | 'all';

/** How a stored scope reads: this business only, or every business (a global unsubscribe or a bounce). */
export function suppressionScope(storedScope: string): SuppressionScope {
  return storedScope === GLOBAL_SCOPE ? 'all' : 'business';
}

/**
 * The suppression that applies to one address among those stored for it (the business's own and the
 * server-wide one): a global suppression wins, because lifting the business's own must not lift it.
 */
export function effectiveSuppression<T extends { scope: string }>(rows: readonly T[]): T | undefined {
  return rows.find((row) => row.scope === GLOBAL_SCOPE) ?? rows[0];
}

/** Why an address gets nothing, for the funnel's decision and the sender's last check alike. */
export function suppressionReason(
  email: string,
  suppression: { scope: SuppressionScope; reason: string; since: number },
  businessName: string,
): string {
  const who = suppression.scope === 'all' ? 'every business on this server' : businessName;
  const why = suppression.reason === 'bounced' ? 'mail to it bounced' : 'the customer unsubscribed';
  return `${email} is suppressed for ${who} since ${new Date(suppression.since).toISOString().slice(0, 10)}: ${why}.`;
}
