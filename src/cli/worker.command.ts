import { Command } from 'commander';
import { openRuntime } from '../runtime.js';
import type { WorkerLogger } from '../worker/worker.js';
import { wholeNumber } from './invitations.command.js';
import { readConfig, type CliIo } from './output.js';
import { serveMetricsPort } from './metrics.js';

/** One line per batch on stderr: what the worker did, never an address or a secret. */
export function lineLogger(io: CliIo): WorkerLogger {
  return {
    info: (object, message) => io.err(`${message} ${JSON.stringify(object)}`),
    error: (object, message) => {
      const error = (object as { err?: unknown }).err;
      io.err(`${message}: ${error instanceof Error ? error.message : String(error)}`);
    },
  };
}

export function workerCommand(io: CliIo): Command {
  return new Command('worker')
    .description(
      'send due invitations and reminders (run any number of these beside `vouch serve --no-worker`)',
    )
    .option('--batch-size <n>', 'invitations claimed per batch', wholeNumber, 50)
    .option(
      '--lease-seconds <n>',
      'how long a claim lasts before another worker may take it over',
      wholeNumber,
      300,
    )
    .option('--poll-ms <n>', 'how often to look for due invitations when idle', wholeNumber, 1000)
    .option('--once', 'send what is due now, then exit')
    .action(async (options: { batchSize: number; leaseSeconds: number; pollMs: number; once?: boolean }) => {
      const config = readConfig(io);
      const runtime = await openRuntime(config, { logger: { info: (message) => io.err(message) } });
      const settings = {
        batchSize: Math.max(options.batchSize, 1),
        leaseMs: Math.max(options.leaseSeconds, 1) * 1000,
      };
      if (options.once) {
        try {
          const dispatcher = runtime.createDispatcher(settings);
          let total = 0;
          for (;;) {
            const report = await dispatcher.runOnce();
            total += report.claimed;
            if (report.claimed === 0) break;
            io.err(`worker batch ${JSON.stringify(report)}`);
          }
          io.out(`Processed ${total} due invitation(s).`);
          const webhooks = runtime.createWebhookSender(settings);
          let deliveries = 0;
          for (;;) {
            const report = await webhooks.runOnce();
            deliveries += report.claimed;
            if (report.claimed === 0) break;
            io.err(`webhook batch ${JSON.stringify(report)}`);
          }
          io.out(`Attempted ${deliveries} due webhook delivery(ies).`);
        } finally {
          await runtime.close();
        }
        return;
      }
      const worker = runtime.createWorker(lineLogger(io), {
        ...settings,
        pollMs: Math.max(options.pollMs, 10),
      });
      if (config.metrics.serve === 'http') {
        io.err(
          'VOUCH_METRICS=on serves metrics on the web server, which a worker has not: set VOUCH_METRICS to a port number for this worker to serve its own.',
        );
      }
      const metricsServer = await serveMetricsPort(runtime, io);
      io.out(`Vouch worker started; sending through ${runtime.mailTransport().description}.`);
      worker.start();
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          io.out(`${signal} received; finishing the batch in hand, then stopping.`);
          setTimeout(() => process.exit(1), 30_000).unref();
          Promise.all([worker.stop(), metricsServer?.close()])
            .then(() => runtime.close())
            .then(resolve, resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });
}
