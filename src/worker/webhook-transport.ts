import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { WebhookRequest, WebhookResponse, WebhookTransport } from '../services/webhook.service.js';
import { isPrivateAddress } from '../shared/private-address.js';

export interface HttpWebhookTransportOptions {
  /** `deny` refuses to connect to loopback and private addresses, checked on the address actually dialled. */
  privateTargets: 'allow' | 'deny';
}

const PRIVATE_REFUSED =
  'refused: the host resolves to a loopback or private address (VOUCH_WEBHOOK_PRIVATE_TARGETS=deny)';

/**
 * Posts webhooks with node:http(s): no redirects followed (a 3xx is a failed attempt), one connection per
 * attempt, the whole exchange bounded by the timeout. With private targets denied, the check runs in the
 * DNS lookup of the connection itself, so a name that resolves to a private address when it is dialled
 * (DNS rebinding) is refused too, not just one that did when the URL was saved.
 */
export class HttpWebhookTransport implements WebhookTransport {
  constructor(private readonly options: HttpWebhookTransportOptions) {}

  post(request: WebhookRequest): Promise<WebhookResponse> {
    const started = performance.now();
    const done = (statusCode: number | undefined, error: string | undefined): WebhookResponse => ({
      statusCode,
      error,
      durationMs: performance.now() - started,
    });
    const url = new URL(request.url);
    const deny = this.options.privateTargets === 'deny';
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (deny && isIP(literal) !== 0 && isPrivateAddress(literal)) {
      return Promise.resolve(done(undefined, PRIVATE_REFUSED));
    }
    const body = Buffer.from(request.body, 'utf8');
    return new Promise((resolve) => {
      let statusCode: number | undefined;
      let settled = false;
      const finish = (error: string | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(done(statusCode, statusCode === undefined ? (error ?? 'no answer') : undefined));
      };
      const client = url.protocol === 'https:' ? https : http;
      const outgoing = client.request(url, {
        method: 'POST',
        agent: false,
        headers: { ...request.headers, 'content-length': String(body.length) },
        ...(deny ? { lookup: publicOnlyLookup } : {}),
      });
      const timer = setTimeout(() => {
        outgoing.destroy(new Error(`timed out after ${request.timeoutMs} ms`));
      }, request.timeoutMs);
      outgoing.on('response', (response) => {
        statusCode = response.statusCode;
        // The body is not kept; it is read to its end so the receiver's answer completes.
        response.resume();
        response.on('end', () => finish(undefined));
        response.on('close', () => finish(undefined));
        response.on('error', () => finish(undefined));
      });
      outgoing.on('error', (error) => finish(describe(error)));
      outgoing.end(body);
    });
  }
}

/** Resolves as dns.lookup does, then refuses the connection if any address it would use is private. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses;
    if (list.length === 0 || list.some((entry) => isPrivateAddress(entry.address))) {
      return callback(Object.assign(new Error(PRIVATE_REFUSED), { code: 'EPRIVATE' }), '', 0);
    }
    if (options.all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    const [first] = list;
    callback(null, first!.address, first!.family);
  });
};

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
