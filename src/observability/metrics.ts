/**
 * What Vouch counts for operators, as calls the services, the worker and the HTTP layer make. The
 * Prometheus implementation lives beside this (prometheus.ts) and is loaded only when `VOUCH_METRICS` turns
 * metrics on; otherwise every call goes to NO_METRICS and costs a function call that does nothing.
 */
export interface MetricsRecorder {
  /** False when metrics are off, so a caller can skip even the counting it would hand over. */
  readonly enabled: boolean;
  /** One answered HTTP request; `route` is the route's pattern (`/r/:token`), never the URL itself. */
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  /** The funnel's decisions (`scheduled`, `duplicate`, …, or `invalid`), by the channel they came in on. */
  invitationsDecided(decision: string, channel: string, count: number): void;
  /** Send attempts the worker recorded, by what became of them. */
  mailResults(result: MailResult, count: number): void;
  /** AFS messages processed, by outcome: `processed`, `kept` (read but no invitation) or `failed`. */
  afsMessages(outcome: string, count: number): void;
  /** Rows an import read, by whether they became invitations (`accepted`) or were `rejected`. */
  importRows(result: 'accepted' | 'rejected', count: number): void;
}

/** `sent` (an invitation), `reminder_sent`, `deferred` (a temporary failure, tried again) or `failed`. */
export type MailResult = 'sent' | 'reminder_sent' | 'deferred' | 'failed';

/** The outbox as a scrape sees it: invitations whose send time has come, and the oldest one's time. */
export interface OutboxStatus {
  due: number;
  /** Epoch milliseconds of the earliest due time among them; null when nothing is due. */
  oldestDueAt: number | null;
}

export interface Metrics extends MetricsRecorder {
  /** Every series now, in Prometheus' text format. */
  exposition(): Promise<{ contentType: string; body: string }>;
}

const nothing = () => undefined;

/** Metrics off: nothing is counted and nothing is served. */
export const NO_METRICS: Metrics = {
  enabled: false,
  httpRequest: nothing,
  invitationsDecided: nothing,
  mailResults: nothing,
  afsMessages: nothing,
  importRows: nothing,
  exposition: () => Promise.reject(new Error('metrics are off: set VOUCH_METRICS to serve them')),
};
