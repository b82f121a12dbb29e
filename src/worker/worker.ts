import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from './dispatcher.js';

export interface WorkerLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface WorkerOptions {
  /** How long to wait before looking again when nothing was due. */
  pollMs?: number;
  logger: WorkerLogger;
  /** Sends the outbound webhooks' outbox, in a loop of its own so a slow receiver never holds up mail. */
  webhooks?: BatchRunner;
}

/** One kind of work the worker repeats: a batch, and how many rows it claimed. */
export interface BatchRunner {
  runOnce(): Promise<{ claimed: number }>;
}

/**
 * The sending loop: runs batches back to back while there is work, polls when there is none, and waits
 * longer after an error (the database or the mail server away) instead of spinning.
 */
export class Worker {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    this.running ??= Promise.all([
      this.loop(this.dispatcher, 'worker batch'),
      ...(this.options.webhooks ? [this.loop(this.options.webhooks, 'webhook batch')] : []),
    ]).then(() => undefined);
  }

  /** Finishes the batch in hand, then stops. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(runner: BatchRunner, name: string): Promise<void> {
    const pollMs = this.options.pollMs ?? 1000;
    let errors = 0;
    while (!this.abort.signal.aborted) {
      let report: { claimed: number } | undefined;
      try {
        report = await runner.runOnce();
        errors = 0;
        if (report.claimed > 0) this.options.logger.info({ ...report }, name);
      } catch (error) {
        errors++;
        this.options.logger.error({ err: error }, `${name} failed; retrying`);
      }
      if (report && report.claimed > 0) continue;
      const wait = errors === 0 ? pollMs : Math.min(pollMs * 2 ** errors, 60_000);
      await sleep(wait, undefined, { signal: this.abort.signal }).catch(() => undefined);
    }
  }
}
