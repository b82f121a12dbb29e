import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { DAY_MS } from '../clock.js';
import { VouchError } from '../errors.js';
import { IdempotencyRepository } from '../store/repositories/idempotency.repository.js';
import type { Database } from '../store/schema.js';

/** A finished request's answer, replayed byte for byte to a retry with the same key. */
export interface StoredAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

export interface IdempotencyServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** How long a retry may wait for a first request that is still running (10 s unless set). */
  waitMs?: number;
}

/** A key is kept this long; after it the same key starts a new request. */
const IDEMPOTENCY_KEY_LIFETIME_MS = DAY_MS;
/** A claim with no answer after this long belonged to a process that died mid-request; it is taken over. */
const ABANDONED_AFTER_MS = 60_000;
const POLL_MS = 20;
/** Expired keys are deleted at most this often, by whichever request comes first. */
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Idempotency keys for API POSTs (Stripe's contract): the first request with a key inserts the key's row
 * and runs; the same key with the same request answers what the first one answered, without running
 * again, also while the first is still running (it waits for it); the same key with another request is
 * refused. The insert comes first and the (business, key) primary key decides who runs, so two racing
 * requests cannot both run. Keys live a day, and are scoped to one business.
 */
export class IdempotencyService {
  private readonly keys: IdempotencyRepository;
  private nextPrune = 0;

  constructor(private readonly options: IdempotencyServiceOptions) {
    this.keys = new IdempotencyRepository(options.db);
  }

  /**
   * Claims `key` for this request. Answers undefined when the caller should run the request (and then
   * `finish` or `release` it), or the stored answer of the first request with this key to send again.
   */
  async begin(businessId: string, key: string, requestHash: string): Promise<StoredAnswer | undefined> {
    await this.pruneNowAndThen();
    const deadline = Date.now() + (this.options.waitMs ?? 10_000);
    for (;;) {
      const now = this.options.clock.now().getTime();
      if (await this.keys.claim(businessId, key, requestHash, now)) return undefined;
      const row = await this.keys.find(businessId, key);
      if (!row) continue; // released or pruned between the two statements: claim again
      if (row.created_at < now - IDEMPOTENCY_KEY_LIFETIME_MS) {
        await this.keys.remove(businessId, key, now - IDEMPOTENCY_KEY_LIFETIME_MS);
        continue;
      }
      if (row.request_hash !== requestHash) {
        throw new VouchError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used with another request (method, path or body). Use a new key for a new request; a retry must send the same body.',
        );
      }
      if (row.status !== null && row.body !== null) {
        return { status: row.status, contentType: row.content_type, body: row.body };
      }
      if (row.created_at < now - ABANDONED_AFTER_MS) {
        await this.keys.remove(businessId, key, now - ABANDONED_AFTER_MS);
        continue;
      }
      if (Date.now() > deadline) {
        throw new VouchError(
          'idempotency_key_in_progress',
          'A request with this Idempotency-Key is still running; retry in a few seconds to get its answer.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Stores the answer of the request that claimed `key`, for its retries. */
  finish(businessId: string, key: string, answer: StoredAnswer): Promise<void> {
    return this.keys.complete(businessId, key, answer);
  }

  /** Gives the key up (the request failed on our side): a retry with it runs again. */
  release(businessId: string, key: string): Promise<void> {
    return this.keys.remove(businessId, key);
  }

  /** Deletes every key older than its lifetime; answers how many. */
  prune(): Promise<number> {
    return this.keys.prune(this.options.clock.now().getTime() - IDEMPOTENCY_KEY_LIFETIME_MS);
  }

  private async pruneNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now < this.nextPrune) return;
    this.nextPrune = now + PRUNE_EVERY_MS;
    await this.prune();
  }
}
