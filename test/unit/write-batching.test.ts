import http from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { registerWriteBatching } from '../../src/http/write-batching.js';
import { openTestRuntime } from '../support/engines.js';

/** GET over a real keep-alive connection pool, so several requests can share one turn of the server. */
function get(
  url: string,
  agent: http.Agent,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
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

describe('write batching', () => {
  let app: FastifyInstance | undefined;
  let agent: http.Agent | undefined;

  afterEach(async () => {
    agent?.destroy();
    await app?.close();
  });

  async function start(setUp: (server: FastifyInstance) => void): Promise<string> {
    app = Fastify({ logger: false });
    setUp(app);
    agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    return app.listen({ host: '127.0.0.1', port: 0 });
  }

  it('writes a response at the end of the turn, not inside the handler that sent it', async () => {
    let endedInsideHandler: boolean | undefined;
    let endedAtTurnEnd: boolean | undefined;
    const base = await start((server) => {
      registerWriteBatching(server);
      server.get('/now', (_request, reply) => {
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

  it('answers every request of a busy turn with its own response and the headers of earlier hooks', async () => {
    const base = await start((server) => {
      server.addHook('onSend', (_request, reply, payload, done) => {
        reply.header('x-earlier-hook', 'ran');
        done(null, payload);
      });
      registerWriteBatching(server);
      server.get('/echo/:id', (request) => `id ${(request.params as { id: string }).id}`);
      server.get('/missing', (_request, reply) => reply.status(404).send({ error: 'none' }));
    });

    const ids = Array.from({ length: 200 }, (_, index) => index);
    const responses = await Promise.all(ids.map((id) => get(`${base}/echo/${id}`, agent!)));
    responses.forEach((response, index) => {
      expect(response.status).toBe(200);
      expect(response.body).toBe(`id ${index}`);
      expect(response.headers['x-earlier-hook']).toBe('ran');
    });
    const missing = await get(`${base}/missing`, agent!);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ error: 'none' });
  });

  it('is part of the Vouch app, after the hooks that set its security headers', async () => {
    const opened = await openTestRuntime('sqlite');
    try {
      const vouch = await buildApp(opened.runtime);
      let endedInsideHandler: boolean | undefined;
      vouch.get('/test/batched', (_request, reply) => {
        void reply.send('batched');
        endedInsideHandler = reply.raw.writableEnded;
        return reply;
      });
      const response = await vouch.inject({ method: 'GET', url: '/test/batched' });
      expect(response.body).toBe('batched');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(endedInsideHandler).toBe(false);
      await vouch.close();
    } finally {
      await opened.close();
    }
  });
});
