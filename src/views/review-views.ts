import type { Locale } from '../domain/locales.js';
import type { ReviewFieldError } from '../domain/reviews/review-rules.js';
import { REVIEW_LIMITS } from '../domain/reviews/review-rules.js';
import type { ReviewLabel } from '../domain/invitations/request.js';
import type { BusinessSummary, HiddenReviewNotice, PublicPageReview } from '../services/review.service.js';
import { randomBytes } from 'node:crypto';
import { BoundedCache } from '../shared/bounded-cache.js';
import { escapeHtml } from '../shared/escape-html.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';
import { translator, type MessageKey, type Translator } from '../i18n/index.js';
import { moderationText } from '../i18n/moderation.js';
import { page } from './layout.js';

export interface ReviewFormView {
  locale: Locale;
  businessName: string;
  token: string;
  products: readonly { sku: string; name?: string | undefined }[];
  values: {
    rating?: number | undefined;
    title?: string;
    text?: string;
    productRatings?: Record<string, number | null>;
  };
  errors: readonly ReviewFieldError[];
  /** When the customer already reviewed this order: the form edits that review. */
  editingSince?: number | undefined;
  /** A message above the form (the form expired, too many submissions). */
  notice?: MessageKey | undefined;
  embedded: boolean;
}

const STAR_KEYS = [
  'form.rating.star1',
  'form.rating.star2',
  'form.rating.star3',
  'form.rating.star4',
  'form.rating.star5',
] as const;

function errorFor(errors: readonly ReviewFieldError[], field: string, tr: Translator): SafeHtml | '' {
  const error = errors.find((candidate) => candidate.field === field);
  return error ? html`<p class="field-error" id="${field}-error">${tr.t(error.key, error.params)}</p>` : '';
}

function starInputs(
  name: string,
  legend: string,
  checked: number | null | undefined,
  tr: Translator,
  required: boolean,
): SafeHtml {
  // Highest first in the markup: the CSS lays them out right to left, so "this star and those before it"
  // can light up with sibling selectors and no script.
  return html`<fieldset class="stars">
    <legend>${legend}</legend>
    <div class="star-row">
      ${[5, 4, 3, 2, 1].map(
        (n) => html`<input
            type="radio"
            id="${name}-${n}"
            name="${name}"
            value="${n}"
            ${checked === n ? html`checked` : ''}
            ${required && n === 5 ? html`required` : ''}
          /><label for="${name}-${n}" title="${tr.t(STAR_KEYS[n - 1] ?? 'form.rating.star5')}"
            ><span class="star" aria-hidden="true">★</span
            ><span class="visually-hidden">${tr.t('form.rating.starLabel', { n })}: ${tr.t(STAR_KEYS[n - 1] ?? 'form.rating.star5')}</span></label
          >`,
      )}
    </div>
  </fieldset>`;
}

/** A stand-in that no business name or product can contain: fresh random text for each process. */
const TOKEN_SLOT = `__token_${randomBytes(12).toString('hex')}__`;
// One per business, language and product list in use; the least recently opened make way.
const blankForms = new BoundedCache<string, [Buffer, Buffer]>({ maxEntries: 1000 });

/**
 * The form a customer sees first (no review yet, nothing typed, no error) is the same for every customer
 * of a business in a language but for its token. It is rendered once, with a slot for the token, and
 * filled per request: most link openings are first openings. The page is returned as UTF-8 bytes,
 * so the fixed parts are encoded once rather than on every response.
 */
export function renderReviewForm(view: ReviewFormView): Buffer {
  const blank =
    view.errors.length === 0 &&
    view.notice === undefined &&
    view.editingSince === undefined &&
    view.values.rating === undefined &&
    !view.values.title &&
    !view.values.text;
  if (!blank) return Buffer.from(reviewFormPage(view).toString());
  const key = JSON.stringify([view.locale, view.businessName, view.products, view.embedded]);
  const [head, tail] = blankForms.getOrCreate(key, () => {
    const [head = '', tail = ''] = reviewFormPage({ ...view, token: TOKEN_SLOT })
      .toString()
      .split(TOKEN_SLOT);
    return [Buffer.from(head), Buffer.from(tail)];
  });
  return Buffer.concat([head, Buffer.from(escapeHtml(view.token)), tail]);
}

/** The signed form token and the honeypot field people cannot see: every review form carries both. */
function formGuards(token: string): SafeHtml {
  return html`<input type="hidden" name="_form" value="${token}" />
    <div class="hp" aria-hidden="true">
      <label for="website">Website</label>
      <input type="text" id="website" name="website" tabindex="-1" autocomplete="off" />
    </div>`;
}

