import { createHash } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { MailTransport, OutgoingMail, SendReceipt } from '../../src/mail/transport.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { DashboardClient, TEST_PASSWORD } from '../support/dashboard.js';
import { createTestDatabase, ENGINES, testConfig } from '../support/engines.js';

/** Keeps what the account service mails, as a mailbox would. */
class CapturingTransport implements MailTransport {
  readonly description = 'captured in the test';
  readonly sent: OutgoingMail[] = [];
  /** Set to make every send fail, as a relay that is down. */
  failing = false;
  send(mail: OutgoingMail): Promise<SendReceipt> {
    if (this.failing) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:25'));
    this.sent.push(mail);
    return Promise.resolve({ messageId: mail.messageId, response: 'captured' });
  }
  close(): void {}
}

/** A Vouch of its own for a group of tests: a fresh database, an app, and the mail it sent. */
async function openVouch(engine: (typeof ENGINES)[number], env: NodeJS.ProcessEnv = {}) {
  const database = await createTestDatabase(engine);
  const mail = new CapturingTransport();
  const runtime = await openRuntime(testConfig(database, env), { mailTransport: mail });
  const app = await buildApp(runtime);
  return {
    runtime,
    app,
    mail,
    close: async () => {
      await app.close();
      await runtime.close();
      await database.drop();
    },
  };
}

/** The text of the page's error notice (what the user reads), or undefined. */
function errorNotice(body: string): string | undefined {
  return /<p class="notice notice-error"[^>]*>\s*([^<]*?)\s*<\/p>/.exec(body)?.[1];
}

