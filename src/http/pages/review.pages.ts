import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findEmailProblem } from '../../domain/invitations/fields.js';
import { parseLocale, type Locale } from '../../domain/locales.js';
import { validateReview, type ReviewFieldError } from '../../domain/reviews/review-rules.js';
import type { Runtime } from '../../runtime.js';
import type { ContextResult, ReviewContext } from '../../services/review.service.js';
import type { BusinessRow, ReviewRow } from '../../store/schema.js';
import { escapeHtml, html, type SafeHtml } from '../../views/html.js';
import { negotiateLocale, translator, type MessageKey } from '../../views/i18n/index.js';
import {
  labelsPage,
  linkErrorPage,
  messagePage,
  organicFormPage,
  publicPage,
  renderReviewForm,
  type ReviewFormView,
  thanksPage,
  widgetPage,
} from '../../views/review-views.js';
import { SubmissionRateLimiter } from '../form-guard.js';
import { framablePolicy } from '../security.js';

type Form = Record<string, string | undefined>;
interface DomainParams {
  domain: string;
}

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

function sendPage(
  reply: FastifyReply,
  status: number,
  body: SafeHtml | string | Buffer,
  frameAncestors?: readonly string[],
) {
  if (frameAncestors) reply.header('content-security-policy', framablePolicy(frameAncestors));
  // Pages built from a link carry personal data: no shared cache may keep them.
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(Buffer.isBuffer(body) ? body : body.toString());
}

