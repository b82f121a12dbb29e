import { startMetricsServer, type MetricsServer } from '../http/metrics-server.js';
import type { Runtime } from '../runtime.js';
import type { CliIo } from './output.js';

/** With `VOUCH_METRICS={port}`, serves this process's metrics on that port of HOST and says where. */
export async function serveMetricsPort(runtime: Runtime, io: CliIo): Promise<MetricsServer | undefined> {
  const { config } = runtime;
  if (config.metrics.serve !== 'port') return undefined;
  const server = await startMetricsServer(runtime.metrics, config.host, config.metrics.port);
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  io.out(`Metrics at http://${shownHost}:${server.port}/metrics`);
  return server;
}
