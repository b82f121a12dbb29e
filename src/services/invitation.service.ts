import type { Kysely, Transaction } from 'kysely';
import type { Clock, RandomSource } from '../clock.js';
import {
  LINK_ISSUED,
  decide,
  orderCancelledReason,
  plannedSendTime,
  utcMonth,
  type FunnelDecision,
  type InvitationStatus,
} from '../domain/invitations/decisions.js';
import { frequencyWindowStart, isCounted, type CountedInvitation } from '../domain/invitations/frequency.js';
import { effectiveSuppression, suppressionScope } from '../domain/invitations/suppression.js';
import {
  labelForChannel,
  type InvitationChannel,
  validateInvitationRequest,
  type InvitationProblem,
  type InvitationProduct,
  type InvitationRequest,
  type ValidInvitationRequest,
} from '../domain/invitations/request.js';
import { VouchError } from '../errors.js';
import { BoundedCache } from '../shared/bounded-cache.js';
import type { StoreCapabilities } from '../store/db.js';
import { BusinessRepository } from '../store/repositories/business.repository.js';
import {
  InvitationRepository,
  NOT_YET_SENT,
  type NewInvitationEvent,
} from '../store/repositories/invitation.repository.js';
import {
  OrderCancellationRepository,
  type OrderCancellation,
} from '../store/repositories/order-cancellation.repository.js';
import { PlanRepository } from '../store/repositories/plan.repository.js';
import { SuppressionRepository } from '../store/repositories/suppression.repository.js';
import type {
  BusinessRow,
  Database,
  InvitationRow,
  NewInvitationRow,
  SuppressionRow,
} from '../store/schema.js';
import type { BusinessService } from './business.service.js';
import { present, type InvitationView } from './invitation-presenter.js';
import { iso, parseJson } from './presenting.js';
import type { MetricsRecorder } from '../observability/metrics.js';
import type { DryRun } from './invitation-dry-run.js';
import { fromDryRun } from './invitation-dry-run.js';

export interface AcceptResult {
  /** The status of the new invitation, `duplicate` for one that existed, or `merged` when a product row
   * joined the invitation an earlier row of the same import made. */
  decision: FunnelDecision | 'merged';
  reason: string;
  invitation: InvitationView;
}

/** One request of a batch: its decision, or the problems that made it invalid. */
export type BatchOutcome = { ok: true; result: AcceptResult } | { ok: false; problems: InvitationProblem[] };

export interface CancelFilter {
  id?: string | undefined;
  reference?: string | undefined;
  /** Every queued invitation of the business. */
  all?: boolean | undefined;
}

/**
 * A write of the caller's that must commit with the funnel's decisions or not at all (an integration's
 * delivery log claiming the platform's delivery id); it runs first in the funnel's transaction, and its
 * error rolls the decisions back.
 */
export type AlongsideWrite = (trx: Transaction<Database>) => Promise<void>;

/** A shop's word that an order was cancelled or refunded, with why. */
export interface OrderCancel {
  reference: string;
  reason: string;
  channel: InvitationChannel;
}

export interface InvitationServiceOptions {
  db: Kysely<Database>;
  capabilities: StoreCapabilities;
  clock: Clock;
  random: RandomSource;
  businesses: BusinessService;
  metrics?: MetricsRecorder;
}

/** Customers per lookup when a batch gathers its facts: well under the bound-parameter limits. */
const LOOKUP_CHUNK = 500;
/** How long a plan's cap is reused; `vouch plan set` from another process takes effect within this. */
const PLAN_CACHE_MS = 5_000;
const PLANS_KEPT = 100;

/**
 * The one funnel. Every channel hands over an InvitationRequest; this decides what happens to it (duplicate,
 * test address, suppressed, too frequent, over the cap, or scheduled) in one transaction, stores the
 * invitation with its reason, and writes the first event. The invitation row is the worker's outbox.
 * Reading invitations is InvitationQueryService's; what customers do with them, InvitationTrackingService's.
 */
export class InvitationService {
  private readonly invitations: InvitationRepository;
  private readonly suppressions: SuppressionRepository;
  private readonly plans: PlanRepository;
  private readonly cancellations: OrderCancellationRepository;
  private readonly planCache: BoundedCache<string, { name: string; monthlyCap: number | null }>;

