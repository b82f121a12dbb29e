import { describe, expect, it } from 'vitest';
import { clientKey, FixedWindowCounter } from '../../../src/http/window-counter.js';

describe('the fixed-window counter', () => {
  const counterAt = (limit: number, windowMs: number, maxKeys: number) => {
    const clock = { now: 0 };
    const counter = new FixedWindowCounter({ limit, windowMs, maxKeys, now: () => clock.now });
    return { clock, counter };
  };

  it('blocks a key after the limit until its window ends, and counts keys apart', () => {
    const { clock, counter } = counterAt(3, 60_000, 100);
    for (let i = 0; i < 3; i++) {
      clock.now = 1000 + i;
      expect(counter.blockedFor('a')).toBe(0);
      expect(counter.add('a')).toBe(true);
    }
    clock.now = 2000;
    expect(counter.blockedFor('a')).toBe(59_000);
    expect(counter.add('a')).toBe(false);
    expect(counter.blockedFor('b')).toBe(0);
    clock.now = 61_000;
    expect(counter.blockedFor('a')).toBe(0);
    expect(counter.add('a')).toBe(true);
    clock.now = 61_001;
    expect(counter.blockedFor('a')).toBe(0);
  });

  it('holds at most its bound of addresses, forgetting the least recently seen first', () => {
    const { clock, counter } = counterAt(1, 60_000, 100);
    for (let i = 0; i < 10_000; i++) {
      clock.now = i;
      counter.add(`10.0.${Math.floor(i / 256)}.${i % 256}`);
    }
    expect(counter.size).toBeLessThanOrEqual(100);
    expect(counter.blockedFor('10.0.39.15')).toBeGreaterThan(0);
    expect(counter.blockedFor('10.0.0.0')).toBe(0);
  });
});

describe('the client key', () => {
  it('is the IPv4 address, the mapped IPv4 address, or the /64 of an IPv6 address', () => {
    expect(clientKey('203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002::')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
