import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { $ZodType } from 'zod/v4/core';
import { ERRORS, type ErrorCode } from '../../errors.js';
import { isMachinePath } from '../errors.js';

/**
 * One zod schema per route gives its validation, its types and its OpenAPI entry. The pattern, for every
 * JSON route (see invitations.routes.ts for the full set):
 *
 * ```ts
 * app.withTypeProvider<ZodTypeProvider>().post('/api/v1/things', {
 *   schema: {
 *     tags: ['Things'], summary: 'Create a thing', security: BEARER,
 *     headers: idempotencyHeaders,            // on a POST that takes an Idempotency-Key
 *     body: z.strictObject({ name: z.string().min(1).max(200) }),
 *     response: { 201: thingSchema, ...problemResponses(400, 401, 409) },
 *   },
 * }, async (request, reply) => { … request.body.name is typed and valid … });
 * ```
 *
 * A request that fails its schema never reaches the handler: errors.ts answers it with problem+json,
 * `code: validation_failed` and `errors: [{ path, message }]`. Routes of other sessions that give no
 * schema keep working as before; a plain JSON Schema (not zod) is refused at start, so the two never mix.
 */
const zodOnly: { validator: FastifySchemaCompiler<unknown>; serializer: typeof serializerCompiler } = {
  validator: (request) => {
    if (!(request.schema instanceof $ZodType)) {
      throw new Error(
        `${request.method} ${request.url}: route schemas are zod schemas (see src/http/api/openapi.ts), not JSON Schema.`,
      );
    }
    return validatorCompiler({ ...request, schema: request.schema });
  },
  serializer: serializerCompiler,
};

/** The API's version in the OpenAPI document: it changes when a route's contract does, not per release. */
const API_VERSION = '1.0.0';

/** Security requirements for `schema.security`. */
export const BEARER: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

/** RFC 9457 problem details as every JSON route answers an error. */
const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    code: z.string().describe('Stable machine code; see docs/api.md for the list.'),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('For validation_failed: each bad field, by its path in the body or query.'),
  })
  .meta({ id: 'Problem', description: 'application/problem+json (RFC 9457) with a stable `code`.' });

const PROBLEM_DESCRIPTIONS: Partial<Record<number, string>> = {
  400: 'The request is not valid (`validation_failed` names each bad field)',
  401: 'No API key, or an unknown or revoked one (`unauthorized`)',
  404: 'No such resource for this business',
  409: 'Conflict (`idempotency_key_reused`: the key was used with another body)',
  413: 'The body is larger than the route accepts (`payload_too_large`)',
  415: 'The body has a Content-Type the route does not read (`unsupported_media_type`)',
  429: 'Too many requests (`rate_limited`)',
};

/** Response entries for the error statuses a route can answer, all application/problem+json. */
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    ]),
  );
}

/** The error codes a route may answer, for docs; the status comes from src/errors.ts. */
export function codesOf(...codes: ErrorCode[]): string {
  return codes.map((code) => `\`${code}\` (${ERRORS[code].status})`).join(', ');
}

/**
 * Sets the zod compilers and registers the OpenAPI generator, `GET /openapi.json` and the rendered
 * `GET /docs`. Call it before any route is added: the generator sees only the routes added after it.
 * Only machine paths (/api, /v1, …) appear in the document; pages are for people and stay out.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(zodOnly.validator);
  app.setSerializerCompiler(zodOnly.serializer);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vouch API',
        version: API_VERSION,
        description:
          'Invitations, reviews and imports of one business, authenticated by its API key. Errors are application/problem+json with a stable `code`. See docs/api.md.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'Authorization: Bearer vk_… (vouch api-key create --business DOMAIN)',
          },
          apiKeyHeader: {
            type: 'apiKey',
            in: 'header',
            name: 'apikey',
            description: 'The same key as a header',
          },
        },
      },
    },
    transform: (document) => {
      if (!isMachinePath(document.url)) return { schema: { hide: true }, url: document.url };
      return jsonSchemaTransform(document);
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // The UI's own files, from node_modules: no CDN. The base layout leaves out the top bar, whose logo
    // SVG carries an inline <style> the app's CSP refuses; with it gone, /docs needs no CSP exception.
    uiConfig: { deepLinking: true, tryItOutEnabled: false, layout: 'BaseLayout' },
    validatorUrl: false,
    theme: { title: 'Vouch API' },
  });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
