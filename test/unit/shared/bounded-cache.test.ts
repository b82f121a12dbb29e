import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../../src/shared/bounded-cache.js';

describe('BoundedCache', () => {
  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now more recent than b
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('setting a kept key again replaces it without dropping another', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBe(10);
    expect(cache.get('b')).toBe(2);
  });

  it('serves a value for ttlMs and not a millisecond longer', () => {
    let now = 1_000;
    const cache = new BoundedCache<string, string>({ maxEntries: 10, ttlMs: 500, now: () => now });
    cache.set('plan', 'free');
    now = 1_499;
    expect(cache.get('plan')).toBe('free');
    now = 1_500;
    expect(cache.get('plan')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('makes a missing value once and keeps it', () => {
    const cache = new BoundedCache<string, { n: number }>({ maxEntries: 10 });
    let made = 0;
    const first = cache.getOrCreate('k', () => ({ n: ++made }));
    const second = cache.getOrCreate('k', () => ({ n: ++made }));
    expect(second).toBe(first);
    expect(made).toBe(1);
  });

  it('makes the value again once it has expired', () => {
    let now = 0;
    const cache = new BoundedCache<string, number>({ maxEntries: 10, ttlMs: 10, now: () => now });
    let made = 0;
    cache.getOrCreate('k', () => ++made);
    now = 10;
    expect(cache.getOrCreate('k', () => ++made)).toBe(2);
  });

  it('refuses a size below one', () => {
    expect(() => new BoundedCache({ maxEntries: 0 })).toThrow('at least one');
  });
});
