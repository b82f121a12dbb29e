import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeclaredRoute } from '../../src/http/dashboard/router.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { describeFindings, seriousViolations } from '../support/axe.js';
import { openBrowser } from '../support/browser.js';
import { repoRoot } from '../support/cli.js';
import { TEST_PASSWORD } from '../support/dashboard.js';
import { buildDashboardApp, fill, seedThings, type SeedTarget } from '../support/dashboard-walk.js';
import { independentUniqueLink } from '../support/independent-links.js';
import {
  createTestDatabase,
  ENGINES,
  testConfig,
  type Engine,
  type TestDatabase,
} from '../support/engines.js';
import { SmtpSink } from '../support/smtp-sink.js';

/** Where the journey's screenshots go; CI keeps the folder as an artifact. */
const ARTIFACTS = path.join(repoRoot, 'test-artifacts', 'dashboard');

/** What a shop's Excel writes: Windows-1252, semicolons, CRLF. `’` and `€` exist in Windows-1252 only. */
function windows1252(text: string): Buffer {
  const special: Record<string, number> = { '€': 0x80, '’': 0x92, '“': 0x93, '”': 0x94 };
  return Buffer.from(
    [...text].map((char) => {
      const byte = special[char] ?? char.charCodeAt(0);
      if (byte > 0xff) throw new Error(`${char} is not in Windows-1252`);
      return byte;
    }),
  );
}

/** A free port on loopback, so the server's public URL (in the emails' links) can name it before it starts. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/**
 * Everything that goes wrong in a page without failing a step: console errors, uncaught exceptions, failed
 * requests and answers of 400 or more (but those a step says it expects).
 */
function watch(page: Page): { problems: string[]; expect(status: number, url: RegExp): void } {
  const problems: string[] = [];
  const expected: { status: number; url: RegExp }[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console error on ${page.url()}: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  page.on('requestfailed', (request) => {
    problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status < 400) return;
    const index = expected.findIndex((e) => e.status === status && e.url.test(response.url()));
    if (index >= 0) expected.splice(index, 1);
    else problems.push(`${status} from ${response.request().method()} ${response.url()}`);
  });
  return { problems, expect: (status, url) => expected.push({ status, url }) };
}

/** A server as `vouch serve` runs one: the web app on loopback and the invitation worker, mailing the sink. */
interface Server {
  engine: Engine;
  base: string;
  runtime: Runtime;
  app: FastifyInstance;
  declared: DeclaredRoute[];
  dataDir: string;
  workerErrors: string[];
  close(): Promise<void>;
}

async function startServer(engine: Engine, sink: SmtpSink): Promise<Server> {
  const database: TestDatabase = await createTestDatabase(engine);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const runtime = await openRuntime(
    testConfig(database, {
      VOUCH_SMTP_URL: sink.url,
      VOUCH_PUBLIC_URL: base,
      VOUCH_MAIL_FROM: 'reviews@vouch.example',
    }),
  );
  const { app, declared } = await buildDashboardApp(runtime);
  await app.listen({ host: '127.0.0.1', port });
  const workerErrors: string[] = [];
  const worker = runtime.createWorker(
    {
      info: () => undefined,
      error: (object, message) => workerErrors.push(`${message} ${JSON.stringify(object)}`),
    },
    { pollMs: 100 },
  );
  worker.start();
  return {
    engine,
    base,
    runtime,
    app,
    declared,
    dataDir: database.dataDir,
    workerErrors,
    close: async () => {
      await worker.stop();
      await app.close();
      await runtime.close();
      await database.drop();
    },
  };
}