  constructor(private readonly options: InvitationServiceOptions) {
    this.planCache = new BoundedCache({
      maxEntries: PLANS_KEPT,
      ttlMs: PLAN_CACHE_MS,
      now: () => options.clock.now().getTime(),
    });
    this.invitations = new InvitationRepository(options.db);
    this.suppressions = new SuppressionRepository(options.db);
    this.plans = new PlanRepository(options.db);
    this.cancellations = new OrderCancellationRepository(options.db);
  }

  /** Accepts one request; an invalid request is refused with the first problem's code, naming its field. */
  async accept(business: string | BusinessRow, request: InvitationRequest): Promise<AcceptResult> {
    const [outcome] = await this.acceptBatch(business, [request]);
    if (!outcome) throw new Error('acceptBatch answered nothing for one request');
    if (!outcome.ok) {
      const [first] = outcome.problems;
      throw new VouchError(
        first?.code ?? 'invitation_field_invalid',
        first?.message ?? 'The invitation is not valid.',
        {
          field: first?.field,
          problems: outcome.problems,
        },
      );
    }
    return outcome.result;
  }

  /**
   * Accepts many requests for one business in one transaction, deciding them in order as if one by one
   * (a later request sees the earlier ones). The file import's path: a few queries per batch, not per row.
   * A dry run decides the same way and writes none of it; pass one `DryRun` to every batch of a run
   * so later batches see what earlier ones decided.
   */
  async acceptBatch(
    businessRef: string | BusinessRow,
    requests: readonly InvitationRequest[],
    options: { dryRun?: DryRun; alongside?: AlongsideWrite } = {},
  ): Promise<BatchOutcome[]> {
    const business =
      typeof businessRef === 'string' ? await this.options.businesses.row(businessRef) : businessRef;
    const now = this.options.clock.now().getTime();
    const checks = requests.map((request) => validateInvitationRequest(request));
    const valid = checks.flatMap((check) => (check.ok ? [check.request] : []));
    const plan = await this.planOf(business.plan);
    const { dryRun } = options;

    const runDecisions = () =>
      this.options.db.transaction().execute(async (trx) => {
        await new BusinessRepository(trx).lockForDecisions(
          business.id,
          this.options.capabilities.supportsRowLocks,
        );
        if (options.alongside && !dryRun) await options.alongside(trx);
        const invitations = this.invitations.withTransaction(trx);
        const suppressions = this.suppressions.withTransaction(trx);
        const emails = [...new Set(valid.map((request) => request.email))];
        const facts = await this.gatherFacts(invitations, suppressions, business, emails, valid, now, dryRun);
        const cancelledOrders = await this.cancelledOrders(
          this.cancellations.withTransaction(trx),
          business.id,
          valid,
        );

        const rows: NewInvitationRow[] = [];
        const events: NewInvitationEvent[] = [];
        const merges = new Map<string, { row: InvitationRow; products: InvitationProduct[] }>();
        const results: AcceptResult[] = [];
        const scheduledByMonth = new Map<number, number>();
        for (const request of valid) {
          const key = identityKey(request.email, request.reference, request.kind);
          const existing = facts.byIdentity.get(key);
          if (existing) {
            results.push(this.duplicateOrMerge(existing, request, merges, events, now));
            continue;
          }
          const triggerAt = request.triggerAt ?? now;
          const delayDays = request.delayDays ?? business.invitation_delay_days;
          const sendAtPlan = plannedSendTime({
            triggerAt,
            delayDays,
            preferredSendTime: request.preferredSendTime,
            sendHour: business.send_hour,
          });
          const month = utcMonth(sendAtPlan);
          const suppression = facts.suppressionByEmail.get(request.email);
          const ruled = decide({
            now,
            triggerAt,
            email: request.email,
            reference: request.reference,
            businessName: business.name,
            businessDomain: business.domain,
            delayDays,
            preferredSendTime: request.preferredSendTime,
            sendHour: business.send_hour,
            suppression: suppression && {
              scope: suppressionScope(suppression.scope),
              reason: suppression.reason,
              since: suppression.created_at,
            },
            frequencyDays: business.frequency_days,
            earlierInvitations: facts.countedByEmail.get(request.email) ?? [],
            plan,
            scheduledInSendMonth:
              plan.monthlyCap === null ? 0 : await facts.monthCount(month.start, month.end),
            orderCancelled: cancelledOrders.get(request.reference),
          });
          // A link the business hands out itself is issued, never sent: no sending rule applies to it.
          const decision = request.channel === 'link' ? LINK_ISSUED : ruled;
          const row = this.newRow(
            business,
            request,
            decision.status,
            decision.reason,
            decision.sendAt,
            triggerAt,
            now,
          );
          rows.push(row);
          facts.byIdentity.set(key, row as InvitationRow);
          if (decision.status === 'scheduled') {
            facts.addCounted(request.email, { triggerAt, reference: request.reference });
            facts.countInMonth(month.start);
            scheduledByMonth.set(month.start, (scheduledByMonth.get(month.start) ?? 0) + 1);
          }
          events.push({
            invitationId: row.id,
            businessId: business.id,
            type: decision.status,
            at: now,
            detail: {
              channel: request.channel,
              reason: decision.reason,
              ...(decision.sendAt === undefined ? {} : { sendAt: iso(decision.sendAt) }),
            },
          });
          results.push(acceptResult(decision.status, decision.reason, row as InvitationRow));
        }
        if (dryRun) {
          // Every decision above is made: a dry run writes none of it, and keeps instead what the
          // run's later batches must see.
          dryRun.remember(rows as InvitationRow[], merges.values(), scheduledByMonth);
          return results;
        }
        await invitations.insertMany(rows);
        for (const { row, products } of merges.values()) {
          await invitations.update(business.id, row.id, {
            products: JSON.stringify(products),
            updated_at: now,
          });
        }
        await invitations.insertEvents(events);
        return results;
      });
    const decided = valid.length === 0 ? [] : await runDecisions();

    let next = 0;
    const outcomes = checks.map((check): BatchOutcome => {
      if (!check.ok) return { ok: false, problems: check.problems };
      const result = decided[next++];
      if (!result) throw new Error('a valid request was left without a decision');
      return { ok: true, result };
    });
    if (!dryRun && this.options.metrics?.enabled) countDecisions(this.options.metrics, requests, outcomes);
    return outcomes;
  }

