// The cookie and CSRF plugins' declarations: request.cookies, reply.generateCsrf, app.csrfProtection.
import type {} from '@fastify/cookie';
import type {} from '@fastify/csrf-protection';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  preHandlerHookHandler,
  RouteOptions,
} from 'fastify';
import { localeFromAcceptLanguage } from '../../i18n/index.js';
import type { Locale } from '../../domain/locales.js';
import { VouchError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import type { Role, SessionUser, UserView } from '../../services/account.service.js';
import type { BusinessView } from '../../services/business.service.js';
import { SafeHtml } from '../../views/html.js';

export const SESSION_COOKIE = 'vouch_session';

/**
 * What a dashboard route needs: `member` (anyone of the business), `owner` (keys, settings, team), or
 * `user` for the routes outside any business (the business list, the account page).
 */
export type Need = 'member' | 'owner';

/** Everything a business's dashboard page knows about the request, checked before its handler runs. */
export interface DashboardContext {
  session: SessionUser;
  user: UserView;
  business: BusinessView;
  /** The user's role here; operators are owners of every business. */
  role: Role;
  locale: Locale;
  /** The token every form of the page carries (`csrfField`), checked on every POST. */
  csrfToken: string;
  /** A path in this business's dashboard: `href('invitations')` is `/app/shop.example/invitations`. */
  href(path?: string): string;
}

/** A route outside any business (the list of businesses, the account page): a logged-in user only. */
export interface AccountContext {
  session: SessionUser;
  user: UserView;
  locale: Locale;
  csrfToken: string;
}

type Answer = SafeHtml | FastifyReply | undefined | Promise<SafeHtml | FastifyReply | undefined>;
type BusinessHandler = (request: FastifyRequest, reply: FastifyReply, context: DashboardContext) => Answer;
type AccountHandler = (request: FastifyRequest, reply: FastifyReply, context: AccountContext) => Answer;

/** Extra Fastify route options a page may need (a multipart upload's body limit). */
export type RouteExtras = Pick<RouteOptions, 'bodyLimit'>;

/** A dashboard route as declared: the role it needs is part of its declaration, so none can forget it. */
export interface DeclaredRoute {
  method: 'GET' | 'POST';
  url: string;
  need: Need | 'user';
}

/**
 * Declares the dashboard's routes. Every one states the role it needs; the router checks, in one place and
 * before any handler: a session (else the login page), the business in the path and the user's role in it
 * (else 404, whether the business exists or not), owner-only routes (else 403), and on every POST the
 * CSRF token (else 403). Handlers answer HTML (SafeHtml) or a reply they finished themselves.
 */
export class DashboardRouter {
  readonly routes: DeclaredRoute[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly runtime: Runtime,
  ) {}

  /** `GET /app/:business/{path}` (path '' is the overview). */
  get(path: string, need: Need, handler: BusinessHandler, extras: RouteExtras = {}): void {
    this.business('GET', path, need, handler, extras);
  }

  post(path: string, need: Need, handler: BusinessHandler, extras: RouteExtras = {}): void {
    this.business('POST', path, need, handler, extras);
  }

  /** A route under `/app/` that belongs to no business. */
  account(method: 'GET' | 'POST', path: string, handler: AccountHandler): void {
    const url = `/app${path}`;
    this.routes.push({ method, url, need: 'user' });
    this.app.route({
      method,
      url,
      ...(method === 'POST' ? { preHandler: csrfCheck(this.app) } : {}),
      handler: async (request, reply) => {
        const session = await this.sessionOf(request);
        if (!session) return redirectToLogin(request, reply);
        const context: AccountContext = {
          session,
          user: session.user,
          locale: dashboardLocale(request, session.user),
          csrfToken: reply.generateCsrf(),
        };
        return finish(reply, await handler(request, reply, context));
      },
    });
  }

  private business(
    method: 'GET' | 'POST',
    path: string,
    need: Need,
    handler: BusinessHandler,
    extras: RouteExtras,
  ): void {
    const url = `/app/:business${path === '' ? '' : `/${path}`}`;
    this.routes.push({ method, url, need });
    this.app.route({
      method,
      url,
      ...extras,
      ...(method === 'POST' ? { preHandler: csrfCheck(this.app) } : {}),
      handler: async (request, reply) => {
        const session = await this.sessionOf(request);
        if (!session) return redirectToLogin(request, reply);
        const { business: domain } = request.params as { business: string };
        const business = await this.runtime.businesses.get(domain).catch(() => undefined);
        const role = business && (await this.runtime.accounts.roleIn(session.user, business.id));
        // Another business's pages are "not found", never "forbidden": whether it exists is not told.
        if (!business || !role) throw new VouchError('not_found', 'There is no such page in your dashboard.');
        if (need === 'owner' && role !== 'owner') {
          throw new VouchError('forbidden', 'Only an owner of this business can do this; ask one of them.');
        }
        const base = `/app/${business.domain}`;
        const context: DashboardContext = {
          session,
          user: session.user,
          business,
          role,
          locale: dashboardLocale(request, session.user),
          csrfToken: reply.generateCsrf(),
          href: (sub = '') => (sub === '' ? base : `${base}/${sub}`),
        };
        reply.header('cache-control', 'no-store');
        return finish(reply, await handler(request, reply, context));
      },
    });
  }

  async sessionOf(request: FastifyRequest): Promise<SessionUser | undefined> {
    const token = request.cookies[SESSION_COOKIE];
    return token ? this.runtime.accounts.session(token) : undefined;
  }
}

function finish(reply: FastifyReply, answer: SafeHtml | FastifyReply | undefined): FastifyReply {
  if (answer instanceof SafeHtml) return reply.type('text/html; charset=utf-8').send(answer.toString());
  return answer ?? reply;
}

/** A logged-out visitor is sent to the login page, and back to where they were going after it. */
export function redirectToLogin(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const next = request.method === 'GET' ? request.url : '/app/';
  return reply.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
}

/** The user's chosen language, else the browser's, else English. */
export function dashboardLocale(request: FastifyRequest, user?: UserView): Locale {
  return user?.locale ?? localeFromAcceptLanguage(request.headers['accept-language']) ?? 'en-US';
}

/** The CSRF plugin's check as a preHandler of a POST route. */
export function csrfCheck(app: FastifyInstance): preHandlerHookHandler {
  return (request, reply, done) => app.csrfProtection(request, reply, done);
}

/**
 * A posted form's single-valued fields. A field sent twice (`email=a&email=b`) or not as text reads as
 * absent, so a handler never meets an array where it expects a string.
 */
export function formFields(request: FastifyRequest): Record<string, string | undefined> {
  const body: unknown = request.body;
  if (typeof body !== 'object' || body === null) return {};
  const fields: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value;
  return fields;
}
