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

export const cryptoRandom: RandomSource = {
  bytes: (length) => randomBytes(length),
  uuid: () => randomUUID(),
  unit: () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48,
};

export const DAY_MS = 24 * 60 * 60 * 1000;
