import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isVouchError, toProblem, VouchError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { clientKey } from '../window-counter.js';
import { problemResponses } from './openapi.js';

export const TOKEN_PATH = '/v1/oauth/oauth-business-users-for-applications/accesstoken';
/** The hosted platform's own path for a refresh; the token path takes grant_type=refresh_token too. */
export const REFRESH_PATH = '/v1/oauth/oauth-business-users-for-applications/refresh';
export const HOSTED_TAG = 'Hosted-platform compatible';

const WINDOW_MS = 60_000;
/** Clients tracked at once by each token limit; past this the least recently seen are forgotten. */
const TRACKED_CLIENTS = 100_000;

const tokenForm = z
  .looseObject({
    grant_type: z
      .string()
      .optional()
      .describe(
        "client_credentials, refresh_token, or password (a dashboard user of the API key's business)",
      ),
    refresh_token: z.string().optional().describe('For grant_type=refresh_token'),
    username: z.string().optional().describe("For grant_type=password: the dashboard user's email"),
    password: z.string().optional().describe('For grant_type=password: their dashboard password'),
    client_id: z.string().optional().describe('Instead of Basic auth: the API key'),
    client_secret: z.string().optional().describe('Instead of Basic auth: the API secret'),
  })
  .optional();

const tokenAnswer = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  issued_at: z.string().describe('Epoch milliseconds, as a string'),
  expires_in: z.string().describe('Seconds the access token works (360000: 100 hours), as a string'),
  refresh_token_expires_in: z.string().describe('Seconds the refresh token works, as a string'),
  token_type: z.literal('BearerToken'),
});

const oauthProblem = {
  description:
    'An OAuth error (RFC 6749 §5.2): `error` and `error_description`, beside the problem members and a stable `code` (`oauth_invalid_request`, `oauth_invalid_client`, `oauth_invalid_grant`, `oauth_unsupported_grant_type`). Sent as application/json, as RFC 6749 asks.',
  content: {
    'application/json': {
      schema: z.looseObject({
        error: z.string(),
        error_description: z.string(),
        code: z.string(),
        status: z.number().int(),
      }),
    },
  },
};

/** `Authorization: Basic base64(key:secret)`, read as RFC 7617 says: the id ends at the first colon. */
function basicCredentials(request: FastifyRequest): { id: string; secret: string } | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

type TokenForm = z.infer<typeof tokenForm>;

function formOf(request: FastifyRequest): TokenForm {
  return typeof request.body === 'object' && request.body !== null ? (request.body as TokenForm) : undefined;
}

/** The client a token request names, for the per-key limit: from Basic auth, else the form. */
function clientIdOf(request: FastifyRequest): string | undefined {
  return basicCredentials(request)?.id ?? formOf(request)?.client_id;
}

/**
 * The hosted platform's OAuth token endpoint (client_credentials, password and refresh_token grants),
 * limited per client address and per API key (VOUCH_TOKEN_LIMIT_PER_ADDRESS, VOUCH_TOKEN_LIMIT_PER_KEY a
 * minute): every request counts, since a client needs a token only every 100 hours. A wrong secret also
 * counts as a failed authentication (plugins/failure-limit.ts).
 */
export async function registerOAuthRoutes(app: FastifyInstance, runtime: Runtime): Promise<void> {
  await app.register(rateLimit, { global: false, cache: TRACKED_CLIENTS });
  const { perAddress, perKey } = runtime.config.tokenRateLimit;
  const limits = [
    perAddress > 0 && {
      who: 'your address',
      check: app.createRateLimit({
        max: perAddress,
        timeWindow: WINDOW_MS,
        keyGenerator: (request) => `token-address:${clientKey(request.ip)}`,
      }),
    },
    perKey > 0 && {
      who: 'this API key',
      check: app.createRateLimit({
        max: perKey,
        timeWindow: WINDOW_MS,
        // Only a request that names a client counts against one; the key is kept as its digest.
        allowList: (request) => clientIdOf(request) === undefined,
        keyGenerator: (request) =>
          `token-key:${createHash('sha256')
            .update(clientIdOf(request) ?? '')
            .digest('hex')}`,
      }),
    },
  ].filter((limit) => limit !== false);

  const limitTokenRequests = async (request: FastifyRequest, reply: FastifyReply) => {
    for (const limit of limits) {
      const state = await limit.check(request);
      if (!state.isAllowed && state.isExceeded) {
        const seconds = Math.max(1, state.ttlInSeconds);
        reply.header('retry-after', String(seconds)).header('cache-control', 'no-store');
        throw new VouchError(
          'rate_limited',
          `Too many token requests from ${limit.who}; a token lasts 100 hours, so keep it and try again in ${seconds} seconds.`,
          { retryAfter: seconds },
        );
      }
    }
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const form = formOf(request);
    const basic = basicCredentials(request);
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    try {
      const grant = await runtime.oauth.issueToken({
        clientId: basic?.id ?? form?.client_id,
        clientSecret: basic?.secret ?? form?.client_secret,
        grantType: form?.grant_type,
        refreshToken: form?.refresh_token,
        username: form?.username,
        password: form?.password,
      });
      return reply.status(200).send(grant);
    } catch (error) {
      if (!isVouchError(error) || !error.code.startsWith('oauth_')) throw error;
      if (error.code === 'oauth_invalid_client') reply.header('www-authenticate', 'Basic realm="vouch"');
      // RFC 6749 §5.2 asks for application/json; the body is a problem with the RFC's members beside it.
      return reply.status(error.status).type('application/json').send(toProblem(error));
    }
  };

  const typed = app.withTypeProvider<ZodTypeProvider>();
  for (const [url, summary] of [
    [TOKEN_PATH, 'Get an access token (OAuth 2.0, client_credentials, password or refresh_token)'],
    [REFRESH_PATH, 'Refresh an access token (the hosted platform’s refresh path)'],
  ] as const) {
    typed.post(
      url,
      {
        onRequest: limitTokenRequests,
        schema: {
          tags: [HOSTED_TAG],
          summary,
          description:
            'Send your API key and its secret as `Authorization: Basic base64(key:secret)` and a form body `grant_type=client_credentials` (or `grant_type=refresh_token&refresh_token=…`). `grant_type=password&username=…&password=…` (with the same Basic auth) gives a token when that dashboard user is a member of the key’s business (or an operator), else `invalid_grant`. Tokens work for 100 hours; a refresh token is used once.',
          body: tokenForm,
          response: {
            200: tokenAnswer,
            400: oauthProblem,
            401: oauthProblem,
            ...problemResponses(413, 415, 429),
          },
        },
      },
      handler,
    );
  }
}
