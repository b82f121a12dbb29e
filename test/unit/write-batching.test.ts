import http from 'node:http';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { turnEndWrites } from '../../src/http/write-batching.js';

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** GET over a real keep-alive connection pool, so several requests can share one turn of the server. */
function get(url: string, agent: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
        );
      })
      .on('error', reject);
  });
}

describe('writes at the end of the turn', () => {
  let app: FastifyInstance | undefined;
  let agent: http.Agent | undefined;

  afterEach(async () => {
    agent?.destroy();
    await app?.close();
  });

  async function start(setUp: (server: FastifyInstance, onSend: ReturnType<typeof turnEndWrites>) => void) {
    app = Fastify({ logger: false });
    setUp(app, turnEndWrites());
    agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    return app.listen({ host: '127.0.0.1', port: 0 });
  }

  it('writes a response at the end of the turn, not inside the handler that sent it', async () => {
    let endedInsideHandler: boolean | undefined;
    let endedAtTurnEnd: boolean | undefined;
    const base = await start((server, onSend) => {
      server.get('/now', { onSend }, (_request, reply) => {
        void reply.send('answered');
        endedInsideHandler = reply.raw.writableEnded;
        // Queued after the batch's own setImmediate, so it runs once the batch is written.
        setImmediate(() => (endedAtTurnEnd = reply.raw.writableEnded));
        return reply;
      });
    });

    const response = await get(`${base}/now`, agent!);
    expect(response).toMatchObject({ status: 200, body: 'answered' });
    expect(endedInsideHandler).toBe(false);
    expect(endedAtTurnEnd).toBe(true);
  });

  it('answers every request of a busy turn with its own response and the headers of the app’s hooks', async () => {
    const base = await start((server, onSend) => {
      server.addHook('onSend', (_request, reply, payload, done) => {
        reply.header('x-app-hook', 'ran');
        done(null, payload);
      });
      server.get('/echo/:id', { onSend }, (request) => `id ${(request.params as { id: string }).id}`);
      server.get('/missing', { onSend }, (_request, reply) => reply.status(404).send({ error: 'none' }));
    });

    const ids = Array.from({ length: 200 }, (_, index) => index);
    const responses = await Promise.all(ids.map((id) => get(`${base}/echo/${id}`, agent!)));
    responses.forEach((response, index) => {
      expect(response.status).toBe(200);
      expect(response.body).toBe(`id ${index}`);
      expect(response.headers['x-app-hook']).toBe('ran');
    });
    const missing = await get(`${base}/missing`, agent!);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ error: 'none' });
  });

  it('passes a stream on at once, so one that fails before it is written still gets a 500', async () => {
    const base = await start((server, onSend) => {
      server.get('/stream', { onSend }, (_request, reply) => reply.send(Readable.from(['a', 'b', 'c'])));
      server.get('/broken-stream', { onSend }, (_request, reply) => {
        const stream = new Readable({ read() {} });
        const answered = reply.send(stream);
        // The error is emitted on the next tick: were the stream still waiting for the end of the turn,
        // nobody would be listening, and the process would die.
        stream.destroy(new Error('disk gone'));
        return answered;
      });
    });

    expect(await get(`${base}/stream`, agent!)).toMatchObject({ status: 200, body: 'abc' });
    expect((await get(`${base}/broken-stream`, agent!)).status).toBe(500);
    expect(await get(`${base}/stream`, agent!)).toMatchObject({ status: 200, body: 'abc' });
  });

  it('answers 500 when the write itself fails, and the other responses of the turn still go out', async () => {
    const base = await start((server, onSend) => {
      // Node refuses a header value outside Latin-1 only when the head is written.
      server.get('/bad-header', { onSend }, (_request, reply) =>
        reply.header('location', '/Łukasz').send('x'),
      );
      server.get('/fine', { onSend }, () => 'fine');
    });

    const [bad, fine] = await Promise.all([get(`${base}/bad-header`, agent!), get(`${base}/fine`, agent!)]);
    expect(bad.status).toBe(500);
    expect(fine).toMatchObject({ status: 200, body: 'fine' });
  });
});
