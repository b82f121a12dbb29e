import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import { describeFindings, seriousViolations } from '../support/axe.js';
import { openBrowser } from '../support/browser.js';
import { addMembers, type DashboardClient, dashboardUser, TEST_PASSWORD } from '../support/dashboard.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

describe.each(ENGINES)('dashboard templates on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    app = await buildApp(runtime);
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  // One owner and one member, logged in once (logins are rate-limited per address), given each test's
  // business of its own.
  let owner: DashboardClient;
  let member: DashboardClient;
  const ownerEmail = `owner-${randomBytes(4).toString('hex')}@example.com`;
  const memberEmail = `member-${randomBytes(4).toString('hex')}@example.com`;
  beforeAll(async () => {
    owner = await dashboardUser(app, runtime, { email: ownerEmail });
    member = await dashboardUser(app, runtime, { email: memberEmail });
  });

  async function shop(): Promise<{
    business: CreatedBusiness;
    owner: DashboardClient;
    ownerEmail: string;
    member: DashboardClient;
    base: string;
  }> {
    const tag = randomBytes(4).toString('hex');
    const business = await runtime.businesses.create({
      name: `Tea House ${tag}`,
      domain: `tea-${tag}.example`,
    });
    await addMembers(runtime, business.id, { [ownerEmail]: 'owner', [memberEmail]: 'member' });
    return { business, owner, ownerEmail, member, base: `/app/${business.domain}/templates` };
  }

  const draft = (fields: Record<string, string> = {}) => ({
    name: 'Autumn invitation',
    kind: 'invitation',
    locale: 'en-GB',
    subject: 'How was your tea, [Name]?',
    body: 'Dear [Name],\n\nthank you for order [Order] at [CompanyIdentifier].\n\nTell us: [Link]',
    isDefault: 'on',
    ...fields,
  });

  const ownTemplates = async (domain: string) =>
    (await runtime.templates.list(domain)).filter((template) => !template.builtIn);

  it('lists every kind with the built-in text, and starts a new template from it in the chosen language', async () => {
    const { owner, base } = await shop();
    const list = await owner.get(base);
    expect(list.statusCode).toBe(200);
    for (const heading of ['Service invitation', 'Product invitation', 'Reminder']) {
      expect(list.body).toContain(heading);
    }
    expect(list.body).toContain('Vouch’s built-in text');
    expect(list.body).toContain(`action="${base}/new"`);

    const german = await owner.get(`${base}/new?kind=reminder&locale=de-DE`);
    expect(german.statusCode).toBe(200);
    const reminder = runtime.templates.builtIn('reminder', 'de-DE');
    expect(german.body).toContain(`value="${reminder.subject.replaceAll('"', '&quot;')}"`);
    // The placeholders, each with what it stands for, and a preview on sample data from the first GET.
    for (const placeholder of [
      '[Name]',
      '[CompanyIdentifier]',
      '[Link]',
      '[Stars]',
      '[Products]',
      '[LegalNotice]',
    ]) {
      expect(german.body).toContain(`<code>${placeholder}</code>`);
    }
    expect(german.body).toContain('Preview with sample data');
    expect(german.body).toContain('lang="de-DE"');
  });

  it('previews unsaved text with sample data on the same page, saves nothing, then saves it', async () => {
    const { business, owner, base } = await shop();
    await owner.get(`${base}/new?kind=invitation`);
    const preview = await owner.post(`${base}/new`, { ...draft(), intent: 'preview' });
    expect(preview.statusCode).toBe(200);
    // The sample customer and order, the business's own name, and the review link filled in.
    expect(preview.body).toContain('<dd class="mail-subject">How was your tea, Alex Sample?</dd>');
    expect(preview.body).toContain(`<p>thank you for order ORDER-1001 at ${business.name}.</p>`);
    expect(preview.body).toMatch(/<p>Tell us: <a href="http[^"]+\/r\/sample-preview">/);
    // What was typed stays in the form.
    expect(preview.body).toContain('Dear [Name],\n\nthank you for order [Order]');
    expect(await ownTemplates(business.domain)).toEqual([]);

    const saved = await owner.post(`${base}/new`, { ...draft(), intent: 'save' });
    expect(saved.statusCode).toBe(303);
    const [template] = await ownTemplates(business.domain);
    expect(template).toMatchObject({ name: 'Autumn invitation', locale: 'en-GB', isDefault: true });
    expect(saved.headers.location).toBe(`${base}/${template?.id}?done=saved`);
    const page = await owner.get(String(saved.headers.location));
    expect(page.body).toContain('The template is saved.');
    expect(page.body).toContain('value="How was your tea, [Name]?"');

    // Edited in place: the same template, a new subject.
    const edited = await owner.post(`${base}/${template?.id}`, {
      ...draft({ subject: 'A cup of feedback, [Name]?' }),
      intent: 'save',
    });
    expect(edited.statusCode).toBe(303);
    expect((await ownTemplates(business.domain)).map((t) => [t.id, t.subject])).toEqual([
      [template?.id, 'A cup of feedback, [Name]?'],
    ]);
    const list = await owner.get(base);
    expect(list.body).toContain('Autumn invitation');
    expect(list.body).toContain('By default');
  });

  it('shows the service’s message for an unknown placeholder, keeps the text, and saves nothing', async () => {
    const { business, owner, base } = await shop();
    await owner.get(`${base}/new`);
    const body = 'Hello [name],\n\nplease review [Shop]: [Link]';
    for (const intent of ['preview', 'save']) {
      const answer = await owner.post(`${base}/new`, { ...draft({ body }), intent });
      expect(answer.statusCode).toBe(400);
      expect(answer.body).toContain(
        'In the body: Unknown placeholders [name] (did you mean [Name]?), [Shop]; the placeholders are [Name]',
      );
      expect(answer.body).toContain('role="alert"');
      expect(answer.body).toContain('Hello [name],\n\nplease review [Shop]: [Link]</textarea>');
      expect(answer.body).toContain('Fix the template to see its preview.');
    }
    const noLink = await owner.post(`${base}/new`, {
      ...draft({ body: 'Thanks, [Name].' }),
      intent: 'preview',
    });
    expect(noLink.statusCode).toBe(400);
    expect(noLink.body).toContain('The body must contain [Link] or [Stars]');
    expect(await ownTemplates(business.domain)).toEqual([]);
  });

  it('escapes what the template says in the preview and in the form', async () => {
    const { owner, base } = await shop();
    await owner.get(`${base}/new`);
    const answer = await owner.post(`${base}/new`, {
      ...draft({ subject: '<img src=x onerror=alert(1)> [Name]', body: 'Hi <b>[Name]</b>\n\n[Stars]' }),
      intent: 'preview',
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).not.toContain('<img src=x');
    expect(answer.body).not.toContain('<b>Alex');
    expect(answer.body).toContain('<p>Hi &lt;b&gt;Alex Sample&lt;/b&gt;</p>');
    expect(answer.body).toContain('&lt;img src=x onerror=alert(1)&gt; Alex Sample');
    // [Stars] alone in its paragraph: five links, each choosing its rating.
    expect(answer.body.match(/href="[^"]*\/r\/sample-preview\?rating=\d"/g)).toHaveLength(5);
  });

  it('sends the rendered draft to the logged-in user through the mail transport', async () => {
    const { business, owner, ownerEmail, base } = await shop();
    await owner.get(`${base}/new`);
    const subject = `Test send ${randomBytes(3).toString('hex')} for [Name]`;
    const sent = await owner.post(`${base}/new/test`, draft({ subject }));
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain(`A test email was sent to ${ownerEmail}.`);
    // The text is still in the editor, and still not saved.
    expect(sent.body).toContain(`value="${subject}"`);
    expect(await ownTemplates(business.domain)).toEqual([]);

    const outbox = path.join(runtime.config.dataDir, 'outbox');
    const expected = subject.replace('[Name]', 'Alex Sample');
    const mails = fs
      .readdirSync(outbox)
      .map((file) => fs.readFileSync(path.join(outbox, file), 'utf8'))
      .filter((mail) => mail.includes(expected));
    expect(mails).toHaveLength(1);
    const mail = mails[0] ?? '';
    expect(mail).toContain(`Subject: [Test] ${expected}`);
    expect(mail).toMatch(new RegExp(`^To: ${ownerEmail.replace('.', '\\.')}`, 'm'));
    expect(mail).toContain('X-Vouch-Test: template');
    expect(mail).toContain(`thank you for order ORDER-1001 at ${business.name}.`);

    // A saved template is test-sent from its own page too; an unknown placeholder sends nothing.
    await owner.post(`${base}/new`, { ...draft(), intent: 'save' });
    const [template] = await ownTemplates(business.domain);
    const before = fs.readdirSync(outbox).length;
    const refused = await owner.post(`${base}/${template?.id}/test`, draft({ body: 'Hi [Nmae] [Link]' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Unknown placeholder [Nmae]');
    expect(fs.readdirSync(outbox).length).toBe(before);
    const again = await owner.post(`${base}/${template?.id}/test`, draft());
    expect(again.statusCode).toBe(200);
    expect(fs.readdirSync(outbox).length).toBe(before + 1);
  });

  it('answers the live preview as JSON for the text as typed, with the error in words when it has one', async () => {
    const { business, owner, member, base } = await shop();
    const editorPage = await owner.get(`${base}/new`);
    // The editor loads the script (external, as the CSP wants) and tells it where to post.
    expect(editorPage.body).toContain('<script src="/assets/template-preview.js" defer></script>');
    expect(editorPage.body).toContain(`data-preview-url="${base}/preview"`);
    const script = await app.inject({ method: 'GET', url: '/assets/template-preview.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('text/javascript');

    const live = await owner.post(`${base}/preview`, draft({ subject: 'Live, [Name]' }));
    expect(live.statusCode).toBe(200);
    expect(live.headers['content-type']).toContain('application/json');
    const answer = live.json<{ ok: boolean; message: string | null; html: string }>();
    expect(answer.ok).toBe(true);
    expect(answer.message).toBeNull();
    expect(answer.html).toContain('<dd class="mail-subject">Live, Alex Sample</dd>');
    expect(answer.html).toContain(`at ${business.name}.</p>`);

    const wrong = await owner.post(`${base}/preview`, draft({ body: '<i>[Nmae]</i> [Link]' }));
    expect(wrong.statusCode).toBe(200);
    const refused = wrong.json<{ ok: boolean; message: string | null; html: string }>();
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('In the body: Unknown placeholder [Nmae]');
    expect(refused.html).toContain('In the body: Unknown placeholder [Nmae]');
    expect(refused.html).not.toContain('<i>');
    expect(await ownTemplates(business.domain)).toEqual([]);

    await member.get(base);
    expect((await member.post(`${base}/preview`, draft())).statusCode).toBe(403);
  });

  it('lets a member read templates and their preview but change nothing', async () => {
    const { business, owner, member, base } = await shop();
    await owner.get(`${base}/new`);
    await owner.post(`${base}/new`, { ...draft(), intent: 'save' });
    const [template] = await ownTemplates(business.domain);
    const id = template?.id ?? '';

    const list = await member.get(base);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Autumn invitation');
    expect(list.body).not.toContain(`action="${base}/new"`);
    const page = await member.get(`${base}/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Only an owner of this business can change templates.');
    expect(page.body).not.toContain('<textarea');
    expect(page.body).toContain('<dd class="mail-subject">How was your tea, Alex Sample?</dd>');
    expect((await member.get(`${base}/new`)).statusCode).toBe(403);

    for (const url of [`${base}/new`, `${base}/${id}`, `${base}/${id}/test`, `${base}/${id}/delete`]) {
      const answer = await member.post(url, { ...draft({ subject: 'Changed by a member' }), intent: 'save' });
      expect(answer.statusCode, url).toBe(403);
    }
    expect((await ownTemplates(business.domain)).map((t) => t.subject)).toEqual([
      'How was your tea, [Name]?',
    ]);
  });

  it('deletes a template, and knows no other business’s template', async () => {
    const first = await shop();
    // An owner of another business only: the first business's template is nothing of theirs.
    const tag = randomBytes(4).toString('hex');
    const other = await runtime.businesses.create({ name: `Other ${tag}`, domain: `other-${tag}.example` });
    const second = {
      owner: await dashboardUser(app, runtime, { email: `other-${tag}@example.com`, business: other.domain }),
      base: `/app/${other.domain}/templates`,
    };
    await first.owner.get(`${first.base}/new`);
    await first.owner.post(`${first.base}/new`, { ...draft(), intent: 'save' });
    const [template] = await ownTemplates(first.business.domain);
    const id = template?.id ?? '';

    expect((await second.owner.get(`${second.base}/${id}`)).statusCode).toBe(404);
    await second.owner.get(second.base);
    expect((await second.owner.post(`${second.base}/${id}`, { ...draft(), intent: 'save' })).statusCode).toBe(
      404,
    );
    expect((await second.owner.post(`${second.base}/${id}/delete`)).statusCode).toBe(404);
    expect(await ownTemplates(first.business.domain)).toHaveLength(1);

    await first.owner.get(`${first.base}/${id}`);
    const deleted = await first.owner.post(`${first.base}/${id}/delete`);
    expect(deleted.statusCode).toBe(303);
    expect(await ownTemplates(first.business.domain)).toEqual([]);
    expect((await first.owner.get(String(deleted.headers.location))).body).toContain(
      'The template is deleted.',
    );
  });

  it('shows a built-in template in any language, read only', async () => {
    const { owner, member, base } = await shop();
    const french = await member.get(`${base}/default-product-invitation?locale=fr-FR`);
    expect(french.statusCode).toBe(200);
    const builtIn = runtime.templates.builtIn('product_invitation', 'fr-FR');
    expect(french.body).toContain(builtIn.body.split('\n')[0]?.replaceAll("'", '&#39;') ?? '');
    expect(french.body).not.toContain('<textarea');
    expect(french.body).not.toContain('Write your own from this text');
    const asOwner = await owner.get(`${base}/default-product-invitation?locale=fr-FR`);
    expect(asOwner.body).toContain(`href="${base}/new?kind=product_invitation&amp;locale=fr-FR"`);
  });
});

describe('the template editor in a real browser', () => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let base: string;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime('sqlite');
    runtime = opened.runtime;
    app = await buildApp(runtime);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await openBrowser();
    close = async () => {
      await browser.close();
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  async function loggedIn(javaScript: boolean) {
    const tag = randomBytes(4).toString('hex');
    const business = await runtime.businesses.create({
      name: `Browser Tea ${tag}`,
      domain: `btea-${tag}.example`,
    });
    const email = `browser-${tag}@example.com`;
    await runtime.accounts.createUser({
      email,
      password: TEST_PASSWORD,
      business: business.domain,
      role: 'owner',
    });
    const context = javaScript ? browser.context : (await openBrowser({ javaScriptEnabled: false })).context;
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') {
        problems.push(`${message.text()} ${message.location().url}`);
      }
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${base}/login`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('form button[type=submit]');
    await page.waitForURL(/\/app\//);
    return { page, problems, url: `${base}/app/${business.domain}/templates`, business };
  }

  it('updates the preview as the owner types, under the page’s CSP, with no console error', async () => {
    const { page, problems, url, business } = await loggedIn(true);
    await page.goto(`${url}/new?kind=invitation&locale=en-GB`);
    await page.fill('#f-subject', 'Typed live for [Name]');
    await page.fill('#f-body', 'Dear [Name], a word on [CompanyIdentifier]? [Link]');
    await expect.poll(() => page.locator('.mail-subject').textContent()).toBe('Typed live for Alex Sample');
    await expect
      .poll(() => page.locator('.mail-body p').first().textContent())
      .toContain(`Dear Alex Sample, a word on ${business.name}?`);
    // A typo shows its message in the preview, in words, as the owner types.
    await page.fill('#f-body', 'Dear [name], [Link]');
    await expect.poll(() => page.locator('.template-preview .field-error').textContent()).toContain('[name]');
    expect((await runtime.templates.list(business.domain)).filter((t) => !t.builtIn)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('previews with the Preview button when JavaScript is off', async () => {
    const { page, problems, url } = await loggedIn(false);
    await page.goto(`${url}/new?kind=reminder&locale=en-GB`);
    await page.fill('#f-subject', 'Button preview for [Name]');
    await page.click('button[value=preview]');
    expect(await page.locator('.mail-subject').textContent()).toBe('Button preview for Alex Sample');
    expect(await page.locator('#f-subject').inputValue()).toBe('Button preview for [Name]');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('has no serious or critical axe finding on the templates and settings pages', async () => {
    const { page, problems, url, business } = await loggedIn(true);
    await runtime.templates.save(business.domain, {
      name: 'Axe invitation',
      kind: 'invitation',
      subject: 'Hello [Name]',
      body: 'Hello [Name]\n\n[Stars]\n\n[Products]\n\n[LegalNotice]',
      isDefault: true,
    });
    const [own] = (await runtime.templates.list(business.domain)).filter((t) => !t.builtIn);
    const findings: string[] = [];
    for (const address of [
      url,
      `${url}/new?kind=product_invitation&locale=ja-JP`,
      `${url}/${own?.id ?? ''}`,
      `${url}/default-reminder?locale=fr-FR`,
      `${base}/app/${business.domain}/settings`,
    ]) {
      await page.goto(address);
      findings.push(...describeFindings(address, await seriousViolations(page)));
    }
    expect(findings).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
