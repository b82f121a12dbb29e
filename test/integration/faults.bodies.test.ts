import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase, ENGINES, testConfig } from '../support/engines.js';

/** Bytes that are not UTF-8: a lone continuation byte, an overlong encoding and a byte no encoding uses. */
const NOT_UTF8 = Buffer.from([0x80, 0xc0, 0xaf, 0xff]);

const BODIES = [
  {
    type: 'application/json',
    body: Buffer.concat([Buffer.from('{"email":"a@b.example","name":"'), NOT_UTF8, Buffer.from('"}')]),
  },
  {
    type: 'application/x-www-form-urlencoded',
    body: Buffer.concat([Buffer.from('rating=5&title='), NOT_UTF8, Buffer.from('&text=%FF%C0%AF')]),
  },
  { type: 'text/plain; charset=utf-8', body: Buffer.concat([Buffer.from('hello '), NOT_UTF8]) },
  { type: 'text/csv', body: Buffer.concat([Buffer.from('email,name\na@b.example,'), NOT_UTF8]) },
];

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const UPLOAD_LIMIT = 64 * 1024;
/**
 * Routes that take a file's raw bytes, not text: an upload is read in its own encoding (Windows-1252 is
 * one, and these bytes are valid Windows-1252; see docs/imports.md), so it may be accepted; never a 5xx.
 */
const RAW_BYTE_ROUTES = new Set(['POST /api/v1/imports']);
/** Methods whose body a server reads; GET and HEAD bodies are ignored by Fastify (and by HTTP). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Probe {
  method: string;
  url: string;
  bodyLimit: number;
}

/**
 * Every route the built app has, found as the app adds them (so a route added tomorrow is probed too),
 * with a business's real domain in `:domain` and a placeholder in every other parameter.
 */
function probesOf(routes: RouteOptions[], domain: string): Probe[] {
  const probes: Probe[] = [];
  for (const route of routes) {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const url = route.url
      .replace(/:domain\b/g, domain)
      .replace(/:[A-Za-z_]\w*(\([^)]*\))?/g, 'x1')
      .replace(/\*/g, 'x1');
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS' || method === 'SEARCH') continue;
      probes.push({ method, url, bodyLimit: route.bodyLimit ?? DEFAULT_BODY_LIMIT });
    }
  }
  return probes;
}

describe.each(ENGINES)('bad bodies on every route on %s', (engine) => {
  let app: FastifyInstance;
  let runtime: Runtime;
  let close: () => Promise<void>;
  let probes: Probe[];
  let authorization: string;

  beforeAll(async () => {
    const database = await createTestDatabase(engine);
    // The limit on failed guesses would answer 429 to most of the sweep and hide what each route does.
    runtime = await openRuntime(
      testConfig(database, { VOUCH_FAILED_AUTH_LIMIT: '0', VOUCH_AFS_MAX_MB: '1' }),
    );
    const routes: RouteOptions[] = [];
    app = await buildApp(runtime, { maxUploadBytes: UPLOAD_LIMIT, onRoute: (route) => routes.push(route) });
    await app.ready();
    const business = await runtime.businesses.create({ name: 'Faults', domain: `faults-${engine}.example` });
    authorization = `Bearer ${business.apiKey}`;
    probes = probesOf(routes, business.domain);
    close = async () => {
      await app.close();
      await runtime.close();
      await database.drop();
    };
  });
  afterAll(() => close());

  it('finds the routes from the app itself', () => {
    const urls = probes.map((probe) => `${probe.method} ${probe.url}`);
    expect(urls).toContain('GET /readyz');
    expect(urls).toContain(`POST /evaluate/faults-${engine}.example`);
    expect(urls).toContain('POST /api/v1/imports');
    expect(probes.length).toBeGreaterThan(20);
  });

  it('answers a body that is not UTF-8 with a 4xx on every route, with and without a key', async () => {
    const failures: string[] = [];
    for (const probe of probes) {
      for (const { type, body } of BODIES) {
        for (const auth of [undefined, authorization]) {
          const response = await app.inject({
            method: probe.method as 'POST',
            url: probe.url,
            headers: { 'content-type': type, ...(auth ? { authorization: auth } : {}) },
            payload: body,
          });
          const bad =
            response.statusCode === 429 ||
            (BODY_METHODS.has(probe.method) && !RAW_BYTE_ROUTES.has(`${probe.method} ${probe.url}`)
              ? response.statusCode < 400 || response.statusCode >= 500
              : response.statusCode >= 500);
          if (bad) {
            failures.push(
              `${probe.method} ${probe.url} (${type}${auth ? ', key' : ''}) -> ${response.statusCode} ${response.body.slice(0, 160)}`,
            );
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('still reads UTF-8 forms, and names the fault on a machine path', async () => {
    const form = await app.inject({
      method: 'POST',
      url: '/tools/link-tester',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: Buffer.from(
        'action=check&url=https%3A%2F%2Fx.example%2Fr%2Fm%C3%BCller&domain=m%C3%BCller.example',
      ),
    });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('müller.example');
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { 'content-type': 'application/json', authorization },
      payload: BODIES[0]?.body,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'body_not_utf8', status: 400 });
  });

  it('answers a body over the route’s limit with a 4xx on every route', async () => {
    const failures: string[] = [];
    for (const probe of probes) {
      if (!BODY_METHODS.has(probe.method)) continue;
      const limit = probe.url === '/api/v1/imports' ? UPLOAD_LIMIT : probe.bodyLimit;
      for (const type of ['application/json', 'application/x-www-form-urlencoded', 'text/csv']) {
        const response = await app.inject({
          method: probe.method as 'POST',
          url: probe.url,
          headers: { 'content-type': type, authorization },
          payload: Buffer.alloc(limit + 1, 0x61),
        });
        if (response.statusCode < 400 || response.statusCode >= 500 || response.statusCode === 429) {
          failures.push(
            `${probe.method} ${probe.url} (${type}) -> ${response.statusCode} ${response.body.slice(0, 160)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
