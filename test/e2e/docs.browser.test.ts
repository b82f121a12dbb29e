import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { openBrowser } from '../support/browser.js';
import { openTestRuntime } from '../support/engines.js';

describe('/docs in a real browser', () => {
  let app: FastifyInstance;
  let base: string;
  let closeRuntime: () => Promise<void>;
  let browser: Awaited<ReturnType<typeof openBrowser>>;

  beforeAll(async () => {
    const opened = await openTestRuntime('sqlite');
    closeRuntime = () => opened.close();
    app = await buildApp(opened.runtime);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await app.close();
    await closeRuntime();
  });

  it("renders the API's operations from local files, under the app's CSP, with no console error or failed request", async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        problems.push(`console ${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith('data:')) foreign.push(request.url());
    });

    const response = await page.goto(`${base}/docs`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
    const operations = await page.locator('.opblock-summary-path').allTextContents();
    const paths = operations.map((text) => text.replace(/\u200b/g, '').trim());
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/invitations', '/api/v1/invitations/{id}']));
    expect(await page.locator('.info .title').textContent()).toContain('Vouch API');

    // Opening one operation shows its documented body schema.
    await page.locator('#operations-Invitations-post_api_v1_invitations').click();
    await expect
      .poll(async () =>
        (await page.locator('#operations-Invitations-post_api_v1_invitations').textContent())?.toLowerCase(),
      )
      .toContain('idempotency-key');
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
