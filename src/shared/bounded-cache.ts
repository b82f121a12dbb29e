/**
 * The one in-memory cache of the code base: at most `maxEntries` values, each for at most `ttlMs` when
 * given. When full, the least recently used entry goes. Every cache that keeps things between requests
 * uses it, so none can grow without bound or keep a value past its time by a rule of its own.
 *
 * @example
 * const formatters = new BoundedCache<string, Intl.NumberFormat>({ maxEntries: 200 });
 * const format = formatters.getOrCreate(locale, () => new Intl.NumberFormat(locale));
 */
export class BoundedCache<Key, Value> {
  private readonly entries = new Map<Key, { value: Value; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: {
    maxEntries: number;
    /** How long a value may be served; forever when absent. */
    ttlMs?: number;
    /** The time in epoch milliseconds; tests give their own. */
    now?: () => number;
  }) {
    if (!(options.maxEntries >= 1)) throw new Error('a cache holds at least one entry');
    this.maxEntries = options.maxEntries;
    this.ttlMs = options.ttlMs ?? Infinity;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: Key): Value | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    // A Map keeps insertion order: put the entry back last, so the first one is the least recently used.
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: Key, value: Value): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  /** The value kept for `key`, or the one `create` makes, kept from now on. */
  getOrCreate(key: Key, create: () => Value): Value {
    const kept = this.get(key);
    if (kept !== undefined) return kept;
    const value = create();
    this.set(key, value);
    return value;
  }
}
