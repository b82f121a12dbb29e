import type { Kysely } from 'kysely';
import type { Clock, RandomSource } from '../clock.js';
import { DAY_MS } from '../clock.js';
import { retryDelayMs, RETRY_POLICY, type RetryPolicy } from '../domain/invitations/retry.js';
import {
  effectiveSuppression,
  GLOBAL_SCOPE,
  suppressionReason,
  suppressionScope,
} from '../domain/invitations/suppression.js';
import { composeInvitationMail, invitationLocale } from '../mail/invitation-mail.js';
import { MailSendError, type MailTransport, type SendFailure } from '../mail/transport.js';
import type { TemplateKind, TemplateService } from '../services/template.service.js';
import type { Locale } from '../domain/locales.js';
import type { StoreCapabilities } from '../store/db.js';
import { BusinessRepository } from '../store/repositories/business.repository.js';
import {
  InvitationRepository,
  type InvitationUpdate,
  type NewInvitationEvent,
} from '../store/repositories/invitation.repository.js';
import { SuppressionRepository } from '../store/repositories/suppression.repository.js';
import { WebhookRepository } from '../store/repositories/webhook.repository.js';
import { invitationWebhookEvents } from '../services/webhook-events.js';
import type { BusinessRow, Database, InvitationRow, SuppressionRow } from '../store/schema.js';
import type { MetricsRecorder } from '../observability/metrics.js';

export interface DispatcherOptions {
  db: Kysely<Database>;
  capabilities: StoreCapabilities;
  clock: Clock;
  random: RandomSource;
  transport: MailTransport;
  templates: TemplateService;
  publicUrl: URL;
  mailFrom: string;
  /** Names this worker in its leases, so a row's holder is known. */
  owner: string;
  batchSize?: number;
  /** How long a claim lasts; a worker that dies holds its rows no longer than this. */
  leaseMs?: number;
  retryPolicy?: Readonly<RetryPolicy>;
  metrics?: MetricsRecorder;
}

export interface BatchReport {
  claimed: number;
  sent: number;
  reminded: number;
  deferred: number;
  failed: number;
  skipped: number;
}

interface Outcome {
  change: InvitationUpdate;
  events: Omit<NewInvitationEvent, 'invitationId' | 'businessId'>[];
  counter: keyof Omit<BatchReport, 'claimed'>;
}

/**
 * Claims due invitations under a lease, renders and sends each, and records the batch's results with their
 * events in one transaction, so a worker killed mid-batch re-sends at most the batch it had in flight.
 */
export class Dispatcher {
  private readonly invitations: InvitationRepository;
  private readonly suppressions: SuppressionRepository;
  private readonly businesses: BusinessRepository;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly policy: Readonly<RetryPolicy>;

  constructor(private readonly options: DispatcherOptions) {
    this.invitations = new InvitationRepository(options.db);
    this.suppressions = new SuppressionRepository(options.db);
    this.businesses = new BusinessRepository(options.db);
    this.batchSize = options.batchSize ?? 50;
    this.leaseMs = options.leaseMs ?? 5 * 60 * 1000;
    this.policy = options.retryPolicy ?? RETRY_POLICY;
  }

  async runOnce(): Promise<BatchReport> {
    const now = this.options.clock.now().getTime();
    const claimed = await this.invitations.claimDue({
      now,
      limit: this.batchSize,
      owner: this.options.owner,
      leaseUntil: now + this.leaseMs,
      skipLocked: this.options.capabilities.supportsSkipLocked,
    });
    const report: BatchReport = {
      claimed: claimed.length,
      sent: 0,
      reminded: 0,
      deferred: 0,
      failed: 0,
      skipped: 0,
    };
    if (claimed.length === 0) return report;
    await this.invitations.insertEvents(
      claimed
        .filter((row) => row.status === 'sending')
        .map((row) => ({
          invitationId: row.id,
          businessId: row.business_id,
          type: 'sending',
          at: now,
          detail: { attempt: row.attempts + 1, worker: this.options.owner },
        })),
    );
    const context = this.batchContext(claimed);
    const outcomes = await Promise.all(
      claimed.map(async (row) => {
        // Whatever goes wrong with one message (a template, a lookup, the disk) is that message's temporary
        // failure: the rest of the batch still gets recorded, so nothing sent is sent again.
        const outcome = await this.process(row, context).catch((error: unknown) =>
          this.failureOutcome(
            row,
            {
              kind: 'temporary',
              responseCode: undefined,
              message: error instanceof Error ? error.message : String(error),
            },
            row.attempts + 1,
            row.status === 'sent',
          ),
        );
        report[outcome.counter]++;
        return { row, outcome };
      }),
    );
    // One write for the whole batch: every message of it was in flight together anyway, so a worker
    // killed before this line re-sends exactly its in-flight batch, as promised, and no more.
    await this.record(outcomes);
    const metrics = this.options.metrics;
    if (metrics?.enabled) {
      metrics.mailResults('sent', report.sent);
      metrics.mailResults('reminder_sent', report.reminded);
      metrics.mailResults('deferred', report.deferred);
      metrics.mailResults('failed', report.failed);
    }
    return report;
  }

