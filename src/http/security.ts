import type { FastifyInstance } from 'fastify';

/** Pages may only load their own scripts and styles: no inline script, so injected markup cannot run. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The same policy for a page that may sit in an iframe on the given origins (`*` for any site). */
export function framablePolicy(ancestors: readonly string[]): string {
  return CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", `frame-ancestors ${ancestors.join(' ')}`);
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every response, and a promise per response costs more
  // than the four headers it sets.
  app.addHook('onSend', (_request, reply, payload, done) => {
    // A route that may be framed (an embeddable form) sets its own policy, with its own frame-ancestors.
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('x-frame-options', 'DENY');
    }
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    done(null, payload);
  });
}
