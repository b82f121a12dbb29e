import type { ReviewBusiness, StoredReview } from '../../services/review.service.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../domain/locales.js';
import type { ReviewFieldError } from '../../domain/reviews/review-rules.js';
import type { Runtime } from '../../runtime.js';
import { html, type HtmlValue } from '../../views/html.js';
import { translator, type MessageKey, type Translator } from '../../i18n/index.js';
import { organicFormPage } from '../../views/review-views.js';
import {
  fieldOf,
  ratingOf,
  reviewPageKit,
  sendMessage,
  sendPage,
  type DomainParams,
  type Form,
} from './review-page-kit.js';
import { clientKey } from '../window-counter.js';

/** What an organic form token is bound to: a review of this business, by whoever confirms an address. */
const organicSubject = (business: ReviewBusiness) => `${business.id}|organic`;

/**
 * Organic reviews: written without an invitation, published once the reviewer confirms their address
 * with a POST from the emailed link (a mail scanner that opens the link publishes nothing).
 */
export function registerOrganicPages(app: FastifyInstance, runtime: Runtime): void {
  const kit = reviewPageKit(app, runtime);
  const { localeFor, now } = kit;

  /** The same page for a stranger's address as for one that unsubscribed: it tells nobody which is which. */
  const checkYourEmail = (reply: FastifyReply, locale: Locale, email: string) => {
    const tr = translator(locale);
    return sendMessage(reply, 200, locale, tr.t('organic.checkEmail.title'), [
      tr.t('organic.checkEmail.body', { email }),
    ]);
  };

  app.get<{ Params: DomainParams }>('/review/:domain/write', async (request, reply) => {
    const business = await runtime.reviews.findBusiness(request.params.domain);
    if (!business) return kit.notFound(request, reply, business);
    return sendPage(
      reply,
      200,
      organicFormPage({
        locale: localeFor(request, business),
        businessName: business.name,
        action: request.url,
        token: runtime.formTokens.issue(organicSubject(business), now()),
        values: {},
        errors: [],
        emailError: false,
      }),
    );
  });

  app.post<{ Params: DomainParams; Body: Form | undefined }>(
    '/review/:domain/write',
    async (request, reply) => {
      const business = await runtime.reviews.findBusiness(request.params.domain);
      if (!business) return kit.notFound(request, reply, business);
      const locale = localeFor(request, business);
      const form = request.body ?? {};
      const values = {
        email: (fieldOf(form, 'email') ?? '').trim(),
        name: (fieldOf(form, 'name') ?? '').trim().slice(0, 200),
        rating: ratingOf(fieldOf(form, 'rating')),
        title: fieldOf(form, 'title') ?? '',
        text: fieldOf(form, 'text') ?? '',
      };
      const again = (
        status: number,
        errors: readonly ReviewFieldError[],
        emailError: boolean,
        notice?: MessageKey,
      ) =>
        sendPage(
          reply,
          status,
          organicFormPage({
            locale,
            businessName: business.name,
            action: request.url,
            token: runtime.formTokens.issue(organicSubject(business), now()),
            values,
            errors,
            emailError,
            notice,
          }),
        );
      if (!kit.limiter.add(clientKey(request.ip))) return again(429, [], false, 'form.error.rateLimited');
      if (!runtime.formTokens.verify(fieldOf(form, '_form'), organicSubject(business), now())) {
        return again(400, [], false, 'form.error.sessionExpired');
      }
      // A bot filled the field people cannot see: answer as for anyone, and keep nothing.
      if ((fieldOf(form, 'website') ?? '') !== '') return checkYourEmail(reply, locale, values.email);
      const started = await runtime.reviews.startOrganic(business, {
        email: values.email,
        name: values.name,
        review: { rating: fieldOf(form, 'rating'), title: values.title, text: values.text },
        locale,
      });
      if (started.status === 'invalid') return again(400, started.errors, started.emailInvalid);
      if (started.status === 'send_failed') return again(503, [], false, 'organic.sendFailed');
      return checkYourEmail(reply, locale, values.email);
    },
  );

  /**
   * The emailed confirmation link: a GET shows what would be published and a button, the POST publishes.
   * Both answer an unknown, used or expired link with the same page.
   */
  const confirmation = (
    act: (business: ReviewBusiness, token: string) => Promise<StoredReview | undefined>,
    answer: (
      business: ReviewBusiness,
      review: StoredReview,
      tr: Translator,
      url: string,
    ) => [string, HtmlValue[]],
  ) =>
    async function (
      request: FastifyRequest<{ Params: DomainParams & { token: string } }>,
      reply: FastifyReply,
    ) {
      const business = await runtime.reviews.findBusiness(request.params.domain);
      const locale = localeFor(request, business);
      const tr = translator(locale);
      const review = business && (await act(business, request.params.token));
      if (!business || !review) {
        return sendMessage(reply, 404, locale, tr.t('organic.confirmLinkInvalid.title'), [
          tr.t('organic.confirmLinkInvalid.body'),
        ]);
      }
      const [title, paragraphs] = answer(business, review, tr, request.url);
      return sendMessage(reply, 200, locale, title, paragraphs);
    };

  app.get(
    '/review/:domain/confirm/:token',
    confirmation(
      (business, token) => runtime.reviews.pendingOrganic(business, token),
      (business, pending, tr, url) => [
        tr.t('organic.title', { business: business.name }),
        [
          html`<strong>${pending.title}</strong>`,
          html`<form method="post" action="${url}"><button type="submit">${tr.t('organic.submit')}</button></form>`,
        ],
      ],
    ),
  );

  app.post(
    '/review/:domain/confirm/:token',
    confirmation(
      (business, token) => runtime.reviews.confirmOrganic(business, token),
      (business, _review, tr) => [
        tr.t('organic.confirmed.title'),
        [
          tr.t('organic.confirmed.body', { business: business.name }),
          html`<a href="/review/${business.domain}">${tr.t('thanks.seeAll', { business: business.name })}</a>`,
        ],
      ],
    ),
  );
}