  /** Cancels queued invitations: one by id, all of a reference, or all of the business. */
  async cancel(businessRef: string, filter: CancelFilter): Promise<{ cancelled: string[] }> {
    const business = await this.options.businesses.row(businessRef);
    const chosen = [filter.id, filter.reference, filter.all ? true : undefined].filter(
      (value) => value !== undefined,
    );
    if (chosen.length !== 1) {
      throw new VouchError(
        'validation_failed',
        'Say which invitations to cancel: one id, one reference, or all queued ones.',
      );
    }
    const now = this.options.clock.now().getTime();
    const reason =
      filter.id !== undefined
        ? 'Cancelled by the business.'
        : filter.reference !== undefined
          ? `Cancelled with every queued invitation of reference ${filter.reference}.`
          : 'Cancelled with every queued invitation of the business.';
    return this.options.db.transaction().execute(async (trx) => {
      const invitations = this.invitations.withTransaction(trx);
      const ids = await invitations.queuedIds(business.id, { id: filter.id, reference: filter.reference });
      if (filter.id !== undefined && ids.length === 0) {
        const row = await invitations.findById(business.id, filter.id);
        if (!row)
          throw new VouchError('invitation_not_found', `${business.domain} has no invitation ${filter.id}.`);
        throw new VouchError(
          'validation_failed',
          `The invitation ${filter.id} is ${row.status}, not queued; only queued invitations can be cancelled.`,
          { status: row.status },
        );
      }
      const cancelled = await invitations.cancelQueued(business.id, ids, now, reason);
      await invitations.insertEvents(
        cancelled.map((id) => ({
          invitationId: id,
          businessId: business.id,
          type: 'cancelled',
          at: now,
          detail: { reason },
        })),
      );
      return { cancelled };
    });
  }

  /**
   * A shop cancelled or refunded an order: its queued invitations (service and product) are cancelled, each
   * with an event, and the order is remembered, so an event that would invite for it and arrives later
   * (out of order, or again) is decided `cancelled` with the same reason. Cancelling twice changes nothing.
   */
  async cancelOrder(
    businessRef: string | BusinessRow,
    order: OrderCancel,
    options: { alongside?: AlongsideWrite } = {},
  ): Promise<{ cancelled: string[]; reason: string }> {
    const business =
      typeof businessRef === 'string' ? await this.options.businesses.row(businessRef) : businessRef;
    const now = this.options.clock.now().getTime();
    return this.options.db.transaction().execute(async (trx) => {
      // Serialised with accept(): an invitation being decided for this order either exists when the cancel
      // looks, or sees the remembered cancel.
      await new BusinessRepository(trx).lockForDecisions(
        business.id,
        this.options.capabilities.supportsRowLocks,
      );
      await options.alongside?.(trx);
      const first = await this.cancellations
        .withTransaction(trx)
        .remember(business.id, { ...order, cancelledAt: now });
      const reason = orderCancelledReason(order.reference, { reason: first.reason, at: first.cancelledAt });
      const invitations = this.invitations.withTransaction(trx);
      const ids = await invitations.queuedIds(business.id, { reference: order.reference });
      const cancelled = await invitations.cancelQueued(business.id, ids, now, reason);
      await invitations.insertEvents(
        cancelled.map((id) => ({
          invitationId: id,
          businessId: business.id,
          type: 'cancelled',
          at: now,
          detail: { channel: order.channel, reason },
        })),
      );
      return { cancelled, reason };
    });
  }

