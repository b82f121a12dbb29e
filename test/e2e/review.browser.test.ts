import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import { openBrowser } from '../support/browser.js';
import { openTestRuntime } from '../support/engines.js';
import { independentBglLink, independentUniqueLink } from '../support/independent-links.js';

describe('review links in a real browser', () => {
  let app: FastifyInstance;
  let runtime: Runtime;
  let port = 0;
  let shop: CreatedBusiness;
  let closeRuntime: () => Promise<void>;
  let browser: Awaited<ReturnType<typeof openBrowser>>;

  beforeAll(async () => {
    const opened = await openTestRuntime('sqlite');
    runtime = opened.runtime;
    closeRuntime = () => opened.close();
    app = await buildApp(runtime);
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    port = Number(new URL(address).port);
    shop = await runtime.businesses.create({ name: 'Bäckerei Müller', domain: 'baeckerei.example' });
    browser = await openBrowser({ javaScriptEnabled: true });
  });
  afterAll(async () => {
    await browser.close();
    await app.close();
    await closeRuntime();
  });

  const german = () => `http://de.localhost:${port}`;

  it('opens independently built Unique and BGL links in German on de.localhost, submits Verified reviews, and edits', async () => {
    const page = await browser.context.newPage();
    const unique = independentUniqueLink(german(), shop.domain, shop.uniqueLinkSecret, {
      email: 'jurgen@example.de',
      name: 'Jürgen Weiß',
      reference: 'B-1001',
    });
    await page.goto(unique);
    expect(await page.getAttribute('html', 'lang')).toBe('de-DE');
    expect(await page.locator('h1').textContent()).toContain('Bäckerei Müller');
    await page.click('label[for="rating-5"]');
    await page.fill('#title', 'Die besten Brezeln');
    await page.fill('#text', 'Knusprig, frisch und immer freundlich bedient.');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/thanks\//);
    expect(await page.getAttribute('html', 'lang')).toBe('de-DE');

    const bgl = independentBglLink(german(), shop.domain, shop.bglEncryptKey, shop.bglAuthKey, {
      email: 'anna@example.de',
      name: 'Anna',
      ref: 'B-1002',
      skus: ['BREZEL'],
    });
    await page.goto(bgl);
    await page.click('label[for="rating-4"]');
    await page.click('label[for="product_rating[BREZEL]-5"]');
    await page.fill('#title', 'Gut');
    await page.fill('#text', 'Lecker, aber leider schnell ausverkauft.');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/thanks\//);

    await page.goto(`${german()}/review/${shop.domain}`);
    const articles = page.locator('article.review-item');
    await expect.poll(() => articles.count()).toBe(2);
    expect(await page.locator('.badge-verified').count()).toBe(2);
    expect(await page.textContent('body')).toContain('Die besten Brezeln');

    // Opening the link again shows the review for editing, in German.
    await page.goto(unique);
    expect(await page.inputValue('#title')).toBe('Die besten Brezeln');
    expect(await page.isChecked('#rating-5')).toBe(true);
    await page.fill('#title', 'Die allerbesten Brezeln');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/thanks\//);
    await page.goto(`${german()}/review/${shop.domain}`);
    expect(await page.textContent('body')).toContain('Die allerbesten Brezeln');
    expect(await articles.count()).toBe(2);

    // A tampered link gets the localised error page and a 4xx.
    const response = await page.goto(unique.replace('B-1001', 'B-1009'));
    expect(response?.status()).toBe(403);
    expect(await page.getAttribute('html', 'lang')).toBe('de-DE');
    expect(await page.locator('form').count()).toBe(0);
    await page.close();
  });

  it('shows what a reviewer typed as text: no script or event handler from a review ever runs', async () => {
    const page = await browser.context.newPage();
    const alerts: string[] = [];
    page.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });
    const link = independentUniqueLink(`http://localhost:${port}`, shop.domain, shop.uniqueLinkSecret, {
      email: 'mallory@example.com',
      name: '"><img src=x onerror=alert(1)>',
      reference: 'X-1',
    });
    await page.goto(link);
    await page.click('label[for="rating-1"]');
    await page.fill('#title', '<script>window.__xss = 1; alert("title")</script>');
    await page.fill('#text', '"><img src=x onerror="window.__xss = 2; alert(\'text\')"> and more words');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/thanks\//);
    await page.goto(`http://localhost:${port}/review/${shop.domain}`);
    const article = page.locator('article.review-item', { hasText: 'and more words' });
    expect(await article.locator('h3').textContent()).toBe(
      '<script>window.__xss = 1; alert("title")</script>',
    );
    expect(await article.locator('img').count()).toBe(0);
    expect(await article.locator('script').count()).toBe(0);
    // The same text back in the edit form stays text too.
    await page.goto(link);
    expect(await page.inputValue('#title')).toBe('<script>window.__xss = 1; alert("title")</script>');
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(alerts).toEqual([]);
    await page.close();
  });
});
