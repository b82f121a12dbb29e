import type { FastifyInstance } from 'fastify';
import type { MetricsSetting } from '../../config.js';
import type { Metrics } from '../../observability/metrics.js';

/**
 * Counts every answered request by its route's pattern (`/r/:token`, never the URL, whose path and query
 * carry link tokens and addresses), and serves `GET /metrics` when `VOUCH_METRICS=on`. With metrics off it
 * adds nothing at all: no hook, no route.
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, setting: MetricsSetting): void {
  if (!metrics.enabled) return;
  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
  if (setting.serve !== 'http') return;
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await metrics.exposition();
    return reply.header('cache-control', 'no-store').type(contentType).send(body);
  });
}
