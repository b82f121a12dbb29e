import type { FastifyInstance, FastifyReply } from 'fastify';

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

/**
 * Who may frame a business's embedded review form: Vouch itself and the business's own https sites. A
 * plain-http page is refused even on the business's domain: anyone on its network path could rewrite it
 * and overlay the form. Nothing needs http here, not even development: a local page can frame the form
 * from Vouch's own origin ('self').
 */
export function businessFrameAncestors(domain: string | undefined): string[] {
  if (domain === undefined) return ["'self'"];
  return ["'self'", `https://${domain}`, `https://*.${domain}`];
}

/** The headers every response carries; called directly where Fastify answers before any hook runs. */
export function setSecurityHeaders(reply: FastifyReply): void {
  // A route that may be framed (an embeddable form) sets its own policy, with its own frame-ancestors.
  if (!reply.hasHeader('content-security-policy')) {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-frame-options', 'DENY');
  }
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every response, and a promise per response costs more
  // than the four headers it sets.
  app.addHook('onSend', (_request, reply, payload, done) => {
    setSecurityHeaders(reply);
    done(null, payload);
  });
}
