import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VouchError, type Problem } from '../../src/errors.js';
import { buildApp } from '../../src/http/app.js';
import { openTestRuntime } from '../support/engines.js';

describe('HTTP errors', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openTestRuntime('sqlite');
    close = () => opened.close();
    app = await buildApp(opened.runtime);
    // Routes that fail on purpose, registered before the app is ready, as a feature's route would be.
    app.get('/api/test/unknown-failure', () => {
      throw new Error('database password is hunter2');
    });
    app.get('/api/test/known-failure', () => {
      throw new VouchError('business_not_found', 'There is no business "x.example".');
    });
    app.post('/api/test/echo', (request) => request.body);
    for (const prefix of ['/v1', '/integrations']) app.post(`${prefix}/test/echo`, (request) => request.body);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await close();
  });

  it('answers an unknown error with a plain 500 that leaks nothing', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test/unknown-failure' });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).not.toContain('hunter2');
    expect(response.json()).toMatchObject({ status: 500, code: 'internal_error' });
  });

  it('answers a known error with its stable code, status and message', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test/known-failure' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      type: 'urn:vouch:problem:business_not_found',
      title: 'No business with this domain or id',
      status: 404,
      detail: 'There is no business "x.example".',
      code: 'business_not_found',
    });
  });

  it('answers a body that is not JSON with a 400 problem, not a 500', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"broken":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', status: 400 });
  });

  it('answers a missing page with an HTML page and security headers', async () => {
    const response = await app.inject({ method: 'GET', url: '/no/such/page' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  describe('machine routes answer problem+json, never an HTML page', () => {
    const expectProblem = (
      response: Awaited<ReturnType<FastifyInstance['inject']>>,
      status: number,
      code: string,
    ) => {
      expect(response.statusCode, response.body).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json<Problem>();
      expect(problem).toMatchObject({ type: `urn:vouch:problem:${code}`, status, code });
      expect(problem.title).not.toBe('');
      expect(problem.detail).not.toBe('');
    };

    it.each(['/api', '/api/', '/api/v1/no-such', '/v1', '/v1/no/such', '/afs/inbound', '/integrations/x/y'])(
      'answers an unknown path %s with a 404 problem',
      async (url) => {
        expectProblem(await app.inject({ method: 'GET', url: `${url}?q=1` }), 404, 'not_found');
        expectProblem(await app.inject({ method: 'DELETE', url }), 404, 'not_found');
      },
    );

    it.each(['/api/test/echo', '/v1/test/echo', '/integrations/test/echo'])(
      'answers Fastify refusals on %s as problems with their own status',
      async (url) => {
        const json = { 'content-type': 'application/json' };
        expectProblem(
          await app.inject({ method: 'POST', url, headers: json, payload: '{"broken":' }),
          400,
          'validation_failed',
        );
        expectProblem(
          await app.inject({
            method: 'POST',
            url,
            headers: json,
            payload: `"${'x'.repeat(1024 * 1024 + 1)}"`,
          }),
          413,
          'payload_too_large',
        );
        expectProblem(
          await app.inject({
            method: 'POST',
            url,
            headers: { 'content-type': 'text/x-unknown' },
            payload: 'x',
          }),
          415,
          'unsupported_media_type',
        );
      },
    );

    it('answers an AFS upload over its size limit with a 413 problem', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/afs/inbound/not-a-token',
        headers: { 'content-type': 'message/rfc822' },
        payload: Buffer.alloc(10 * 1024 * 1024 + 1, 'a'),
      });
      expectProblem(response, 413, 'payload_too_large');
      expectProblem(
        await app.inject({
          method: 'POST',
          url: '/afs/inbound/not-a-token',
          headers: { 'content-type': 'message/rfc822' },
          payload: 'Subject: hi\r\n\r\nhello',
        }),
        404,
        'not_found',
      );
    });

    it('answers a URL Fastify cannot decode as a problem under a machine prefix, a page elsewhere', async () => {
      for (const url of ['/api/%zz', '/v1/x%', '/integrations/%G0/x', '/afs/inbound/%']) {
        expectProblem(await app.inject({ method: 'GET', url }), 400, 'validation_failed');
      }
      const page = await app.inject({ method: 'GET', url: '/evaluate/%zz' });
      expect(page.statusCode).toBe(400);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    });

    it('keeps pages beside those prefixes as HTML', async () => {
      for (const url of ['/apis', '/afs', '/integrationsx', '/review/nobody.example']) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(404);
        expect(response.headers['content-type'], url).toContain('text/html');
      }
    });
  });
});
