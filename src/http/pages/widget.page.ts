import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { widgetPage } from '../../views/review-views.js';
import { reviewPageKit, sendPage, type DomainParams } from './review-page-kit.js';

/** The TrustScore widget a business puts on its own pages. */
export function registerWidgetPage(app: FastifyInstance, runtime: Runtime): void {
  const kit = reviewPageKit(app, runtime);

  app.get<{ Params: DomainParams }>('/widget/:domain', async (request, reply) => {
    const business = await runtime.reviews.findBusiness(request.params.domain);
    if (!business) return kit.notFound(request, reply, business);
    const summary = await runtime.reviews.summary(business);
    // Made to be framed by any site the business puts it on; it shows only what the public page shows
    // and takes no input, so a framing page has nothing to trick anyone into.
    return sendPage(
      reply,
      200,
      widgetPage(kit.localeFor(request, business), summary, `${kit.publicBase}/review/${business.domain}`),
      ['*'],
    );
  });
}
