import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseLocale, type Locale } from '../../domain/locales.js';
import type { ReviewFieldError } from '../../domain/reviews/review-rules.js';
import type { Runtime } from '../../runtime.js';
import type { ContextResult, ReviewContext, StoredReview } from '../../services/review.service.js';
import type { MessageKey } from '../../i18n/index.js';
import {
  linkErrorPage,
  renderReviewForm,
  thanksPage,
  type ReviewFormView,
} from '../../views/review-views.js';
import { businessFrameAncestors } from '../security.js';
import {
  fieldOf,
  ratingOf,
  reviewPageKit,
  sendPage,
  type DomainParams,
  type Form,
} from './review-page-kit.js';
import { clientKey } from '../window-counter.js';

/** How each entrance turns its request into a ReviewContext. */
interface Entrance {
  path: string;
  embedded: boolean;
  resolve(runtime: Runtime, request: FastifyRequest, query: URLSearchParams): Promise<ContextResult>;
}

function queryOf(request: FastifyRequest): URLSearchParams {
  const index = request.url.indexOf('?');
  return new URLSearchParams(index < 0 ? '' : request.url.slice(index + 1));
}

const uniqueLink = (runtime: Runtime, request: FastifyRequest, query: URLSearchParams) =>
  runtime.reviews.resolveUniqueLink((request.params as DomainParams).domain, query);
const bglLink = (runtime: Runtime, request: FastifyRequest, query: URLSearchParams) =>
  runtime.reviews.resolveBglLink((request.params as DomainParams).domain, query.get('p') ?? undefined);
const invitationLink = (runtime: Runtime, request: FastifyRequest) =>
  runtime.reviews.resolveInvitation((request.params as { token: string }).token);

const ENTRANCES: readonly Entrance[] = [
  { path: '/evaluate/:domain', embedded: false, resolve: uniqueLink },
  { path: '/evaluate/embed/:domain', embedded: true, resolve: uniqueLink },
  { path: '/evaluate-bgl/:domain', embedded: false, resolve: bglLink },
  { path: '/evaluate-bgl/embed/:domain', embedded: true, resolve: bglLink },
  { path: '/r/:token', embedded: false, resolve: invitationLink },
];

/** What a form token is bound to: this customer's review of this order at this business. */
function formSubject(context: ReviewContext): string {
  return `${context.business.id}|${context.email}|${context.reference}`;
}

/** Only a link back into a review entrance may be offered as "edit your review". */
function safeBackLink(value: string | undefined): string | undefined {
  if (typeof value !== 'string' || value.length > 8000) return undefined;
  return /^\/(evaluate(-bgl)?(\/embed)?\/[^/]+\?|r\/[A-Za-z0-9_-]+)/.test(value) ? value : undefined;
}

/**
 * The invitation's redirectUri as a Location header can carry it: percent-encoded (`Łukasz` becomes
 * `%C5%81ukasz`), since Node refuses a header with characters outside Latin-1. Stored as the shop sent it.
 */
function redirectTargetOf(redirectUri: string | undefined): string | undefined {
  if (!redirectUri) return undefined;
  try {
    return new URL(redirectUri).href;
  } catch {
    return undefined;
  }
}

function productRatingsOf(form: Form): Record<string, string | undefined> {
  const ratings: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(form)) {
    const match = /^product_rating\[(.{1,255})\]$/.exec(key);
    if (match?.[1] !== undefined) ratings[match[1]] = typeof value === 'string' ? value : undefined;
  }
  return ratings;
}

/**
 * The review entrances (Unique Link, BGL, their embedded forms, and the links in Vouch's own emails) and
 * the thank-you page after a review. GETs only read (and record a click); POSTs are checked for a fresh
 * form token, a honeypot and a per-address rate limit, and the service checks the review itself.
 */
