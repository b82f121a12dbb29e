/**
 * A fixed-window limit per client address on form submissions, kept in memory: enough to stop one
 * address flooding a business with reviews. Behind a load balancer each process counts on its own.
 */
export class SubmissionRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one submission; answers false when the address is over its limit. */
  allow(address: string, now: number): boolean {
    if (this.windows.size > 10_000) this.prune(now);
    const window = this.windows.get(address);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.set(address, { start: now, count: 1 });
      return true;
    }
    window.count++;
    return window.count <= this.limit;
  }

  private prune(now: number): void {
    for (const [address, window] of this.windows) {
      if (now - window.start >= this.windowMs) this.windows.delete(address);
    }
  }
}