/** The review's title and text, with their limits, hints and errors: the same in every review form. */
function titleAndTextFields(
  values: { title?: string | undefined; text?: string | undefined },
  errors: readonly ReviewFieldError[],
  tr: Translator,
): SafeHtml {
  return html`<label for="title">${tr.t('form.reviewTitle.label')}</label>
    <input
      type="text"
      id="title"
      name="title"
      maxlength="${REVIEW_LIMITS.titleMaxUnits}"
      required
      placeholder="${tr.t('form.reviewTitle.placeholder')}"
      value="${values.title ?? ''}"
    />
    ${errorFor(errors, 'title', tr)}
    <label for="text">${tr.t('form.reviewText.label')}</label>
    <textarea
      id="text"
      name="text"
      rows="6"
      minlength="${REVIEW_LIMITS.textMin}"
      maxlength="${REVIEW_LIMITS.textMaxUnits}"
      required
      placeholder="${tr.t('form.reviewText.placeholder')}"
      aria-describedby="text-hint"
    >${values.text ?? ''}</textarea>
    <p class="hint" id="text-hint">${tr.t('form.reviewText.hint', { min: REVIEW_LIMITS.textMin, max: REVIEW_LIMITS.textMax })}</p>
    ${errorFor(errors, 'text', tr)}`;
}

/**
 * The review form. It has no `action`: it posts to the link it was opened from, so the POST carries the
 * same proof as the GET, and the page holds no copy of the link to escape.
 */
export function reviewFormPage(view: ReviewFormView): SafeHtml {
  const tr = translator(view.locale);
  const business = view.businessName;
  const body = html`<div class="card review">
    <h1>${tr.t('form.heading', { business })}</h1>
    ${
      view.editingSince === undefined
        ? html`<p class="muted">${tr.t('form.intro', { business })}</p>`
        : html`<p class="notice">${tr.t('form.editNote', { date: tr.formatDate(view.editingSince) })}</p>`
    }
    ${view.notice ? html`<p class="form-error" role="alert">${tr.t(view.notice)}</p>` : ''}
    ${view.errors.length > 0 ? html`<p class="form-error" role="alert">${tr.t('form.error.summary')}</p>` : ''}
    <form method="post" class="review-form">
      ${formGuards(view.token)}
      ${starInputs('rating', tr.t('form.rating.legend'), view.values.rating, tr, true)} ${errorFor(view.errors, 'rating', tr)}
      ${view.products.map(
        (product) =>
          html`${starInputs(
            `product_rating[${product.sku}]`,
            tr.t('form.product.legend', { product: product.name || product.sku }),
            view.values.productRatings?.[product.sku],
            tr,
            false,
          )}
          ${errorFor(view.errors, `product_rating[${product.sku}]`, tr)}`,
      )}
      ${titleAndTextFields(view.values, view.errors, tr)}
      <button type="submit">${tr.t(view.editingSince === undefined ? 'form.submit' : 'form.update')}</button>
    </form>
  </div>`;
  return page({ title: tr.t('form.title', { business }), lang: view.locale, body, embedded: view.embedded });
}

export function messagePage(options: {
  locale: Locale;
  title: string;
  heading?: string;
  paragraphs: readonly HtmlValue[];
  embedded?: boolean;
}): SafeHtml {
  return page({
    title: options.title,
    lang: options.locale,
    embedded: options.embedded ?? false,
    body: html`<div class="card">
      <h1>${options.heading ?? options.title}</h1>
      ${options.paragraphs.map((paragraph) => html`<p>${paragraph}</p>`)}
    </div>`,
  });
}

export function linkErrorPage(locale: Locale, businessName: string | undefined, embedded: boolean): SafeHtml {
  const tr = translator(locale);
  return messagePage({
    locale,
    title: tr.t('linkError.title'),
    paragraphs: [
      businessName ? tr.t('linkError.body', { business: businessName }) : tr.t('linkError.bodyGeneric'),
    ],
    embedded,
  });
}

export function thanksPage(options: {
  locale: Locale;
  businessName: string;
  domain: string;
  editHref: string | undefined;
  embedded: boolean;
}): SafeHtml {
  const tr = translator(options.locale);
  const business = options.businessName;
  return page({
    title: tr.t('thanks.title'),
    lang: options.locale,
    embedded: options.embedded,
    body: html`<div class="card thanks">
      <h1>${tr.t('thanks.heading')}</h1>
      <p>${tr.t('thanks.body', { business })}</p>
      <p>
        ${options.editHref ? html`<a href="${options.editHref}">${tr.t('thanks.editLink')}</a> · ` : ''}
        <a href="/review/${options.domain}" ${options.embedded ? html`target="_blank" rel="noopener"` : ''}
          >${tr.t('thanks.seeAll', { business })}</a
        >
      </p>
    </div>`,
  });
}