export function registerEntrancePages(app: FastifyInstance, runtime: Runtime): void {
  const kit = reviewPageKit(app, runtime);
  const { localeFor, now } = kit;

  const refuse = (
    request: FastifyRequest,
    reply: FastifyReply,
    result: Extract<ContextResult, { ok: false }>,
    embedded: boolean,
  ) =>
    sendPage(
      reply,
      result.status,
      linkErrorPage(localeFor(request, result.business), result.business?.name, embedded),
      embedded ? businessFrameAncestors(result.business?.domain) : undefined,
    );

  const renderForm = (
    reply: FastifyReply,
    status: number,
    options: {
      context: ReviewContext;
      locale: Locale;
      embedded: boolean;
      existing: StoredReview | undefined;
      values: ReviewFormView['values'];
      errors?: readonly ReviewFieldError[];
      notice?: MessageKey;
    },
  ) =>
    sendPage(
      reply,
      status,
      renderReviewForm({
        locale: options.locale,
        businessName: options.context.business.name,
        token: runtime.formTokens.issue(formSubject(options.context), now()),
        products: options.context.products,
        values: options.values,
        errors: options.errors ?? [],
        editingSince: options.existing?.created_at,
        notice: options.notice,
        embedded: options.embedded,
      }),
      options.embedded ? businessFrameAncestors(options.context.business.domain) : undefined,
    );

  for (const entrance of ENTRANCES) {
    app.get(entrance.path, async (request, reply) => {
      const query = queryOf(request);
      const result = await entrance.resolve(runtime, request, query);
      if (!result.ok) return refuse(request, reply, result, entrance.embedded);
      const { context } = result;
      // Only an invitation records a click: other links skip the call and its await.
      if (context.invitation) await runtime.reviews.recordClick(context);
      const existing = await runtime.reviews.existingReview(context);
      const preset = ratingOf(query.get('rating') ?? undefined);
      const productRatings = existing
        ? Object.fromEntries(
            (JSON.parse(existing.products) as { sku: string; rating: number | null }[]).map((p) => [
              p.sku,
              p.rating,
            ]),
          )
        : {};
      return renderForm(reply, 200, {
        context,
        locale: localeFor(request, context.business, context.linkLocale),
        embedded: entrance.embedded,
        existing,
        values: existing
          ? { rating: preset ?? existing.rating, title: existing.title, text: existing.text, productRatings }
          : { rating: preset },
      });
    });

    app.post<{ Body: Form | undefined }>(entrance.path, async (request, reply) => {
      const result = await entrance.resolve(runtime, request, queryOf(request));
      if (!result.ok) return refuse(request, reply, result, entrance.embedded);
      const { context } = result;
      const form = request.body ?? {};
      const locale = localeFor(request, context.business, context.linkLocale);
      const productRatings = productRatingsOf(form);
      const values = {
        rating: ratingOf(fieldOf(form, 'rating')),
        title: fieldOf(form, 'title') ?? '',
        text: fieldOf(form, 'text') ?? '',
        productRatings: Object.fromEntries(
          Object.entries(productRatings).map(([sku, value]) => [sku, ratingOf(value) ?? null]),
        ),
      };
      const common = { context, locale, embedded: entrance.embedded, values };
      if (!kit.limiter.add(clientKey(request.ip))) {
        return renderForm(reply, 429, { ...common, existing: undefined, notice: 'form.error.rateLimited' });
      }
      // Only a form drawn again needs the earlier review; submit() reads it for itself.
      const existing = () => runtime.reviews.existingReview(context);
      if (!runtime.formTokens.verify(fieldOf(form, '_form'), formSubject(context), now())) {
        return renderForm(reply, 400, {
          ...common,
          existing: await existing(),
          notice: 'form.error.sessionExpired',
        });
      }
      if ((fieldOf(form, 'website') ?? '') !== '') {
        // A bot filled the field people cannot see: thank it and keep nothing.
        return sendPage(
          reply,
          200,
          thanksPage({
            locale,
            businessName: context.business.name,
            domain: context.business.domain,
            editHref: undefined,
            embedded: entrance.embedded,
          }),
        );
      }
      const submitted = await runtime.reviews.submit(
        context,
        { rating: fieldOf(form, 'rating'), title: values.title, text: values.text, productRatings },
        locale,
      );
      if (!submitted.ok) {
        return renderForm(reply, 400, { ...common, existing: await existing(), errors: submitted.errors });
      }
      const redirectTarget = redirectTargetOf(context.redirectUri);
      if (redirectTarget) return reply.redirect(redirectTarget, 303);
      const review = submitted.review;
      const thanks = new URLSearchParams({ s: runtime.formTokens.sign(review.id), back: request.url });
      if (entrance.embedded) thanks.set('embed', '1');
      return reply.redirect(
        `/review/${context.business.domain}/thanks/${review.id}?${thanks.toString()}`,
        303,
      );
    });
  }

  app.get<{ Params: DomainParams & { id: string }; Querystring: Form }>(
    '/review/:domain/thanks/:id',
    async (request, reply) => {
      const business = await runtime.reviews.findBusiness(request.params.domain);
      const embedded = request.query.embed === '1';
      const review =
        business && runtime.formTokens.checkSignature(request.params.id, request.query.s)
          ? await runtime.reviews.findReview(business.id, request.params.id)
          : undefined;
      if (!business || !review) return kit.notFound(request, reply, business);
      return sendPage(
        reply,
        200,
        thanksPage({
          locale: parseLocale(review.locale) ?? localeFor(request, business),
          businessName: business.name,
          domain: business.domain,
          editHref: safeBackLink(request.query.back),
          embedded,
        }),
        embedded ? businessFrameAncestors(business.domain) : undefined,
      );
    },
  );
}
