import os from 'node:os';
import path from 'node:path';
import type { Clock, RandomSource } from './clock.js';
import { cryptoRandom, systemClock } from './clock.js';
import type { Config } from './config.js';
import { createMailTransport, type MailTransport } from './mail/transport.js';
import { BusinessService } from './services/business.service.js';
import { InvitationService } from './services/invitation.service.js';
import { InvitationQueryService } from './services/invitation-query.service.js';
import { InvitationTrackingService } from './services/invitation-tracking.service.js';
import { SuppressionService } from './services/suppression.service.js';
import { PlanService } from './services/plan.service.js';
import { ImportService } from './services/import.service.js';
import { AfsService } from './services/afs.service.js';
import { IntegrationService } from './services/integration.service.js';
import { PROVIDER_HANDLERS } from './services/integrations/index.js';
import { ReviewService } from './services/review.service.js';
import { FormTokens } from './shared/form-tokens.js';
import { InstanceSettingsRepository } from './store/repositories/review.repository.js';
import { TemplateService } from './services/template.service.js';
import { IdempotencyService } from './services/idempotency.service.js';
import { OAuthService } from './services/oauth.service.js';
import { AccountService } from './services/account.service.js';
import { HostedInvitationService } from './services/hosted-invitations.service.js';
import { DashboardStatsService } from './services/dashboard-stats.service.js';
import type { MigrationLogger, Store } from './store/db.js';
import { migrateToLatest, openStore } from './store/db.js';
import { Dispatcher } from './worker/dispatcher.js';
import { Worker, type WorkerLogger } from './worker/worker.js';
import { NO_METRICS, type Metrics } from './observability/metrics.js';
import { WebhookService } from './services/webhook.service.js';
import { HttpWebhookTransport } from './worker/webhook-transport.js';
import { WebhookSender } from './worker/webhook-sender.js';

/** The services of one process, wired once from the configuration; every adapter takes one of these. */
export interface Runtime {
  config: Config;
  store: Store;
  clock: Clock;
  random: RandomSource;
  businesses: BusinessService;
  /** The funnel: accepting and cancelling invitations. */
  invitations: InvitationService;
  /** Listing and showing invitations, and their activity. */
  invitationQueries: InvitationQueryService;
  /** Opens, clicks, unsubscribes and reviews recorded against an invitation's token. */
  invitationTracking: InvitationTrackingService;
  suppressions: SuppressionService;
  templates: TemplateService;
  plans: PlanService;
  reviews: ReviewService;
  imports: ImportService;
  afs: AfsService;
  /** Idempotency-Keys of API POSTs and their stored answers. */
  idempotency: IdempotencyService;
  /** Shop integrations: their inbound URLs, secrets, settings and delivery logs. */
  integrations: IntegrationService;
  /** Signs the review forms and the thank-you links with this installation's own secret. */
  formTokens: FormTokens;
  /** API secrets, the OAuth token endpoint's grants and the access tokens they give. */
  oauth: OAuthService;
  /** The hosted platform's Invitation API, translated into the funnel, templates and data erasure. */
  hostedInvitations: HostedInvitationService;
  /** Dashboard users, their memberships and sessions, and their one-time links. */
  accounts: AccountService;
  /** The dashboard overview's counts, TrustScore, label mix and alerts. */
  dashboardStats: DashboardStatsService;
  /** This process's Prometheus metrics, or NO_METRICS when `VOUCH_METRICS` is unset. */
  metrics: Metrics;
  /** The outbound mail transport, made on first use: a CLI command that sends nothing opens none. */
  mailTransport(): MailTransport;
  createDispatcher(options?: DispatcherSettings): Dispatcher;
  /** Outbound webhooks: subscriptions, the delivery log and replays. */
  webhooks: WebhookService;
  /** Sends due webhook deliveries; the worker runs one beside its dispatcher. */
  createWebhookSender(options?: DispatcherSettings): WebhookSender;
  createWorker(logger: WorkerLogger, options?: DispatcherSettings & { pollMs?: number }): Worker;
  close(): Promise<void>;
}

export interface DispatcherSettings {
  batchSize?: number;
  leaseMs?: number;
  owner?: string;
}

export interface RuntimeOptions {
  logger?: MigrationLogger;
  clock?: Clock;
  random?: RandomSource;
  /** A transport to use instead of the configured one (tests and benchmarks). */
  mailTransport?: MailTransport;
}

