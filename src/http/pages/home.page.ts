import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { html } from '../../views/html.js';
import { page } from '../../views/layout.js';

export function registerHomePage(app: FastifyInstance, runtime: Runtime): void {
  app.get('/', async (_request, reply) => {
    const businesses = await runtime.businesses.list();
    const body =
      businesses.length === 0
        ? html`<div class="card">
            <h1>Vouch is running</h1>
            <p>No business is set up yet. Create the first one from a terminal in the Vouch folder:</p>
            <pre>npx vouch business create --name "Your Shop" --domain yourshop.example</pre>
            <p class="muted">
              It prints the business's link secrets, its private BCC address and an API key (shown once). Then
              see <code>npx vouch --help</code> for everything else.
            </p>
          </div>`
        : html`<div class="card">
            <h1>Vouch</h1>
            <p>
              ${businesses.length === 1 ? '1 business is' : `${businesses.length} businesses are`} set up.
            </p>
          </div>`;
    return reply.type('text/html; charset=utf-8').send(
      page({
        title: 'Vouch',
        body: html`${body}
          <p class="muted"><a href="/tools/link-tester">Link tester</a></p>`,
      }).toString(),
    );
  });
}
