import type { FastifyInstance } from 'fastify';

/**
 * Route parameters that are secrets: whoever reads a log line holding one could unsubscribe a customer,
 * publish a pending review or post mail as a business. Every route naming a parameter so is redacted.
 */
const SECRET_PARAMS = new Set(['token']);

const REDACTED = '[redacted]';

/** A route pattern with secret parameters: its segments, and where the first secret one is. */
interface SecretPattern {
  segments: readonly string[];
  firstSecret: number;
}

/**
 * The patterns of the routes that carry a secret, as registered: a path no route matched (a typo, an
 * extra segment, `/R/…`) still has its secret cut from the log by lining it up against these.
 */
const secretPatterns = new Map<string, SecretPattern>();

function secretPatternOf(url: string): SecretPattern | undefined {
  const segments = url.split('/');
  const firstSecret = segments.findIndex((segment) => isSecretSegment(segment));
  return firstSecret < 0 ? undefined : { segments, firstSecret };
}

/** `:token`, or a segment that mixes a secret parameter with text or a regular expression. */
function isSecretSegment(segment: string): boolean {
  for (const match of segment.matchAll(/:([A-Za-z0-9_]+)/g)) {
    if (SECRET_PARAMS.has(match[1] ?? '')) return true;
  }
  return false;
}

/** Learns each route's pattern as it is registered, so the log serializer knows where secrets sit. */
export function registerLogRedaction(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const pattern = secretPatternOf(route.url);
    if (pattern) secretPatterns.set(route.url, pattern);
  });
}

/** The patterns of every route registered so far that carries a secret. */
export function secretRoutes(): string[] {
  return [...secretPatterns.keys()];
}

interface LoggedRequest {
  url: string;
  routeOptions?: { url?: string };
}

/**
 * The request's path as a log may show it: no query string, and every secret path parameter replaced by
 * `[redacted]`. A matched route is redacted by its own pattern; any other path by every secret pattern it
 * lines up with, from the secret segment to the end.
 */
export function loggablePath(request: LoggedRequest): string {
  const path = request.url.split('?')[0] ?? '';
  const segments = path.split('/');
  const routeUrl = request.routeOptions?.url;
  const matched = routeUrl === undefined ? undefined : secretPatterns.get(routeUrl);
  if (routeUrl !== undefined && !matched) return path;
  if (matched && matched.segments.length === segments.length && !routeUrl?.includes('*')) {
    return segments
      .map((segment, index) => (isSecretSegment(matched.segments[index] ?? '') ? REDACTED : segment))
      .join('/');
  }
  return redactByPrefix(segments, matched ? [matched] : [...secretPatterns.values()]);
}

/**
 * Cuts a path after the first segment that sits where a secret parameter would, comparing static segments
 * without case and ignoring empty ones (`//r/…` and `/R/…` reach no route, but their token is as real).
 */
function redactByPrefix(segments: readonly string[], patterns: readonly SecretPattern[]): string {
  const nonEmpty = segments.filter((segment) => segment !== '');
  let cut = nonEmpty.length;
  for (const pattern of patterns) {
    const before = pattern.segments.slice(0, pattern.firstSecret).filter((segment) => segment !== '');
    if (nonEmpty.length <= before.length) continue;
    const lined = before.every(
      (expected, index) =>
        expected.startsWith(':') || expected.toLowerCase() === nonEmpty[index]?.toLowerCase(),
    );
    if (lined) cut = Math.min(cut, before.length);
  }
  if (cut === nonEmpty.length) return segments.join('/');
  return `/${[...nonEmpty.slice(0, cut), REDACTED].join('/')}`;
}