export function labelBadge(label: ReviewLabel, tr: Translator): SafeHtml {
  return html`<span class="badge badge-${label}" title="${tr.t(`label.${label}.description`)}"
    >${tr.t(`label.${label}.text`)}</span
  >`;
}

function starsText(rating: number): string {
  return '★'.repeat(rating) + '☆'.repeat(5 - rating);
}

export function publicPage(options: {
  locale: Locale;
  summary: BusinessSummary;
  reviews: readonly PublicPageReview[];
  next: string | null;
  isFirstPage: boolean;
  widgetSnippet: string;
}): SafeHtml {
  const tr = translator(options.locale);
  const { summary } = options;
  const business = summary.business.name;
  const domain = summary.business.domain;
  const header = html`<div class="card summary">
    <h1>${tr.t('public.title', { business })}</h1>
    ${
      summary.trustScore === null
        ? html`<p class="muted">${tr.t('public.empty.body', { business })}</p>`
        : html`<p class="score" data-trustscore="${summary.trustScore}">
            <span class="score-stars" aria-hidden="true">${starsText(Math.round(summary.trustScore))}</span>
            <strong>${tr.t('public.trustScore.value', { score: tr.formatNumber(summary.trustScore, 1) })}</strong>
          </p>
          <p class="muted">${tr.tCount('public.basedOn', summary.count)}</p>
          <h2>${tr.t('public.distribution.heading')}</h2>
          <dl class="distribution">
            ${[5, 4, 3, 2, 1].map((stars) => {
              const count = summary.distribution[stars - 1] ?? 0;
              return html`<div>
                <dt>${tr.tCount('public.distribution.row', stars)}</dt>
                <dd><meter min="0" max="${summary.count}" value="${count}"></meter> <span>${tr.formatNumber(count)}</span></dd>
              </div>`;
            })}
          </dl>`
    }
    <p>
      <a class="button" href="/review/${domain}/write">${tr.t('public.writeReview')}</a>
      <a href="/labels">${tr.t('public.howLabelsWork')}</a>
    </p>
  </div>`;
  const list =
    options.reviews.length === 0 && options.isFirstPage
      ? html`<div class="card"><h2>${tr.t('public.empty.heading')}</h2></div>`
      : options.reviews.map(
          (review) => html`<article class="card review-item" data-review-id="${review.id}">
            <p class="review-meta">
              <span class="stars-text" role="img" aria-label="${tr.t('public.reviewRating', { n: review.rating })}"
                >${starsText(review.rating)}</span
              >
              ${labelBadge(review.label, tr)}
            </p>
            <h3>${review.title}</h3>
            <p class="review-text">${review.text}</p>
            ${
              review.products.length > 0
                ? html`<p class="muted">
                  ${tr.t('public.products', { products: review.products.map((product) => product.name || product.sku).join(', ') })}
                </p>`
                : ''
            }
            <p class="muted">${review.reviewerName} · ${tr.t('public.reviewedOn', { date: tr.formatDate(Date.parse(review.createdAt)) })}</p>
            ${
              review.reply
                ? html`<div class="review-reply">
                  <p><strong>${moderationText(options.locale, 'reply.heading', { business })}</strong></p>
                  <p class="review-text">${review.reply.text}</p>
                </div>`
                : ''
            }
          </article>`,
        );
  const pagination = html`<nav aria-label="${tr.t('public.pagination.label')}" class="pagination">
    ${options.isFirstPage ? '' : html`<a href="/review/${domain}">${tr.t('public.newer')}</a>`}
    ${options.next ? html`<a href="/review/${domain}?cursor=${options.next}" rel="next">${tr.t('public.older')}</a>` : ''}
  </nav>`;
  const widget = html`<details class="card">
    <summary>Widget</summary>
    <pre>${options.widgetSnippet}</pre>
  </details>`;
  return page({
    title: tr.t('public.title', { business }),
    lang: options.locale,
    body: html`${header}${list}${pagination}${widget}<p class="muted">${tr.t('common.poweredBy')}</p>`,
  });
}

