import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, loggerOptions } from '../../src/http/app.js';
import { openTestRuntime } from '../support/engines.js';

describe('the link tester keeps nothing', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let logged = '';

  beforeAll(async () => {
    const opened = await openTestRuntime('sqlite');
    close = () => opened.close();
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const logger = loggerOptions('trace');
    app = await buildApp(opened.runtime, {
      logger: typeof logger === 'object' ? { ...logger, stream } : logger,
    });
  });
  afterAll(async () => {
    await app.close();
    await close();
  });

  it('logs neither the link, the secret nor the query string, at the most verbose level', async () => {
    const secret = 'super-secret-value-42';
    const link =
      'https://r.example/evaluate/shop.example?a=ORDER77&b=am9AZXhhbXBsZS5jb20%3D&c=Jo&e=' + '0'.repeat(40);
    const response = await app.inject({
      method: 'POST',
      url: '/tools/link-tester?token=query-secret-99',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ action: 'check', url: link, secret }).toString(),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('unique_hash_unknown_secret');
    expect(logged).toContain('/tools/link-tester');
    for (const leak of [secret, 'ORDER77', 'am9AZXhhbXBsZS5jb20', 'query-secret-99'])
      expect(logged).not.toContain(leak);
  });

  it('escapes whatever is pasted', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/tools/link-tester',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ action: 'check', url: '"><script>alert(1)</script>' }).toString(),
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<script>alert(1)</script>');
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
