import { BoundedCache } from '../shared/bounded-cache.js';

export interface FixedWindowCounterOptions {
  /** Events a key may have in one window. */
  limit: number;
  windowMs: number;
  /** Keys tracked at once: past this the least recently seen are forgotten, so a flood of addresses is
   * no flood of memory. */
  maxKeys: number;
  now: () => number;
}

/**
 * Events per key (a client address) in fixed windows that start at the key's first event, kept in memory:
 * the per-address limits on review forms and on failed guesses. Behind a load balancer each process counts
 * on its own.
 */
export class FixedWindowCounter {
  private readonly windows: BoundedCache<string, { start: number; count: number }>;

  constructor(private readonly options: FixedWindowCounterOptions) {
    // A window is forgotten when it ends: the cache's time limit is the window.
    this.windows = new BoundedCache({
      maxEntries: options.maxKeys,
      ttlMs: options.windowMs,
      now: options.now,
    });
  }

  /** Counts one event; answers whether the key is still within its limit, this event included. */
  add(key: string): boolean {
    const window = this.windows.get(key);
    if (window) {
      window.count++;
      return window.count <= this.options.limit;
    }
    this.windows.set(key, { start: this.options.now(), count: 1 });
    return this.options.limit >= 1;
  }

  /** Milliseconds until the key may act again: 0 unless its window already holds `limit` events. */
  blockedFor(key: string): number {
    const window = this.windows.get(key);
    if (!window || window.count < this.options.limit) return 0;
    return window.start + this.options.windowMs - this.options.now();
  }

  get size(): number {
    return this.windows.size;
  }
}
