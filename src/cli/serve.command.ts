import { Command } from 'commander';
import { openRuntime } from '../runtime.js';
import { readConfig, type CliIo } from './output.js';
import { startAfsListener } from './afs.command.js';
import { serveMetricsPort } from './metrics.js';

/** Starts the HTTP server, the invitation worker and the AFS listener. */
export function serveCommand(io: CliIo): Command {
  return new Command('serve')
    .description(
      'start Vouch: the web server, review pages and APIs (the embedded default needs nothing else)',
    )
    .option(
      '--no-worker',
      'do not send invitations from this process (for when the invitation worker runs elsewhere)',
    )
    .action(async (options: { worker: boolean }) => {
      const config = readConfig(io);
      const runtime = await openRuntime(config, { logger: { info: (message) => io.err(message) } });
      // The web framework is loaded only by the command that serves the web.
      const { buildApp, loggerOptions } = await import('../http/app.js');
      const app = await buildApp(runtime, { logger: loggerOptions(config.logLevel) });
      try {
        await app.listen({ host: config.host, port: config.port });
      } catch (error) {
        await runtime.close();
        throw error;
      }
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      io.out(`Vouch is listening on http://${shownHost}:${port} (data in ${config.dataDir})`);
      if (!(await runtime.accounts.hasUsers())) {
        io.out(
          `No account yet. Open http://${shownHost}:${port}/ in a browser on this machine to create the first one,\n` +
            'or, from elsewhere, run this for a one-time setup link:\n' +
            '  npx vouch user create --operator --email you@example.com',
        );
      } else if ((await runtime.businesses.list()).length === 0) {
        io.out(
          'No business yet. Add one in the dashboard, or in another terminal:\n' +
            '  npx vouch business create --name "Your Shop" --domain yourshop.example',
        );
      }

      const worker = options.worker ? runtime.createWorker(app.log) : undefined;
      if (worker) {
        worker.start();
        io.out(`Sending invitations through ${runtime.mailTransport().description}.`);
      }

      const stopAfs = await startAfsListener(runtime, io, app.log);
      const metricsServer = await serveMetricsPort(runtime, io);
      if (config.metrics.serve === 'http') io.out(`Metrics at http://${shownHost}:${port}/metrics`);

      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        io.out(`${signal} received; finishing requests in flight, then stopping.`);
        // A request that never ends must not keep the process alive forever.
        setTimeout(() => process.exit(1), 10_000).unref();
        Promise.all([app.close(), worker?.stop(), stopAfs?.(), metricsServer?.close()])
          .then(() => runtime.close())
          .then(() => process.exit(0))
          .catch(() => process.exit(1));
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