export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const store = openStore(config.database);
  try {
    await migrateToLatest(store, options.logger);
  } catch (error) {
    await store.close();
    throw error;
  }
  const clock = options.clock ?? systemClock;
  const random = options.random ?? cryptoRandom;
  const businesses = new BusinessService({
    db: store.db,
    capabilities: store.capabilities,
    clock,
    random,
    afsDomain: config.afs.domain,
  });
  const invitationQueries = new InvitationQueryService({ db: store.db, clock, businesses });
  // prom-client is loaded only when metrics are on: off, they cost nothing but a call that does nothing.
  const metrics: Metrics =
    config.metrics.serve === 'off'
      ? NO_METRICS
      : new (await import('./observability/prometheus.js')).PrometheusMetrics({
          outbox: () => invitationQueries.outboxStatus(),
          now: () => clock.now().getTime(),
        });
  const invitationTracking = new InvitationTrackingService({ db: store.db, clock });
  const suppressions = new SuppressionService({ db: store.db, businesses });
  const invitations = new InvitationService({
    db: store.db,
    capabilities: store.capabilities,
    clock,
    random,
    businesses,
    metrics,
  });
  const templates = new TemplateService({ db: store.db, clock, random, businesses });
  const plans = new PlanService(store.db, clock);
  const formSecret = await new InstanceSettingsRepository(store.db).getOrCreate('form_secret', () =>
    random.bytes(32).toString('base64'),
  );

  let transport = options.mailTransport;
  const mailTransport = () =>
    (transport ??= createMailTransport({
      smtpUrl: config.smtpUrl?.href,
      outboxDir: path.join(config.dataDir, 'outbox'),
    }));
  const createDispatcher = (settings: DispatcherSettings = {}) =>
    new Dispatcher({
      db: store.db,
      capabilities: store.capabilities,
      clock,
      random,
      transport: mailTransport(),
      templates,
      publicUrl: config.publicUrl,
      mailFrom: config.mailFrom,
      owner: settings.owner ?? `${os.hostname()}:${process.pid}:${random.bytes(3).toString('hex')}`,
      metrics,
      ...(settings.batchSize === undefined ? {} : { batchSize: settings.batchSize }),
      ...(settings.leaseMs === undefined ? {} : { leaseMs: settings.leaseMs }),
    });

  const reviews = new ReviewService({
    db: store.db,
    capabilities: store.capabilities,
    reader: store.reader,
    clock,
    random,
    businesses,
    invitationTracking,
    mailTransport,
    publicUrl: config.publicUrl,
    mailFrom: config.mailFrom,
    linkFailureRetentionDays: config.linkFailureRetentionDays,
  });

  const afs = new AfsService({
    db: store.db,
    clock,
    random,
    businesses,
    invitations,
    afsDomain: config.afs.domain,
    retentionDays: config.afs.retentionDays,
    metrics,
  });
  const imports = new ImportService({ db: store.db, clock, random, businesses, invitations, metrics });
  const integrations = new IntegrationService({
    db: store.db,
    capabilities: store.capabilities,
    clock,
    random,
    businesses,
    invitations,
    publicUrl: config.publicUrl,
    handlers: PROVIDER_HANDLERS,
  });

  const webhookTransport = new HttpWebhookTransport({ privateTargets: config.webhookPrivateTargets });
  const webhooks = new WebhookService({
    db: store.db,
    clock,
    random,
    businesses,
    transport: () => webhookTransport,
    privateTargets: config.webhookPrivateTargets,
  });
  const createWebhookSender = (settings: DispatcherSettings = {}) =>
    new WebhookSender({
      db: store.db,
      capabilities: store.capabilities,
      clock,
      webhooks,
      owner: settings.owner ?? `${os.hostname()}:${process.pid}:${random.bytes(3).toString('hex')}`,
      ...(settings.leaseMs === undefined ? {} : { leaseMs: settings.leaseMs }),
    });
  const accounts = new AccountService({
    db: store.db,
    clock,
    random,
    businesses,
    mailTransport,
    publicUrl: config.publicUrl,
    mailFrom: config.mailFrom,
  });
  const oauth = new OAuthService({ db: store.db, clock, random, businesses, accounts });
  const hostedInvitations = new HostedInvitationService({
    db: store.db,
    clock,
    businesses,
    invitations,
    templates,
    publicUrl: config.publicUrl,
  });

  return {
    config,
    store,
    clock,
    random,
    businesses,
    invitations,
    invitationQueries,
    invitationTracking,
    suppressions,
    templates,
    plans,
    reviews,
    imports,
    afs,
    integrations,
    idempotency: new IdempotencyService({ db: store.db, clock }),
    formTokens: new FormTokens(Buffer.from(formSecret, 'base64')),
    oauth,
    accounts,
    dashboardStats: new DashboardStatsService({ db: store.db, reader: store.reader, clock }),
    hostedInvitations,
    metrics,
    mailTransport,
    createDispatcher,
    webhooks,
    createWebhookSender,
    createWorker: (logger, settings = {}) =>
      new Worker(createDispatcher(settings), {
        logger,
        webhooks: createWebhookSender(settings),
        ...(settings.pollMs === undefined ? {} : { pollMs: settings.pollMs }),
      }),
    close: async () => {
      // A transport handed in by the caller is the caller's to close.
      if (transport && transport !== options.mailTransport) transport.close();
      await store.close();
    },
  };
}
