import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeclaredRoute } from '../../src/http/dashboard/router.js';
import type { Runtime } from '../../src/runtime.js';
import { DashboardClient, dashboardUser, TEST_PASSWORD } from '../support/dashboard.js';
import {
  buildDashboardApp,
  fill,
  hasForeignParam,
  paramKey,
  paramsOf,
  PARAMS,
  seedBusiness,
  type Seeded,
} from '../support/dashboard-walk.js';
import { ENGINES, openTestRuntime, type TestDatabase } from '../support/engines.js';

interface World {
  app: FastifyInstance;
  runtime: Runtime;
  a: Seeded;
  b: Seeded;
  owner: DashboardClient;
  member: DashboardClient;
  anonymous: DashboardClient;
}

/** A form every POST of the walk sends: enough that a handler reaches its lookup rather than a 400. */
const FORM = {
  reason: 'Walked by the authorization test',
  text: 'Walked by the authorization test',
  reply: 'Walked by the authorization test',
  password: TEST_PASSWORD,
  role: 'member',
  status: 'hidden',
  // A template's fields, valid, so the template routes get as far as looking up the id.
  name: 'Walked template',
  kind: 'invitation',
  subject: 'How was your order?',
  body: 'Hello [Name], tell us: [Link]',
  to: 'walk@example.com',
  intent: 'save',
};

const PREVIEW = { ...FORM, intent: 'preview' };

function call(client: DashboardClient, route: DeclaredRoute, url: string, csrf = true, form = FORM) {
  return route.method === 'GET' ? client.get(url) : client.post(url, form, { csrf });
}

/** Everything of B's that must never appear in an answer to A (but what A itself put in the URL). */
function secretsOf(b: Seeded, sent: string): string[] {
  return [
    b.business.id,
    b.business.domain,
    b.business.name,
    b.business.afsAddress,
    b.invitation.id,
    b.invitation.email,
    b.invitation.reference,
    b.reviewId,
    b.reviewTitle,
    b.importId,
    b.integrationId,
    b.webhookId,
    b.webhookUrl,
    b.apiKeyId,
    b.apiKeyPrefix,
    b.templateId,
    b.templateName,
    b.memberId,
    b.memberEmail,
    'Bravo',
  ].filter((secret) => !sent.includes(secret));
}

function expectNothingOf(b: Seeded, response: LightMyRequestResponse, sent: string): void {
  for (const secret of secretsOf(b, sent)) {
    expect(response.body, `the answer shows B's ${secret}`).not.toContain(secret);
  }
}

/** B's things as the walk found them: every one still there and unchanged after A's requests. */
async function expectBUntouched(w: World): Promise<void> {
  const { runtime, b } = w;
  expect(await runtime.invitationQueries.get(b.business.id, b.invitation.id)).toMatchObject({
    status: 'scheduled',
    email: b.invitation.email,
  });
  expect(await runtime.reviews.findReview(b.business.id, b.reviewId)).toMatchObject({
    id: b.reviewId,
    title: b.reviewTitle,
  });
  expect((await runtime.integrations.list(b.business.id)).map((i) => i.id)).toContain(b.integrationId);
  expect((await runtime.webhooks.list(b.business.id)).map((h) => h.id)).toContain(b.webhookId);
  const key = (await runtime.businesses.listApiKeys(b.business.id)).find((k) => k.id === b.apiKeyId);
  expect(key?.revokedAt ?? null).toBeNull();
  expect((await runtime.templates.list(b.business.id)).map((t) => t.id)).toContain(b.templateId);
  const members = await runtime.accounts.members(b.business.id);
  expect(JSON.stringify(members)).toContain(b.memberEmail);
  const bravo = await runtime.businesses.get(b.business.id);
  expect(bravo.name).toBe(b.business.name);
}

