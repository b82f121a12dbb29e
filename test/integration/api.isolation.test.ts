import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import { ENGINES, openTestRuntime, type TestDatabase } from '../support/engines.js';
import { independentUniqueLink } from '../support/independent-links.js';

/** What business B owns, and what must never appear in an answer to business A. */
interface World {
  app: FastifyInstance;
  runtime: Runtime;
  a: CreatedBusiness;
  b: CreatedBusiness;
  bInvitation: { id: string; email: string; reference: string };
  bReviewId: string;
  bImportId: string;
  bRefreshToken: string;
  /** The URL and body of the last request: A may get back what A itself sent (an id it asked about). */
  sent: string;
}

type Call = (world: World) => Promise<LightMyRequestResponse>;

/**
 * Every route under /api and /v1, as `METHOD /path` exactly as the app declares it, with how A calls it on
 * B's things and what it must answer. A route the app has and this table lacks fails the first test:
 * whoever adds a route adds its row here.
 */
const ROUTES: Record<
  string,
  { public: string } | { call: Call; status: number; after?: (world: World) => Promise<void>; why?: string }
> = {
  'GET /api/public/businesses/:domain/reviews': { public: 'published reviews, shown to anyone by design' },
  'GET /api/public/businesses/:domain/summary': {
    public: 'the public TrustScore, shown to anyone by design',
  },

  // Vouch's own API.
  'POST /api/v1/invitations': {
    // No B id to pass: B's order reference makes a new invitation in A, never touches B's.
    call: (w) =>
      asA(w, 'POST', '/api/v1/invitations', {
        email: 'alpha-customer@example.com',
        name: 'Alpha Customer',
        reference: w.bInvitation.reference,
      }),
    status: 201,
    after: expectBInvitationUntouched,
  },
  'GET /api/v1/invitations': {
    call: (w) => asA(w, 'GET', `/api/v1/invitations?reference=${w.bInvitation.reference}`),
    status: 200,
  },
  'GET /api/v1/invitations/:id': {
    call: (w) => asA(w, 'GET', `/api/v1/invitations/${w.bInvitation.id}`),
    status: 404,
  },
  'POST /api/v1/invitations/:id/cancel': {
    call: (w) => asA(w, 'POST', `/api/v1/invitations/${w.bInvitation.id}/cancel`),
    status: 404,
    after: expectBInvitationUntouched,
  },
  'POST /api/v1/invitations/cancel': {
    call: (w) => asA(w, 'POST', '/api/v1/invitations/cancel', { reference: w.bInvitation.reference }),
    status: 200,
    after: expectBInvitationUntouched,
  },
  'GET /api/v1/reviews': { call: (w) => asA(w, 'GET', '/api/v1/reviews'), status: 200 },
  'GET /api/v1/business': { call: (w) => asA(w, 'GET', '/api/v1/business'), status: 200 },
  'POST /api/v1/imports': {
    call: (w) => {
      w.sent = '';
      return w.app.inject({
        method: 'POST',
        url: '/api/v1/imports?type=service',
        headers: { authorization: `Bearer ${w.a.apiKey}`, 'content-type': 'text/csv' },
        payload: 'email,name,reference\nonly-a@example.com,A,ORD-A\n',
      });
    },
    status: 202,
  },
  'GET /api/v1/imports/:id': { call: (w) => asA(w, 'GET', `/api/v1/imports/${w.bImportId}`), status: 404 },
  'GET /api/v1/imports/:id/rejected.csv': {
    call: (w) => asA(w, 'GET', `/api/v1/imports/${w.bImportId}/rejected.csv`),
    status: 404,
  },
  'GET /api/v1/afs/messages': { call: (w) => asA(w, 'GET', '/api/v1/afs/messages'), status: 200 },
  'GET /api/v1/alerts': { call: (w) => asA(w, 'GET', '/api/v1/alerts'), status: 200 },

  // The hosted platform's paths: A's key (the apikey header, as its clients send it) on B's business unit.
  'POST /v1/private/business-units/:businessUnitId/email-invitations': {
    call: (w) =>
      asHosted(w, 'POST', `/v1/private/business-units/${w.b.id}/email-invitations`, {
        consumerEmail: 'planted@example.com',
        consumerName: 'Planted',
        referenceNumber: 'PLANTED-1',
      }),
    status: 404,
    after: async (w) => {
      expect(await w.runtime.invitationQueries.list(w.b.id, { reference: 'PLANTED-1' })).toEqual([]);
    },
  },
  'POST /v1/private/business-units/:businessUnitId/invitation-links': {
    call: (w) =>
      asHosted(w, 'POST', `/v1/private/business-units/${w.b.id}/invitation-links`, {
        referenceId: 'PLANTED-2',
        email: 'planted@example.com',
        name: 'Planted',
      }),
    status: 404,
  },
  'POST /v1/private/product-reviews/business-units/:businessUnitId/invitation-links': {
    call: (w) =>
      asHosted(w, 'POST', `/v1/private/product-reviews/business-units/${w.b.id}/invitation-links`, {
        consumer: { email: 'planted@example.com', name: 'Planted' },
        referenceId: 'PLANTED-3',
        productSkus: ['SKU-1'],
      }),
    status: 404,
  },
  'GET /v1/private/business-units/:businessUnitId/templates': {
    call: (w) => asHosted(w, 'GET', `/v1/private/business-units/${w.b.id}/templates`),
    status: 404,
  },
  'POST /v1/private/business-units/:businessUnitId/invitation-data/delete': {
    call: (w) =>
      asHosted(w, 'POST', `/v1/private/business-units/${w.b.id}/invitation-data/delete`, {
        customerEmails: [w.bInvitation.email],
      }),
    status: 404,
    after: expectBInvitationUntouched,
  },
  'POST /v1/oauth/oauth-business-users-for-applications/accesstoken': {
    // A's client id with B's refresh token: a refresh token is bound to the client it was issued to.
    call: (w) => refreshAsA(w, '/v1/oauth/oauth-business-users-for-applications/accesstoken'),
    status: 400,
    why: 'OAuth answers an unusable grant with 400 invalid_grant (RFC 6749 §5.2), not 404',
  },
  'POST /v1/oauth/oauth-business-users-for-applications/refresh': {
    call: (w) => refreshAsA(w, '/v1/oauth/oauth-business-users-for-applications/refresh'),
    status: 400,
    why: 'as the token endpoint',
  },

  // Shop plugins post to a URL whose token is the credential: A's key on a token that is not A's is 404.
  'POST /api/:token/invitation': {
    call: (w) =>
      asHosted(w, 'POST', `/api/${randomUUID().replaceAll('-', '')}/invitation`, {
        email: 'planted@example.com',
      }),
    status: 404,
  },
  'POST /api/:token/batchinvitations': {
    call: (w) =>
      asHosted(w, 'POST', `/api/${randomUUID().replaceAll('-', '')}/batchinvitations`, {
        invitations: [{ email: 'planted@example.com' }],
      }),
    status: 404,
  },
};

