import { Command } from 'commander';
import { InboundMailServer } from '../mail/inbound-server.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { wholeNumber } from './invitations.command.js';
import { cell, printJson, readConfig, withRuntime, type CliIo } from './output.js';
import { lineLogger } from './worker.command.js';
import { serveMetricsPort } from './metrics.js';

/** Starts the AFS listener for a runtime; answers how to stop it. Shared by `serve` and `afs`. */
export async function startAfsListener(
  runtime: Runtime,
  io: CliIo,
  logger = lineLogger(io),
): Promise<(() => Promise<void>) | undefined> {
  const { afs, host } = runtime.config;
  if (afs.port === 0) return undefined;
  const server = new InboundMailServer({
    afs: runtime.afs,
    domain: afs.domain,
    maxBytes: afs.maxBytes,
    tls: afs.tls,
    logger,
    socketTimeoutMs: runtime.config.timeouts.smtpSocketMs,
    isStorageFull: (error) => runtime.store.capabilities.isStorageFull(error),
  });
  const port = await server.listen(afs.port, host);
  io.out(`AFS is accepting BCC mail for *@${afs.domain} on ${host}:${port}${afs.tls ? ' (STARTTLS)' : ''}.`);
  const purge = setInterval(() => void runtime.afs.purgeRaw().catch(() => undefined), 60 * 60 * 1000);
  purge.unref();
  return async () => {
    clearInterval(purge);
    await server.close();
  };
}

export function afsCommand(io: CliIo): Command {
  const afs = new Command('afs').description(
    "the Automatic Feedback Service: invitations from BCC'd order emails",
  );

  afs
    .command('listen', { isDefault: true })
    .description('run the inbound SMTP listener alone (`vouch serve` runs it too)')
    .action(async () => {
      const config = readConfig(io);
      const runtime = await openRuntime(config, { logger: { info: (message) => io.err(message) } });
      const stop = await startAfsListener(runtime, io);
      if (!stop) {
        io.err('VOUCH_AFS_PORT is 0: the AFS listener is off.');
        await runtime.close();
        return;
      }
      const metricsServer = await serveMetricsPort(runtime, io);
      await new Promise<void>((resolve) => {
        const onSignal = (signal: string) => {
          io.out(`${signal} received; finishing the mail in hand, then stopping.`);
          setTimeout(() => process.exit(1), 30_000).unref();
          Promise.all([stop(), metricsServer?.close()])
            .then(() => runtime.close())
            .then(resolve, resolve);
        };
        process.once('SIGTERM', () => onSignal('SIGTERM'));
        process.once('SIGINT', () => onSignal('SIGINT'));
      });
    });

  afs
    .command('messages')
    .description('recent BCC mail of a business: received, from, subject, what was read, the decision')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--limit <n>', 'at most this many', wholeNumber, 50)
    .option('--json', 'print a JSON array')
    .action(async (options: { business: string; limit: number; json?: boolean }) => {
      const messages = await withRuntime(io, (runtime) => runtime.afs.list(options.business, options.limit));
      if (options.json) return printJson(io, messages);
      io.out(
        messages.length === 0
          ? 'No AFS mail yet.'
          : messages
              .map(
                (message) =>
                  // A subject or sender is a stranger's text: one line each, controls shown escaped.
                  `${message.receivedAt}  ${(message.decision ?? message.status).padEnd(12)} ${cell(message.from ?? '?')}  "${cell(message.subject ?? '')}"${message.reason ? `\n    ${cell(message.reason)}` : ''}`,
              )
              .join('\n'),
      );
    });

  afs
    .command('alerts')
    .description('alerts for a business, such as the first mail from a new sender address')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--json', 'print a JSON array')
    .action(async (options: { business: string; json?: boolean }) => {
      const alerts = await withRuntime(io, (runtime) => runtime.afs.alerts(options.business));
      if (options.json) return printJson(io, alerts);
      io.out(
        alerts.length === 0
          ? 'No alerts.'
          : alerts.map((alert) => `${alert.createdAt}  ${cell(alert.message)}`).join('\n'),
      );
    });

  return afs;
}
