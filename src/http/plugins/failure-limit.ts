import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toProblem, VouchError } from '../../errors.js';
import { isMachinePath } from '../errors.js';
import type { Runtime } from '../../runtime.js';
import { html } from '../../views/html.js';
import { negotiateLocale, t } from '../../i18n/index.js';
import { page } from '../../views/layout.js';
import { clientKey, FixedWindowCounter } from '../window-counter.js';

const WINDOW_MS = 60_000;
/** Addresses tracked at once: past this the oldest are forgotten, so a flood of addresses is no flood of memory. */
const MAX_ADDRESSES = 100_000;

/** Whether an answer on a route means the caller guessed wrong. */
type FailureRule = (method: string, status: number) => boolean;

/** An API key that is missing, unknown or revoked. */
const badApiKey: FailureRule = (_method, status) => status === 401;
/** A secret token in the path that names nothing. */
const badToken: FailureRule = (_method, status) => status === 401 || status === 403 || status === 404;
/**
 * A review entrance refusing its link: 403 (a hash or MAC that does not match), 404 (no such business or
 * invitation) or, when opened, 400 (a malformed link). A POST's 400 is a form to correct, not a guess.
 */
const badLink: FailureRule = (method, status) =>
  status === 403 || status === 404 || (method !== 'POST' && status === 400);

/**
 * The routes where a secret can be guessed, by their pattern; `/api/v1/…` all take an API key, and `/v1/…`
 * (the hosted platform's API) an access token, an API key, or a key and its secret.
 */
const RULES = new Map<string, FailureRule>([
  ['/afs/inbound/:token', badToken],
  // The hosted platform's plugin endpoint: the key in the path is the integration's only credential.
  ['/api/:token/invitation', badToken],
  ['/api/:token/batchinvitations', badToken],
  // A shop webhook: an unknown token (404) or a body signed with the wrong secret (401) is a guess.
  ['/integrations/:provider/:token', badToken],
  ['/evaluate/:domain', badLink],
  ['/evaluate/embed/:domain', badLink],
  ['/evaluate-bgl/:domain', badLink],
  ['/evaluate-bgl/embed/:domain', badLink],
  ['/r/:token', badLink],
  ['/unsubscribe/:token', badToken],
  ['/review/:domain/confirm/:token', badToken],
  ['/review/:domain/thanks/:id', badToken],
  // The signed link that shows a reviewer why their review was hidden.
  ['/review/:domain/hidden/:id', badToken],
  // A dashboard user's one-time password link.
  ['/password/:token', badToken],
]);

function ruleFor(routeUrl: string | undefined): FailureRule | undefined {
  if (routeUrl === undefined) return undefined;
  if (routeUrl.startsWith('/api/v1/') || routeUrl.startsWith('/v1/')) return badApiKey;
  return RULES.get(routeUrl);
}

/**
 * Limits failed authentications and failed link checks per client (VOUCH_FAILED_AUTH_LIMIT a minute): API
 * keys, AFS tokens, Unique Link hashes, BGL tokens and the tokens of Vouch's own links. Only failures count,
 * so a shop whose customers open many valid links is never limited; but once a client is over the limit,
 * every request it makes to these routes is refused with 429 until its minute is over, valid ones too, so
 * a guesser learns nothing more from them. Behind a proxy every client has the proxy's address: set the
 * limit high, or to 0 to turn it off, there.
 */
export function registerFailureLimit(app: FastifyInstance, runtime: Runtime): void {
  const limit = runtime.config.failedAuthLimit;
  if (limit === 0) return;
  const counter = new FixedWindowCounter({
    limit,
    windowMs: WINDOW_MS,
    maxKeys: MAX_ADDRESSES,
    now: () => runtime.clock.now().getTime(),
  });

  // Callback hooks, not async ones, as in security.ts: they run on every request, and a promise per hook
  // per request costs more than the map lookup they make.
  app.addHook('onRequest', (request, reply, done) => {
    const wait = ruleFor(request.routeOptions.url) ? counter.blockedFor(clientKey(request.ip)) : 0;
    // Answering here, without calling done, ends the request before its handler.
    if (wait > 0) refuse(runtime, request, reply, Math.ceil(wait / 1000));
    else done();
  });

  app.addHook('onResponse', (request, reply, done) => {
    const failed = ruleFor(request.routeOptions.url);
    if (failed?.(request.method, reply.statusCode)) counter.add(clientKey(request.ip));
    done();
  });
}

function refuse(runtime: Runtime, request: FastifyRequest, reply: FastifyReply, seconds: number) {
  reply.status(429).header('retry-after', String(seconds)).header('cache-control', 'no-store');
  if (isMachinePath(request.url.split('?')[0] ?? '')) {
    const problem = toProblem(
      new VouchError(
        'rate_limited',
        `Too many failed attempts from your address; try again in ${seconds} seconds, with a valid key, token or link.`,
        { retryAfter: seconds },
      ),
    );
    return reply.type('application/problem+json').send(problem);
  }
  const locale = negotiateLocale({
    host: request.headers.host ?? '',
    publicHost: runtime.config.publicUrl.host,
    linkLocale: undefined,
    acceptLanguage: request.headers['accept-language'],
    businessDefault: 'en-US',
  }).locale;
  const message = t(locale, 'form.error.rateLimited');
  return reply.type('text/html; charset=utf-8').send(
    page({
      title: message,
      lang: locale,
      body: html`<div class="card"><p>${message}</p></div>`,
    }).toString(),
  );
}
