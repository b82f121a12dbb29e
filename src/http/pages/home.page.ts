import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { html } from '../../views/html.js';
import { page } from '../../views/layout.js';
import { fromLoopback, setupForm } from '../dashboard/auth.pages.js';
import { dashboardLocale } from '../dashboard/router.js';

/**
 * The home page. On a fresh installation (no user yet) it offers to create the first operator, but only
 * to a browser on this machine; anyone else is told the command that prints a one-time setup link.
 */
export function registerHomePage(app: FastifyInstance, runtime: Runtime): void {
  app.get('/', async (request, reply) => {
    const hasUsers = await runtime.accounts.hasUsers();
    const body = hasUsers
      ? html`<div class="card">
          <h1>Vouch</h1>
          <p>Collect verified reviews from your customers, on your own machine.</p>
          <p><a class="button" href="/login">Log in to the dashboard</a></p>
        </div>`
      : fromLoopback(request)
        ? setupForm(dashboardLocale(request), reply.generateCsrf())
        : html`<div class="card">
            <h1>Vouch is running</h1>
            <p>No one can log in yet. On the machine Vouch runs on, open this page from a browser there, or run:</p>
            <pre>npx vouch user create --operator --email you@example.com</pre>
            <p class="muted">It prints a one-time link where you choose your password.</p>
          </div>`;
    reply.header('cache-control', 'no-store');
    return reply.type('text/html; charset=utf-8').send(
      page({
        title: 'Vouch',
        stylesheets: ['dashboard.css'],
        body: html`${body}
          <p class="muted"><a href="/tools/link-tester">Link tester</a></p>`,
      }).toString(),
    );
  });
}
