import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MailResult, Metrics, OutboxStatus } from './metrics.js';

export interface PrometheusMetricsOptions {
  /** Reads the outbox at scrape time: one indexed query, across every business (no business data). */
  outbox: () => Promise<OutboxStatus>;
  now: () => number;
  /** How long a scrape waits for the outbox query before reporting the gauges as unknown (NaN). */
  outboxTimeoutMs?: number;
}

/**
 * The process's own registry (never prom-client's global one, so two runtimes in one process keep their
 * own counts), with Node's default process metrics beside Vouch's series.
 */
export class PrometheusMetrics implements Metrics {
  readonly enabled = true;
  private readonly registry = new Registry();
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route'>;
  private readonly decisions: Counter<'decision' | 'channel'>;
  private readonly mail: Counter<'result'>;
  private readonly afs: Counter<'outcome'>;
  private readonly imports: Counter<'result'>;

  constructor(options: PrometheusMetricsOptions) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({
      name: 'vouch_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'vouch_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer being sent, by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.decisions = new Counter({
      name: 'vouch_invitations_decided_total',
      help: 'Invitation requests decided by the funnel, by decision and channel.',
      labelNames: ['decision', 'channel'],
      registers,
    });
    this.mail = new Counter({
      name: 'vouch_mail_sent_total',
      help: 'Send attempts recorded by this process, by result: sent, reminder_sent, deferred, failed.',
      labelNames: ['result'],
      registers,
    });
    this.afs = new Counter({
      name: 'vouch_afs_messages_total',
      help: 'AFS messages processed, by outcome: processed, kept (no invitation made) or failed.',
      labelNames: ['outcome'],
      registers,
    });
    this.imports = new Counter({
      name: 'vouch_import_rows_total',
      help: 'Rows read by file imports (dry runs aside), by result: accepted or rejected.',
      labelNames: ['result'],
      registers,
    });
    // Series with a known, short set of labels start at 0, so a dashboard sees them before the first event.
    for (const result of ['sent', 'reminder_sent', 'deferred', 'failed'] as const)
      this.mail.inc({ result }, 0);
    for (const outcome of ['processed', 'kept', 'failed']) this.afs.inc({ outcome }, 0);
    for (const result of ['accepted', 'rejected']) this.imports.inc({ result }, 0);

    // Both outbox gauges come from one query per scrape, made by whichever gauge is collected first.
    let pending: Promise<OutboxStatus | undefined> | undefined;
    const timeoutMs = options.outboxTimeoutMs ?? 2000;
    const readOutbox = () =>
      (pending ??= withTimeout(options.outbox(), timeoutMs).finally(() => {
        // Cleared on the next tick, so the sibling gauge of the same scrape reuses this answer.
        setImmediate(() => (pending = undefined));
      }));
    new Gauge({
      name: 'vouch_outbox_due',
      help: 'Invitations and reminders whose send time has come (waiting or in flight), across businesses.',
      registers,
      async collect() {
        const status = await readOutbox();
        this.set(status ? status.due : Number.NaN);
      },
    });
    new Gauge({
      name: 'vouch_outbox_oldest_due_age_seconds',
      help: 'Seconds since the send time of the oldest due invitation or reminder; 0 when none is due.',
      registers,
      async collect() {
        const status = await readOutbox();
        if (!status) return this.set(Number.NaN);
        this.set(status.oldestDueAt === null ? 0 : Math.max(0, (options.now() - status.oldestDueAt) / 1000));
      },
    });
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
    this.httpDuration.observe({ method, route }, seconds);
  }

  invitationsDecided(decision: string, channel: string, count: number): void {
    if (count > 0) this.decisions.inc({ decision, channel }, count);
  }

  mailResults(result: MailResult, count: number): void {
    if (count > 0) this.mail.inc({ result }, count);
  }

  afsMessages(outcome: string, count: number): void {
    if (count > 0) this.afs.inc({ outcome }, count);
  }

  importRows(result: 'accepted' | 'rejected', count: number): void {
    if (count > 0) this.imports.inc({ result }, count);
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** The status, or undefined when the database did not answer in time (or at all): a scrape never hangs. */
async function withTimeout(query: Promise<OutboxStatus>, ms: number): Promise<OutboxStatus | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([query.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
