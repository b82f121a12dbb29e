import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { escapeHtml } from '../../shared/escape-html.js';
import { hiddenReviewPage, labelsPage, publicPage } from '../../views/review-views.js';
import { reviewPageKit, sendPage, type DomainParams, type Form } from './review-page-kit.js';

/** A business's public review page (TrustScore, distribution, newest reviews by cursor) and the labels guide. */
export function registerPublicReviewPages(app: FastifyInstance, runtime: Runtime): void {
  const kit = reviewPageKit(app, runtime);

  app.get<{ Params: DomainParams; Querystring: Form }>('/review/:domain', async (request, reply) => {
    const business = await runtime.reviews.findBusiness(request.params.domain);
    if (!business) return kit.notFound(request, reply, business);
    const cursor = request.query.cursor ? request.query.cursor.slice(0, 200) : undefined;
    const [summary, page] = await Promise.all([
      runtime.reviews.summary(business),
      runtime.reviews.listPublished(business, { cursor, limit: 20 }),
    ]);
    return reply.type('text/html; charset=utf-8').send(
      publicPage({
        locale: kit.localeFor(request, business),
        summary,
        reviews: page.reviews,
        next: page.next,
        isFirstPage: cursor === undefined,
        widgetSnippet: `<iframe src="${kit.publicBase}/widget/${business.domain}" title="${escapeHtml(business.name)} reviews" width="320" height="72" style="border:0"></iframe>`,
      }).toString(),
    );
  });

  // The link of the email that tells a reviewer their review was hidden: signed, so only they can read it.
  app.get<{ Params: DomainParams & { id: string }; Querystring: Form }>(
    '/review/:domain/hidden/:id',
    async (request, reply) => {
      const notice = await runtime.reviews.hiddenNotice(
        request.params.domain,
        request.params.id,
        request.query.s,
        runtime.formTokens,
      );
      if (!notice) return kit.notFound(request, reply, undefined);
      // The language the review was written in, unless the host names a country's.
      const locale = kit.localeFor(request, notice.business, notice.locale);
      return sendPage(reply, 200, hiddenReviewPage(locale, notice));
    },
  );

  app.get('/labels', async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(labelsPage(kit.localeFor(request, undefined)).toString()),
  );
}
