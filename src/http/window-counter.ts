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

/**
 * The unit one client is counted by: an IPv4 address, or the /64 of an IPv6 one (a single host is usually
 * given a whole /64, and could otherwise take a fresh address for every guess).
 */
export function clientKey(ip: string): string {
  const address = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::');
  const front = head === '' ? [] : head.split(':');
  const back = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? front
      : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => (parseInt(group, 16) || 0).toString(16))
    .join(':')}::/64`;
}
