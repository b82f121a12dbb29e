import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import type { Runtime } from '../runtime.js';
import { registerAssets } from './assets.js';
import { frameworkErrors, registerErrorHandling } from './errors.js';
import { registerHomePage } from './pages/home.page.js';
import { registerInvitationLinkPages } from './pages/invitation-links.page.js';
import { registerLinkTesterPage } from './pages/link-tester.page.js';
import { registerEntrancePages } from './pages/entrances.page.js';
import { registerOrganicPages } from './pages/organic.page.js';
import { registerPublicReviewPages } from './pages/public-page.page.js';
import { registerWidgetPage } from './pages/widget.page.js';
import { registerPublicReviewRoutes } from './api/public-reviews.routes.js';
import { registerImportRoutes } from './api/imports.routes.js';
import { registerAfsRoutes } from './api/afs.routes.js';
import { registerOAuthRoutes } from './api/oauth.routes.js';
import { registerHostedInvitationRoutes } from './api/hosted-invitations.routes.js';
import { registerIntegrationRoutes } from './api/integrations.routes.js';
import { registerPluginRoutes } from './api/plugin.routes.js';
import { registerOpenApi } from './api/openapi.js';
import { registerIdempotency } from './api/idempotency.js';
import { registerInvitationRoutes } from './api/invitations.routes.js';
import { registerBusinessRoutes } from './api/business.routes.js';
import { registerCookiesAndCsrf, registerDashboard } from './dashboard/plugin.js';
import { registerSecurityHeaders } from './security.js';
import { registerFailureLimit } from './plugins/failure-limit.js';
import { loggablePath, registerLogRedaction } from './plugins/log-redaction.js';
import { registerMetrics } from './plugins/metrics.js';
import { registerStrictUtf8Bodies } from './plugins/strict-utf8.js';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** The largest file `POST /api/v1/imports` accepts, in bytes (512 MB unless set). */
  maxUploadBytes?: number;
  /** Called with every route as it is added (tests enumerate the app's routes with it). */
  onRoute?: (route: RouteOptions) => void;
}

/**
 * Pino settings for the server: query strings (link tokens, emails), tokens in the path and secret headers
 * never reach a log.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: LOG_REDACTIONS, censor: '[redacted]' },
    serializers: {
      req: (request: { method: string; url: string; ip?: string; routeOptions?: { url?: string } }) => ({
        method: request.method,
        path: loggablePath(request),
        ip: request.ip,
      }),
    },
  };
}

/** Secrets that must never reach a log line, wherever they appear in a request. */
export const LOG_REDACTIONS = [
  'req.headers.authorization',
  'req.headers.apikey',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  // Node's parse errors carry the raw bytes of the request, its request line and token included.
  'err.rawPacket',
];

/**
 * A client that stalls or trickles its request is cut off, so it cannot hold a connection (and its
 * memory) for ever. Node checks the request and header deadlines every `connectionsCheckingInterval`.
 */
function clientTimeouts(timeouts: Runtime['config']['timeouts']) {
  return {
    requestTimeout: timeouts.httpRequestMs,
    connectionTimeout: timeouts.httpIdleMs,
    keepAliveTimeout: timeouts.httpKeepAliveMs,
    http: {
      headersTimeout: Math.min(60_000, timeouts.httpRequestMs),
      connectionsCheckingInterval: Math.min(1_000, timeouts.httpRequestMs / 2),
    },
  };
}

export async function buildApp(runtime: Runtime, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Behind a reverse proxy (VOUCH_TRUST_PROXY), the client is the one X-Forwarded-For names.
    trustProxy: runtime.config.trustProxy.length > 0 ? runtime.config.trustProxy : false,
    bodyLimit: 1024 * 1024,
    frameworkErrors,
    ...clientTimeouts(runtime.config.timeouts),
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  registerLogRedaction(app);
  registerMetrics(app, runtime.metrics, runtime.config.metrics);
  // Before every route: the OpenAPI document sees only the routes added after it.
  await registerOpenApi(app);
  registerIdempotency(app, runtime);
  await app.register(formbody);
  registerStrictUtf8Bodies(app);
  registerErrorHandling(app, runtime.store.capabilities);
  registerFailureLimit(app, runtime);
  registerSecurityHeaders(app);
  registerAssets(app);
  await registerCookiesAndCsrf(app, runtime);

  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = await runtime.store.ping();
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'database unreachable' });
  });
  registerHomePage(app, runtime);
  registerLinkTesterPage(app, runtime);
  registerInvitationLinkPages(app, runtime);
  registerEntrancePages(app, runtime);
  registerPublicReviewPages(app, runtime);
  registerWidgetPage(app, runtime);
  registerOrganicPages(app, runtime);
  registerPublicReviewRoutes(app, runtime);
  await registerImportRoutes(app, runtime, { maxUploadBytes: options.maxUploadBytes });
  await registerAfsRoutes(app, runtime);
  await registerOAuthRoutes(app, runtime);
  registerHostedInvitationRoutes(app, runtime);
  registerInvitationRoutes(app, runtime);
  registerBusinessRoutes(app, runtime);
  await registerIntegrationRoutes(app, runtime);
  await registerPluginRoutes(app, runtime);
  // After the OAuth routes, which register the rate limiter the login pages also use.
  registerDashboard(app, runtime);
  return app;
}
