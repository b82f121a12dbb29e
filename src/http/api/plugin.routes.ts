import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { PLUGIN_ACTIONS } from '../../services/integrations/plugin.handler.js';
import { inboundRequest, INTEGRATION_MAX_BYTES, withRawBody } from './integrations.routes.js';

/**
 * The hosted platform's plugin endpoint: `POST /api/{key}/invitation` and `POST /api/{key}/batchinvitations`,
 * where the key is a `plugin` integration's token, so a fork of its WooCommerce or Magento plugin works by
 * changing its API URL constant to `{VOUCH_PUBLIC_URL}/api/`. Vouch's own routes under `/api/v1/` and
 * `/api/public/` are static and so always matched first; a key is 32 base64url characters and never
 * one of those words, and anything else under `/api/{key}/` is a 404.
 */
export async function registerPluginRoutes(app: FastifyInstance, runtime: Runtime): Promise<void> {
  await withRawBody(app, runtime, (scoped) => {
    for (const action of PLUGIN_ACTIONS) {
      scoped.post<{ Params: { token: string } }>(
        `/api/:token/${action}`,
        { bodyLimit: INTEGRATION_MAX_BYTES },
        async (request, reply) => {
          const answer = await runtime.integrations.receive(inboundRequest(request, action));
          return reply.status(answer.status).send(answer.body);
        },
      );
    }
  });
}
