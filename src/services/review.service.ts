import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock, RandomSource } from '../clock.js';
import { DAY_MS } from '../clock.js';
import { findEmailProblem, normalizeEmail } from '../domain/invitations/fields.js';
import type { InvitationProduct, ReviewLabel } from '../domain/invitations/request.js';
import { parseLocale, type Locale } from '../domain/locales.js';
import {
  parseLabel,
  strongerLabel,
  trustScore,
  validateReview,
  type ReviewFieldError,
  type ReviewFormInput,
  type ReviewProductRef,
  type ValidReview,
} from '../domain/reviews/review-rules.js';
import { VouchError } from '../errors.js';
import { decryptBglToken, verifyUniqueLink, type LinkFailureCode } from '../links.js';
import { MailSendError, type MailTransport } from '../mail/transport.js';
import type { StoreCapabilities } from '../store/db.js';
import { BusinessRepository } from '../store/repositories/business.repository.js';
import { InvitationRepository } from '../store/repositories/invitation.repository.js';
import { ReviewRepository } from '../store/repositories/review.repository.js';
import { ERASED_DOMAIN } from '../store/repositories/invitation-data.repository.js';
import { SuppressionRepository } from '../store/repositories/suppression.repository.js';
import { WebhookRepository } from '../store/repositories/webhook.repository.js';
import type { BusinessRow, Database, InvitationRow, ReviewRow } from '../store/schema.js';
import { BoundedCache } from '../shared/bounded-cache.js';
import { escapeHtml } from '../shared/escape-html.js';
import { t } from '../i18n/index.js';
import { moderationText } from '../i18n/moderation.js';
import type { AcceptedLinkSecrets, BusinessService } from './business.service.js';
import type { InvitationTrackingService } from './invitation-tracking.service.js';
import { parseJson, publicReplyOf, type PublicReply } from './presenting.js';
import { reviewWebhookEvent } from './webhook-events.js';

export type ReviewEntrance = 'unique_link' | 'bgl' | 'invitation';

/** What review pages see of a business: no secret and no setting they do not show. */
export type ReviewBusiness = Pick<BusinessRow, 'id' | 'name' | 'domain' | 'default_locale'>;

/** What review pages see of a stored review: what the form and the confirmation pages show again. */
export type StoredReview = Pick<
  ReviewRow,
  'id' | 'rating' | 'title' | 'text' | 'products' | 'locale' | 'status' | 'created_at'
>;

/** Everything the review form needs, whichever link the customer followed. */
export interface ReviewContext {
  business: BusinessRow;
  entrance: ReviewEntrance;
  email: string;
  name: string;
  reference: string;
  products: ReviewProductRef[];
  label: ReviewLabel;
  /** The locale the link or invitation names, if any (it yields to the country host). */
  linkLocale: string | undefined;
  invitation: InvitationRow | undefined;
  redirectUri: string | undefined;
  /**
   * For a Unique Link, a digest of its hash: the hash covers email and reference run together, so the
   * signature, not the (email, reference) split a link happens to show, names the review.
   */
  linkDigest: string | undefined;
}

/** A submitted form: stored, or refused with what to fix in each field. */
export type SubmitResult = { ok: true; review: ReviewRow } | { ok: false; errors: ReviewFieldError[] };

/** An organic form: refused with what to fix, or taken (and the confirmation sent, where it may be). */
export type OrganicStart =
  | { status: 'invalid'; errors: ReviewFieldError[]; emailInvalid: boolean }
  | { status: 'sent' | 'suppressed' | 'send_failed' };

/** Why a link cannot be used: the code goes to the business's record, the status to the customer. */
export interface LinkRefusal {
  business: BusinessRow | undefined;
  code: LinkFailureCode | 'unknown_business' | 'invitation_unknown';
  status: 400 | 403 | 404;
}

export type ContextResult = { ok: true; context: ReviewContext } | ({ ok: false } & LinkRefusal);

export interface PublicReview {
  id: string;
  rating: number;
  title: string;
  text: string;
  label: ReviewLabel;
  createdAt: string;
  products: { sku: string; name?: string; rating: number | null }[];
  reviewerName: string;
}

/** A review as its own business reads it (the API): the public facts plus who wrote it and for what. */
export interface BusinessReview extends PublicReview {
  reply: PublicReply | null;
  email: string;
  reference: string | null;
  invitationId: string | null;
  source: string;
  locale: string;
}

export interface ReviewPage {
  reviews: PublicPageReview[];
  /** The cursor of the next (older) page, or null on the last page. */
  next: string | null;
}