  /** The batch's orders that a shop already cancelled, by reference. */
  private async cancelledOrders(
    cancellations: OrderCancellationRepository,
    businessId: string,
    requests: readonly ValidInvitationRequest[],
  ): Promise<Map<string, { reason: string; at: number }>> {
    const references = [...new Set(requests.map((request) => request.reference))];
    const found = new Map<string, { reason: string; at: number }>();
    for (let start = 0; start < references.length; start += LOOKUP_CHUNK) {
      const rows: OrderCancellation[] = await cancellations.find(
        businessId,
        references.slice(start, start + LOOKUP_CHUNK),
      );
      for (const row of rows) found.set(row.reference, { reason: row.reason, at: row.cancelledAt });
    }
    return found;
  }

  private duplicateOrMerge(
    existing: InvitationRow,
    request: ValidInvitationRequest,
    merges: Map<string, { row: InvitationRow; products: InvitationProduct[] }>,
    events: NewInvitationEvent[],
    now: number,
  ): AcceptResult {
    const mergeable =
      request.kind === 'product' &&
      request.importId !== undefined &&
      existing.import_id === request.importId &&
      existing.status === 'scheduled';
    if (mergeable) {
      const merge = merges.get(existing.id) ?? {
        row: existing,
        products: parseJson<InvitationProduct[]>(existing.products, []),
      };
      merges.set(existing.id, merge);
      const known = new Set(merge.products.map((product) => product.sku));
      const added = request.products.filter((product) => !known.has(product.sku));
      if (added.length === 0) {
        // The same row again (a file imported twice): nothing to add, so it is a plain duplicate.
        return acceptResult(
          'duplicate',
          `An invitation for ${existing.email} and reference ${existing.reference} with these products already exists: ${existing.id}.`,
          existing,
        );
      }
      merge.products.push(...added);
      // Rows made in this batch are inserted after the loop, so they carry the merged products directly.
      existing.products = JSON.stringify(merge.products);
      return acceptResult(
        'merged',
        `Added to the invitation of ${request.email} for reference ${request.reference} from an earlier row of this file.`,
        existing,
      );
    }
    const reason = `An invitation for ${existing.email} and reference ${existing.reference} (${existing.kind}) already exists: ${existing.id}, ${existing.status}.`;
    events.push({
      invitationId: existing.id,
      businessId: existing.business_id,
      type: 'duplicate',
      at: now,
      detail: { channel: request.channel },
    });
    return acceptResult('duplicate', reason, existing);
  }

  private newRow(
    business: BusinessRow,
    request: ValidInvitationRequest,
    status: InvitationStatus,
    reason: string,
    sendAt: number | undefined,
    triggerAt: number,
    now: number,
  ): NewInvitationRow & { attempts: number } {
    const { random } = this.options;
    return {
      id: random.uuid(),
      business_id: business.id,
      channel: request.channel,
      kind: request.kind,
      label: labelForChannel(request.channel),
      email: request.email,
      name: request.name,
      reference: request.reference,
      locale: request.locale ?? null,
      products: JSON.stringify(request.products),
      tags: JSON.stringify(request.tags),
      template_id: request.templateId ?? null,
      sender_name: request.senderName ?? null,
      sender_email: request.senderEmail ?? null,
      reply_to: request.replyTo ?? null,
      redirect_uri: request.redirectUri ?? null,
      token: random.timeOrderedToken(),
      import_id: request.importId ?? null,
      status,
      reason,
      trigger_at: triggerAt,
      send_at: sendAt ?? null,
      due_at: sendAt ?? null,
      ...NOT_YET_SENT,
      created_at: now,
      updated_at: now,
    };
  }

