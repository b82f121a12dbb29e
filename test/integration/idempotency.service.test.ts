import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { isVouchError } from '../../src/errors.js';
import type { Runtime } from '../../src/runtime.js';
import { IdempotencyService } from '../../src/services/idempotency.service.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

const HOUR = 60 * 60 * 1000;
const answer = { status: 201, contentType: 'application/json; charset=utf-8', body: '{"id":"x"}' };

describe.each(ENGINES)('IdempotencyService on %s', (engine) => {
  let runtime: Runtime;
  let close: () => Promise<void>;
  let service: IdempotencyService;
  const clock = new ManualClock('2026-12-01T00:00:00Z');
  let businessId: string;

  beforeAll(async () => {
    const opened = await openTestRuntime(engine, { clock });
    runtime = opened.runtime;
    close = () => opened.close();
    service = new IdempotencyService({ db: runtime.store.db, clock, waitMs: 2_000 });
    const business = await runtime.businesses.create({
      name: 'Keys',
      domain: `keys-${randomUUID().slice(0, 8)}.example`,
    });
    businessId = business.id;
  });
  afterAll(async () => {
    await close();
  });

  async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
    const error = await work.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    return isVouchError(error) ? error.code : String(error);
  }

  it('lets exactly one of many concurrent claims run, and gives the others its answer', async () => {
    const key = randomUUID();
    const claims = Array.from({ length: 10 }, () => service.begin(businessId, key, 'hash-a'));
    // The winner is the one that answered undefined; it finishes a moment later.
    const settled = await Promise.race([
      Promise.all(claims),
      new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), 300)),
    ]);
    expect(settled).toBe('waiting');
    await service.finish(businessId, key, answer);
    const results = await Promise.all(claims);
    expect(results.filter((result) => result === undefined)).toHaveLength(1);
    expect(results.filter((result) => result !== undefined)).toEqual(Array(9).fill(answer));
  });

  it('refuses the key with another request, and after the lifetime starts afresh', async () => {
    const key = randomUUID();
    expect(await service.begin(businessId, key, 'hash-a')).toBeUndefined();
    await service.finish(businessId, key, answer);
    expect(await codeOf(service.begin(businessId, key, 'hash-b'))).toBe('idempotency_key_reused');
    clock.advance(25 * HOUR);
    expect(await service.begin(businessId, key, 'hash-b')).toBeUndefined();
  });

  it('gives a released key to the next request, and times out waiting for a running one', async () => {
    const key = randomUUID();
    expect(await service.begin(businessId, key, 'hash-a')).toBeUndefined();
    expect(await codeOf(service.begin(businessId, key, 'hash-a'))).toBe('idempotency_key_in_progress');
    await service.release(businessId, key);
    expect(await service.begin(businessId, key, 'hash-a')).toBeUndefined();
  });

  it('takes over a claim left without an answer for over a minute (its process died)', async () => {
    const key = randomUUID();
    expect(await service.begin(businessId, key, 'hash-a')).toBeUndefined();
    clock.advance(2 * 60 * 1000);
    expect(await service.begin(businessId, key, 'hash-a')).toBeUndefined();
  });

  it('prunes keys older than a day', async () => {
    await service.prune(); // the keys the tests above left behind
    const key = randomUUID();
    expect(await service.begin(businessId, key, 'hash-a')).toBeUndefined();
    await service.finish(businessId, key, answer);
    clock.advance(23 * HOUR);
    const young = await service.prune();
    clock.advance(2 * HOUR);
    const pruned = await service.prune();
    expect(pruned).toBeGreaterThanOrEqual(1);
    expect(young).toBe(0);
    expect(await service.begin(businessId, key, 'hash-z')).toBeUndefined();
  });
});
