import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VouchError } from '../../src/errors.js';
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
});