  /** A plan's cap, looked up at most every few seconds: every invitation needs it, operators rarely change it. */
  private async planOf(name: string): Promise<{ name: string; monthlyCap: number | null }> {
    const cached = this.planCache.get(name);
    if (cached) return cached;
    const row = await this.plans.find(name);
    // A plan the operator never defined caps nothing: the default is unlimited.
    const plan = { name, monthlyCap: row?.monthly_cap ?? null };
    this.planCache.set(name, plan);
    return plan;
  }

  private async gatherFacts(
    invitations: InvitationRepository,
    suppressions: SuppressionRepository,
    business: BusinessRow,
    emails: readonly string[],
    requests: readonly ValidInvitationRequest[],
    now: number,
    dryRun: DryRun | undefined,
  ) {
    const byIdentity = new Map<string, InvitationRow>();
    const suppressionByEmail = new Map<string, SuppressionRow>();
    const countedByEmail = new Map<string, CountedInvitation[]>();
    const earliestTrigger = Math.min(...requests.map((request) => request.triggerAt ?? now));
    const windowStart =
      business.frequency_days === null
        ? undefined
        : frequencyWindowStart(earliestTrigger, business.frequency_days);
    const know = (row: InvitationRow) => {
      byIdentity.set(identityKey(row.email, row.reference, row.kind), row);
      if (windowStart !== undefined && row.trigger_at > windowStart && isCounted(row.status)) {
        const list = countedByEmail.get(row.email) ?? [];
        list.push({ triggerAt: row.trigger_at, reference: row.reference });
        countedByEmail.set(row.email, list);
      }
    };
    for (let start = 0; start < emails.length; start += LOOKUP_CHUNK) {
      const chunk = emails.slice(start, start + LOOKUP_CHUNK);
      const rows = await invitations.findForEmails(business.id, chunk);
      if (dryRun) {
        for (const email of chunk)
          for (const kept of dryRun.created.get(email) ?? []) rows.push(fromDryRun(kept));
      }
      for (const row of rows) {
        const merged = dryRun?.mergedProducts.get(row.id);
        know(merged === undefined ? row : { ...row, products: merged });
      }
      const found = new Map<string, SuppressionRow[]>();
      for (const row of await suppressions.findForEmails(business.id, chunk)) {
        found.set(row.email, [...(found.get(row.email) ?? []), row]);
      }
      for (const [email, rows] of found) {
        const applies = effectiveSuppression(rows);
        if (applies) suppressionByEmail.set(email, applies);
      }
    }
    const monthCounts = new Map<number, number>();
    return {
      byIdentity,
      suppressionByEmail,
      countedByEmail,
      addCounted(email: string, invitation: CountedInvitation) {
        const list = countedByEmail.get(email) ?? [];
        list.push(invitation);
        countedByEmail.set(email, list);
      },
      async monthCount(start: number, end: number): Promise<number> {
        let count = monthCounts.get(start);
        if (count === undefined) {
          count =
            (await invitations.countCountedSendingBetween(business.id, start, end)) +
            (dryRun?.scheduledByMonth.get(start) ?? 0);
          monthCounts.set(start, count);
        }
        return count;
      },
      countInMonth(start: number) {
        const count = monthCounts.get(start);
        if (count !== undefined) monthCounts.set(start, count + 1);
      },
    };
  }
}

function identityKey(email: string, reference: string, kind: string): string {
  return `${email}\u0000${reference}\u0000${kind}`;
}

/**
 * The view of the invitation is built when a caller first reads it: an import of a million rows reads
 * none, and building each (two JSON parses, dates as text) cost more than deciding it. Read after the
 * batch, it shows the invitation as stored, products merged from later rows included.
 */
function acceptResult(decision: AcceptResult['decision'], reason: string, row: InvitationRow): AcceptResult {
  let view: InvitationView | undefined;
  return {
    decision,
    reason,
    get invitation() {
      return (view ??= present(row));
    },
  };
}

/** One count per decision and channel of a batch, not one call per request. */
function countDecisions(
  metrics: MetricsRecorder,
  requests: readonly InvitationRequest[],
  outcomes: readonly BatchOutcome[],
): void {
  const counts = new Map<string, { decision: string; channel: string; count: number }>();
  outcomes.forEach((outcome, index) => {
    const channel = requests[index]?.channel ?? 'unknown';
    const decision = outcome.ok ? outcome.result.decision : 'invalid';
    const key = `${decision}|${channel}`;
    const entry = counts.get(key) ?? { decision, channel, count: 0 };
    entry.count++;
    counts.set(key, entry);
  });
  for (const { decision, channel, count } of counts.values())
    metrics.invitationsDecided(decision, channel, count);
}
