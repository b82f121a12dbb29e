import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';
import {
  INTERNAL_PROBLEM,
  isVouchError,
  toProblem,
  VouchError,
  type ErrorCode,
  type Problem,
} from '../errors.js';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { html } from '../views/html.js';
import { page } from '../views/layout.js';
import { setSecurityHeaders } from './security.js';

/**
 * Where programs, not people, are the caller: everything under these answers problem+json, an unknown
 * path and Fastify's own refusals (bad JSON, a body too large) included, never an HTML page.
 */
const MACHINE_PREFIXES = ['/api', '/v1', '/afs/inbound', '/integrations'] as const;
const MACHINE_PATHS = new Set(['/readyz', '/healthz']);

export function isMachinePath(path: string): boolean {
  return (
    MACHINE_PATHS.has(path) ||
    MACHINE_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))
  );
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '';
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  if (isMachinePath(pathOf(request))) {
    return reply.status(problem.status).type('application/problem+json').send(problem);
  }
  return reply
    .status(problem.status)
    .type('text/html; charset=utf-8')
    .send(
      page({
        title: problem.title,
        body: html`<div class="card">
          <h1>${problem.title}</h1>
          <p>${problem.detail}</p>
        </div>`,
      }).toString(),
    );
}

/** Fastify's own 4xx (a body that is not JSON, too large, of a type the route does not read) as a VouchError. */
function frameworkRefusal(status: number, error: FastifyError): VouchError {
  const known: Partial<Record<number, { code: ErrorCode; detail: string }>> = {
    404: { code: 'not_found', detail: error.message },
    413: {
      code: 'payload_too_large',
      detail: 'The request body is larger than this route accepts; send a smaller one.',
    },
    415: {
      code: 'unsupported_media_type',
      detail: `${error.message}. Send the Content-Type this route documents (application/json for the JSON APIs).`,
    },
    429: { code: 'rate_limited', detail: error.message },
  };
  // @fastify/csrf-protection's refusal of a form without its token (or with a stale one).
  if (status === 403 && error.code.startsWith('FST_CSRF')) {
    return new VouchError(
      'csrf_invalid',
      'The form was out of date or did not come from this Vouch. Go back, reload the page and send it again.',
    );
  }
  const mapped = known[status];
  return mapped
    ? new VouchError(mapped.code, mapped.detail)
    : new VouchError('validation_failed', error.message);
}

/**
 * A request that failed its route's zod schema: one `errors` entry per bad field, by its path in the part
 * that failed (`email`, `skus.0`), so a client can point at the field.
 */
function schemaRefusal(
  issues: readonly { instancePath: string; message?: string | undefined }[],
  part: string | undefined,
): VouchError {
  const errors = issues.map((issue) => ({
    path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
    message: plainer(issue.message ?? 'is not valid'),
  }));
  const where = part === 'querystring' ? 'query' : (part ?? 'request');
  const detail = errors
    .map((error) => (error.path ? `${error.path}: ${error.message}` : `the ${where}: ${error.message}`))
    .join('; ');
  return new VouchError('validation_failed', `Fix these fields of the ${where}: ${detail}.`, {
    in: where,
    errors,
  });
}

/** zod's words for a missing field, as a person would say them. */
function plainer(message: string): string {
  const missing = /^Invalid input: expected (\w+), received undefined$/.exec(message);
  return missing ? `is required (a ${missing[1]})` : message;
}

/**
 * Fastify answers a URL it cannot decode (`/api/%zz`) before any route or error handler runs, as plain
 * JSON of its own; passed as the `frameworkErrors` option, this answers it like every other refusal.
 */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (
  error,
  request,
  reply,
) => {
  const detail =
    error.code === 'FST_ERR_BAD_URL'
      ? "The URL's path is not valid percent-encoding: a '%' must be followed by two hexadecimal digits."
      : error.message;
  // No hook runs for this answer, so it carries the security headers itself.
  setSecurityHeaders(reply);
  void sendProblem(request, reply, toProblem(new VouchError('validation_failed', detail)));
};

/** Recognises the store's passing faults, so they answer 503 (try again) instead of 500. */
export interface StoreFaults {
  isUnavailable(error: unknown): boolean;
  isStorageFull(error: unknown): boolean;
}

/** Seconds a client is told to wait before trying again after a 503. */
const RETRY_AFTER_SECONDS = 5;

/** The database away or its disk full, found on the error or on what it wraps, as a 503 VouchError. */
function storeFault(error: unknown, faults: StoreFaults): VouchError | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 4; cause = cause.cause, depth++) {
    if (faults.isStorageFull(cause)) {
      return new VouchError('storage_full', 'The server has no room left to store this; try again later.');
    }
    if (faults.isUnavailable(cause)) {
      return new VouchError(
        'database_unavailable',
        `The database cannot be reached just now; try again in ${RETRY_AFTER_SECONDS} seconds.`,
      );
    }
  }
  return undefined;
}

export function registerErrorHandling(app: FastifyInstance, faults?: StoreFaults): void {
  app.setErrorHandler((error: FastifyError | VouchError, request, reply) => {
    if (isVouchError(error)) return sendProblem(request, reply, toProblem(error));
    if (hasZodFastifySchemaValidationErrors(error)) {
      return sendProblem(request, reply, toProblem(schemaRefusal(error.validation, error.validationContext)));
    }
    // Fastify's own 4xx are the caller's to fix.
    const status = 'statusCode' in error ? error.statusCode : undefined;
    if (status !== undefined && status >= 400 && status < 500) {
      return sendProblem(request, reply, toProblem(frameworkRefusal(status, error)));
    }
    const passing = faults && storeFault(error, faults);
    if (passing) {
      request.log.warn({ err: error }, passing.message);
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return sendProblem(request, reply, toProblem(passing));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, INTERNAL_PROBLEM);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      toProblem(new VouchError('not_found', `Nothing is at ${request.method} ${pathOf(request)}.`)),
    ),
  );
}