function setCookie(response: LightMyRequestResponse, name: string): string | undefined {
  const raw = response.headers['set-cookie'];
  const lines = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return lines.find((line) => line.startsWith(`${name}=`));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let addressCounter = 0;
/** Each browser of a test comes from its own address, so the per-address login limit bites only where meant. */
const nextAddress = () => `198.51.100.${(addressCounter = (addressCounter % 250) + 1)}`;

describe.each(ENGINES)('first-run setup on %s', (engine) => {
  let vouch: Awaited<ReturnType<typeof openVouch>>;
  beforeAll(async () => {
    vouch = await openVouch(engine);
  });
  afterAll(() => vouch.close());

  it('from another machine shows the CLI command and refuses POST /setup with 403', async () => {
    const remote = new DashboardClient(vouch.app, '203.0.113.9');
    const home = await remote.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('npx vouch user create --operator --email you@example.com');
    expect(home.body).not.toContain('action="/setup"');

    await remote.get('/login'); // a valid CSRF token, so the refusal below is the setup rule's
    const posted = await remote.post('/setup', {
      name: 'Mallory',
      email: 'mallory@example.com',
      password: TEST_PASSWORD,
    });
    expect(posted.statusCode).toBe(403);
    expect(posted.body).toContain('npx vouch user create --operator --email you@example.com');
    expect(posted.body).not.toContain('The form was out of date');
    expect(await vouch.runtime.accounts.hasUsers()).toBe(false);
    expect(setCookie(posted, 'vouch_session')).toBeUndefined();
  });

  it('behind a proxy Vouch does not trust, a loopback request that was forwarded is not from this machine', async () => {
    const browser = new DashboardClient(vouch.app);
    await browser.get('/login');
    const forwarded = (method: 'GET' | 'POST', url: string, payload?: string) =>
      vouch.app.inject({
        method,
        url,
        remoteAddress: '127.0.0.1',
        headers: {
          'x-forwarded-for': '203.0.113.50',
          cookie: `vouch_csrf=${browser.cookie('vouch_csrf') ?? ''}`,
          ...(payload === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        payload,
      });
    const home = await forwarded('GET', '/');
    expect(home.body).toContain('npx vouch user create --operator --email you@example.com');
    expect(home.body).not.toContain('action="/setup"');
    const posted = await forwarded(
      'POST',
      '/setup',
      new URLSearchParams({
        _csrf: browser.csrfToken,
        email: 'proxied@example.com',
        password: TEST_PASSWORD,
      }).toString(),
    );
    expect(posted.statusCode).toBe(403);
    expect(posted.body).not.toContain('The form was out of date');
    expect(await vouch.runtime.accounts.hasUsers()).toBe(false);
  });

  it('from this machine creates the first operator, logs them in, and is refused once a user exists', async () => {
    const local = new DashboardClient(vouch.app);
    const home = await local.get('/');
    expect(home.body).toContain('action="/setup"');
    expect(home.body).toContain('name="password"');

    // A password the rules refuse is said on the form, and makes no user.
    const short = await local.post('/setup', { name: 'Ada', email: 'ada@example.com', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(errorNotice(short.body)).toContain('at least 10');
    expect(await vouch.runtime.accounts.hasUsers()).toBe(false);

    const created = await local.post('/setup', {
      name: 'Ada',
      email: 'Ada@Example.com',
      password: TEST_PASSWORD,
    });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/app/');
    const account = await local.get('/app/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('ada@example.com');
    const users = await vouch.runtime.accounts.listUsers();
    expect(users.map((user) => [user.email, user.operator, user.hasPassword, user.name])).toEqual([
      ['ada@example.com', true, true, 'Ada'],
    ]);

    // Now the home page offers the login, and the form cannot be replayed to make a second operator.
    const after = await new DashboardClient(vouch.app).get('/');
    expect(after.body).not.toContain('action="/setup"');
    expect(after.body).toContain('href="/login"');
    const again = new DashboardClient(vouch.app);
    await again.get('/login');
    const replay = await again.post('/setup', {
      name: 'Eve',
      email: 'eve@example.com',
      password: TEST_PASSWORD,
    });
    expect(replay.statusCode).toBe(403);
    expect(replay.body).not.toContain('The form was out of date');
    expect((await vouch.runtime.accounts.listUsers()).map((user) => user.email)).toEqual(['ada@example.com']);
  });
});

describe.each(ENGINES)('first-run setup behind a trusted proxy on %s', (engine) => {
  let vouch: Awaited<ReturnType<typeof openVouch>>;
  beforeAll(async () => {
    vouch = await openVouch(engine, { VOUCH_TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => vouch.close());

  it('offers the form to a browser the proxy forwards from this machine, and to no other', async () => {
    const home = (client: string) =>
      vouch.app.inject({
        method: 'GET',
        url: '/',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': client },
      });
    expect((await home('127.0.0.1')).body).toContain('action="/setup"');
    const remote = await home('203.0.113.50');
    expect(remote.body).not.toContain('action="/setup"');
    expect(remote.body).toContain('npx vouch user create --operator');
  });
});

describe.each(ENGINES)('logging in and out on %s', (engine) => {
  let vouch: Awaited<ReturnType<typeof openVouch>>;
  let runtime: Runtime;
  let app: FastifyInstance;
  let userCounter = 0;
  beforeAll(async () => {
    vouch = await openVouch(engine);
    runtime = vouch.runtime;
    app = vouch.app;
  });
  afterAll(() => vouch.close());

  async function user(password = TEST_PASSWORD): Promise<string> {
    const email = `user${++userCounter}@${engine}.example`;
    await runtime.accounts.createUser({ email, password });
    return email;
  }

  /** A browser from its own address that submitted the login form; answers the POST's response. */
  async function logIn(email: string, password = TEST_PASSWORD, next = '/app/') {
    const browser = new DashboardClient(app, nextAddress());
    await browser.get('/login');
    const response = await browser.post('/login', { email, password, next });
    return { browser, response };
  }

  /** Whether a session token still opens the dashboard, sent by a browser that has nothing else. */
  async function sessionWorks(token: string | undefined): Promise<boolean> {
    const response = await app.inject({
      method: 'GET',
      url: '/app/account',
      remoteAddress: nextAddress(),
      headers: { cookie: `vouch_session=${token ?? ''}` },
    });
    if (response.statusCode === 303) {
      expect(response.headers.location).toMatch(/^\/login\?next=/);
      return false;
    }
    expect(response.statusCode).toBe(200);
    return true;
  }

  it('answers a wrong password and an unknown email with the same 401 page and message', async () => {
    const email = await user();
    const wrong = await logIn(email, 'not the password at all');
    const unknown = await logIn(`nobody-${email}`, TEST_PASSWORD);
    for (const { response } of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(errorNotice(response.body)).toBe('The email or password is wrong. Check both and try again.');
      expect(setCookie(response, 'vouch_session')).toBeUndefined();
      // The address typed stays in the form; the password does not.
      expect(response.body).not.toContain('not the password at all');
    }
    expect(wrong.response.body).toContain(`value="${email}"`);
    const right = await logIn(email);
    expect(right.response.statusCode).toBe(303);
  });

  it('takes a field sent twice as absent: a login or reset refused on the page, never a 500', async () => {
    const email = await user();
    const browser = new DashboardClient(app, nextAddress());
    await browser.get('/login');
    const post = (url: string, fields: [string, string][]) =>
      app.inject({
        method: 'POST',
        url,
        remoteAddress: browser.remoteAddress,
        headers: {
          cookie: `vouch_csrf=${browser.cookie('vouch_csrf') ?? ''}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams([['_csrf', browser.csrfToken], ...fields]).toString(),
      });
    const twoEmails = await post('/login', [
      ['email', email],
      ['email', 'other@example.com'],
      ['password', TEST_PASSWORD],
    ]);
    expect(twoEmails.statusCode).toBe(401);
    expect(errorNotice(twoEmails.body)).toBe('The email or password is wrong. Check both and try again.');
    const twoPasswords = await post('/login', [
      ['email', email],
      ['password', TEST_PASSWORD],
      ['password', TEST_PASSWORD],
    ]);
    expect(twoPasswords.statusCode).toBe(401);
    const reset = await post('/password/forgot', [
      ['email', email],
      ['email', email],
    ]);
    expect(reset.statusCode).toBe(200);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, not Secure on plain http', async () => {
    const { response } = await logIn(await user());
    const cookie = setCookie(response, 'vouch_session');
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it('stores sessions as digests and passwords as salted scrypt hashes', async () => {
    const first = await user();
    const second = await user();
    const { browser } = await logIn(first);
    const token = browser.cookie('vouch_session');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const sessions = await runtime.store.db.selectFrom('sessions').selectAll().execute();
    const stored = sessions.flatMap((row) => Object.values(row).map(String));
    expect(stored.some((value) => value.includes(token ?? '-'))).toBe(false);
    expect(sessions.map((row) => row.id)).toContain(sha256(token ?? ''));

    const rows = await runtime.store.db
      .selectFrom('users')
      .select(['email', 'password_hash'])
      .where('email', 'in', [first, second])
      .execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
      expect(row.password_hash).not.toContain(TEST_PASSWORD);
    }
    // The same password, two salts: two different hashes.
    expect(rows[0]?.password_hash).not.toBe(rows[1]?.password_hash);
  });

  it('logs out: the old session cookie no longer opens the dashboard', async () => {
    const { browser } = await logIn(await user());
    const token = browser.cookie('vouch_session');
    expect(await sessionWorks(token)).toBe(true);
    await browser.get('/app/account');
    const out = await browser.post('/logout');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/login?done=logout');
    expect(browser.cookie('vouch_session')).toBeUndefined();
    expect(await sessionWorks(token)).toBe(false);
    expect((await browser.get('/login?done=logout')).body).toContain('You are logged out.');
  });

  it('logs out everywhere: every session of the user ends, another user’s stays', async () => {
    const email = await user();
    const laptop = await logIn(email);
    const phone = await logIn(email);
    const colleague = await logIn(await user());
    const tokens = [laptop, phone, colleague].map(({ browser }) => browser.cookie('vouch_session'));
    for (const token of tokens) expect(await sessionWorks(token)).toBe(true);

    await phone.browser.get('/app/account');
    const everywhere = await phone.browser.post('/app/account/logout-everywhere');
    expect(everywhere.statusCode).toBe(303);
    expect(await sessionWorks(tokens[0])).toBe(false);
    expect(await sessionWorks(tokens[1])).toBe(false);
    expect(await sessionWorks(tokens[2])).toBe(true);
  });

  it('refuses to send a user away with next=: only paths inside /app/ are followed', async () => {
    const email = await user();
    const sneaky = [
      'https://evil.example',
      '//evil.example/app/',
      '/\\evil.example',
      '/login',
      // A line break would split the Location header (Node refuses it with a 500 unless caught).
      '/app/\r\nSet-Cookie: vouch_session=planted',
    ];
    for (const next of sneaky) {
      const page = await new DashboardClient(app, nextAddress()).get(
        `/login?next=${encodeURIComponent(next)}`,
      );
      expect(page.body).toContain('name="next" value="/app/"');
      const { response } = await logIn(email, TEST_PASSWORD, next);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/app/');
    }
    // A page of the dashboard is where the user goes back to (so the refusals above are not a constant).
    const { response } = await logIn(email, TEST_PASSWORD, '/app/account');
    expect(response.headers.location).toBe('/app/account');
  });

  it('resets a password by email: the link works once, sets the password and ends the old sessions', async () => {
    const email = await user();
    const before = await logIn(email);
    const oldSession = before.browser.cookie('vouch_session');

    const browser = new DashboardClient(app, nextAddress());
    await browser.get('/password/forgot');
    const sentBefore = vouch.mail.sent.length;
    const asked = await browser.post('/password/forgot', { email: email.toUpperCase() });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('If that address has an account, an email with a link is on its way.');
    const mails = vouch.mail.sent.slice(sentBefore);
    expect(mails.map((mail) => [mail.to.address, mail.subject])).toEqual([
      [email, 'Reset your Vouch password'],
    ]);
    const link = /(http:\/\/\S+\/password\/[A-Za-z0-9_-]{43})/.exec(mails[0]?.text ?? '')?.[1];
    expect(link).toBeDefined();
    expect(link?.startsWith(`${runtime.config.publicUrl.origin}/password/`)).toBe(true);
    const path = new URL(link ?? '').pathname;

    const form = await browser.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`For ${email}.`);
    // A password the rules refuse keeps the link usable.
    const short = await browser.post(path, { password: 'tiny' });
    expect(short.statusCode).toBe(400);
    expect(errorNotice(short.body)).toContain('at least 10');

    const newPassword = 'a brand new passphrase';
    const set = await browser.post(path, { password: newPassword });
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe('/app/');
    expect((await browser.get('/app/account')).statusCode).toBe(200);

    // The old password and the sessions made with it are over; the new one logs in.
    expect(await sessionWorks(oldSession)).toBe(false);
    expect((await logIn(email)).response.statusCode).toBe(401);
    expect((await logIn(email, newPassword)).response.statusCode).toBe(303);

    // The link is used: it shows no form and sets nothing.
    const reused = await new DashboardClient(app, nextAddress()).get(path);
    expect(reused.statusCode).toBe(404);
    expect(errorNotice(reused.body)).toBe('This link was used or has expired. Ask for a new one.');
    expect(reused.body).not.toContain('name="password"');
    const replay = new DashboardClient(app, nextAddress());
    await replay.get('/login');
    const replayed = await replay.post(path, { password: 'the attacker password' });
    expect(replayed.statusCode).toBe(404);
    expect(setCookie(replayed, 'vouch_session')).toBeUndefined();
    expect((await logIn(email, 'the attacker password')).response.statusCode).toBe(401);
    expect((await logIn(email, newPassword)).response.statusCode).toBe(303);
  });

  it('answers the reset form the same for an unknown address, and mails nothing', async () => {
    const browser = new DashboardClient(app, nextAddress());
    await browser.get('/password/forgot');
    const sentBefore = vouch.mail.sent.length;
    const asked = await browser.post('/password/forgot', { email: 'nobody-here@example.com' });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('If that address has an account, an email with a link is on its way.');
    expect(vouch.mail.sent.length).toBe(sentBefore);
  });

  it('answers the reset form the same when the mail relay is down, so no address is told apart', async () => {
    const email = await user();
    const browser = new DashboardClient(app, nextAddress());
    await browser.get('/password/forgot');
    vouch.mail.failing = true;
    try {
      const asked = await browser.post('/password/forgot', { email });
      expect(asked.statusCode).toBe(200);
      expect(asked.body).toContain('If that address has an account, an email with a link is on its way.');
    } finally {
      vouch.mail.failing = false;
    }
  });

  it('lets a user made without a password in only through their one-time setup link', async () => {
    const email = `invited-${engine}@example.com`;
    const created = await runtime.accounts.createUser({ email });
    expect(created.user.hasPassword).toBe(false);
    expect((await logIn(email, '')).response.statusCode).toBe(401);
    const path = new URL(created.setupLink ?? '').pathname;
    const browser = new DashboardClient(app, nextAddress());
    await browser.get(path);
    expect((await browser.post(path, { password: TEST_PASSWORD })).statusCode).toBe(303);
    expect((await logIn(email)).response.statusCode).toBe(303);
    expect((await new DashboardClient(app, nextAddress()).get(path)).statusCode).toBe(404);
  });
});

describe.each(ENGINES)('one-time links after a new password on %s', (engine) => {
  let vouch: Awaited<ReturnType<typeof openVouch>>;
  beforeAll(async () => {
    vouch = await openVouch(engine);
  });
  afterAll(() => vouch.close());

  it('ends every unused link of the user when a password is set another way', async () => {
    const { accounts } = vouch.runtime;
    const email = `linked@${engine}.example`;
    const created = await accounts.createUser({ email });
    const reset = await accounts.resetPassword(email);
    const links = [created.setupLink, reset.link].map((link) => new URL(link ?? '').pathname);
    // The operator sets the password from the shell (`vouch user reset-password --password`).
    await accounts.resetPassword(email, TEST_PASSWORD);
    for (const path of links) {
      const browser = new DashboardClient(vouch.app, nextAddress());
      const page = await browser.get(path);
      expect(page.statusCode, path).toBe(404);
      expect(errorNotice(page.body)).toBe('This link was used or has expired. Ask for a new one.');
    }
    expect((await accounts.login(email, TEST_PASSWORD)).user.email).toBe(email);
  });
});

describe.each(ENGINES)('login limit and https cookies on %s', (engine) => {
  let vouch: Awaited<ReturnType<typeof openVouch>>;
  const email = `limited@${engine}.example`;
  beforeAll(async () => {
    vouch = await openVouch(engine, {
      VOUCH_LOGIN_LIMIT_PER_ADDRESS: '3',
      VOUCH_PUBLIC_URL: 'https://reviews.example',
    });
    await vouch.runtime.accounts.createUser({ email, password: TEST_PASSWORD });
  });
  afterAll(() => vouch.close());

  it('marks the session cookie Secure when VOUCH_PUBLIC_URL is https', async () => {
    const browser = new DashboardClient(vouch.app, '192.0.2.1');
    await browser.get('/login');
    const response = await browser.post('/login', { email, password: TEST_PASSWORD });
    expect(response.statusCode).toBe(303);
    const cookie = setCookie(response, 'vouch_session');
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
  });

  it('answers 429 with Retry-After past the limit, even for the right password, per address', async () => {
    const guesser = new DashboardClient(vouch.app, '192.0.2.66');
    await guesser.get('/login');
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await guesser.post('/login', { email, password: `guess number ${attempt}` })).statusCode).toBe(
        401,
      );
    }
    const limited = await guesser.post('/login', { email, password: TEST_PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(errorNotice(limited.body)).toBe(
      'Too many attempts from your address. Wait a minute and try again.',
    );
    expect(setCookie(limited, 'vouch_session')).toBeUndefined();
    // The reset form counts against the same limit.
    await guesser.get('/password/forgot');
    const sentBefore = vouch.mail.sent.length;
    expect((await guesser.post('/password/forgot', { email })).statusCode).toBe(429);
    expect(vouch.mail.sent.length).toBe(sentBefore);

    // Another address is not held back by the guesser.
    const other = new DashboardClient(vouch.app, '192.0.2.67');
    await other.get('/login');
    expect((await other.post('/login', { email, password: TEST_PASSWORD })).statusCode).toBe(303);
  });
});