/** A review on the public page: the public facts and the business's reply under it, if any. */
export interface PublicPageReview extends PublicReview {
  reply: PublicReply | null;
}

export const REVIEW_STATUSES = ['published', 'pending', 'hidden'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const REVIEW_LABELS = ['verified', 'invited', 'organic'] as const;

/** A review as its business's dashboard shows it: everything, the moderation included. Times in ms. */
export interface DashboardReview {
  id: string;
  rating: number;
  title: string;
  text: string;
  label: ReviewLabel;
  status: ReviewStatus;
  /** The entrance it came through: unique_link, bgl, invitation or organic. */
  source: string;
  /** The reviewer's full name as given (the public page shortens it). */
  reviewerName: string;
  email: string;
  /** True once the reviewer's personal data was erased: nobody can be emailed. */
  erased: boolean;
  reference: string | null;
  locale: string;
  products: { sku: string; name?: string; rating: number | null }[];
  createdAt: number;
  publishedAt: number | null;
  /** A pending organic review whose confirmation link has run out: it will never be published. */
  confirmationExpired: boolean;
  hiddenReason: string | null;
  hiddenAt: number | null;
  reply: string | null;
  repliedAt: number | null;
}

/** The dashboard's filters as the query string gives them: each empty or one allowed value. */
export interface DashboardReviewQuery {
  label?: string | undefined;
  rating?: string | undefined;
  status?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** What became of the email telling the reviewer their review was hidden. */
export type HideNotice =
  | { emailed: true; to: string }
  | { emailed: false; why: 'erased' }
  | { emailed: false; why: 'failed'; message: string };

/** Signs and checks the link of the page where a reviewer reads why their review is hidden (FormTokens). */
export interface LinkSigner {
  sign(value: string): string;
  checkSignature(value: string, signature: string | undefined): boolean;
}

/** What the reviewer's page shows: their review, and why it is hidden (or that it is back). */
export interface HiddenReviewNotice {
  business: ReviewBusiness;
  locale: string;
  title: string;
  text: string;
  rating: number;
  hidden: boolean;
  reason: string | null;
  hiddenAt: number | null;
}

/** The longest hiding reason and public reply, in characters: a paragraph or two, not an essay. */
export const MODERATION_LIMITS = { reasonMax: 1000, replyMax: 5000 } as const;

export interface BusinessSummary {
  business: ReviewBusiness;
  trustScore: number | null;
  count: number;
  distribution: [number, number, number, number, number];
}

export interface ReviewServiceOptions {
  db: Kysely<Database>;
  capabilities: StoreCapabilities;
  /** Reads outside transactions: the store's read-only connection, where it has one. */
  reader: Kysely<Database>;
  clock: Clock;
  random: RandomSource;
  businesses: BusinessService;
  invitationTracking: InvitationTrackingService;
  mailTransport: () => MailTransport;
  publicUrl: URL;
  mailFrom: string;
  /** Days of link failure counts kept (VOUCH_LINK_FAILURE_RETENTION_DAYS). */
  linkFailureRetentionDays: number;
}

/** Codes that mean the link was altered or signed with another secret: 403, not a malformed 400. */
const FORGERY_CODES = new Set<string>(['unique_link_hash_mismatch', 'bgl_mac_mismatch']);
const ORGANIC_CONFIRMATION_DAYS = 7;
/**
 * A write that meets a row another request just inserted becomes an edit of it; a retry can meet one
 * more (a racing split of the same signed link lands on `link_digest`), so three tries are enough.
 */
const MAX_SUBMIT_ATTEMPTS = 3;
const LINK_TARGET_TTL_MS = 5_000;
const LINK_TARGET_CACHE_SIZE = 10_000;

/**
 * Reviews: every entrance turns its link into one ReviewContext, every form submits through `submit`, and
 * every label is decided here. A GET never changes anything; only `submit` and `confirmOrganic` write.
 */
export class ReviewService {
  private readonly reviews: ReviewRepository;
  private readonly businessRows: BusinessRepository;
  private readonly invitationRows: InvitationRepository;
  private readonly suppressions: SuppressionRepository;
  private readonly linkTargets: BoundedCache<string, { business: BusinessRow; secrets: AcceptedLinkSecrets }>;

  constructor(private readonly options: ReviewServiceOptions) {
    this.reviews = new ReviewRepository(options.db, options.reader);
    this.linkTargets = new BoundedCache({
      maxEntries: LINK_TARGET_CACHE_SIZE,
      ttlMs: LINK_TARGET_TTL_MS,
      now: () => this.now(),
    });
    this.businessRows = new BusinessRepository(options.db);
    this.invitationRows = new InvitationRepository(options.db);
    this.suppressions = new SuppressionRepository(options.db);
  }

  findBusiness(domain: string): Promise<BusinessRow | undefined> {
    return this.businessRows.findByDomain(domain.toLowerCase());
  }

  /**
   * The business and the secrets its links are checked against, kept for a few seconds: every customer
   * who opens a link needs them, and they change rarely. A key rotated in another process is therefore
   * seen here within LINK_TARGET_TTL_MS; the previous key stays accepted far longer than that anyway.
   */
  private async linkTarget(
    domain: string,
  ): Promise<{ business: BusinessRow; secrets: AcceptedLinkSecrets } | undefined> {
    const key = domain.toLowerCase();
    const cached = this.linkTargets.get(key);
    if (cached) return cached;
    const business = await this.findBusiness(key);
    if (!business) return undefined;
    const target = { business, secrets: await this.options.businesses.acceptedLinkSecrets(business.id) };
    this.linkTargets.set(key, target);
    return target;
  }

  async resolveUniqueLink(domain: string, query: URLSearchParams): Promise<ContextResult> {
    const target = await this.linkTarget(domain);
    if (!target) return { ok: false, business: undefined, code: 'unknown_business', status: 404 };
    const { business, secrets } = target;
    // verifyUniqueLink refuses what the landing cannot store (a malformed email, a parameter given twice),
    // with the same code `vouch link check` reports.
    const verified = verifyUniqueLink(query, secrets.uniqueLinkSecrets);
    if (!verified.ok) return this.refuse(business, 'unique_link', verified.failure.code);
    const { email, name, reference } = verified.value;
    return {
      ok: true,
      context: {
        business,
        entrance: 'unique_link',
        email: normalizeEmail(email),
        name,
        reference,
        products: [],
        label: 'verified',
        linkLocale: undefined,
        invitation: undefined,
        redirectUri: undefined,
        linkDigest: uniqueLinkDigest(query.get('e') ?? ''),
      },
    };
  }

  async resolveBglLink(domain: string, token: string | undefined): Promise<ContextResult> {
    const target = await this.linkTarget(domain);
    if (!target) return { ok: false, business: undefined, code: 'unknown_business', status: 404 };
    const { business, secrets } = target;
    if (token === undefined || token === '') return this.refuse(business, 'bgl', 'bgl_not_base64');
    const decrypted = decryptBglToken(token, secrets.bglKeys);
    if (!decrypted.ok) return this.refuse(business, 'bgl', decrypted.failure.code);
    const { payload } = decrypted.value;
    const email = payload.email.trim();
    return {
      ok: true,
      context: {
        business,
        entrance: 'bgl',
        email: normalizeEmail(email),
        name: payload.name,
        reference: payload.ref,
        products: [...new Set(payload.skus ?? [])].slice(0, 50).map((sku) => ({ sku })),
        label: 'verified',
        linkLocale: typeof payload.locale === 'string' ? payload.locale : undefined,
        invitation: undefined,
        redirectUri: undefined,
        linkDigest: undefined,
      },
    };
  }

  async resolveInvitation(token: string): Promise<ContextResult> {
    const invitation = await this.options.invitationTracking.findByToken(token);
    // An unknown token names no business, so there is nobody to show the failure to: nothing is written.
    if (!invitation) return { ok: false, business: undefined, code: 'invitation_unknown', status: 404 };
    const business = await this.businessRows.findById(invitation.business_id);
    if (!business) return { ok: false, business, code: 'invitation_unknown', status: 404 };
    const products = parseJson<InvitationProduct[]>(invitation.products, []);
    return {
      ok: true,
      context: {
        business,
        entrance: 'invitation',
        email: invitation.email,
        name: invitation.name,
        reference: invitation.reference,
        products: products.map((product) => ({ sku: product.sku, name: product.name })),
        label: parseLabel(invitation.label),
        linkLocale: invitation.locale ?? undefined,
        invitation,
        redirectUri: invitation.redirect_uri ?? undefined,
        linkDigest: undefined,
      },
    };
  }

  /** Records that an email link was followed; the page shows the form either way. */
  async recordClick(context: ReviewContext): Promise<void> {
    if (context.invitation) await this.options.invitationTracking.recordClick(context.invitation);
  }

  /** The review this link already made: the one of its signature for a Unique Link, else of its order. */
  async existingReview(context: ReviewContext): Promise<ReviewRow | undefined> {
    if (context.linkDigest !== undefined) {
      const byLink = await this.reviews.findByLinkDigest(context.business.id, context.linkDigest);
      if (byLink) return byLink;
    }
    return this.reviews.findByIdentity(context.business.id, context.email, context.reference);
  }

  /**
   * Checks the form (every entrance gets the same rules here), then stores the review, or updates the one
   * this customer already wrote for this order or through this signed link, and marks the invitation
   * answered so no reminder follows.
   */
  async submit(context: ReviewContext, input: ReviewFormInput, locale: Locale): Promise<SubmitResult> {
    const checked = validateReview(input, context.products);
    if (!checked.ok) return checked;
    return { ok: true, review: await this.store(context, checked.review, locale, 1) };
  }

  private async store(
    context: ReviewContext,
    review: ValidReview,
    locale: Locale,
    attempt: number,
  ): Promise<ReviewRow> {
    const now = this.now();
    const existing = await this.existingReview(context);
    const invitation =
      context.invitation ??
      (await this.invitationRows.findAnswerable(context.business.id, context.email, context.reference));
    let row: ReviewRow;
    if (existing) {
      const change = {
        rating: review.rating,
        title: review.title,
        text: review.text,
        products: JSON.stringify(review.products),
        label: strongerLabel(parseLabel(existing.label), context.label),
        invitation_id: existing.invitation_id ?? invitation?.id ?? null,
        locale,
        updated_at: now,
        // A review made before links were remembered learns its link now; one made by another link (a
        // rotated secret) keeps its own.
        link_digest: existing.link_digest ?? context.linkDigest ?? null,
      };
      row = { ...existing, ...change };
      try {
        await this.writeWithEvent(row, 'review.updated', (reviews) =>
          reviews.update(context.business.id, existing.id, change),
        );
      } catch (error) {
        if (this.isRace(error, attempt)) return this.store(context, review, locale, attempt + 1);
        throw error;
      }
    } else {
      row = {
        id: this.options.random.uuid(),
        business_id: context.business.id,
        invitation_id: invitation?.id ?? null,
        label: context.label,
        source: context.entrance,
        email: context.email,
        name: context.name,
        reference: context.reference,
        rating: review.rating,
        title: review.title,
        text: review.text,
        products: JSON.stringify(review.products),
        locale,
        status: 'published',
        confirm_token_hash: null,
        confirm_expires_at: null,
        created_at: now,
        updated_at: now,
        published_at: now,
        link_digest: context.linkDigest ?? null,
        hidden_reason: null,
        hidden_at: null,
        reply_text: null,
        replied_at: null,
      };
      try {
        const created = row;
        await this.writeWithEvent(created, 'review.created', (reviews) => reviews.insert(created));
      } catch (error) {
        // The same form (or two splits of one link) sent at once: the second meets the first's row and
        // becomes an edit of it.
        if (this.isRace(error, attempt)) return this.store(context, review, locale, attempt + 1);
        throw error;
      }
    }
    if (invitation) await this.options.invitationTracking.markReviewed(invitation, row.id);
    return row;
  }

  /**
   * Writes a review and its outbound webhook deliveries in one transaction: subscribers hear of the
   * change if and only if it was stored (a write that fails, such as a racing insert, takes its
   * deliveries down with it).
   */
  private async writeWithEvent(
    row: ReviewRow,
    type: 'review.created' | 'review.updated',
    write: (reviews: ReviewRepository) => Promise<void>,
  ): Promise<void> {
    await this.options.db.transaction().execute(async (trx) => {
      await new WebhookRepository(trx, () => this.options.random.uuid()).enqueue(row.business_id, [
        reviewWebhookEvent(type, row, row.updated_at),
      ]);
      await write(new ReviewRepository(trx));
    });
  }

  private isRace(error: unknown, attempt: number): boolean {
    return attempt < MAX_SUBMIT_ATTEMPTS && this.options.capabilities.isUniqueViolation(error);
  }

  async findReview(businessId: string, id: string): Promise<ReviewRow | undefined> {
    return this.reviews.findById(businessId, id);
  }

  async summary(business: ReviewBusiness): Promise<BusinessSummary> {
    const stats = await this.reviews.stats(business.id);
    return {
      business,
      trustScore: trustScore(stats.count, stats.ratingSum),
      count: stats.count,
      distribution: stats.distribution,
    };
  }

  /** Published reviews, newest first; `cursor` is the `next` of the previous page. */
  async listPublished(
    business: ReviewBusiness,
    options: { cursor?: string | undefined; limit?: number | undefined },
  ): Promise<ReviewPage> {
    const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
    // An empty cursor is the first page: clients often send `cursor=${next ?? ''}`.
    const cursor = options.cursor === '' ? undefined : options.cursor;
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && after === undefined) {
      throw new VouchError(
        'validation_failed',
        "The cursor is not one Vouch gave; pass the previous page's `next` as it came, or omit it for the first page.",
        { field: 'cursor' },
      );
    }
    const rows = await this.reviews.listPublished(business.id, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      reviews: page.map((row) => ({ ...presentReview(row), reply: publicReplyOf(row) })),
      next: rows.length > limit && last ? encodeCursor(last.published_at ?? last.created_at, last.id) : null,
    };
  }

  /**
   * Every published review of one business (all labels), newest first, as the business itself sees
   * them through its API: with the reviewer's email, the order reference and the invitation.
   */
  async listForBusiness(
    businessId: string,
    options: { cursor?: string | undefined; limit?: number | undefined },
  ): Promise<{ reviews: BusinessReview[]; next: string | null }> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 100);
    const cursor = options.cursor === '' ? undefined : options.cursor;
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && after === undefined) {
      throw new VouchError(
        'validation_failed',
        "The cursor is not one Vouch gave; pass the previous page's `next` as it came, or omit it for the first page.",
        { field: 'cursor', errors: [{ path: 'cursor', message: 'is not a cursor Vouch gave' }] },
      );
    }
    const rows = await this.reviews.listPublished(businessId, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      reviews: page.map((row) => ({
        ...presentReview(row),
        reviewerName: row.name,
        email: row.email,
        reference: row.reference,
        invitationId: row.invitation_id,
        source: row.source,
        locale: row.locale,
        reply: publicReplyOf(row),
      })),
      next: rows.length > limit && last ? encodeCursor(last.published_at ?? last.created_at, last.id) : null,
    };
  }

  /**
   * Every review of the business for its dashboard: all labels and statuses, narrowed by label, rating
   * and status, newest first; `cursor` is the `next` of the previous page. A filter that is not one of
   * the allowed values is refused with what to use.
   */
  async listForDashboard(
    businessId: string,
    query: DashboardReviewQuery,
  ): Promise<{ reviews: DashboardReview[]; next: string | null }> {
    const limit = Math.min(Math.max(query.limit ?? 25, 1), 100);
    const label = oneOf(query.label, REVIEW_LABELS, 'label');
    const status = oneOf(query.status, REVIEW_STATUSES, 'status');
    const rating = oneOf(query.rating, ['1', '2', '3', '4', '5'] as const, 'rating');
    const cursor = query.cursor === '' ? undefined : query.cursor;
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && after === undefined) {
      throw new VouchError(
        'validation_failed',
        'This page link is out of date; start again from the first page.',
        { field: 'cursor' },
      );
    }
    const rows = await this.reviews.listForDashboard(
      businessId,
      { label, status, rating: rating === undefined ? undefined : Number(rating) },
      limit + 1,
      after && { createdAt: after.publishedAt, id: after.id },
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const now = this.now();
    return {
      reviews: page.map((row) => presentForDashboard(row, now)),
      next: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  /** One review of the business, for its dashboard; another business's id is not found. */
  async dashboardReview(businessId: string, id: string): Promise<DashboardReview> {
    return presentForDashboard(await this.ownReview(businessId, id), this.now());
  }

  private async ownReview(businessId: string, id: string): Promise<ReviewRow> {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await this.reviews.findById(businessId, id) : undefined;
    if (!row) throw new VouchError('review_not_found', 'This business has no such review.');
    return row;
  }

  /**
   * Takes a published review off the public page, the widget, the public API and the TrustScore (they
   * count published reviews only), keeping it in the dashboard with the reason. The reviewer is emailed
   * the reason, in the review's language, with a signed link to a page that shows it beside their review;
   * the review stays hidden whether or not the email goes out, and the answer says which.
   */
  async hide(businessId: string, id: string, rawReason: string, signer: LinkSigner): Promise<HideNotice> {
    const reason = rawReason.trim();
    if (reason === '') {
      throw new VouchError(
        'validation_failed',
        'Say why the review is hidden: the reviewer is sent the reason.',
        {
          field: 'reason',
        },
      );
    }
    if (reason.length > MODERATION_LIMITS.reasonMax) {
      throw new VouchError(
        'validation_failed',
        `The reason has ${reason.length} characters; keep it to ${MODERATION_LIMITS.reasonMax}.`,
        { field: 'reason' },
      );
    }
    const row = await this.ownReview(businessId, id);
    if (row.status !== 'published') {
      throw new VouchError(
        'review_status_conflict',
        row.status === 'hidden'
          ? 'This review is already hidden; show it again first to hide it with another reason.'
          : 'This review is not published yet (its writer has not confirmed it), so there is nothing to hide.',
      );
    }
    const now = this.now();
    const change = { status: 'hidden', hidden_reason: reason, hidden_at: now, updated_at: now };
    const hidden = { ...row, ...change };
    await this.writeWithEvent(hidden, 'review.updated', (reviews) => reviews.update(businessId, id, change));
    if (hidden.email.endsWith(`@${ERASED_DOMAIN}`)) return { emailed: false, why: 'erased' };
    try {
      await this.sendHiddenNotice(hidden, reason, signer);
      return { emailed: true, to: hidden.email };
    } catch (error) {
      if (error instanceof MailSendError) return { emailed: false, why: 'failed', message: error.message };
      throw error;
    }
  }

  /** Puts a hidden review back on the public page; the reason is forgotten. */
  async unhide(businessId: string, id: string): Promise<void> {
    const row = await this.ownReview(businessId, id);
    if (row.status !== 'hidden') {
      throw new VouchError('review_status_conflict', 'This review is not hidden.');
    }
    const now = this.now();
    const change = { status: 'published', hidden_reason: null, hidden_at: null, updated_at: now };
    await this.writeWithEvent({ ...row, ...change }, 'review.updated', (reviews) =>
      reviews.update(businessId, id, change),
    );
  }

  /** The business's public reply under a review; an empty text removes it. */
  async reply(businessId: string, id: string, rawText: string): Promise<'saved' | 'removed'> {
    const text = rawText.trim();
    if (text.length > MODERATION_LIMITS.replyMax) {
      throw new VouchError(
        'validation_failed',
        `The reply has ${text.length} characters; keep it to ${MODERATION_LIMITS.replyMax}.`,
        { field: 'text' },
      );
    }
    const row = await this.ownReview(businessId, id);
    if (row.status === 'pending') {
      throw new VouchError(
        'review_status_conflict',
        'This review is not published yet (its writer has not confirmed it); reply once it is.',
      );
    }
    const now = this.now();
    const change = {
      reply_text: text === '' ? null : text,
      replied_at: text === '' ? null : now,
      updated_at: now,
    };
    await this.writeWithEvent({ ...row, ...change }, 'review.updated', (reviews) =>
      reviews.update(businessId, id, change),
    );
    return text === '' ? 'removed' : 'saved';
  }

  /** The link in the hiding email: it names the review and is signed, so nobody else's can be read. */
  hiddenNoticeLink(
    business: Pick<BusinessRow, 'id' | 'domain'>,
    reviewId: string,
    signer: LinkSigner,
  ): string {
    const signature = signer.sign(hiddenNoticeSubject(business.id, reviewId));
    return `${this.options.publicUrl.href.replace(/\/$/, '')}/review/${business.domain}/hidden/${reviewId}?s=${signature}`;
  }

  /** The page of a hiding email's link, when its signature holds. */
  async hiddenNotice(
    domain: string,
    reviewId: string,
    signature: string | undefined,
    signer: LinkSigner,
  ): Promise<HiddenReviewNotice | undefined> {
    const business = await this.findBusiness(domain);
    if (!business || !signer.checkSignature(hiddenNoticeSubject(business.id, reviewId), signature)) {
      return undefined;
    }
    const row = await this.reviews.findById(business.id, reviewId);
    if (!row || row.status === 'pending') return undefined;
    return {
      business: {
        id: business.id,
        name: business.name,
        domain: business.domain,
        default_locale: business.default_locale,
      },
      locale: row.locale,
      title: row.title,
      text: row.text,
      rating: row.rating,
      hidden: row.status === 'hidden',
      reason: row.hidden_reason,
      hiddenAt: row.hidden_at,
    };
  }

  private async sendHiddenNotice(review: ReviewRow, reason: string, signer: LinkSigner): Promise<void> {
    const business = await this.businessRows.findById(review.business_id);
    if (!business) throw new Error(`business ${review.business_id} vanished while hiding a review`);
    const locale = parseLocale(review.locale) ?? 'en-US';
    const link = this.hiddenNoticeLink(business, review.id, signer);
    const say = (key: Parameters<typeof moderationText>[1], params: Record<string, string> = {}) =>
      moderationText(locale, key, { business: business.name, ...params });
    const paragraphs = [
      ...(review.name.trim() === '' ? [] : [say('email.greeting', { name: review.name.trim() })]),
      say('email.body', { title: review.title }),
      say('email.reason', { reason }),
      say('email.link', { link }),
      say('hidden.contact'),
    ];
    await this.options.mailTransport().send({
      from: {
        name: business.sender_name ?? business.name,
        address: business.sender_email ?? this.options.mailFrom,
      },
      to: { name: review.name, address: review.email },
      replyTo: business.reply_to ?? undefined,
      subject: say('email.subject'),
      text: paragraphs.join('\n\n'),
      html: `<!doctype html><html lang="${locale}"><body>${paragraphs
        .map(
          (paragraph) =>
            `<p>${escapeHtml(paragraph)
              .replaceAll(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`)
              .replaceAll('\n', '<br>')}</p>`,
        )
        .join('')}</body></html>`,
      messageId: `review-hidden-${this.options.random.uuid()}@${this.options.publicUrl.hostname}`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  }

  /**
   * An organic review: checked by the same rules as `submit`, stored as pending and published only when
   * the reviewer follows the link sent to their address, so nobody writes in someone else's name. The
   * address is never shown. It is not a ReviewContext: nothing vouches for its email or names an order
   * until the reviewer confirms, and what it writes is a pending row, not an edit of an earlier review.
   */
  async startOrganic(
    business: BusinessRow,
    input: { email: string; name: string; review: ReviewFormInput; locale: Locale },
  ): Promise<OrganicStart> {
    const checked = validateReview(input.review, []);
    const emailInvalid = findEmailProblem(input.email.trim()) !== undefined;
    if (!checked.ok || emailInvalid) {
      return { status: 'invalid', errors: checked.ok ? [] : checked.errors, emailInvalid };
    }
    return { status: await this.storeOrganic(business, { ...input, review: checked.review }) };
  }

  private async storeOrganic(
    business: BusinessRow,
    input: { email: string; name: string; review: ValidReview; locale: Locale },
  ): Promise<'sent' | 'suppressed' | 'send_failed'> {
    const now = this.now();
    // An address that asked for no more mail gets none, not even this; the page says the same either way,
    // so the form does not tell a stranger who unsubscribed.
    const suppressed = await this.suppressions.findForEmails(business.id, [normalizeEmail(input.email)]);
    if (suppressed.length > 0) return 'suppressed';
    const token = this.options.random.bytes(24).toString('base64url');
    await this.reviews.insert({
      id: this.options.random.uuid(),
      business_id: business.id,
      invitation_id: null,
      label: 'organic',
      source: 'organic',
      email: normalizeEmail(input.email),
      name: input.name,
      reference: null,
      rating: input.review.rating,
      title: input.review.title,
      text: input.review.text,
      products: '[]',
      locale: input.locale,
      status: 'pending',
      confirm_token_hash: hashToken(token),
      confirm_expires_at: now + ORGANIC_CONFIRMATION_DAYS * DAY_MS,
      created_at: now,
      updated_at: now,
      published_at: null,
      link_digest: null,
      hidden_reason: null,
      hidden_at: null,
      reply_text: null,
      replied_at: null,
    });
    try {
      await this.sendConfirmation(business, input, token);
      return 'sent';
    } catch (error) {
      // The pending review stays unpublished and expires; the reviewer is asked to try again.
      if (error instanceof MailSendError) return 'send_failed';
      throw error;
    }
  }

  private async sendConfirmation(
    business: BusinessRow,
    input: { email: string; name: string; locale: Locale },
    token: string,
  ): Promise<void> {
    const link = `${this.options.publicUrl.href.replace(/\/$/, '')}/review/${business.domain}/confirm/${token}`;
    const body = t(input.locale, 'organic.confirmationEmail.body', { link, business: business.name });
    await this.options.mailTransport().send({
      from: {
        name: business.sender_name ?? business.name,
        address: business.sender_email ?? this.options.mailFrom,
      },
      to: { name: input.name, address: normalizeEmail(input.email) },
      subject: t(input.locale, 'organic.confirmationEmail.subject', { business: business.name }),
      text: body,
      html: `<!doctype html><html><body><p>${escapeHtml(body)
        .replaceAll(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`)
        .replaceAll('\n', '<br>')}</p></body></html>`,
      messageId: `confirm-${this.options.random.uuid()}@${this.options.publicUrl.hostname}`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  }

  /** The pending review a confirmation link names, if the link is still good. */
  async pendingOrganic(business: ReviewBusiness, token: string): Promise<ReviewRow | undefined> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
    const row = await this.reviews.findPendingByTokenHash(business.id, hashToken(token));
    if (!row || row.status !== 'pending' || (row.confirm_expires_at ?? 0) < this.now()) return undefined;
    return row;
  }

  async confirmOrganic(business: ReviewBusiness, token: string): Promise<ReviewRow | undefined> {
    const row = await this.pendingOrganic(business, token);
    if (!row) return undefined;
    const now = this.now();
    const change = {
      status: 'published',
      published_at: now,
      updated_at: now,
      confirm_token_hash: null,
      confirm_expires_at: null,
    };
    const published = { ...row, ...change };
    // Published now, so subscribers hear of it now: a pending organic review was no review yet.
    await this.writeWithEvent(published, 'review.created', (reviews) =>
      reviews.update(business.id, row.id, change),
    );
    return published;
  }

  /** Link failures per finding code, for the business's dashboard. */
  linkFailures(business: BusinessRow, days = 30) {
    return this.reviews.linkFailureCounts(business.id, this.now() - days * DAY_MS);
  }

  private async refuse(
    business: BusinessRow,
    entrance: string,
    code: LinkFailureCode,
  ): Promise<ContextResult> {
    await this.reviews.recordLinkFailure(
      business.id,
      entrance,
      code,
      this.now(),
      this.options.linkFailureRetentionDays,
    );
    return { ok: false, business, code, status: FORGERY_CODES.has(code) ? 403 : 400 };
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }
}

export function presentReview(row: ReviewRow): PublicReview {
  return {
    id: row.id,
    rating: row.rating,
    title: row.title,
    text: row.text,
    label: parseLabel(row.label),
    createdAt: new Date(row.published_at ?? row.created_at).toISOString(),
    products: parseJson<PublicReview['products']>(row.products, []),
    reviewerName: publicName(row.name),
  };
}

/** "Jane Doe" is shown as "Jane D.": enough to be a person, not enough to be found. */
export function publicName(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '';
  const [first, ...rest] = parts;
  const last = rest.at(-1);
  return last ? `${first} ${last.charAt(0).toUpperCase()}.` : (first ?? '');
}

function encodeCursor(publishedAt: number, id: string): string {
  return Buffer.from(`${publishedAt}.${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { publishedAt: number; id: string } | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{1,15})\.([0-9a-f-]{36})$/.exec(text);
  return match ? { publishedAt: Number(match[1]), id: match[2] ?? '' } : undefined;
}

/** What a review keeps of a Unique Link's hash: enough to recognise the link, not the hash itself. */
function uniqueLinkDigest(hash: string): string {
  return createHash('sha256').update(`unique_link|${hash.toLowerCase()}`).digest('hex');
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The value a hiding email's link signs: the business and the review, under a purpose of its own. */
function hiddenNoticeSubject(businessId: string, reviewId: string): string {
  return `review-hidden|${businessId}|${reviewId}`;
}

/** A filter from the query string: empty is none; anything else must be one of `allowed`. */
function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  field: string,
): T | undefined {
  if (value === undefined || value === '') return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new VouchError(
    'validation_failed',
    `"${value.slice(0, 40)}" is not a ${field} to filter by; use one of ${allowed.join(', ')}, or leave it empty.`,
    { field },
  );
}

function presentForDashboard(row: ReviewRow, now: number): DashboardReview {
  const status = (REVIEW_STATUSES as readonly string[]).includes(row.status)
    ? (row.status as ReviewStatus)
    : 'pending';
  return {
    id: row.id,
    rating: row.rating,
    title: row.title,
    text: row.text,
    label: parseLabel(row.label),
    status,
    source: row.source,
    reviewerName: row.name,
    email: row.email,
    erased: row.email.endsWith(`@${ERASED_DOMAIN}`),
    reference: row.reference,
    locale: row.locale,
    products: parseJson<DashboardReview['products']>(row.products, []),
    createdAt: row.created_at,
    publishedAt: row.published_at,
    confirmationExpired: status === 'pending' && (row.confirm_expires_at ?? 0) < now,
    hiddenReason: row.hidden_reason,
    hiddenAt: row.hidden_at,
    reply: row.reply_text,
    repliedAt: row.replied_at,
  };
}
