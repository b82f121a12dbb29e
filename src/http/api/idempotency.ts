import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Runtime } from '../../runtime.js';

/**
 * `Idempotency-Key` for any POST. A route opts in with two lines, after it knows the business:
 *
 * ```ts
 * schema: { headers: idempotencyHeaders, … },
 * …
 * const business = await authenticateBusiness(runtime, request);
 * if (await replayOrClaim(runtime, request, reply, business.id)) return reply;
 * ```
 *
 * The first request with a key runs; whatever it answers below 500 (success or problem) is stored by the
 * onSend hook here and sent again, byte for byte, to every retry with the same key and body, with
 * `Idempotent-Replayed: true`. A 500 gives the key up, so a retry runs again.
 */
export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'must be 1 to 255 printable ASCII characters, without spaces (a UUID is good)')
    .optional()
    .describe(
      'Any unique string (a UUID) per intended request. A retry with the same key and body gets the first answer again, without doing the work twice; the same key with another body answers 409 idempotency_key_reused. Keys are kept 24 hours.',
    ),
});

interface Claim {
  businessId: string;
  key: string;
}

const claims = new WeakMap<FastifyRequest, Claim>();

/** What makes two requests "the same": method, path and query, and the body (or what stands for it). */
function requestHash(request: FastifyRequest, body: unknown): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

/**
 * Sends the stored answer when this request repeats an earlier one with the same key, and answers true
 * (the route returns `reply` and does nothing more); or claims the key for this request and answers false
 * (the route runs). A request without the header runs as usual. (A boolean, not the reply: a Fastify
 * reply is a thenable, so an async function cannot hand it back.)
 */
export async function replayOrClaim(
  runtime: Runtime,
  request: FastifyRequest,
  reply: FastifyReply,
  businessId: string,
  /** What stands for the body when it is not parsed JSON (an upload: its digest). */
  body: unknown = request.body,
): Promise<boolean> {
  const header = request.headers['idempotency-key'];
  if (typeof header !== 'string' || header === '') return false;
  const stored = await runtime.idempotency.begin(businessId, header, requestHash(request, body));
  if (!stored) {
    claims.set(request, { businessId, key: header });
    return false;
  }
  void reply
    .status(stored.status)
    .header('idempotent-replayed', 'true')
    .type(stored.contentType ?? 'application/json; charset=utf-8')
    .send(stored.body);
  return true;
}

/** Stores, or gives up, the answer of every request that claimed a key. Register before the routes. */
export function registerIdempotency(app: FastifyInstance, runtime: Runtime): void {
  // A callback hook: most responses claimed nothing, and pay no promise for it.
  app.addHook('onSend', (request, reply, payload, done) => {
    const claim = claims.get(request);
    if (!claim) return done(null, payload);
    claims.delete(request);
    settle(runtime, claim, reply, payload).then(
      () => done(null, payload),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
    );
  });
}

async function settle(runtime: Runtime, claim: Claim, reply: FastifyReply, payload: unknown): Promise<void> {
  if (reply.statusCode >= 500 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
    await runtime.idempotency.release(claim.businessId, claim.key);
    return;
  }
  const contentType = reply.getHeader('content-type');
  await runtime.idempotency.finish(claim.businessId, claim.key, {
    status: reply.statusCode,
    contentType: typeof contentType === 'string' ? contentType : null,
    body: typeof payload === 'string' ? payload : payload.toString('utf8'),
  });
}
