import { describe, expect, it } from 'vitest';
import { cryptoRandom, timeOrderedToken, uuidV7 } from '../../src/clock.js';

const zeros = Buffer.alloc(18);
const ones = Buffer.alloc(18, 0xff);

describe('time-ordered ids', () => {
  it('are RFC 9562 version 7 UUIDs whose first 48 bits are the time', () => {
    const at = Date.UTC(2026, 10, 26, 12, 0, 0, 123);
    const id = uuidV7(at, ones);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    expect(uuidV7(at, zeros)).toBe(
      `${at
        .toString(16)
        .padStart(12, '0')
        .replace(/^(.{8})/, '$1-')}-7000-8000-000000000000`,
    );
  });

  it('sort by time whatever their random part', () => {
    const earlier = uuidV7(1_000_000, ones);
    const later = uuidV7(1_000_001, zeros);
    expect(earlier < later).toBe(true);
  });

  it('differ when made in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => cryptoRandom.uuid()));
    expect(ids.size).toBe(1000);
  });
});

describe('time-ordered tokens', () => {
  it('are 32 URL-safe characters: 8 of time, then 144 random bits', () => {
    const token = timeOrderedToken(Date.UTC(2026, 0, 1), ones);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(token.slice(8)).toBe(ones.toString('base64url'));
    expect(cryptoRandom.timeOrderedToken()).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('sort by time in plain string order, across every character of the prefix', () => {
    const times = [0, 1, 63, 64, 4095, 4096, 2 ** 24, 2 ** 40, Date.UTC(2026, 0, 1), Date.UTC(2100, 0, 1)];
    const tokens = times.map((time, index) => timeOrderedToken(time, index % 2 === 0 ? ones : zeros));
    expect([...tokens].sort()).toEqual(tokens);
  });

  it('do not repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => cryptoRandom.timeOrderedToken()));
    expect(tokens.size).toBe(1000);
  });
});
