import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { VouchError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { authenticateBusiness } from './auth.js';
import { BEARER, problemResponses } from './openapi.js';

/**
 * AFS over HTTP, for inbound-mail services that POST the raw message (`POST /afs/inbound/{token}`, the
 * token of the business's AFS address), and the business's view of what its AFS mail became.
 */
export async function registerAfsRoutes(app: FastifyInstance, runtime: Runtime): Promise<void> {
  await app.register((scoped, _options, pluginDone) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: runtime.config.afs.maxBytes },
      (_request, body, done) => done(null, body),
    );
    scoped.post<{ Params: { token: string } }>(
      '/afs/inbound/:token',
      {
        bodyLimit: runtime.config.afs.maxBytes,
        schema: {
          tags: ['AFS'],
          summary: 'Deliver a BCC order email over HTTP',
          description:
            "For inbound-mail services that POST the raw message (RFC 5322, headers included) as the body. The token is the one in the business's AFS address. 201 when it became invitations, 202 when it was stored for a later try.",
          params: z.object({ token: z.string() }),
          response: problemResponses(400, 404, 413),
        },
      },
      async (request, reply) => {
        const business = await runtime.afs.businessForToken(request.params.token);
        if (!business)
          throw new VouchError(
            'not_found',
            'No AFS address has this token; see the afsAddress of `vouch business show`.',
          );
        const raw = request.body;
        if (!Buffer.isBuffer(raw) || raw.length === 0) {
          throw new VouchError(
            'validation_failed',
            'Send the raw message (RFC 5322, with its headers) as the request body.',
          );
        }
        const [id] = await runtime.afs.store([business], raw, { via: 'http', envelopeFrom: undefined });
        const result = id === undefined ? undefined : await runtime.afs.process(id);
        return reply.status(result?.status === 'processed' ? 201 : 202).send(result);
      },
    );
    pluginDone();
  });

  app.get<{ Querystring: { limit?: string } }>(
    '/api/v1/afs/messages',
    {
      schema: {
        tags: ['AFS'],
        summary: 'What the AFS mail of the business became',
        security: BEARER,
        querystring: z.object({ limit: z.string().optional().describe('How many, newest first (50)') }),
        response: problemResponses(401),
      },
    },
    async (request) => {
      const business = await authenticateBusiness(runtime, request);
      const limit = /^\d{1,4}$/.test(request.query.limit ?? '') ? Number(request.query.limit) : 50;
      return { messages: await runtime.afs.list(business.id, limit) };
    },
  );

  const alertsSchema = {
    schema: {
      tags: ['AFS'],
      summary: "The business's alerts (AFS mail that could not become an invitation)",
      security: BEARER,
      response: problemResponses(401),
    },
  };
  app.get('/api/v1/alerts', alertsSchema, async (request) => {
    const business = await authenticateBusiness(runtime, request);
    return { alerts: await runtime.afs.alerts(business.id) };
  });
}
