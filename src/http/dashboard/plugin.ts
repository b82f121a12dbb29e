import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { registerAuthPages } from './auth.pages.js';
import { registerAccountPages } from './pages/account.page.js';
import { registerImportPages } from './pages/import.page.js';
import { registerInvitationPages } from './pages/invitations.page.js';
import { registerMethodPages } from './pages/methods.page.js';
import { registerOverviewPage } from './pages/overview.page.js';
import { registerReviewPages } from './pages/reviews.page.js';
import { registerSettingsPages } from './pages/settings.page.js';
import { registerTeamPages } from './pages/team.page.js';
import { registerTemplatePages } from './pages/templates.page.js';
import { DashboardRouter } from './router.js';

/**
 * Cookies and CSRF protection (a secret in an HttpOnly cookie, a token in every form). Registered before
 * any route, so every page (the home page's first-run form too) can read cookies and make tokens.
 */
export async function registerCookiesAndCsrf(app: FastifyInstance, runtime: Runtime): Promise<void> {
  const secure = runtime.config.publicUrl.protocol === 'https:';
  await app.register(cookie);
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'vouch_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure },
    // A multipart upload's token rides in its query string: its body is read after the check.
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      const query = request.query as Record<string, unknown> | undefined;
      const token = body?._csrf ?? query?._csrf ?? request.headers['x-csrf-token'];
      return typeof token === 'string' ? token : '';
    },
  });
}

/**
 * The business dashboard: the login pages, and every page under /app/, each declared through one router
 * that checks the session, the business and the role. Answers the router, whose `routes` list every
 * declared route.
 */
export function registerDashboard(app: FastifyInstance, runtime: Runtime): DashboardRouter {
  registerAuthPages(app, runtime);
  registerUploads(app);
  const router = new DashboardRouter(app, runtime);
  registerAccountPages(router, runtime);
  registerOverviewPage(router, runtime);
  registerInvitationPages(router, runtime);
  registerImportPages(router, runtime);
  registerMethodPages(router, runtime);
  registerTemplatePages(router, runtime);
  registerSettingsPages(router, runtime);
  registerReviewPages(router, runtime);
  registerTeamPages(router, runtime);
  return router;
}

/**
 * Multipart forms (the import page's upload) for the dashboard's routes, which live at the root. The API's
 * imports register their own multipart in an encapsulated plugin, loaded before this: that copy keeps its
 * own limits, and registering it at the root before the API's would make the API's a duplicate.
 * Each route reading a file sets its own limits on `request.file()`.
 */
function registerUploads(app: FastifyInstance): void {
  void app.register(multipart, { limits: { files: 1, fields: 10 } });
}