function asA(w: World, method: 'GET' | 'POST', url: string, body?: unknown) {
  w.sent = url + JSON.stringify(body ?? null);
  return w.app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${w.a.apiKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

function asHosted(w: World, method: 'GET' | 'POST', url: string, body?: unknown) {
  w.sent = url + JSON.stringify(body ?? null);
  return w.app.inject({
    method,
    url,
    headers: { apikey: w.a.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

function refreshAsA(w: World, url: string) {
  w.sent = url + w.bRefreshToken;
  return w.app.inject({
    method: 'POST',
    url,
    headers: {
      authorization: `Basic ${Buffer.from(`${w.a.apiKey}:${w.a.apiSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: `grant_type=refresh_token&refresh_token=${encodeURIComponent(w.bRefreshToken)}`,
  });
}

async function expectBInvitationUntouched(w: World): Promise<void> {
  const shown = await w.runtime.invitationQueries.get(w.b.id, w.bInvitation.id);
  expect(shown).toMatchObject({ status: 'scheduled', email: w.bInvitation.email });
}

/** Every route under /api and /v1 the app declares, as `METHOD /path`. */
async function declaredRoutes(runtime: Runtime): Promise<string[]> {
  const routes = new Set<string>();
  const app = await buildApp(runtime, {
    onRoute: (route) => {
      if (!/^\/(api|v1)(\/|$)/.test(route.url)) return;
      for (const method of [route.method].flat()) {
        // Fastify adds a HEAD beside every GET; it answers as the GET does.
        if (method !== 'HEAD') routes.add(`${method} ${route.url}`);
      }
    },
  });
  await app.close();
  return [...routes].sort();
}

describe.each(ENGINES)(
  'tenant isolation: business A on business B, every /api and /v1 route, on %s',
  (engine) => {
    const world = {} as World;
    let close: () => Promise<void>;
    let database: TestDatabase;

    beforeAll(async () => {
      const opened = await openTestRuntime(engine);
      close = () => opened.close();
      database = opened.database;
      world.runtime = opened.runtime;
      world.app = await buildApp(opened.runtime);
      await world.app.ready();
      const tag = randomUUID().slice(0, 8);
      world.a = await opened.runtime.businesses.create({
        name: 'Alpha Shop',
        domain: `alpha-${tag}.example`,
      });
      world.b = await opened.runtime.businesses.create({
        name: 'Bravo Shop',
        domain: `bravo-${tag}.example`,
      });

      const invited = await opened.runtime.invitations.accept(world.b.id, {
        channel: 'api',
        kind: 'service',
        email: `bravo-customer-${tag}@example.com`,
        name: 'Bravo Customer',
        reference: `BRAVO-${tag}`,
      });
      world.bInvitation = {
        id: invited.invitation.id,
        email: invited.invitation.email,
        reference: invited.invitation.reference,
      };

      const link = new URL(
        independentUniqueLink('http://localhost', world.b.domain, world.b.uniqueLinkSecret, {
          email: `bravo-reviewer-${tag}@example.com`,
          name: 'Bravo Reviewer',
          reference: `BRAVO-R-${tag}`,
        }),
      );
      const resolved = await opened.runtime.reviews.resolveUniqueLink(world.b.domain, link.searchParams);
      if (!resolved.ok) throw new Error(resolved.code);
      const submitted = await opened.runtime.reviews.submit(
        resolved.context,
        { rating: '5', title: 'Bravo review', text: 'Only Bravo may read this.' },
        'en-US',
      );
      if (!submitted.ok) throw new Error('review refused');
      world.bReviewId = submitted.review.id;

      const file = path.join(database.dataDir, 'bravo.csv');
      fs.writeFileSync(file, `email,name,reference\nbad-address,Bravo Row,BRAVO-IMPORT-${tag}\n`);
      const started = await opened.runtime.imports.start(world.b.id, file, { type: 'service' });
      await started.done;
      world.bImportId = started.importId;

      const token = await world.app.inject({
        method: 'POST',
        url: '/v1/oauth/oauth-business-users-for-applications/accesstoken',
        headers: {
          authorization: `Basic ${Buffer.from(`${world.b.apiKey}:${world.b.apiSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: 'grant_type=client_credentials',
      });
      expect(token.statusCode, token.body).toBe(200);
      world.bRefreshToken = token.json<{ refresh_token: string }>().refresh_token;
    });
    afterAll(async () => {
      await world.app.close();
      await close();
    });

    it('covers every /api and /v1 route the app declares, and no route it does not', async () => {
      const declared = await declaredRoutes(world.runtime);
      const missing = declared.filter((route) => !(route in ROUTES));
      expect(missing, 'routes the isolation walk does not cover: add each to ROUTES').toEqual([]);
      expect(Object.keys(ROUTES).filter((route) => !declared.includes(route))).toEqual([]);
    });

    const walked = Object.entries(ROUTES).filter(
      (entry): entry is [string, Exclude<(typeof ROUTES)[string], { public: string }>] =>
        !('public' in entry[1]),
    );
    it.each(walked)('%s answers A without any of B', async (_route, row) => {
      world.sent = '';
      const response = await row.call(world);
      expect(response.statusCode, response.body).toBe(row.status);
      const secrets = [
        world.b.id,
        world.b.domain,
        world.b.name,
        world.b.afsAddress,
        world.bInvitation.id,
        world.bInvitation.email,
        world.bInvitation.reference,
        world.bReviewId,
        world.bImportId,
        world.bRefreshToken,
        'Bravo',
      ];
      for (const secret of secrets.filter((value) => !world.sent.includes(value))) {
        expect(response.body).not.toContain(secret);
      }
      // A refusal is a machine answer: problem+json, or OAuth's own JSON errors (RFC 6749 §5.2).
      if (row.status >= 400) {
        expect(response.headers['content-type']).toMatch(/^application\/(problem\+)?json/);
      }
      await row.after?.(world);
    });
  },
);
