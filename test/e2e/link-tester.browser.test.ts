import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { decryptBglToken } from '../../src/links.js';
import { openBrowser } from '../support/browser.js';
import { openTestRuntime } from '../support/engines.js';

describe('the link tester in a real browser, without JavaScript', () => {
  let app: FastifyInstance;
  let base: string;
  let closeRuntime: () => Promise<void>;
  let browser: Awaited<ReturnType<typeof openBrowser>>;

  beforeAll(async () => {
    const opened = await openTestRuntime('sqlite');
    closeRuntime = () => opened.close();
    app = await buildApp(opened.runtime);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await openBrowser({ javaScriptEnabled: false });
  });
  afterAll(async () => {
    await browser.close();
    await app.close();
    await closeRuntime();
  });

  it('names the mistake in a Unique Link hashed in the wrong order', async () => {
    const secret = 'mykey12';
    const email = 'email@email.com';
    const reference = '1234';
    // The business's mistake, made independently of Vouch: email + secret + reference.
    const wrongHash = createHash('sha1')
      .update(email + secret + reference)
      .digest('hex');
    const link = `http://localhost/evaluate/totallymoney.com?a=${reference}&b=${Buffer.from(email).toString('base64')}&c=John%20Doe&e=${wrongHash}`;

    const page = await browser.context.newPage();
    await page.goto(`${base}/tools/link-tester`);
    await page.fill('#url', link);
    await page.fill('#check-secret', secret);
    await page.click('#check-form button[type=submit]');
    await expect.poll(() => page.locator('#result').textContent()).toContain('unique_hash_wrong_order');
    expect(await page.locator('#result [data-valid]').getAttribute('data-valid')).toBe('false');
    // What was entered comes back escaped, never as markup, and is not kept for the next visitor.
    await page.goto(`${base}/tools/link-tester`);
    expect(await page.locator('#url').inputValue()).toBe('');
    await page.close();
  });

  it('builds a BGL link that verifies with the same keys', async () => {
    const keys = {
      encryptKey: 'g9hH6MkVnlKlGa5IG+5R/uKgyrCJxOsh5fXlwK0mjH0=',
      authKey: 'oGmd/bHHkd+N6P6lZQxyfikjU7c5P/mhWO/noCsERyY=',
    };
    const page = await browser.context.newPage();
    await page.goto(`${base}/tools/link-tester`);
    await page.selectOption('#kind', 'bgl');
    await page.fill('#build-domain', 'shop.example');
    await page.fill('#build-email', 'søren@example.dk');
    await page.fill('#build-name', 'Søren Müller');
    await page.fill('#build-reference', 'A-1001');
    await page.fill('#build-skus', 'SKU-1, SKU-2');
    await page.fill('#build-encrypt', keys.encryptKey);
    await page.fill('#build-auth', keys.authKey);
    await page.click('#build-form button[type=submit]');
    const built = (await page.locator('#built-link').textContent()) ?? '';
    const token = new URL(built).searchParams.get('p') ?? '';
    const decrypted = decryptBglToken(token, [keys]);
    expect(decrypted.ok && decrypted.value.payload).toMatchObject({
      email: 'søren@example.dk',
      name: 'Søren Müller',
      ref: 'A-1001',
      skus: ['SKU-1', 'SKU-2'],
    });

    // And the checker agrees it is valid.
    await page.fill('#url', built);
    await page.fill('#check-encrypt', keys.encryptKey);
    await page.fill('#check-auth', keys.authKey);
    await page.click('#check-form button[type=submit]');
    expect(await page.locator('#result [data-valid]').getAttribute('data-valid')).toBe('true');
    await page.close();
  });
});
