import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { isIntegrationProvider } from '../../domain/shops/integrations.js';
import { VouchError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import type { InboundRequest } from '../../services/integrations/handler.js';

/** The largest body a shop may post: a Shopify order with hundreds of line items stays well under it. */
export const INTEGRATION_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Registers routes that read the body as raw bytes, as signed (the HMAC covers the exact bytes, so no
 * parser may touch them first), with a body too large logged in the integration's delivery log before
 * it is refused. The plugin endpoint registers its routes through this too.
 */
export async function withRawBody(
  app: FastifyInstance,
  runtime: Runtime,
  routes: (scoped: FastifyInstance) => void,
): Promise<void> {
  await app.register((scoped, _options, done) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: INTEGRATION_MAX_BYTES },
      (_request, body, parsed) => parsed(null, body),
    );
    scoped.setErrorHandler(async (error: FastifyError, request) => {
      if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        const { provider, token } = providerAndToken(request);
        const message = `The body is larger than ${INTEGRATION_MAX_BYTES / 1024 / 1024} MB; nothing in it was read. A shop's order is far smaller: check what is posting to this URL.`;
        await runtime.integrations.logRefusal(provider, token, {
          code: 'integration_payload_too_large',
          message,
          topic: topicHeader(request),
        });
        throw new VouchError('integration_payload_too_large', message);
      }
      throw error;
    });
    routes(scoped);
    done();
  });
}

/** The request as the integration service reads it: its provider, token, headers and raw body. */
export function inboundRequest(request: FastifyRequest, action?: string): InboundRequest {
  const { provider, token } = providerAndToken(request);
  if (!isIntegrationProvider(provider)) {
    throw new VouchError('integration_not_found', `Vouch has no integration for "${provider}".`);
  }
  return {
    provider,
    token,
    headers: request.headers,
    body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    action,
  };
}

/** `POST /integrations/{provider}/{token}`: the URL `vouch integration add` prints. */
export async function registerIntegrationRoutes(app: FastifyInstance, runtime: Runtime): Promise<void> {
  await withRawBody(app, runtime, (scoped) => {
    scoped.post<{ Params: { provider: string; token: string } }>(
      '/integrations/:provider/:token',
      { bodyLimit: INTEGRATION_MAX_BYTES },
      async (request, reply) => {
        const answer = await runtime.integrations.receive(inboundRequest(request));
        return reply.status(answer.status).send(answer.body);
      },
    );
  });
}

function providerAndToken(request: FastifyRequest): { provider: string; token: string } {
  const params = (request.params ?? {}) as { provider?: string; token?: string };
  // The plugin's routes carry no provider in their path.
  return { provider: params.provider ?? 'plugin', token: params.token ?? '' };
}

function topicHeader(request: FastifyRequest): string | undefined {
  const value = request.headers['x-shopify-topic'] ?? request.headers['x-wc-webhook-topic'] ?? undefined;
  return typeof value === 'string' ? value : undefined;
}
