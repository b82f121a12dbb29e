import { describe, expect, it } from 'vitest';
import { clientKey, FailureCounter } from '../../../src/http/plugins/failure-limit.js';

describe('the failure counter', () => {
  it('blocks a key after the limit until its window ends, and counts keys apart', () => {
    const counter = new FailureCounter(3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(counter.blockedFor('a', 1000)).toBe(0);
      counter.fail('a', 1000 + i);
    }
    expect(counter.blockedFor('a', 2000)).toBe(59_000);
    expect(counter.blockedFor('b', 2000)).toBe(0);
    expect(counter.blockedFor('a', 61_000)).toBe(0);
    counter.fail('a', 61_000);
    expect(counter.blockedFor('a', 61_001)).toBe(0);
  });

  it('holds at most its bound of addresses, forgetting the oldest first', () => {
    const counter = new FailureCounter(1, 60_000, 100);
    for (let i = 0; i < 10_000; i++) counter.fail(`10.0.${Math.floor(i / 256)}.${i % 256}`, i);
    expect(counter.size).toBeLessThanOrEqual(100);
    expect(counter.blockedFor('10.0.39.15', 10_000)).toBeGreaterThan(0);
    expect(counter.blockedFor('10.0.0.0', 10_000)).toBe(0);
  });

  it('drops windows that ended as new failures come', () => {
    const counter = new FailureCounter(1, 1000, 1_000_000);
    for (let i = 0; i < 1000; i++) counter.fail(`k${i}`, i * 10);
    expect(counter.size).toBeLessThanOrEqual(101);
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
