import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Runtime } from '../../src/runtime.js';

/** A password every test user gets: long enough for the rules. */
export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * A browser-like client of the dashboard through `app.inject`: it keeps its cookies, and `post` sends the
 * CSRF token of the last page it read (or of `tokenFrom`), as a browser submitting that page's form would.
 */
export class DashboardClient {
  private readonly cookies = new Map<string, string>();
  /** The `_csrf` of the last HTML page read. */
  csrfToken = '';

  /** `remoteAddress`: the address the requests come from (loopback unless a test needs another machine). */
  constructor(
    private readonly app: FastifyInstance,
    readonly remoteAddress = '127.0.0.1',
  ) {}

  /** The value of a cookie this client holds (the session token, to replay it after a logout). */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: LightMyRequestResponse): void {
    const raw = response.headers['set-cookie'];
    for (const line of raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.remoteAddress,
      headers: { cookie: this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }

  /** Posts a form (urlencoded; a list is a field sent once per value) with the CSRF token unless `csrf: false`. */
  async post(
    url: string,
    form: Readonly<Record<string, string | readonly string[]>> = {},
    options: { csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) {
      for (const one of typeof value === 'string' ? [value] : value) body.append(name, one);
    }
    if (options.csrf !== false && this.csrfToken) body.set('_csrf', this.csrfToken);
    const response = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.remoteAddress,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.remember(response);
    return response;
  }

  /** Posts any body (a multipart upload), with the CSRF token in the query string. */
  async postRaw(url: string, payload: Buffer | string, contentType: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'POST',
      url: `${url}${url.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(this.csrfToken)}`,
      remoteAddress: this.remoteAddress,
      headers: { cookie: this.cookieHeader(), 'content-type': contentType },
      payload,
    });
    this.remember(response);
    return response;
  }

  async login(email: string, password = TEST_PASSWORD): Promise<void> {
    await this.get('/login');
    const response = await this.post('/login', { email, password, next: '/app/' });
    if (response.statusCode !== 303)
      throw new Error(`login failed: ${response.statusCode} ${response.body.slice(0, 300)}`);
  }
}

/**
 * A user of the dashboard logged in through the login form: with `business`, a member of it with `role`;
 * with `operator`, an operator of the whole installation.
 */
export async function dashboardUser(
  app: FastifyInstance,
  runtime: Runtime,
  options: { email: string; business?: string; role?: 'owner' | 'member'; operator?: boolean },
): Promise<DashboardClient> {
  await runtime.accounts.createUser({
    email: options.email,
    password: TEST_PASSWORD,
    operator: options.operator,
    business: options.business,
    role: options.role ?? 'owner',
  });
  const client = new DashboardClient(app);
  await client.login(options.email);
  return client;
}

/** Adds existing users (by email) to a business, each with its role. */
export async function addMembers(
  runtime: Runtime,
  businessId: string,
  members: Readonly<Record<string, 'owner' | 'member'>>,
): Promise<void> {
  for (const [email, role] of Object.entries(members))
    await runtime.accounts.addMembership((await runtime.accounts.findUser(email)).id, businessId, role);
}