  /** What a batch looks up once, not once per message: businesses, suppressions and templates. */
  private batchContext(claimed: readonly InvitationRow[]) {
    const businesses = new Map<string, Promise<BusinessRow | undefined>>();
    const templates = new Map<string, ReturnType<TemplateService['resolve']>>();
    const suppressed = new Map<string, Promise<SuppressionRow[]>>();
    const emailsOf = (businessId: string) => [
      ...new Set(claimed.filter((row) => row.business_id === businessId).map((row) => row.email)),
    ];
    return {
      business: (id: string) => {
        let business = businesses.get(id);
        if (!business) businesses.set(id, (business = this.businesses.findById(id)));
        return business;
      },
      suppression: async (businessId: string, email: string) => {
        let rows = suppressed.get(businessId);
        if (!rows)
          suppressed.set(
            businessId,
            (rows = this.suppressions.findForEmails(businessId, emailsOf(businessId))),
          );
        return effectiveSuppression((await rows).filter((row) => row.email === email));
      },
      template: (business: BusinessRow, kind: TemplateKind, locale: Locale, templateId: string | null) => {
        const key = `${business.id}|${kind}|${locale}|${templateId ?? ''}`;
        let template = templates.get(key);
        if (!template)
          templates.set(key, (template = this.options.templates.resolve(business, kind, locale, templateId)));
        return template;
      },
    };
  }

  private async process(
    row: InvitationRow,
    context: ReturnType<Dispatcher['batchContext']>,
  ): Promise<Outcome> {
    const business = await context.business(row.business_id);
    const now = this.options.clock.now().getTime();
    const release = { lease_owner: null, lease_until: null, updated_at: now };
    const reminder = row.status === 'sent';
    if (!business || (row.status !== 'sending' && !reminder)) {
      return { change: { ...release, due_at: null }, events: [], counter: 'skipped' };
    }
    if (reminder && (row.reviewed_at !== null || row.reminder_sent_at !== null)) {
      return { change: { ...release, due_at: null }, events: [], counter: 'skipped' };
    }
    if (!reminder && row.reviewed_at !== null) {
      // The customer reviewed through another link (a BGL or Unique Link of the same order) first.
      const reason = 'The customer already reviewed this order; no invitation was needed.';
      return {
        change: { ...release, due_at: null, status: 'cancelled', reason },
        events: [{ type: 'cancelled', at: now, detail: { reason } }],
        counter: 'skipped',
      };
    }
    // The customer may have unsubscribed, or bounced elsewhere, since the invitation was scheduled.
    const suppression = await context.suppression(business.id, row.email);
    if (suppression) {
      const reason = `${suppressionReason(
        row.email,
        {
          scope: suppressionScope(suppression.scope),
          reason: suppression.reason,
          since: suppression.created_at,
        },
        business.name,
      )} Nothing was sent.`;
      return reminder
        ? {
            change: { ...release, due_at: null },
            events: [{ type: 'suppressed', at: now, detail: { reason, reminder: true } }],
            counter: 'skipped',
          }
        : {
            change: { ...release, due_at: null, status: 'suppressed', reason },
            events: [{ type: 'suppressed', at: now, detail: { reason } }],
            counter: 'skipped',
          };
    }

    const locale = invitationLocale(row, business);
    const kind = reminder ? 'reminder' : row.kind === 'product' ? 'product_invitation' : 'invitation';
    const template = await context.template(business, kind, locale, row.template_id);
    const mail = composeInvitationMail({
      invitation: row,
      business,
      template,
      locale,
      publicUrl: this.options.publicUrl,
      mailFrom: this.options.mailFrom,
      purpose: reminder ? 'reminder' : 'invitation',
    });
    const attempt = row.attempts + 1;
    try {
      const receipt = await this.options.transport.send(mail);
      const sentAt = this.options.clock.now().getTime();
      const detail = {
        response: receipt.response,
        messageId: receipt.messageId,
        attempt,
        template: template.templateId,
        ...(template.fallback ? { templateFallback: template.fallback } : {}),
      };
      if (reminder) {
        return {
          change: { ...release, reminder_sent_at: sentAt, due_at: null, attempts: 0 },
          events: [{ type: 'reminder_sent', at: sentAt, detail }],
          counter: 'reminded',
        };
      }
      const remindAt = business.reminder_days === null ? null : sentAt + business.reminder_days * DAY_MS;
      return {
        change: {
          ...release,
          status: 'sent',
          reason: null,
          sent_at: sentAt,
          message_id: receipt.messageId,
          attempts: 0,
          due_at: remindAt,
        },
        events: [{ type: 'sent', at: sentAt, detail }],
        counter: 'sent',
      };
    } catch (error) {
      if (!(error instanceof MailSendError)) throw error;
      return this.failureOutcome(row, error.failure, attempt, reminder);
    }
  }