export function labelsPage(locale: Locale): SafeHtml {
  const tr = translator(locale);
  const section = (label: ReviewLabel) => html`<section>
    <h2>${labelBadge(label, tr)} ${tr.t(`labelsPage.${label}.heading`)}</h2>
    <p>${tr.t(`labelsPage.${label}.body`)}</p>
  </section>`;
  return page({
    title: tr.t('labelsPage.title'),
    lang: locale,
    body: html`<div class="card">
      <h1>${tr.t('labelsPage.title')}</h1>
      <p>${tr.t('labelsPage.intro')}</p>
      ${section('verified')} ${section('invited')} ${section('organic')}
    </div>`,
  });
}

export function widgetPage(locale: Locale, summary: BusinessSummary, publicHref: string): SafeHtml {
  const tr = translator(locale);
  return page({
    title: tr.t('public.title', { business: summary.business.name }),
    lang: locale,
    embedded: true,
    body: html`<a class="widget" href="${publicHref}" target="_blank" rel="noopener">
      <span class="score-stars" aria-hidden="true">${starsText(Math.round(summary.trustScore ?? 0))}</span>
      <strong>${summary.trustScore === null ? '' : tr.formatNumber(summary.trustScore, 1)}</strong>
      <span>${tr.tCount('widget.reviewCount', summary.count)}</span>
      <span class="muted">${tr.t('widget.readReviews')}</span>
    </a>`,
  });
}

export function organicFormPage(options: {
  locale: Locale;
  businessName: string;
  action: string;
  token: string;
  values: { email?: string; name?: string; rating?: number | undefined; title?: string; text?: string };
  errors: readonly ReviewFieldError[];
  emailError: boolean;
  notice?: MessageKey | undefined;
}): SafeHtml {
  const tr = translator(options.locale);
  const business = options.businessName;
  return page({
    title: tr.t('organic.title', { business }),
    lang: options.locale,
    body: html`<div class="card review">
      <h1>${tr.t('organic.title', { business })}</h1>
      <p class="muted">${tr.t('organic.intro', { business })}</p>
      ${options.notice ? html`<p class="form-error" role="alert">${tr.t(options.notice)}</p>` : ''}
      ${
        options.errors.length > 0 || options.emailError
          ? html`<p class="form-error" role="alert">${tr.t('form.error.summary')}</p>`
          : ''
      }
      <form method="post" action="${options.action}" class="review-form">
        ${formGuards(options.token)}
        ${starInputs('rating', tr.t('form.rating.legend'), options.values.rating, tr, true)} ${errorFor(options.errors, 'rating', tr)}
        ${titleAndTextFields(options.values, options.errors, tr)}
        <label for="name">${tr.t('organic.name.label')}</label>
        <input type="text" id="name" name="name" maxlength="200" autocomplete="name" value="${options.values.name ?? ''}" />
        <label for="email">${tr.t('organic.email.label')}</label>
        <input
          type="text"
          inputmode="email"
          id="email"
          name="email"
          autocomplete="email"
          required
          aria-describedby="email-hint"
          value="${options.values.email ?? ''}"
        />
        <p class="hint" id="email-hint">${tr.t('organic.email.hint')}</p>
        ${options.emailError ? html`<p class="field-error">${tr.t('organic.email.invalid')}</p>` : ''}
        <button type="submit">${tr.t('organic.submit')}</button>
      </form>
    </div>`,
  });
}

/** The page a hiding email links to: the reviewer's review and the business's reason, or that it is back. */
export function hiddenReviewPage(locale: Locale, notice: HiddenReviewNotice): SafeHtml {
  const tr = translator(locale);
  const business = notice.business.name;
  const say = (key: Parameters<typeof moderationText>[1], params: Record<string, string> = {}) =>
    moderationText(locale, key, { business, ...params });
  return page({
    title: say('hidden.title'),
    lang: locale,
    body: html`<div class="card">
      <h1>${say('hidden.title')}</h1>
      ${
        notice.hidden
          ? html`<p>${say('hidden.body', { date: tr.formatDate(notice.hiddenAt ?? 0) })}</p>
            <h2>${say('hidden.reason')}</h2>
            <blockquote class="hidden-reason">${notice.reason ?? ''}</blockquote>
            <p>${say('hidden.contact')}</p>`
          : html`<p>${say('hidden.published')}</p>`
      }
    </div>
    <article class="card review-item">
      <h2>${say('hidden.yourReview')}</h2>
      <p class="review-meta">
        <span class="stars-text" role="img" aria-label="${tr.t('public.reviewRating', { n: notice.rating })}"
          >${starsText(notice.rating)}</span
        >
      </p>
      <h3>${notice.title}</h3>
      <p class="review-text">${notice.text}</p>
    </article>`,
  });
}
