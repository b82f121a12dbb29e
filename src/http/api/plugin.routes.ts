import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import { PLUGIN_ACTIONS, type PluginAction } from '../../services/integrations/plugin.handler.js';
import { inboundRequest, INTEGRATION_MAX_BYTES, withRawBody } from './integrations.routes.js';
import { codesOf, problemResponses } from './openapi.js';

const SUMMARIES: Record<PluginAction, { summary: string; description: string }> = {
  invitation: {
    summary: "One order from a fork of the hosted platform's plugin",
    description:
      "The body the hosted platform's WooCommerce and Magento plugins send (recipientEmail, recipientName, referenceId, orderStatusId, payloadType, products or productSkus, …). 201 when done; 202 when the integration makes product invitations and the body has no products (nothing is done: send it again with them); 200 for a cancel or a status that neither invites nor cancels. See docs/integrations.md.",
  },
  batchinvitations: {
    summary: "A batch of past orders from a fork of the hosted platform's plugin",
    description:
      '`{ invitations: [order, …], type: "WITH_PRODUCT_DATA" | "WITHOUT_PRODUCT_DATA" }`. 201 with a JSON array of the orders that made no invitation, `[{ referenceId, error }]`; 202 first when products are needed and the batch has none.',
  },
};

const PROBLEM_CODES = codesOf(
  'integration_payload_invalid',
  'invitation_email_invalid',
  'integration_not_found',
  'integration_payload_too_large',
);

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
        {
          bodyLimit: INTEGRATION_MAX_BYTES,
          schema: {
            tags: ['Integrations'],
            summary: SUMMARIES[action].summary,
            description: `${SUMMARIES[action].description} Problems: ${PROBLEM_CODES}.`,
            params: z.object({
              token: z.string().meta({
                description: 'The plugin integration key (`vouch integration add --provider plugin`)',
              }),
            }),
            response: problemResponses(400, 404, 413),
          },
        },
        async (request, reply) => {
          const answer = await runtime.integrations.receive(inboundRequest(request, action));
          return reply.status(answer.status).send(answer.body);
        },
      );
    }
  });
}
