import { setTimeout as sleep } from 'node:timers/promises';
import type { BatchReport, Dispatcher } from './dispatcher.js';

export interface WorkerLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface WorkerOptions {
  /** How long to wait before looking again when nothing was due. */
  pollMs?: number;
  logger: WorkerLogger;
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
    this.running ??= this.loop();
  }

  /** Finishes the batch in hand, then stops. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const pollMs = this.options.pollMs ?? 1000;
    let errors = 0;
    while (!this.abort.signal.aborted) {
      let report: BatchReport | undefined;
      try {
        report = await this.dispatcher.runOnce();
        errors = 0;
        if (report.claimed > 0) this.options.logger.info({ ...report }, 'worker batch');
      } catch (error) {
        errors++;
        this.options.logger.error({ err: error }, 'worker batch failed; retrying');
      }
      if (report && report.claimed > 0) continue;
      const wait = errors === 0 ? pollMs : Math.min(pollMs * 2 ** errors, 60_000);
      await sleep(wait, undefined, { signal: this.abort.signal }).catch(() => undefined);
    }
  }
}
