import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import { openTestRuntime } from '../support/engines.js';
import { independentBglToken, independentUniqueLink } from '../support/independent-links.js';

/** Garbage at every entrance: whatever arrives, the answer is a page or a problem, never a 500. */
describe('review entrances under garbage', () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let shop: CreatedBusiness;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime('sqlite');
    runtime = opened.runtime;
    app = await buildApp(runtime);
    shop = await runtime.businesses.create({ name: 'Fuzz', domain: 'fuzz.example' });
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  const text = fc.string({ unit: 'binary', maxLength: 200 });
  const urlPiece = text.map((value) => encodeURIComponent(value));
  const headers = fc.record({
    host: fc.constantFrom('localhost', 'de.localhost', 'xx.localhost', '', 'a.b.c.localhost:1'),
    'accept-language': fc.oneof(
      fc.constant('*'),
      text.map((value) => value.replace(/[^\x20-\x7e]/g, '')),
    ),
  });

  // Each request from its own address: the failed-link limit would otherwise answer 429 to most of them.
  let requests = 0;
  async function expectNo500(
    method: 'GET' | 'POST',
    url: string,
    payload: string,
    head: Record<string, string>,
  ) {
    const n = ++requests;
    const response = await app.inject({
      method,
      url,
      remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      headers: { ...head, 'content-type': 'application/x-www-form-urlencoded' },
      ...(method === 'POST' ? { payload } : {}),
    });
    expect(response.statusCode, `${method} ${url}`).toBeLessThan(500);
  }

  it('answers any path, query and body at every entrance without a 500', async () => {
    const entrance = fc.oneof(
      urlPiece.map((piece) => `/evaluate/${piece}`),
      urlPiece.map((piece) => `/evaluate/embed/${piece}`),
      urlPiece.map((piece) => `/evaluate-bgl/${piece}`),
      urlPiece.map((piece) => `/evaluate-bgl/embed/${piece}`),
      urlPiece.map((piece) => `/r/${piece}`),
      urlPiece.map((piece) => `/review/${piece}`),
      urlPiece.map((piece) => `/review/${piece}/write`),
      fc.tuple(urlPiece, urlPiece).map(([a, b]) => `/review/${a}/confirm/${b}`),
      fc.tuple(urlPiece, urlPiece).map(([a, b]) => `/review/${a}/thanks/${b}`),
      urlPiece.map((piece) => `/unsubscribe/${piece}`),
      urlPiece.map((piece) => `/api/public/businesses/${piece}/reviews`),
      urlPiece.map((piece) => `/widget/${piece}`),
    );
    const query = fc.array(
      fc.tuple(fc.constantFrom('a', 'b', 'c', 'e', 'p', 'rating', 'cursor', 'limit', 's', 'back', 'x'), text),
      { maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET' as const, 'POST' as const),
        entrance,
        query,
        text,
        headers,
        async (method, path, pairs, body, head) => {
          const search = pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
          await expectNo500(method, `${path}?${search}`, body, head);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('survives near-valid links: the right business with broken parameters and tokens', async () => {
    const good = independentUniqueLink('', shop.domain, shop.uniqueLinkSecret, {
      email: 'a@example.com',
      name: 'A',
      reference: 'R-1',
    });
    const goodToken = independentBglToken(shop.bglEncryptKey, shop.bglAuthKey, {
      email: 'a@example.com',
      name: 'A',
      ref: 'R-1',
    });
    await fc.assert(
      fc.asyncProperty(
        fc.nat(good.length),
        text,
        fc.nat(goodToken.length),
        text,
        fc.dictionary(fc.string({ maxLength: 30 }), text, { maxKeys: 8 }),
        async (cut, insert, cutToken, insertToken, form) => {
          const mangled = good.slice(0, cut) + encodeURIComponent(insert) + good.slice(cut);
          const token = goodToken.slice(0, cutToken) + insertToken + goodToken.slice(cutToken);
          const payload = new URLSearchParams(form).toString();
          await expectNo500('GET', mangled, '', {});
          await expectNo500('POST', mangled, payload, {});
          await expectNo500('GET', `/evaluate-bgl/${shop.domain}?p=${encodeURIComponent(token)}`, '', {});
          await expectNo500('POST', `/evaluate-bgl/${shop.domain}?p=${token}`, payload, {});
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts a valid link with a garbage form without a 500', async () => {
    const link = independentUniqueLink('', shop.domain, shop.uniqueLinkSecret, {
      email: 'b@example.com',
      name: 'B',
      reference: 'R-2',
    });
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'rating',
            'title',
            'text',
            '_form',
            'website',
            'product_rating[X]',
            'product_rating[]',
          ),
          text,
        ),
        async (form) => {
          await expectNo500('POST', link, new URLSearchParams(form).toString(), {});
        },
      ),
      { numRuns: 200 },
    );
  });
});
