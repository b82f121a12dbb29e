export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  jitter: number;
}

/** How the sender treats a message that did not go out: try again later, or give up. */
export const RETRY_POLICY: Readonly<RetryPolicy> = {
  /** Attempts in all, the first included; the last temporary failure becomes `failed`. */
  maxAttempts: 8,
  baseDelayMs: 60_000,
  maxDelayMs: 6 * 60 * 60 * 1000,
  /** ±20%, so a server that failed many messages at once is not hit by all of them again at once. */
  jitter: 0.2,
};

/**
 * The wait before attempt `attempt + 1`, after `attempt` attempts failed: exponential, capped, jittered.
 * `unit` is a random number in [0, 1).
 */
export function retryDelayMs(
  attempt: number,
  unit: number,
  policy: Readonly<RetryPolicy> = RETRY_POLICY,
): number {
  const exponential = Math.min(policy.baseDelayMs * 2 ** Math.max(attempt - 1, 0), policy.maxDelayMs);
  const factor = 1 - policy.jitter + 2 * policy.jitter * unit;
  return Math.round(exponential * factor);
}