describe('the dashboard in Debian’s Chromium', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let sink: SmtpSink;
  const servers = new Map<Engine, Server>();
  /** The journey's business, made in the browser; the accessibility pass reads its pages. */
  let journey: { domain: string; reviewTitle: string } | undefined;
  let shots = 0;

  const shoot = async (page: Page, name: string) => {
    shots++;
    await page.screenshot({
      path: path.join(ARTIFACTS, `${String(shots).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };

  beforeAll(async () => {
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    sink = await new SmtpSink().start();
    browser = await openBrowser();
    for (const engine of ENGINES) servers.set(engine, await startServer(engine, sink));
  });
  afterAll(async () => {
    await browser?.close();
    for (const server of servers.values()) await server.close();
    await sink?.stop();
  });

  it('first run, a business, a Windows-1252 file imported, the invitation mailed, a review written, shown and counted', async () => {
    const server = servers.get('sqlite');
    if (!server) throw new Error('no server');
    const page = await browser.context.newPage();
    const watcher = watch(page);
    try {
      await journeyIn(page, server, watcher);
    } catch (error) {
      await shoot(page, 'failed');
      throw error;
    }
    await page.close();
  });

  const journeyIn = async (page: Page, server: Server, watcher: ReturnType<typeof watch>) => {
    const { base } = server;
    // Each step's page is screenshot and checked by axe: some (the preview, the secrets shown once) are
    // answers to a POST, which the pass over every GET route below cannot reach.
    const findings: string[] = [];
    const step = async (at: Page, name: string) => {
      await shoot(at, name);
      findings.push(...describeFindings(`${name} (${at.url()})`, await seriousViolations(at)));
    };
    const nav = (name: string) =>
      page.getByRole('navigation', { name: 'Dashboard sections' }).getByRole('link', { name, exact: true });

    // First run: the home page, opened on this machine, offers to create the first operator.
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Create the first operator');
    await page.getByLabel('Your name', { exact: true }).fill('Olga Operator');
    await page.getByLabel('Email', { exact: true }).fill('olga@operator.example');
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await step(page, 'first-run');
    await page.getByRole('button', { name: 'Create the account' }).click();
    await page.waitForURL(`${base}/app/`);

    // A business, added at /app/: its secrets are shown once, then its dashboard opens.
    const tag = randomUUID().slice(0, 6);
    const domain = `zoes-bakery-${tag}.example`;
    await page.getByLabel('Name', { exact: true }).fill('Zoë’s Bakery');
    await page.getByLabel('Domain', { exact: true }).fill(domain);
    await page.getByRole('button', { name: 'Add the business' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Zoë’s Bakery is set up');
    await step(page, 'business-created');
    await page.getByRole('link', { name: 'Open its dashboard' }).click();
    await page.waitForURL(`${base}/app/${domain}`);

    // Settings: invite at once rather than a week after the purchase, so the journey sees its email now.
    await nav('Settings').click();
    await page.getByLabel('Days to wait before inviting', { exact: true }).fill('0');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await expect
      .poll(async () => (await page.locator('main').textContent()) ?? '')
      .toContain('The settings are saved.');
    expect((await server.runtime.businesses.get(domain)).settings.invitationDelayDays).toBe(0);
    await step(page, 'settings');

    // The Import page: a Windows-1252 file with semicolons, as Excel saves one, previewed before anything is written.
    await nav('Import').click();
    const csv = windows1252(
      [
        'E-Mail;Name;Reference number',
        'zoe.mueller@example.net;Zoë Müller;ORD-1001',
        'sean@example.org;Seán O’Brien;ORD-1002',
        `orders@${domain};Shop Test;ORD-1003`,
        'not-an-address;Renée Fauré;ORD-1004',
        '',
      ].join('\r\n'),
    );
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'kunden.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('kunden.csv');
    const preview = (await page.locator('main').textContent()) ?? '';
    expect(preview).toMatch(/windows-1252/i);
    expect(preview).toContain('Zoë Müller');
    expect(preview).toContain('Seán O');
    expect(preview).toMatch(/Line 5, column 1 \(customer email\): "not-an-address" is not an email address/);
    // Nothing is written before the import is started.
    const business = await server.runtime.businesses.get(domain);
    expect(await server.runtime.invitationQueries.list(business.id, {})).toEqual([]);
    await step(page, 'import-preview');
    await page.getByRole('button', { name: /^Import 3 rows$/ }).click();
    await expect
      .poll(async () => (await page.locator('main').textContent()) ?? '', { timeout: 20_000 })
      .toMatch(/Completed/);
    await step(page, 'import-done');

    // The invitations, each with its status and the reason in plain words.
    await nav('Invitations').click();
    const list = page.locator('main');
    await expect.poll(async () => (await list.textContent()) ?? '').toContain('zoe.mueller@example.net');
    const listed = (await list.textContent()) ?? '';
    expect(listed).toContain('sean@example.org');
    expect(listed).toContain(`orders@${domain}`);
    expect(listed).toMatch(/test address/i);
    await step(page, 'invitations');

    // The worker mails the sink.
    await expect
      .poll(() => sink.to('zoe.mueller@example.net').length, { timeout: 20_000, interval: 200 })
      .toBe(1);
    await expect.poll(() => sink.to('sean@example.org').length, { timeout: 20_000, interval: 200 }).toBe(1);
    const mail = sink.to('zoe.mueller@example.net')[0]?.parsed;
    expect(mail?.subject).toContain('Zoë’s Bakery');
    const link = new RegExp(`${base.replaceAll('.', '\\.')}/r/[A-Za-z0-9_-]+`).exec(mail?.text ?? '')?.[0];
    expect(link, mail?.text).toBeDefined();
    expect(sink.to(`orders@${domain}`)).toEqual([]);
    // The email as the customer sees it.
    const inbox = await page.context().newPage();
    const inboxWatcher = watch(inbox);
    const mailHtml = typeof mail?.html === 'string' ? mail.html : '';
    expect(mailHtml).toContain(link);
    await inbox.setContent(mailHtml);
    await shoot(inbox, 'email');
    await inbox.close();
    expect(inboxWatcher.problems).toEqual([]);

    // The customer opens the email's link and writes a review.
    await page.goto(link ?? '');
    await expect.poll(() => page.locator('h1').textContent()).toContain('Zoë’s Bakery');
    await step(page, 'review-form');
    const reviewTitle = `Die besten Zimtschnecken ${tag}`;
    await page.click('label[for="rating-5"]');
    await page.fill('#title', reviewTitle);
    await page.fill('#text', 'Frisch, warm und mit viel Zimt. Ich komme wieder.');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/thanks\//);
    await step(page, 'review-thanks');

    // The public page shows it with its label.
    await page.goto(`${base}/review/${domain}`);
    const article = page.locator('article.review-item', { hasText: reviewTitle });
    await expect.poll(() => article.count()).toBe(1);
    // An emailed invitation's review is "Invited" (a Unique Link with an order reference makes "Verified").
    expect(await article.locator('.badge-invited').textContent()).toContain('Invited');
    await step(page, 'public-page');

    // The overview counts it.
    await page.goto(`${base}/app/${domain}`);
    expect(await page.locator('[data-stat="reviewed"] dd').textContent()).toBe('1');
    expect(await page.locator('[data-stat="sent"] dd').textContent()).toBe('2');
    await step(page, 'overview');

    expect(findings, findings.join('\n')).toEqual([]);
    expect(server.workerErrors).toEqual([]);
    expect(watcher.problems).toEqual([]);
    journey = { domain, reviewTitle };
  };

  it('reads the bytes only Windows-1252 has (’ € “ ”, 0x80 to 0x9F) as Windows-1252, not as ISO-8859-1 controls', async () => {
    // Node's TextDecoder('windows-1252') reads 0x80-0x9F as C1 controls since 20.18.3 and 22.13.0
    // (nodejs/node#60888): an importer that trusts it shows "O\u0092Brien" and says "Windows-1252".
    const server = servers.get('postgres');
    if (!server) throw new Error('no server');
    const { base, runtime } = server;
    const tag = randomUUID().slice(0, 6);
    const business = await runtime.businesses.create({ name: 'Café Müller', domain: `cafe-${tag}.example` });
    const email = `owner-${tag}@cafe.example`;
    await runtime.accounts.createUser({
      email,
      password: TEST_PASSWORD,
      business: business.id,
      role: 'owner',
    });
    const page = await browser.context.newPage();
    const watcher = watch(page);
    await page.context().clearCookies();
    await page.goto(`${base}/login`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/app/${business.domain}`);
    await page.goto(`${base}/app/${business.domain}/import`);
    const csv = windows1252(
      ['email;name;reference', 'sean@example.org;Seán O’Brien;“€5 voucher”', ''].join('\r\n'),
    );
    expect(csv.includes(0x92) && csv.includes(0x80) && csv.includes(0x93)).toBe(true);
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'smart.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('smart.csv');
    const preview = (await page.locator('main').textContent()) ?? '';
    expect(preview).toMatch(/Windows-1252/);
    expect(preview).toContain('Seán O’Brien');
    expect(preview).toContain('“€5 voucher”');
    expect(preview).not.toMatch(/[\u0080-\u009f]/);
    expect(watcher.problems).toEqual([]);
    await page.close();
  });

  for (const engine of ENGINES) {
    it(`has no serious or critical axe violation on any dashboard page, the login, home and public pages (${engine})`, async () => {
      const server = servers.get(engine);
      if (!server) throw new Error('no server');
      const { base, runtime } = server;
      const page = await browser.context.newPage();
      const watcher = watch(page);
      const findings: string[] = [];
      const checked: string[] = [];
      const check = async (url: string) => {
        checked.push(url);
        const response = await page.goto(url);
        expect(response?.status(), url).toBe(200);
        findings.push(...describeFindings(url, await seriousViolations(page)));
      };

      // The home page before and after the first run, and the login page, logged out.
      await page.context().clearCookies();
      const tag = randomUUID().slice(0, 6);
      if (!(await runtime.accounts.hasUsers())) await check(`${base}/`);
      // The journey's business (on its engine), with one of each thing a page can name added to it.
      let business: SeedTarget;
      if (engine === 'sqlite' && journey) {
        const view = await runtime.businesses.get(journey.domain);
        business = {
          ...view,
          uniqueLinkSecret: (await runtime.businesses.secretsOf(view.domain)).uniqueLinkSecret,
        };
      } else {
        business = await runtime.businesses.create({ name: 'Zoë’s Bakery', domain: `bakery-${tag}.example` });
      }
      const ids = await seedThings(runtime, server.dataDir, business, tag);
      const email = `owner-${tag}@bakery.example`;
      await runtime.accounts.createUser({
        email,
        password: TEST_PASSWORD,
        business: business.id,
        role: 'owner',
      });
      await check(`${base}/`);
      await check(`${base}/password/forgot`);
      await check(`${base}/login`);
      const logIn = async (as: string) => {
        await page.context().clearCookies();
        await page.goto(`${base}/login`);
        await page.getByLabel('Email', { exact: true }).fill(as);
        await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.waitForURL(`${base}/app/${business.domain}`);
      };
      const walk = async (routes: DeclaredRoute[]) => {
        for (const route of routes) {
          const url = `${base}${route.need === 'user' ? route.url : fill(route, business.domain, ids)}`;
          const head = await page.context().request.get(url, { maxRedirects: 0 });
          expect(head.status(), url).toBeLessThan(400);
          const type = head.headers()['content-type'] ?? '';
          // A redirect (the list of a one-business user) lands on a page walked anyway; a download is no page.
          if (head.status() >= 300) continue;
          if (!type.startsWith('text/html')) {
            expect(type, url).toMatch(/^(text\/csv|application\/json)/);
            continue;
          }
          await check(url);
        }
      };

      // Every page of the dashboard: each GET route, with the business's own ids, as an owner; then those a
      // member may see, as a member (they read some pages without their forms).
      const pages = server.declared.filter((route) => route.method === 'GET');
      expect(pages.length).toBeGreaterThan(1);
      await logIn(email);
      await walk(pages);
      await logIn(ids.memberEmail);
      await walk(pages.filter((route) => route.need === 'member'));
      // The overview, the invitations list and every other section's page were among them.
      expect(checked.length).toBeGreaterThan(8);
      // The public pages: the business's reviews, the labels explained, a review form and its thanks.
      await page.context().clearCookies();
      await check(`${base}/review/${business.domain}`);
      await check(`${base}/labels`);
      await check(
        independentUniqueLink(base, business.domain, business.uniqueLinkSecret, {
          email: `axe-${tag}@example.com`,
          name: 'Åsa Öberg',
          reference: `AXE-${tag}`,
        }),
      );
      await page.click('label[for="rating-4"]');
      await page.fill('#title', 'Gut');
      await page.fill('#text', 'Freundlich und schnell, gerne wieder.');
      await page.click('button[type=submit]');
      await page.waitForURL(/\/thanks\//);
      findings.push(...describeFindings(page.url(), await seriousViolations(page)));
      expect(findings, findings.join('\n')).toEqual([]);
      expect(watcher.problems).toEqual([]);
      await page.close();
    });
  }
});
