import type { MessageKey } from '../../i18n/index.js';
import { cleanLine } from '../display-text.js';
import type { ReviewLabel } from '../invitations/request.js';

/**
 * Lengths count what people see (grapheme clusters: an emoji, a flag or an accented letter is one), not
 * UTF-16 units. The `…Units` bounds only keep a value within what storage holds (the title column is
 * varchar(200)) and a form field within reason; no text a person types reaches them before the visible limit.
 */
export const REVIEW_LIMITS = {
  titleMax: 100,
  titleMaxUnits: 200,
  textMin: 10,
  textMax: 4000,
  textMaxUnits: 20_000,
} as const;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The number of characters a reader sees in `text`. */
export function visibleLength(text: string): number {
  let count = 0;
  const segments = graphemes.segment(text)[Symbol.iterator]();
  while (!segments.next().done) count++;
  return count;
}

export interface ReviewProductRef {
  sku: string;
  name?: string | undefined;
}

/** What the form sends: strings as posted, not yet trusted. */
export interface ReviewFormInput {
  rating?: string | undefined;
  title?: string | undefined;
  text?: string | undefined;
  /** `product_rating[{sku}]` values, by SKU. */
  productRatings?: Readonly<Record<string, string | undefined>> | undefined;
}

export interface ValidReview {
  rating: number;
  title: string;
  text: string;
  products: { sku: string; name?: string | undefined; rating: number | null }[];
}

/** A problem with one field, as a catalog key so the form can say it in the customer's language. */
export interface ReviewFieldError {
  field: 'rating' | 'title' | 'text' | `product_rating[${string}]`;
  key: MessageKey;
  params?: Record<string, number>;
}

export type ReviewCheck = { ok: true; review: ValidReview } | { ok: false; errors: ReviewFieldError[] };

function parseRating(value: string | undefined): number | undefined | 'invalid' {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^[1-5]$/.test(value.trim())) return 'invalid';
  return Number(value.trim());
}

/** Checks a submitted review: a rating of 1 to 5, a title, a text of sensible length, product ratings. */
export function validateReview(input: ReviewFormInput, products: readonly ReviewProductRef[]): ReviewCheck {
  const errors: ReviewFieldError[] = [];
  const rating = parseRating(input.rating);
  if (rating === undefined) errors.push({ field: 'rating', key: 'form.error.ratingRequired' });
  else if (rating === 'invalid') errors.push({ field: 'rating', key: 'form.error.ratingRange' });

  const title = cleanLine(input.title ?? '');
  if (title === '') errors.push({ field: 'title', key: 'form.error.titleRequired' });
  else if (title.length > REVIEW_LIMITS.titleMaxUnits || visibleLength(title) > REVIEW_LIMITS.titleMax) {
    errors.push({ field: 'title', key: 'form.error.titleTooLong', params: { max: REVIEW_LIMITS.titleMax } });
  }

  const text = (input.text ?? '').replace(/\r\n?/g, '\n').trim();
  const textLength = text.length > REVIEW_LIMITS.textMaxUnits ? Infinity : visibleLength(text);
  if (textLength < REVIEW_LIMITS.textMin) {
    errors.push({ field: 'text', key: 'form.error.textTooShort', params: { min: REVIEW_LIMITS.textMin } });
  } else if (textLength > REVIEW_LIMITS.textMax) {
    errors.push({ field: 'text', key: 'form.error.textTooLong', params: { max: REVIEW_LIMITS.textMax } });
  }

  const rated: ValidReview['products'] = [];
  for (const product of products) {
    const value = parseRating(input.productRatings?.[product.sku]);
    if (value === 'invalid') {
      errors.push({ field: `product_rating[${product.sku}]`, key: 'form.error.productRatingInvalid' });
    } else {
      rated.push({
        sku: product.sku,
        ...(product.name ? { name: product.name } : {}),
        rating: value ?? null,
      });
    }
  }
  if (errors.length > 0 || typeof rating !== 'number') return { ok: false, errors };
  return { ok: true, review: { rating, title, text, products: rated } };
}

const LABEL_STRENGTH: Record<ReviewLabel, number> = { organic: 0, invited: 1, verified: 2 };

/** A review edited through a second entrance keeps the strongest label either gave it. */
export function strongerLabel(a: ReviewLabel, b: ReviewLabel): ReviewLabel {
  return LABEL_STRENGTH[a] >= LABEL_STRENGTH[b] ? a : b;
}

export function parseLabel(value: string): ReviewLabel {
  return value === 'verified' || value === 'invited' ? value : 'organic';
}

/**
 * TrustScore: a Bayesian average. Every business starts as if it had PRIOR_WEIGHT reviews of PRIOR_MEAN
 * stars, and real reviews pull the score toward their own average as they add up. Three 5-star reviews
 * give 3.85; three hundred reviews averaging 4.8 give 4.76, so volume beats a lucky start.
 */
export const TRUST_SCORE = { priorMean: 3.5, priorWeight: 10 } as const;

export function trustScore(count: number, ratingSum: number): number | null {
  if (count === 0) return null;
  const score =
    (TRUST_SCORE.priorMean * TRUST_SCORE.priorWeight + ratingSum) / (TRUST_SCORE.priorWeight + count);
  return Math.round(score * 10) / 10;
}
