import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { INTERNAL_PROBLEM, isVouchError, toProblem, VouchError, type Problem } from '../errors.js';
import { html } from '../views/html.js';
import { page } from '../views/layout.js';

/** JSON APIs answer problem+json; pages answer a readable HTML page. */
function wantsJson(request: FastifyRequest): boolean {
  const url = request.url;
  return url.startsWith('/api/') || url.startsWith('/v1/') || url === '/readyz' || url === '/healthz';
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  if (wantsJson(request)) {
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

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | VouchError, request, reply) => {
    if (isVouchError(error)) return sendProblem(request, reply, toProblem(error));
    // Fastify's own 4xx (a body that is not JSON, too large, a failed schema) are the caller's to fix.
    const status = 'statusCode' in error ? error.statusCode : undefined;
    if (status !== undefined && status >= 400 && status < 500) {
      const code = status === 429 ? 'rate_limited' : status === 404 ? 'not_found' : 'validation_failed';
      return sendProblem(request, reply, toProblem(new VouchError(code, error.message)));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, INTERNAL_PROBLEM);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      toProblem(
        new VouchError('not_found', `Nothing is at ${request.method} ${request.url.split('?')[0] ?? ''}.`),
      ),
    ),
  );
}