  private failureOutcome(
    row: InvitationRow,
    failure: SendFailure,
    attempt: number,
    reminder: boolean,
  ): Outcome {
    const now = this.options.clock.now().getTime();
    const release = { lease_owner: null, lease_until: null, updated_at: now };
    const detail = {
      reason: failure.message,
      responseCode: failure.responseCode ?? null,
      attempt,
      ...(reminder ? { reminder: true } : {}),
    };
    if (failure.kind === 'temporary' && attempt < this.policy.maxAttempts) {
      const nextAttemptAt = now + retryDelayMs(attempt, this.options.random.unit(), this.policy);
      return {
        change: {
          ...release,
          attempts: attempt,
          due_at: nextAttemptAt,
          ...(reminder
            ? {}
            : { status: 'scheduled', reason: `Deferred after attempt ${attempt}: ${failure.message}` }),
        },
        events: [
          {
            type: 'deferred',
            at: now,
            detail: { ...detail, nextAttemptAt: new Date(nextAttemptAt).toISOString() },
          },
        ],
        counter: 'deferred',
      };
    }
    const reason =
      failure.kind === 'temporary'
        ? `Gave up after ${attempt} attempts: ${failure.message}`
        : failure.kind === 'bounce'
          ? `The address bounced: ${failure.message}`
          : `The mail server refused the message: ${failure.message}`;
    const events: Outcome['events'] = [{ type: 'failed', at: now, detail: { ...detail, reason } }];
    if (failure.kind === 'bounce')
      events.push({ type: 'bounced', at: now, detail: { responseCode: failure.responseCode ?? null } });
    return {
      change: {
        ...release,
        attempts: attempt,
        due_at: null,
        // A bounce has its own status, so a business can find the addresses that do not exist.
        ...(reminder ? {} : { status: failure.kind === 'bounce' ? 'bounced' : 'failed', reason }),
      },
      events,
      counter: 'failed',
    };
  }

  private async record(results: readonly { row: InvitationRow; outcome: Outcome }[]): Promise<void> {
    const now = this.options.clock.now().getTime();
    await this.options.db.transaction().execute(async (trx) => {
      const invitations = this.invitations.withTransaction(trx);
      const suppressions = this.suppressions.withTransaction(trx);
      for (const { row, outcome } of results) {
        // A worker whose lease ran out while it sent no longer owns the row; its result still becomes an event.
        await invitations.updateLeased(row.id, this.options.owner, outcome.change);
        if (outcome.events.some((event) => event.type === 'bounced')) {
          // A mailbox that does not exist does not exist for any business: suppress it server-wide.
          await suppressions.add({
            scope: GLOBAL_SCOPE,
            email: row.email,
            reason: 'bounced',
            detail: JSON.stringify({ invitationId: row.id }),
            created_at: now,
          });
        }
      }
      await invitations.insertEvents(
        results.flatMap(({ row, outcome }) =>
          outcome.events.map((event) => ({ ...event, invitationId: row.id, businessId: row.business_id })),
        ),
      );
      // Outbound webhooks (invitation.sent, .failed, .bounced) commit with the results they tell of.
      const outbox = new WebhookRepository(trx, () => this.options.random.uuid());
      for (const businessId of new Set(results.map(({ row }) => row.business_id))) {
        await outbox.enqueue(
          businessId,
          results
            .filter(({ row }) => row.business_id === businessId)
            .flatMap(({ row, outcome }) => invitationWebhookEvents(row, outcome.events)),
        );
      }
    });
  }
}
