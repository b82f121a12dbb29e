import { randomBytes, randomUUID } from 'node:crypto';

/** The time, behind an interface so scheduling can be tested for "7 days later" without waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for tests. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}

/** Randomness, behind an interface so tests can make secrets reproducible. */
export interface RandomSource {
  bytes(length: number): Buffer;
  uuid(): string;
  /** A number in [0, 1), for jitter. */
  unit(): number;
}

/** Small random values are cut from a pooled block: one system call per few hundred tokens, not one each. */
const pool = { block: Buffer.alloc(0), offset: 0 };
function pooledRandomBytes(length: number): Buffer {
  if (length > 256) return randomBytes(length);
  if (pool.offset + length > pool.block.length) {
    pool.block = randomBytes(8192);
    pool.offset = 0;
  }
  // A copy: a caller that keeps the buffer must not see it reused.
  const bytes = Buffer.from(pool.block.subarray(pool.offset, pool.offset + length));
  // Used bytes are wiped, so a key handed out earlier does not linger in the pool.
  pool.block.fill(0, pool.offset, pool.offset + length);
  pool.offset += length;
  return bytes;
}

export const cryptoRandom: RandomSource = {
  bytes: (length) => pooledRandomBytes(length),
  uuid: () => randomUUID(),
  unit: () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48,
};

export const DAY_MS = 24 * 60 * 60 * 1000;
