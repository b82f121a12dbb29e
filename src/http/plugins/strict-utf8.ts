import querystring from 'node:querystring';
import type { FastifyInstance } from 'fastify';
import { VouchError } from '../../errors.js';

const FORM = 'application/x-www-form-urlencoded';

/**
 * The bodies Vouch reads as text (JSON, HTML forms, plain text) are decoded as strict UTF-8: bytes that are
 * not UTF-8 answer 400 `body_not_utf8` instead of reaching a route as U+FFFD. Routes that read raw bytes
 * (AFS mail, CSV uploads) register their own parsers and are left alone. Call after @fastify/formbody.
 */
export function registerStrictUtf8Bodies(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain', FORM]);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const text = decodeUtf8(body as Buffer);
    if (text instanceof VouchError) return done(text, undefined);
    void json(request, text, done);
  });
  // A pattern, not the string: a route that reads text/plain as raw bytes (CSV uploads) can still add its own.
  app.addContentTypeParser(/^text\/plain(;|$)/i, { parseAs: 'buffer' }, (_request, body, done) => {
    const text = decodeUtf8(body as Buffer);
    return text instanceof VouchError ? done(text, undefined) : done(null, text);
  });
  // node:querystring gives the shape @fastify/formbody gave (a repeated field becomes an array).
  app.addContentTypeParser(FORM, { parseAs: 'buffer' }, (_request, body, done) => {
    const text = decodeUtf8(body as Buffer);
    return text instanceof VouchError ? done(text, undefined) : done(null, querystring.parse(text));
  });
}

function decodeUtf8(body: Buffer): string | VouchError {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    return new VouchError(
      'body_not_utf8',
      'The request body has bytes that are not UTF-8. Send JSON, form fields and text encoded as UTF-8.',
    );
  }
}
