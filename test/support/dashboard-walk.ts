import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { vi } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { DashboardRouter, type DeclaredRoute } from '../../src/http/dashboard/router.js';
import type { Runtime } from '../../src/runtime.js';
import type { BusinessView, CreatedBusiness } from '../../src/services/business.service.js';
import { TEST_PASSWORD } from './dashboard.js';
import { independentUniqueLink } from './independent-links.js';

/** One business's things, each made through its service: what a route's `:id` can name. */
/** A business as the seeding needs it: a view of it and its Unique Link secret. */
export type SeedTarget = BusinessView & Pick<CreatedBusiness, 'uniqueLinkSecret'>;

export interface Seeded {
  business: SeedTarget;
  invitation: { id: string; email: string; reference: string };
  reviewId: string;
  reviewTitle: string;
  importId: string;
  integrationId: string;
  webhookId: string;
  webhookUrl: string;
  apiKeyId: string;
  apiKeyPrefix: string;
  templateId: string;
  templateName: string;
  /** A member of the business (not the test's users): the team page's `:id`. */
  memberId: string;
  memberEmail: string;
}

/**
 * How to fill a route's path parameter, keyed by `{the segment before it}/:{name}` (`invitations/:id`).
 * `foreign: true` names one business's own thing, so a walk can put B's there; `foreign: false` is a value
 * from a fixed vocabulary (a template kind), the same in every business. A route whose parameter is not
 * here fails the walk: whoever adds one says here how to get another business's id for it.
 */
export const PARAMS: Record<string, { foreign: boolean; value: (s: Seeded) => string }> = {
  'invitations/:id': { foreign: true, value: (s) => s.invitation.id },
  'reviews/:id': { foreign: true, value: (s) => s.reviewId },
  'imports/:id': { foreign: true, value: (s) => s.importId },
  'import/:id': { foreign: true, value: (s) => s.importId },
  'integrations/:id': { foreign: true, value: (s) => s.integrationId },
  'webhooks/:id': { foreign: true, value: (s) => s.webhookId },
  'api-keys/:id': { foreign: true, value: (s) => s.apiKeyId },
  'keys/:id': { foreign: true, value: (s) => s.apiKeyId },
  'templates/:id': { foreign: true, value: (s) => s.templateId },
  'team/:id': { foreign: true, value: (s) => s.memberId },
  'members/:id': { foreign: true, value: (s) => s.memberId },
  'team/:userId': { foreign: true, value: (s) => s.memberId },
};

export function paramKey(url: string, param: string): string {
  const segments = url.split('/');
  const at = segments.indexOf(`:${param}`);
  return `${segments[at - 1] ?? ''}/:${param}`;
}

export function paramsOf(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1] ?? '').filter((p) => p !== 'business');
}

/** The route's URL with `domain` for `:business` and each other parameter taken from `ids`' business. */
export function fill(route: DeclaredRoute, domain: string, ids: Seeded): string {
  return route.url.replace(/:([A-Za-z_]+)/g, (_all, param: string) => {
    if (param === 'business') return domain;
    const row = PARAMS[paramKey(route.url, param)];
    if (!row) throw new Error(`no PARAMS row for ${paramKey(route.url, param)} in ${route.url}`);
    return encodeURIComponent(row.value(ids));
  });
}

export function hasForeignParam(route: DeclaredRoute): boolean {
  return paramsOf(route.url).some((param) => PARAMS[paramKey(route.url, param)]?.foreign === true);
}

/**
 * The app, with every route it serves under /app (as `METHOD url`, Fastify's HEAD twins left out) and
 * every route the dashboard's router declared, with the role each needs.
 */
