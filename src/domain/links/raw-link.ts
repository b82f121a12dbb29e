import { ENTRANCE_SEGMENT, EMBED_SEGMENT } from './link-url.js';
import type { LinkKind } from './link-url.js';

export interface RawParameter {
  /** As written in the link, before any decoding. */
  readonly raw: string;
  /** As a server reads it: percent-decoded, with '+' read as a space. */
  readonly decoded: string;
}

/** A link as text, read without a URL parser: the doctor needs what a parser would silently repair. */
export interface RawLink {
  /** The trimmed text without tabs and line breaks, which URL parsers drop too. */
  readonly text: string;
  readonly hadLineBreaks: boolean;
  readonly path: string;
  readonly pathSegments: readonly string[];
  /** The first occurrence of each parameter, as `URLSearchParams.get` would pick. */
  readonly parameters: ReadonlyMap<string, RawParameter>;
  readonly fragment: string | undefined;
}

export interface LinkRoute {
  readonly kind: LinkKind;
  readonly embed: boolean;
  readonly domain: string;
}

const SCHEME_AND_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i;

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function decodeQueryComponent(component: string): string {
  return new URLSearchParams(`v=${component}`).get('v') ?? '';
}

export function readRawLink(input: string): RawLink {
  const trimmed = input.trim();
  const hadLineBreaks = trimmed.includes('\n') || trimmed.includes('\r');
  const text = trimmed.replace(/[\t\r\n]/g, '');

  const fragmentStart = text.indexOf('#');
  const fragment = fragmentStart >= 0 ? text.slice(fragmentStart + 1) : undefined;
  const beforeFragment = fragmentStart >= 0 ? text.slice(0, fragmentStart) : text;
  const queryStart = beforeFragment.indexOf('?');
  const query = queryStart >= 0 ? beforeFragment.slice(queryStart + 1) : '';
  const beforeQuery = queryStart >= 0 ? beforeFragment.slice(0, queryStart) : beforeFragment;
  const path = beforeQuery.replace(SCHEME_AND_AUTHORITY, '');

  const parameters = new Map<string, RawParameter>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeQueryComponent(equals >= 0 ? pair.slice(0, equals) : pair);
    if (parameters.has(name)) continue;
    const raw = equals >= 0 ? pair.slice(equals + 1) : '';
    parameters.set(name, { raw, decoded: decodeQueryComponent(raw) });
  }

  return {
    text,
    hadLineBreaks,
    path,
    pathSegments: path
      .split('/')
      .filter((segment) => segment !== '')
      .map(decodePathSegment),
    parameters,
    fragment,
  };
}

/** The entrance the path names, or `undefined` when it names none. */
export function readRoute(segments: readonly string[]): LinkRoute | undefined {
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]?.toLowerCase();
    const kind: LinkKind | undefined =
      segment === ENTRANCE_SEGMENT.unique ? 'unique' : segment === ENTRANCE_SEGMENT.bgl ? 'bgl' : undefined;
    if (kind === undefined) continue;
    const rest = segments.slice(index + 1);
    if (rest.length === 2 && rest[0]?.toLowerCase() === EMBED_SEGMENT && rest[1] !== undefined) {
      return { kind, embed: true, domain: rest[1] };
    }
    if (rest.length === 1 && rest[0] !== undefined) return { kind, embed: false, domain: rest[0] };
    return undefined;
  }
  return undefined;
}
