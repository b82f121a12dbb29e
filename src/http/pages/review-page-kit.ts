import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseLocale, type Locale } from '../../domain/locales.js';
import type { Runtime } from '../../runtime.js';
import type { ReviewBusiness } from '../../services/review.service.js';
import type { HtmlValue, SafeHtml } from '../../views/html.js';
import { negotiateLocale, translator } from '../../i18n/index.js';
import { messagePage } from '../../views/review-views.js';
import { FixedWindowCounter } from '../window-counter.js';
import { framablePolicy } from '../security.js';

/** A posted form: strings as sent, nothing trusted yet. */
export type Form = Record<string, string | undefined>;

export interface DomainParams {
  domain: string;
}

/**
 * Above every length the review rules check, so a value too long is refused with a message rather than
 * cut short and accepted; the body limit bounds the whole form anyway.
 */
const MAX_FIELD_UNITS = 50_000;

export function fieldOf(form: Form, name: string): string | undefined {
  const value = form[name];
  return typeof value === 'string' ? value.slice(0, MAX_FIELD_UNITS) : undefined;
}

/** A star rating the form can show again: 1 to 5, or nothing. */
export function ratingOf(value: string | undefined): number | undefined {
  return value !== undefined && /^[1-5]$/.test(value) ? Number(value) : undefined;
}

export function sendPage(
  reply: FastifyReply,
  status: number,
  body: SafeHtml | string | Buffer,
  frameAncestors?: readonly string[],
): FastifyReply {
  if (frameAncestors) reply.header('content-security-policy', framablePolicy(frameAncestors));
  // Pages built from a link carry personal data: no shared cache may keep them.
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(Buffer.isBuffer(body) ? body : body.toString());
}

/** A short page of a title and a few paragraphs: a confirmation, a refusal, "check your email". */
export function sendMessage(
  reply: FastifyReply,
  status: number,
  locale: Locale,
  title: string,
  paragraphs: readonly HtmlValue[],
): FastifyReply {
  return sendPage(reply, status, messagePage({ locale, title, paragraphs: [...paragraphs] }));
}

/** What every review page module shares: the clock, the locale choice, the not-found page, the limiter. */
export interface ReviewPageKit {
  runtime: Runtime;
  /** Vouch's public base URL, without a trailing slash. */
  publicBase: string;
  /** One per-address budget for every review form (entrances and organic), not one per module. */
  limiter: FixedWindowCounter;
  now: () => number;
  localeFor: (request: FastifyRequest, business: ReviewBusiness | undefined, linkLocale?: string) => Locale;
  notFound: (
    request: FastifyRequest,
    reply: FastifyReply,
    business: ReviewBusiness | undefined,
  ) => FastifyReply;
}

const kits = new WeakMap<FastifyInstance, ReviewPageKit>();

/** The kit of this app: made by the first review module registered, shared by the others. */
export function reviewPageKit(app: FastifyInstance, runtime: Runtime): ReviewPageKit {
  const existing = kits.get(app);
  if (existing) return existing;
  const localeFor: ReviewPageKit['localeFor'] = (request, business, linkLocale) =>
    negotiateLocale({
      host: request.headers.host,
      publicHost: runtime.config.publicUrl.host,
      linkLocale,
      acceptLanguage: request.headers['accept-language'],
      businessDefault: parseLocale(business?.default_locale ?? '') ?? 'en-US',
    }).locale;
  const kit: ReviewPageKit = {
    runtime,
    publicBase: runtime.config.publicUrl.href.replace(/\/$/, ''),
    // Ten reviews a minute from one address: enough for a family, too few to flood a business.
    limiter: new FixedWindowCounter({
      limit: 10,
      windowMs: 60_000,
      maxKeys: 10_000,
      now: () => runtime.clock.now().getTime(),
    }),
    now: () => runtime.clock.now().getTime(),
    localeFor,
    notFound: (request, reply, business) => {
      const locale = localeFor(request, business);
      const tr = translator(locale);
      return sendMessage(reply, 404, locale, tr.t('notFound.title'), [tr.t('notFound.body')]);
    },
  };
  kits.set(app, kit);
  return kit;
}