export async function buildDashboardApp(
  runtime: Runtime,
): Promise<{ app: FastifyInstance; served: Set<string>; declared: DeclaredRoute[] }> {
  const served = new Set<string>();
  // The router keeps every route with the role it declared; the spy hands over that router.
  const spy = vi.spyOn(DashboardRouter.prototype, 'account');
  try {
    const app = await buildApp(runtime, {
      onRoute: (route) => {
        if (!/^\/app(\/|$)/.test(route.url)) return;
        for (const method of [route.method].flat())
          if (method !== 'HEAD') served.add(`${method} ${route.url}`);
      },
    });
    const router = spy.mock.contexts[0] as DashboardRouter | undefined;
    if (!router) throw new Error('the dashboard declared no account route: cannot find its router');
    return { app, served, declared: [...router.routes] };
  } finally {
    spy.mockRestore();
  }
}

/** A business with one of each thing a dashboard route can name. */
export async function seedBusiness(
  runtime: Runtime,
  dataDir: string,
  name: string,
  tag: string,
): Promise<Seeded> {
  const slug = name.toLowerCase().split(' ')[0] ?? 'shop';
  const business = await runtime.businesses.create({ name, domain: `${slug}-${tag}.example` });
  return seedThings(runtime, dataDir, business, tag);
}

/** One of each thing a dashboard route can name, made through the services in `business`. */
export async function seedThings(
  runtime: Runtime,
  dataDir: string,
  business: SeedTarget,
  tag: string,
): Promise<Seeded> {
  const name = business.name;
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z]+/g, '-')
      .split('-')[0] || 'shop';
  const invited = await runtime.invitations.accept(business.id, {
    channel: 'api',
    kind: 'service',
    email: `${slug}-customer-${tag}@example.com`,
    name: `${name} Customer`,
    reference: `${slug.toUpperCase()}-${tag}`,
  });

  const link = new URL(
    independentUniqueLink('http://localhost', business.domain, business.uniqueLinkSecret, {
      email: `${slug}-reviewer-${tag}@example.com`,
      name: `${name} Reviewer`,
      reference: `${slug.toUpperCase()}-R-${tag}`,
    }),
  );
  const resolved = await runtime.reviews.resolveUniqueLink(business.domain, link.searchParams);
  if (!resolved.ok) throw new Error(resolved.code);
  const reviewTitle = `${name} review ${tag}`;
  const submitted = await runtime.reviews.submit(
    resolved.context,
    { rating: '4', title: reviewTitle, text: `Only ${name} may read this in its dashboard.` },
    'en-US',
  );
  if (!submitted.ok) throw new Error('review refused');

  const file = path.join(dataDir, `${slug}.csv`);
  fs.writeFileSync(file, `email,name,reference\nbad-address,${name} Row,${slug}-IMPORT-${tag}\n`);
  const started = await runtime.imports.start(business.id, file, { type: 'service' });
  await started.done;

  const integration = await runtime.integrations.create(business.id, { provider: 'shopify' });
  const webhookUrl = `https://hooks.${slug}-${tag}.example/vouch`;
  const webhook = await runtime.webhooks.add(business.id, { url: webhookUrl, events: 'review.created' });
  const apiKey = await runtime.businesses.createApiKey(business.id, `${name} key`);
  const templateName = `${name} template ${tag}`;
  const template = await runtime.templates.save(business.id, {
    name: templateName,
    kind: 'invitation',
    subject: `How was ${name}?`,
    body: 'Hello [Name], tell us: [Link]',
  });
  const memberEmail = `${slug}-colleague-${tag}@example.com`;
  const member = await runtime.accounts.createUser({
    email: memberEmail,
    password: TEST_PASSWORD,
    business: business.id,
    role: 'member',
  });
  return {
    business,
    invitation: {
      id: invited.invitation.id,
      email: invited.invitation.email,
      reference: invited.invitation.reference,
    },
    reviewId: submitted.review.id,
    reviewTitle,
    importId: started.importId,
    integrationId: integration.id,
    webhookId: webhook.id,
    webhookUrl,
    apiKeyId: apiKey.id,
    apiKeyPrefix: apiKey.prefix,
    templateId: template.id,
    templateName,
    memberId: member.user.id,
    memberEmail,
  };
}