/** The business's own site may frame its embedded form; nobody else may. */
function businessOrigins(business: BusinessRow | undefined): string[] {
  if (!business) return ["'self'"];
  return [
    "'self'",
    `https://${business.domain}`,
    `https://*.${business.domain}`,
    `http://${business.domain}`,
  ];
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

function fieldOf(form: Form, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' ? value.slice(0, 20_000) : undefined;
}

function numberOrUndefined(value: string | undefined): number | undefined {
  return value !== undefined && /^[1-5]$/.test(value) ? Number(value) : undefined;
}

/**
 * The review entrances (Unique Link, BGL, their embedded forms, and the links in Vouch's own emails), the
 * public review page with its JSON and widget, and organic reviews. GETs only read (and record a click);
 * POSTs are checked for a fresh form token, a honeypot and a per-address rate limit.
 */
export function registerReviewPages(app: FastifyInstance, runtime: Runtime): void {
  const limiter = new SubmissionRateLimiter();
  const publicBase = runtime.config.publicUrl.href.replace(/\/$/, '');
  const now = () => runtime.clock.now().getTime();

  const localeFor = (
    request: FastifyRequest,
    business: BusinessRow | undefined,
    linkLocale?: string,
  ): Locale =>
    negotiateLocale({
      host: request.headers.host,
      publicHost: runtime.config.publicUrl.host,
      linkLocale,
      acceptLanguage: request.headers['accept-language'],
      businessDefault: parseLocale(business?.default_locale ?? '') ?? 'en-US',
    }).locale;

  const refuse = (
    request: FastifyRequest,
    reply: FastifyReply,
    result: Extract<ContextResult, { ok: false }>,
    embedded: boolean,
  ) => {
    const locale = localeFor(request, result.business);
    return sendPage(
      reply,
      result.status,
      linkErrorPage(locale, result.business?.name, embedded),
      embedded ? businessOrigins(result.business) : undefined,
    );
  };

  const renderForm = (
    reply: FastifyReply,
    status: number,
    options: {
      context: ReviewContext;
      locale: Locale;
      embedded: boolean;
      existing: ReviewRow | undefined;
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
      options.embedded ? businessOrigins(options.context.business) : undefined,
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
      const preset = numberOrUndefined(query.get('rating') ?? undefined);
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
        rating: numberOrUndefined(fieldOf(form, 'rating')),
        title: fieldOf(form, 'title') ?? '',
        text: fieldOf(form, 'text') ?? '',
        productRatings: Object.fromEntries(
          Object.entries(productRatings).map(([sku, value]) => [sku, numberOrUndefined(value) ?? null]),
        ),
      };
      const common = { context, locale, embedded: entrance.embedded, values };
      if (!limiter.allow(request.ip, now())) {
        return renderForm(reply, 429, { ...common, existing: undefined, notice: 'form.error.rateLimited' });
      }
      const existing = await runtime.reviews.existingReview(context);
      if (!runtime.formTokens.verify(fieldOf(form, '_form'), formSubject(context), now())) {
        return renderForm(reply, 400, { ...common, existing, notice: 'form.error.sessionExpired' });
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
      const checked = validateReview(
        { rating: fieldOf(form, 'rating'), title: values.title, text: values.text, productRatings },
        context.products,
      );
      if (!checked.ok) return renderForm(reply, 400, { ...common, existing, errors: checked.errors });
      const review = await runtime.reviews.submit(context, checked.review, locale);
      const redirectTarget = redirectTargetOf(context.redirectUri);
      if (redirectTarget) return reply.redirect(redirectTarget, 303);
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
      const locale = localeFor(request, business);
      const review =
        business && runtime.formTokens.checkSignature(request.params.id, request.query.s)
          ? await runtime.reviews.findReview(business.id, request.params.id)
          : undefined;
      if (!business || !review) return notFound(request, reply, business);
      return sendPage(
        reply,
        200,
        thanksPage({
          locale: parseLocale(review.locale) ?? locale,
          businessName: business.name,
          domain: business.domain,
          editHref: safeBackLink(request.query.back),
          embedded,
        }),
        embedded ? businessOrigins(business) : undefined,
      );
    },
  );

  const notFound = (request: FastifyRequest, reply: FastifyReply, business: BusinessRow | undefined) => {
    const locale = localeFor(request, business);
    const tr = translator(locale);
    return sendPage(
      reply,
      404,
      messagePage({ locale, title: tr.t('notFound.title'), paragraphs: [tr.t('notFound.body')] }),
    );
  };

  app.get<{ Params: DomainParams; Querystring: Form }>('/review/:domain', async (request, reply) => {
    const business = await runtime.reviews.findBusiness(request.params.domain);
    if (!business) return notFound(request, reply, business);
    const cursor = typeof request.query.cursor === 'string' ? request.query.cursor.slice(0, 200) : undefined;
    const [summary, page] = await Promise.all([
      runtime.reviews.summary(business),
      runtime.reviews.listPublished(business, { cursor, limit: 20 }),
    ]);
    return reply.type('text/html; charset=utf-8').send(
      publicPage({
        locale: localeFor(request, business),
        summary,
        reviews: page.reviews,
        next: page.next,
        isFirstPage: cursor === undefined,
        widgetSnippet: `<iframe src="${publicBase}/widget/${business.domain}" title="${escapeHtml(business.name)} reviews" width="320" height="72" style="border:0"></iframe>`,
      }).toString(),
    );
  });

  app.get('/labels', async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(labelsPage(localeFor(request, undefined)).toString()),
  );

  app.get<{ Params: DomainParams; Querystring: Form }>(
    '/api/public/businesses/:domain/reviews',
    async (request, reply) => {
      const business = await runtime.reviews.findBusiness(request.params.domain);
      if (!business) return publicNotFound(reply, request.params.domain);
      const limit = /^\d{1,3}$/.test(request.query.limit ?? '') ? Number(request.query.limit) : 20;
      const page = await runtime.reviews.listPublished(business, {
        cursor: request.query.cursor?.slice(0, 200),
        limit,
      });
      return reply.header('access-control-allow-origin', '*').send({
        reviews: page.reviews.map((review) => ({
          id: review.id,
          rating: review.rating,
          title: review.title,
          text: review.text,
          label: review.label,
          createdAt: review.createdAt,
          products: review.products,
          reviewerName: review.reviewerName,
        })),
        next: page.next,
      });
    },
  );

  app.get<{ Params: DomainParams }>('/api/public/businesses/:domain/summary', async (request, reply) => {
    const business = await runtime.reviews.findBusiness(request.params.domain);
    if (!business) return publicNotFound(reply, request.params.domain);
    const summary = await runtime.reviews.summary(business);
    return reply.header('access-control-allow-origin', '*').send({
      domain: business.domain,
      name: business.name,
      trustScore: summary.trustScore,
      reviewCount: summary.count,
      distribution: {
        1: summary.distribution[0],
        2: summary.distribution[1],
        3: summary.distribution[2],
        4: summary.distribution[3],
        5: summary.distribution[4],
      },
      url: `${publicBase}/review/${business.domain}`,
    });
  });

  const publicNotFound = (reply: FastifyReply, domain: string) =>
    reply
      .status(404)
      .type('application/problem+json')
      .send({
        type: 'urn:vouch:problem:business_not_found',
        title: 'No business with this domain or id',
        status: 404,
        detail: `No business has the domain "${domain.slice(0, 253)}".`,
        code: 'business_not_found',
      });

  app.get<{ Params: DomainParams }>('/widget/:domain', async (request, reply) => {
    const business = await runtime.reviews.findBusiness(request.params.domain);
    if (!business) return notFound(request, reply, business);
    const summary = await runtime.reviews.summary(business);
    // The widget is made to be framed by any site the business puts it on.
    return sendPage(
      reply,
      200,
      widgetPage(localeFor(request, business), summary, `${publicBase}/review/${business.domain}`),
      ['*'],
    );
  });

  // Organic reviews: written without an invitation, published once the reviewer confirms their address.
  const organicSubject = (business: BusinessRow) => `${business.id}|organic`;
  app.get<{ Params: DomainParams }>('/review/:domain/write', async (request, reply) => {
    const business = await runtime.reviews.findBusiness(request.params.domain);
    if (!business) return notFound(request, reply, business);
    const locale = localeFor(request, business);
    return sendPage(
      reply,
      200,
      organicFormPage({
        locale,
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
      if (!business) return notFound(request, reply, business);
      const locale = localeFor(request, business);
      const form = request.body ?? {};
      const values = {
        email: (fieldOf(form, 'email') ?? '').trim(),
        name: (fieldOf(form, 'name') ?? '').trim().slice(0, 200),
        rating: numberOrUndefined(fieldOf(form, 'rating')),
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
      if (!limiter.allow(request.ip, now())) return again(429, [], false, 'form.error.rateLimited');
      if (!runtime.formTokens.verify(fieldOf(form, '_form'), organicSubject(business), now())) {
        return again(400, [], false, 'form.error.sessionExpired');
      }
      if ((fieldOf(form, 'website') ?? '') !== '') {
        const tr = translator(locale);
        return sendPage(
          reply,
          200,
          messagePage({
            locale,
            title: tr.t('organic.checkEmail.title'),
            paragraphs: [tr.t('organic.checkEmail.body', { email: values.email })],
          }),
        );
      }
      const checked = validateReview(
        { rating: fieldOf(form, 'rating'), title: values.title, text: values.text },
        [],
      );
      const emailError = findEmailProblem(values.email) !== undefined;
      if (!checked.ok || emailError) return again(400, checked.ok ? [] : checked.errors, emailError);
      const sent = await runtime.reviews.startOrganic(business, {
        email: values.email,
        name: values.name,
        review: checked.review,
        locale,
      });
      if (sent === 'send_failed') return again(503, [], false, 'organic.sendFailed');
      const tr = translator(locale);
      return sendPage(
        reply,
        200,
        messagePage({
          locale,
          title: tr.t('organic.checkEmail.title'),
          paragraphs: [tr.t('organic.checkEmail.body', { email: values.email })],
        }),
      );
    },
  );

  const confirmInvalid = (reply: FastifyReply, locale: Locale) => {
    const tr = translator(locale);
    return sendPage(
      reply,
      404,
      messagePage({
        locale,
        title: tr.t('organic.confirmLinkInvalid.title'),
        paragraphs: [tr.t('organic.confirmLinkInvalid.body')],
      }),
    );
  };

  app.get<{ Params: DomainParams & { token: string } }>(
    '/review/:domain/confirm/:token',
    async (request, reply) => {
      const business = await runtime.reviews.findBusiness(request.params.domain);
      const locale = localeFor(request, business);
      const pending = business && (await runtime.reviews.pendingOrganic(business, request.params.token));
      if (!business || !pending) return confirmInvalid(reply, locale);
      const tr = translator(locale);
      // Confirming is a POST: a mail scanner that opens the link publishes nothing.
      return sendPage(
        reply,
        200,
        messagePage({
          locale,
          title: tr.t('organic.title', { business: business.name }),
          paragraphs: [
            html`<strong>${pending.title}</strong>`,
            html`<form method="post" action="${request.url}"><button type="submit">${tr.t('organic.submit')}</button></form>`,
          ],
        }),
      );
    },
  );

  app.post<{ Params: DomainParams & { token: string } }>(
    '/review/:domain/confirm/:token',
    async (request, reply) => {
      const business = await runtime.reviews.findBusiness(request.params.domain);
      const locale = localeFor(request, business);
      const confirmed = business && (await runtime.reviews.confirmOrganic(business, request.params.token));
      if (!business || !confirmed) return confirmInvalid(reply, locale);
      const tr = translator(locale);
      return sendPage(
        reply,
        200,
        messagePage({
          locale,
          title: tr.t('organic.confirmed.title'),
          paragraphs: [
            tr.t('organic.confirmed.body', { business: business.name }),
            html`<a href="/review/${business.domain}">${tr.t('thanks.seeAll', { business: business.name })}</a>`,
          ],
        }),
      );
    },
  );
}