describe.each(ENGINES)('dashboard authorization: every /app route, on %s', (engine) => {
  const w = {} as World;
  let close: () => Promise<void>;
  let database: TestDatabase;
  /** Every route under /app the app serves, as `METHOD url`. */
  let served = new Set<string>();
  let declared: DeclaredRoute[] = [];

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    close = () => opened.close();
    database = opened.database;
    w.runtime = opened.runtime;
    const built = await buildDashboardApp(opened.runtime);
    w.app = built.app;
    served = built.served;
    declared = built.declared;
    await w.app.ready();

    const tag = randomUUID().slice(0, 8);
    w.a = await seedBusiness(opened.runtime, database.dataDir, 'Alpha Shop', tag);
    w.b = await seedBusiness(opened.runtime, database.dataDir, 'Bravo Shop', tag);
    w.owner = await dashboardUser(w.app, opened.runtime, {
      email: `owner-${tag}@alpha.example`,
      business: w.a.business.id,
      role: 'owner',
    });
    w.member = await dashboardUser(w.app, opened.runtime, {
      email: `member-${tag}@alpha.example`,
      business: w.a.business.id,
      role: 'member',
    });
    w.anonymous = new DashboardClient(w.app);
    // The visitor holds a CSRF token of its own (from the login page), so its POSTs pass that check and
    // meet the session check.
    await w.anonymous.get('/login');
    // Each client reads a page first, so it holds a CSRF cookie and token of its own session.
    await w.owner.get('/app/account');
    await w.member.get('/app/account');
  });
  afterAll(async () => {
    await w.app.close();
    await close();
  });

  const businessRoutes = () => declared.filter((route) => route.need !== 'user');
  const label = (route: DeclaredRoute) => `${route.method} ${route.url} (${route.need})`;

  it('covers every /app route the app serves: each declared through the router, each parameter known', () => {
    const viaRouter = new Set(declared.map((route) => `${route.method} ${route.url}`));
    const undeclared = [...served].filter((route) => !viaRouter.has(route));
    expect(undeclared, 'routes under /app not declared through DashboardRouter (so with no role)').toEqual(
      [],
    );
    expect([...viaRouter].sort()).toEqual([...served].sort());
    const unknown = declared.flatMap((route) =>
      paramsOf(route.url)
        .map((param) => paramKey(route.url, param))
        .filter((key) => !(key in PARAMS))
        .map((key) => `${route.method} ${route.url}: ${key}`),
    );
    expect(unknown, 'route parameters the walk cannot fill: add a row to PARAMS').toEqual([]);
    // The walk below is not empty: the account pages at least are there.
    expect(declared.some((route) => route.method === 'GET' && route.url === '/app/')).toBe(true);
  });

  it('declares owner on everything that changes keys, integrations, settings, templates or the team', () => {
    // What an owner alone may do (the router's doc): a member reads these pages but changes none of it.
    const ownersOnly = (route: DeclaredRoute) =>
      /^\/app\/:business\/team(\/|$)/.test(route.url) ||
      (route.method === 'POST' &&
        /^\/app\/:business\/(settings|templates|methods\/(?!links\/))/.test(route.url));
    const lax = businessRoutes().filter((route) => ownersOnly(route) && route.need !== 'owner');
    expect(lax.map(label)).toEqual([]);
    expect(businessRoutes().filter(ownersOnly).length).toBeGreaterThan(0);
  });

  it('sends a logged-out visitor to the login page from every GET, and refuses every POST', async () => {
    const failures: string[] = [];
    for (const route of declared) {
      const url = route.need === 'user' ? route.url : fill(route, w.a.business.domain, w.a);
      const response = await call(w.anonymous, route, url);
      if (route.method === 'GET') {
        const location = String(response.headers.location ?? '');
        if (response.statusCode !== 303 || !location.startsWith('/login?next=')) {
          failures.push(`${label(route)}: ${response.statusCode} → ${location}`);
        } else if (decodeURIComponent(location.slice('/login?next='.length)) !== url) {
          failures.push(`${label(route)}: back to ${location}, not ${url}`);
        }
      } else if (response.statusCode !== 303 || !String(response.headers.location).startsWith('/login')) {
        failures.push(`${label(route)}: ${response.statusCode} → ${String(response.headers.location)}`);
      }
      expectNothingOf(w.a, response, url);
    }
    const login = await w.anonymous.get('/login');
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('name="password"');
    expect(failures).toEqual([]);
  });

  it("answers a user of A 404 on B's pages, and on A's pages with B's ids, and shows nothing of B", async () => {
    const failures: string[] = [];
    for (const route of businessRoutes()) {
      const onB = fill(route, w.b.business.domain, w.b);
      const response = await call(w.owner, route, onB);
      if (response.statusCode !== 404) failures.push(`${label(route)} on B: ${response.statusCode}`);
      expectNothingOf(w.b, response, onB);
      if (hasForeignParam(route)) {
        const bIdsOnA = fill(route, w.a.business.domain, w.b);
        // A form is sent twice: as a save, and as a preview (a form without `intent: 'save'`).
        for (const form of route.method === 'GET' ? [FORM] : [FORM, PREVIEW]) {
          const crossed = await call(w.owner, route, bIdsOnA, true, form);
          if (crossed.statusCode !== 404) {
            failures.push(`${label(route)} with B's ids (intent ${form.intent}): ${crossed.statusCode}`);
          }
          expectNothingOf(w.b, crossed, bIdsOnA);
        }
      }
    }
    // A member sees B no more than an owner does.
    for (const route of businessRoutes().filter((r) => r.method === 'GET')) {
      const onB = fill(route, w.b.business.domain, w.b);
      const response = await w.member.get(onB);
      if (response.statusCode !== 404)
        failures.push(`${label(route)} on B as member: ${response.statusCode}`);
      expectNothingOf(w.b, response, onB);
    }
    expect(failures).toEqual([]);
    await expectBUntouched(w);
  });

  it('refuses every POST without a CSRF token with 403', async () => {
    const failures: string[] = [];
    for (const route of declared.filter((r) => r.method === 'POST')) {
      const url = route.need === 'user' ? route.url : fill(route, w.a.business.domain, w.a);
      const response = await w.owner.post(url, FORM, { csrf: false });
      if (response.statusCode !== 403) failures.push(`${label(route)}: ${response.statusCode}`);
      // A token of another session is no token either.
      const own = w.owner.csrfToken;
      w.owner.csrfToken = w.member.csrfToken;
      const forged = await w.owner.post(url, FORM);
      w.owner.csrfToken = own;
      if (forged.statusCode !== 403)
        failures.push(`${label(route)} with another's token: ${forged.statusCode}`);
    }
    expect(failures).toEqual([]);
    // The owner's session is intact: the refusals logged no one out.
    expect((await w.owner.get('/app/account')).statusCode).toBe(200);
  });

  it("gives a member 403 on every owner route, and every page of A's to those it is declared for", async () => {
    const failures: string[] = [];
    for (const route of businessRoutes().filter((r) => r.need === 'owner')) {
      const url = fill(route, w.a.business.domain, w.a);
      const response = await call(w.member, route, url);
      if (response.statusCode !== 403) failures.push(`${label(route)} as member: ${response.statusCode}`);
    }
    // The walk's 404s and 403s are not the pages being broken: with A's own ids, each GET answers.
    for (const route of businessRoutes().filter((r) => r.method === 'GET')) {
      const url = fill(route, w.a.business.domain, w.a);
      const asOwner = await w.owner.get(url);
      if (asOwner.statusCode !== 200) failures.push(`${label(route)} as owner: ${asOwner.statusCode}`);
      if (route.need === 'member') {
        const asMember = await w.member.get(url);
        if (asMember.statusCode !== 200) failures.push(`${label(route)} as member: ${asMember.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
