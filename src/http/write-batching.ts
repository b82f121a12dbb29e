import type { ServerResponse } from 'node:http';
import type { FastifyReply, onSendHookHandler } from 'fastify';

type SendHookDone = (error: Error | null, payload: unknown) => void;

interface PendingWrite {
  reply: FastifyReply;
  payload: string | Buffer;
  done: SendHookDone;
}

/**
 * An onSend hook for the hot pages (the review entrances): their responses finished during one turn of the
 * event loop are written together at the end of that turn (`setImmediate`), instead of each right after
 * its handler.
 *
 * Why: under load one turn reads many requests. Answering each at once alternates handler code with a
 * socket write, and every write wakes the reader on the other end (a reverse proxy or load generator on the
 * same host) on its own. Handling all of them first and then writing all of them keeps each kind of work
 * hot in the CPU caches and lets one wake-up take several responses: on the review landing this cut the
 * server's CPU per request by about a third (docs/benchmarks.md). The cost is latency: a response waits
 * for the rest of its turn, or, when it was finished inside another `setImmediate` callback (a batched
 * database read), for the check phase of the next turn.
 *
 * Only for routes whose handlers return the reply: until the write, `reply.sent` is still false. Whole
 * bodies (strings, Buffers) wait; a stream is passed on at once, because Fastify listens for its errors
 * only once it starts writing it. Route-level hooks run after the app's own onSend hooks, so the headers
 * those set are written too.
 */
export function turnEndWrites(): onSendHookHandler {
  let pending: PendingWrite[] = [];

  const flush = () => {
    const batch = pending;
    pending = [];
    for (const { reply, payload, done } of batch) {
      try {
        done(null, payload);
      } catch (error) {
        // Called from its hook, Fastify would have turned this into a 500; called here it would escape.
        reply.log.error({ err: error }, 'writing a response failed');
        answerFailedWrite(reply.raw);
      }
    }
  };

  return (_request, reply, payload, done) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) {
      done(null, payload);
      return;
    }
    if (pending.length === 0) setImmediate(flush);
    pending.push({ reply, payload, done });
  };
}

/** A plain 500 when nothing was written yet (a header Node refused, say); otherwise the connection ends. */
function answerFailedWrite(raw: ServerResponse): void {
  try {
    if (raw.headersSent) {
      raw.destroy();
      return;
    }
    raw.writeHead(500, { 'content-length': '0' });
    raw.end();
  } catch {
    raw.destroy();
  }
}
