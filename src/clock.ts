import { randomBytes } from 'node:crypto';

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
  /** A time-ordered UUID (version 7): rows made together sit together in every index keyed by it. */
  uuid(): string;
  /**
   * An unguessable URL token that begins with the time, so an index of tokens grows at its end; its
   * 18 random bytes (144 bits) are what make it unguessable.
   */
  timeOrderedToken(): string;
  /** A number in [0, 1), for jitter. */
  unit(): number;
}

/**
 * RFC 9562 version 7: 48 bits of Unix milliseconds, then 74 random bits. Random UUIDs (version 4) scatter
 * a large import's inserts over every page of each index they key, and every page touched is written
 * again at commit; time-ordered ones land on the last few pages.
 */
export function uuidV7(milliseconds: number, random: Buffer): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(milliseconds, 0, 6);
  random.copy(bytes, 6, 0, 10);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Base64url of the 48-bit time (8 characters, which sort as the time does) and 18 random bytes. */
export function timeOrderedToken(milliseconds: number, random: Buffer): string {
  const time = Buffer.alloc(6);
  time.writeUIntBE(milliseconds, 0, 6);
  return `${toSortableBase64(time)}${random.subarray(0, 18).toString('base64url')}`;
}

/** Base64url's alphabet is not in ASCII order; the time prefix uses one that is, so tokens sort by time. */
const SORTABLE = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
function toSortableBase64(bytes: Buffer): string {
  let out = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const word = (bytes[index]! << 16) | (bytes[index + 1]! << 8) | bytes[index + 2]!;
    out += SORTABLE[(word >> 18) & 63]! + SORTABLE[(word >> 12) & 63]! + SORTABLE[(word >> 6) & 63]!;
    out += SORTABLE[word & 63]!;
  }
  return out;
}

export const cryptoRandom: RandomSource = {
  bytes: (length) => randomBytes(length),
  uuid: () => uuidV7(Date.now(), randomBytes(10)),
  timeOrderedToken: () => timeOrderedToken(Date.now(), randomBytes(18)),
  unit: () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48,
};

export const DAY_MS = 24 * 60 * 60 * 1000;
