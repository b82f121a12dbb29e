import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Problem } from '../../src/errors.js';
import { buildApp } from '../../src/http/app.js';
import { problemResponses } from '../../src/http/api/openapi.js';
import { openTestRuntime } from '../support/engines.js';

/** What every zod-schema'd route gets from the shared infrastructure: validation as problem+json, limits. */
describe('API validation from zod schemas', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openTestRuntime('sqlite');
    close = () => opened.close();
    app = await buildApp(opened.runtime);
    app.withTypeProvider<ZodTypeProvider>().post(
      '/api/test/people',
      {
        bodyLimit: 1024,
        schema: {
          body: z.strictObject({
            email: z.string().min(3),
            tags: z.array(z.string().max(5)).optional(),
          }),
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(10).optional() }),
          response: { 200: z.object({ email: z.string() }), ...problemResponses(400) },
        },
      },
      (request) => ({ email: request.body.email }),
    );
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await close();
  });

  const post = (payload: unknown, extra: { url?: string; headers?: Record<string, string> } = {}) =>
    app.inject({
      method: 'POST',
      url: extra.url ?? '/api/test/people',
      headers: { 'content-type': 'application/json', ...extra.headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it('passes a valid body to the handler', async () => {
    const response = await post({ email: 'ada@example.com' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ email: 'ada@example.com' });
  });

  it('names the path of each bad field in problem+json', async () => {
    const response = await post({ email: 1, tags: ['ok', 'far too long'], extra: true });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json<Problem & { errors: { path: string; message: string }[] }>();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((error) => error.path).sort()).toEqual(['', 'email', 'tags.1']);
    expect(problem.detail).toContain('email:');
  });

  it('says a missing field is required, in plain words', async () => {
    const response = await post({});
    expect(response.json()).toMatchObject({ errors: [{ path: 'email', message: 'is required (a string)' }] });
  });

  it('validates the query string too', async () => {
    const response = await post({ email: 'ada@example.com' }, { url: '/api/test/people?limit=99' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      in: 'query',
      errors: [{ path: 'limit' }],
    });
  });

  it('refuses a missing body as validation_failed, not a 500', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/test/people' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('refuses a body over the limit with 413 payload_too_large', async () => {
    const response = await post({ email: 'x'.repeat(2000) });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'payload_too_large', status: 413 });
  });

  it('refuses a content type the route does not read with 415', async () => {
    const response = await post('email=a', { headers: { 'content-type': 'text/xml' } });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('serves the OpenAPI 3.1 document with the route and its schemas', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/api/test/people']).toBeDefined();
    // Pages are for people; they stay out of the API's document.
    expect(document.paths['/healthz']).toBeDefined();
    expect(Object.keys(document.paths).some((path) => path.startsWith('/review'))).toBe(false);
  });

  it('serves /docs from local files under the app CSP', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).not.toMatch(/https?:\/\//);
    const bundle = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
  });
});
