import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, ManualClock } from '../../src/clock.js';
import { buildApp } from '../../src/http/app.js';
import { KEY_PASSWORD_ATTEMPTS } from '../../src/http/dashboard/pages/methods.page.js';
import { buildUniqueLink, diagnoseLink } from '../../src/links.js';
import type { Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import { DashboardClient, dashboardUser, TEST_PASSWORD } from '../support/dashboard.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

/** The text of the element with this id, its entities decoded (the page escapes what it shows). */
function textById(body: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(body);
  return match?.[1] === undefined ? undefined : decode(match[1]);
}

function decode(value: string): string {
  return value
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&#x27;', "'")
    .replaceAll('&amp;', '&');
}

describe.each(ENGINES)('the dashboard Methods pages on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let clock: ManualClock;
  let shop: CreatedBusiness;
  let other: CreatedBusiness;
  let owner: DashboardClient;
  let member: DashboardClient;
  let close: () => Promise<void> = () => Promise.resolve();
  const tag = randomBytes(4).toString('hex');
  const base = () => `/app/${shop.domain}`;

  beforeAll(async () => {
    clock = new ManualClock(new Date());
    const opened = await openTestRuntime(engine, { clock });
    runtime = opened.runtime;
    app = await buildApp(runtime);
    shop = await runtime.businesses.create({ name: 'Method Shop', domain: `methods-${tag}.example` });
    other = await runtime.businesses.create({ name: 'Other Shop', domain: `other-${tag}.example` });
    await runtime.businesses.updateSettings(shop.id, { frequencyDays: null });
    owner = await dashboardUser(app, runtime, {
      email: `owner-${tag}@example.com`,
      business: shop.id,
      role: 'owner',
    });
    member = await dashboardUser(app, runtime, {
      email: `member-${tag}@example.com`,
      business: shop.id,
      role: 'member',
    });
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  /** An order email BCC'd to the business, as an inbound-mail service posts it. */
  async function bcc(subject: string, to: string): Promise<{ invitationId: string | null }> {
    const token = /\+([0-9a-f]{32})@/.exec((await runtime.businesses.get(shop.id)).afsAddress)?.[1] ?? '';
    const response = await app.inject({
      method: 'POST',
      url: `/afs/inbound/${token}`,
      headers: { 'content-type': 'message/rfc822' },
      payload: `From: orders@${shop.domain}\r\nTo: ${to}\r\nSubject: ${subject}\r\n\r\nThanks\r\n`,
    });
    // 201 when an invitation was made, 202 when the message was kept without one.
    expect([201, 202]).toContain(response.statusCode);
    return response.json<{ invitationId: string | null }>();
  }

  function expectNoSecretsOf(business: CreatedBusiness, response: LightMyRequestResponse) {
    for (const secret of [business.uniqueLinkSecret, business.bglEncryptKey, business.bglAuthKey]) {
      expect(response.body).not.toContain(secret);
      expect(response.body).not.toContain(secret.replaceAll('+', '&#43;'));
    }
  }

  it('shows a member the BCC address and what became of its messages, escaped, but no key or API key actions', async () => {
    const made = await bcc('Order #4242 <b>bold</b>', `Jane Roe <jane-${tag}@example.com>`);
    expect(made.invitationId).toEqual(expect.any(String));
    await bcc('Hello there', 'nobody');

    const page = await member.get(`${base()}/methods`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain(shop.afsAddress);
    // The subject is shown as text, never as markup.
    expect(page.body).toContain('Order #4242 &lt;b&gt;bold&lt;/b&gt;');
    expect(page.body).not.toContain('<b>bold</b>');
    expect(page.body).toContain('Invitation made');
    expect(page.body).toContain(`href="/app/${shop.domain}/invitations/${made.invitationId ?? ''}"`);
    expect(page.body).toContain('Kept, no invitation');
    // Neither the keys nor the forms that would show or change them, nor the API keys page.
    expectNoSecretsOf(shop, page);
    expect(page.body).toContain('Only an owner of this business can see or change the keys.');
    expect(page.body).not.toContain('methods/keys/reveal');
    expect(page.body).not.toContain('methods/keys/rotate');
    expect(page.body).not.toContain('methods/afs/rotate');
    expect(page.body).not.toContain(`${base()}/methods/api-keys`);

    const [apiKey] = await runtime.businesses.listApiKeys(shop.id);
    const memberCanSee = await runtime.integrations.create(shop.id, { provider: 'webhook' });
    const untouched = (await runtime.integrations.list(shop.id)).map((made) => made.settings);
    for (const [path, form] of [
      ['methods/keys/reveal', { password: TEST_PASSWORD }],
      ['methods/keys/rotate', { kinds: 'unique_link', graceDays: '1', password: TEST_PASSWORD }],
      ['methods/afs/rotate', {}],
      ['methods/api-keys', { label: 'sneaky' }],
      [`methods/api-keys/${apiKey?.id ?? ''}/revoke`, {}],
      [`methods/api-keys/${apiKey?.id ?? ''}/secret`, {}],
      ['methods/integrations/add', { provider: 'webhook' }],
      [`methods/integrations/${memberCanSee.id}/settings`, { inviteOn: 'order.placed', kinds: 'both' }],
      ['methods/webhooks/add', { url: 'https://hooks.example.com/x', events: 'review.created' }],
    ] as const) {
      const refused = await member.post(`${base()}/${path}`, form);
      expect(refused.statusCode, path).toBe(403);
      expectNoSecretsOf(shop, refused);
    }
    expect((await member.get(`${base()}/methods/api-keys`)).statusCode).toBe(403);
    // Nothing changed: the address, the keys and the API keys are as they were.
    expect((await runtime.businesses.get(shop.id)).afsAddress).toBe(shop.afsAddress);
    expect((await runtime.businesses.secretsOf(shop.id)).uniqueLinkSecret).toBe(shop.uniqueLinkSecret);
    expect(await runtime.businesses.listApiKeys(shop.id)).toHaveLength(1);
    expect((await runtime.integrations.list(shop.id)).map((made) => made.settings)).toEqual(untouched);
    await runtime.integrations.remove(shop.id, memberCanSee.id);

    // Members may read the integrations page and use the link tools.
    expect((await member.get(`${base()}/methods/integrations`)).statusCode).toBe(200);
    const built = await member.post(`${base()}/methods/links/build`, {
      kind: 'unique',
      email: 'm@example.com',
      name: 'M',
      reference: 'M-1',
    });
    expect(built.statusCode).toBe(200);
    expect(textById(built.body, 'built-link')).toContain(`/evaluate/${shop.domain}?`);
  });

  it('reveals nothing for a wrong password, and the keys for the right one, not to be cached', async () => {
    const page = await owner.get(`${base()}/methods`);
    expectNoSecretsOf(shop, page);
    expect(page.body).toContain('methods/keys/reveal');

    const wrong = await owner.post(`${base()}/methods/keys/reveal`, { password: 'not my password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('That password is wrong, so nothing was revealed or changed.');
    expectNoSecretsOf(shop, wrong);
    const empty = await owner.post(`${base()}/methods/keys/reveal`, {});
    expect(empty.statusCode).toBe(400);
    expectNoSecretsOf(shop, empty);

    const right = await owner.post(`${base()}/methods/keys/reveal`, { password: TEST_PASSWORD });
    expect(right.statusCode).toBe(200);
    expect(right.headers['cache-control']).toBe('no-store');
    expect(textById(right.body, 'key-unique')).toBe(shop.uniqueLinkSecret);
    expect(textById(right.body, 'key-bgl-encrypt')).toBe(shop.bglEncryptKey);
    expect(textById(right.body, 'key-bgl-auth')).toBe(shop.bglAuthKey);
    // A reload shows them hidden again.
    expectNoSecretsOf(shop, await owner.get(`${base()}/methods`));
  });

  it('takes the password as typed, spaces at its ends included, as the login does', async () => {
    const password = '  spaces around my passphrase  ';
    const email = `spaced-${tag}@example.com`;
    await runtime.accounts.createUser({ email, password, business: shop.id, role: 'owner' });
    const spaced = new DashboardClient(app);
    await spaced.login(email, password);
    await spaced.get(`${base()}/methods`);
    const trimmed = await spaced.post(`${base()}/methods/keys/reveal`, { password: password.trim() });
    expect(trimmed.statusCode).toBe(400);
    expectNoSecretsOf(shop, trimmed);
    const typed = await spaced.post(`${base()}/methods/keys/reveal`, { password });
    expect(textById(typed.body, 'key-unique')).toBe(shop.uniqueLinkSecret);
  });

  it(`stops revealing after ${KEY_PASSWORD_ATTEMPTS} wrong passwords, even for the right one`, async () => {
    const guesser = await dashboardUser(app, runtime, {
      email: `guesser-${tag}@example.com`,
      business: shop.id,
      role: 'owner',
    });
    await guesser.get(`${base()}/methods`);
    for (let attempt = 0; attempt < KEY_PASSWORD_ATTEMPTS; attempt++) {
      const wrong = await guesser.post(`${base()}/methods/keys/reveal`, { password: `guess ${attempt}` });
      expect(wrong.statusCode).toBe(400);
    }
    const blocked = await guesser.post(`${base()}/methods/keys/reveal`, { password: TEST_PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('Too many wrong passwords');
    expectNoSecretsOf(shop, blocked);
    const rotate = await guesser.post(`${base()}/methods/keys/rotate`, {
      kinds: 'unique_link',
      graceDays: '1',
      password: TEST_PASSWORD,
    });
    expect(rotate.statusCode).toBe(429);
    expect((await runtime.businesses.secretsOf(shop.id)).uniqueLinkSecret).toBe(shop.uniqueLinkSecret);
    // The limit is the guesser's: another owner still reveals.
    const right = await owner.post(`${base()}/methods/keys/reveal`, { password: TEST_PASSWORD });
    expect(textById(right.body, 'key-unique')).toBe(shop.uniqueLinkSecret);
  });

  it('builds links that open the review form, and the doctor explains a tampered one', async () => {
    await owner.get(`${base()}/methods`);
    for (const kind of ['unique', 'bgl']) {
      const built = await owner.post(`${base()}/methods/links/build`, {
        kind,
        email: `buyer-${kind}@example.com`,
        name: 'Bea Buyer',
        reference: `ORD-${kind}-1`,
        skus: kind === 'bgl' ? 'MUG-1, TEA-2' : '',
      });
      expect(built.statusCode).toBe(200);
      const link = textById(built.body, 'built-link') ?? '';
      expect(link).toContain(
        kind === 'bgl' ? `/evaluate-bgl/${shop.domain}?p=` : `/evaluate/${shop.domain}?`,
      );
      expectNoSecretsOf(shop, built);
      // The link verifies with the business's keys, and the review landing opens its form.
      const diagnosis = diagnoseLink(link, {
        domain: shop.domain,
        uniqueLinkSecrets: [shop.uniqueLinkSecret],
        bglKeys: [{ encryptKey: shop.bglEncryptKey, authKey: shop.bglAuthKey }],
      });
      expect(diagnosis).toMatchObject({ valid: true, consumer: { email: `buyer-${kind}@example.com` } });
      const url = new URL(link);
      const landing = await app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
      expect(landing.statusCode).toBe(200);
      expect(landing.body).toContain('name="rating"');
      expect(landing.body).toContain(shop.name);

      const checked = await owner.post(`${base()}/methods/links/check`, { url: link });
      expect(checked.body).toContain('data-valid="true"');
      expect(checked.body).toContain('This link works.');
    }

    // What a customer's name carries is shown as text, in the form, the link and the doctor's reading of it.
    const marked = await owner.post(`${base()}/methods/links/build`, {
      kind: 'unique',
      email: 'mark@example.com',
      name: '<img src=x onerror=alert(1)>',
      reference: 'ORD-X',
    });
    expect(marked.statusCode).toBe(200);
    expect(marked.body).not.toContain('<img src=x');
    expect(marked.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const markedDoctor = await owner.post(`${base()}/methods/links/check`, {
      url: textById(marked.body, 'built-link') ?? '',
    });
    expect(markedDoctor.body).toContain('data-valid="true"');
    expect(markedDoctor.body).not.toContain('<img src=x');
    expect(markedDoctor.body).toContain('For &lt;img src=x onerror=alert(1)&gt;');

    const refused = await owner.post(`${base()}/methods/links/build`, {
      kind: 'unique',
      email: 'not an email',
      name: 'X',
      reference: 'R-1',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('notice-error');

    const good = new URL(
      buildUniqueLink({
        baseUrl: 'http://localhost',
        domain: shop.domain,
        secret: shop.uniqueLinkSecret,
        email: 'tamper@example.com',
        name: 'Tam',
        reference: 'ORD-1',
      }),
    );
    good.searchParams.set('a', 'ORD-2');
    const doctor = await owner.post(`${base()}/methods/links/check`, { url: good.href });
    expect(doctor.statusCode).toBe(200);
    expect(doctor.body).toContain('data-valid="false"');
    expect(doctor.body).toContain('This link does not work.');
    // The reference changed after signing: the hash matches nothing made with this business's secret.
    expect(doctor.body).toContain('unique_hash_unknown_secret');
    const empty = await owner.post(`${base()}/methods/links/check`, { url: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Paste a link to check.');
  });

  it('makes an API key shown once, gives it a new secret, and revokes it', async () => {
    const list = await owner.get(`${base()}/methods/api-keys`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain((await runtime.businesses.listApiKeys(shop.id))[0]?.prefix);

    const created = await owner.post(`${base()}/methods/api-keys`, { label: 'Shop <backend>' });
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toBe('no-store');
    const key = textById(created.body, 'new-api-key') ?? '';
    const secret = textById(created.body, 'new-api-secret') ?? '';
    expect(key).toMatch(/^vk_/);
    expect(secret).toMatch(/^vs_/);
    expect(created.body).toContain('Shop &lt;backend&gt;');
    expect((await runtime.businesses.authenticateApiKey(key))?.id).toBe(shop.id);
    const grant = await runtime.oauth.issueToken({
      grantType: 'client_credentials',
      clientId: key,
      clientSecret: secret,
    });
    expect(grant.access_token).toEqual(expect.any(String));

    // Shown once: the list names it by its prefix only.
    const again = await owner.get(`${base()}/methods/api-keys`);
    expect(again.body).not.toContain(key);
    expect(again.body).not.toContain(secret);
    const id = (await runtime.businesses.listApiKeys(shop.id)).find((item) =>
      key.startsWith(item.prefix),
    )?.id;
    expect(again.body).toContain(`methods/api-keys/${id}/revoke`);

    const rotated = await owner.post(`${base()}/methods/api-keys/${id}/secret`);
    expect(rotated.statusCode).toBe(200);
    const newSecret = textById(rotated.body, 'new-api-secret') ?? '';
    expect(newSecret).toMatch(/^vs_/);
    expect(newSecret).not.toBe(secret);
    await expect(
      runtime.oauth.issueToken({ grantType: 'client_credentials', clientId: key, clientSecret: secret }),
    ).rejects.toMatchObject({ code: 'oauth_invalid_client' });

    const revoked = await owner.post(`${base()}/methods/api-keys/${id}/revoke`);
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(`${base()}/methods/api-keys?done=revoked`);
    expect(await runtime.businesses.authenticateApiKey(key)).toBeUndefined();
    const after = await owner.get(revoked.headers.location ?? '');
    expect(after.body).toContain('The key was revoked');
    expect(after.body).not.toContain(`methods/api-keys/${id}/revoke`);
  });

  it('connects a shop and subscribes a webhook, secrets shown once, and removes both', async () => {
    await owner.get(`${base()}/methods/integrations`);
    const added = await owner.post(`${base()}/methods/integrations/add`, { provider: 'webhook' });
    expect(added.statusCode).toBe(200);
    const secret = textById(added.body, 'new-integration-secret') ?? '';
    expect(secret).toMatch(/^whsec_/);
    const [integration] = await runtime.integrations.list(shop.id);
    expect(integration?.provider).toBe('webhook');

    const bad = await owner.post(`${base()}/methods/integrations/add`, { provider: 'ebay' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not a provider');

    // Its settings: the form shows the current ones; a change is saved and the next order is decided by it.
    const id = integration?.id ?? '';
    const settingsUrl = `${base()}/methods/integrations/${id}/settings`;
    const before = await owner.get(`${base()}/methods/integrations`);
    expect(before.body).toContain(`action="${settingsUrl}"`);
    expect(before.body).toMatch(/name="inviteOn"\s+value="order.fulfilled"\s+checked/);
    const saved = await owner.post(settingsUrl, {
      inviteOn: ['order.placed', 'order.delivered'],
      cancelOn: ['order.cancelled'],
      kinds: 'both',
      delayDays: '3',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toContain('done=integration-saved');
    expect((await runtime.integrations.list(shop.id))[0]?.settings).toEqual({
      inviteOn: ['order.placed', 'order.delivered'],
      cancelOn: ['order.cancelled'],
      kinds: 'both',
      delayDays: 3,
    });
    const after = await owner.get(saved.headers.location as string);
    expect(after.body).toContain('Saved. The next order the shop posts is decided this way.');
    expect(after.body).toMatch(/name="delayDays"\s+type="number"\s+value="3"/);
    // Back to the business's delay; a refused value changes nothing and says why.
    await owner.post(settingsUrl, { inviteOn: 'order.fulfilled', kinds: 'service', delayDays: '' });
    expect((await runtime.integrations.list(shop.id))[0]?.settings.delayDays).toBeNull();
    const both = await owner.post(settingsUrl, { inviteOn: 'order.cancelled', cancelOn: 'order.cancelled' });
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('has no &quot;order.cancelled&quot; here; use order.placed');
    const badDelay = await owner.post(settingsUrl, { inviteOn: 'order.fulfilled', delayDays: 'soon' });
    expect(badDelay.statusCode).toBe(400);
    expect(badDelay.body).toContain('The delay must be a whole number of days');
    expect((await runtime.integrations.list(shop.id))[0]?.settings).toMatchObject({
      inviteOn: ['order.fulfilled'],
      kinds: 'service',
    });

    const hooked = await owner.post(`${base()}/methods/webhooks/add`, {
      url: `https://hooks.${tag}.example/vouch?token=abc`,
      events: 'review.created',
    });
    expect(hooked.statusCode).toBe(200);
    expect(textById(hooked.body, 'new-webhook-secret')).toEqual(expect.any(String));
    const noEvents = await owner.post(`${base()}/methods/webhooks/add`, { url: 'https://x.example/' });
    expect(noEvents.statusCode).toBe(400);
    expect(noEvents.body).toContain('Choose at least one event.');
    const [webhook] = await runtime.webhooks.list(shop.id);

    const page = await owner.get(`${base()}/methods/integrations`);
    expect(page.body).not.toContain(secret);
    expect(page.body).toContain(`data-integration="${integration?.id ?? ''}"`);
    expect(page.body).toContain(`hooks.${tag}.example/vouch?token=abc`);
    // A member reads the list, without the forms, and only the origin of a target (it may carry a token).
    const seen = await member.get(`${base()}/methods/integrations`);
    expect(seen.body).toContain(`data-integration="${integration?.id ?? ''}"`);
    expect(seen.body).not.toContain('token=abc');
    expect(seen.body).not.toContain('/remove');

    expect(
      (await owner.post(`${base()}/methods/integrations/${integration?.id ?? ''}/remove`)).statusCode,
    ).toBe(303);
    expect((await owner.post(`${base()}/methods/webhooks/${webhook?.id ?? ''}/remove`)).statusCode).toBe(303);
    expect(await runtime.integrations.list(shop.id)).toHaveLength(0);
    expect(await runtime.webhooks.list(shop.id)).toHaveLength(0);
  });

  it("answers 404 for another business's pages and ids, and changes nothing there", async () => {
    const otherKey = (await runtime.businesses.listApiKeys(other.id))[0];
    const otherIntegration = await runtime.integrations.create(other.id, { provider: 'woocommerce' });
    const otherHook = await runtime.webhooks.add(other.id, {
      url: 'https://hooks.other.example/',
      events: 'review.created',
    });
    await owner.get(`${base()}/methods`);
    for (const path of [
      `methods/api-keys/${otherKey?.id ?? ''}/revoke`,
      `methods/api-keys/${otherKey?.id ?? ''}/secret`,
      `methods/integrations/${otherIntegration.id}/remove`,
      `methods/integrations/${otherIntegration.id}/settings`,
      `methods/webhooks/${otherHook.id}/remove`,
    ]) {
      const response = await owner.post(`${base()}/${path}`);
      expect(response.statusCode, path).toBe(404);
    }
    for (const path of ['methods', 'methods/api-keys', 'methods/integrations']) {
      const response = await owner.get(`/app/${other.domain}/${path}`);
      expect(response.statusCode, path).toBe(404);
      expect(response.body).not.toContain(other.afsAddress);
    }
    const reveal = await owner.post(`/app/${other.domain}/methods/keys/reveal`, { password: TEST_PASSWORD });
    expect(reveal.statusCode).toBe(404);
    expectNoSecretsOf(other, reveal);
    expect((await runtime.businesses.listApiKeys(other.id))[0]?.revokedAt).toBeNull();
    expect(await runtime.integrations.list(other.id)).toHaveLength(1);
    expect(await runtime.webhooks.list(other.id)).toHaveLength(1);
  });

  it('rotates the BCC address: the old one stops at once', async () => {
    await owner.get(`${base()}/methods`);
    const before = (await runtime.businesses.get(shop.id)).afsAddress;
    const rotated = await owner.post(`${base()}/methods/afs/rotate`);
    expect(rotated.statusCode).toBe(303);
    const after = (await runtime.businesses.get(shop.id)).afsAddress;
    expect(after).not.toBe(before);
    const page = await owner.get(rotated.headers.location ?? '');
    expect(page.body).toContain(after);
    expect(page.body).not.toContain(before);
    expect(page.body).toContain('A new BCC address is in place');
    expect(await runtime.afs.businessForAddress(before)).toBeUndefined();
  });

  // Last: it moves the clock past the grace period.
  it('rotates the link keys with grace days: new keys shown once, the old still accepted until the grace ends', async () => {
    await owner.get(`${base()}/methods`);
    const noKinds = await owner.post(`${base()}/methods/keys/rotate`, {
      graceDays: '3',
      password: TEST_PASSWORD,
    });
    expect(noKinds.statusCode).toBe(400);
    expect(noKinds.body).toContain('Choose the keys to rotate.');
    const wrong = await owner.post(`${base()}/methods/keys/rotate`, {
      kinds: 'unique_link',
      graceDays: '3',
      password: 'wrong password',
    });
    expect(wrong.statusCode).toBe(400);
    expect((await runtime.businesses.secretsOf(shop.id)).uniqueLinkSecret).toBe(shop.uniqueLinkSecret);

    // A minute on, so the new keys are younger than the old (the manual clock stood still since they were made).
    clock.advance(60_000);
    // Both boxes ticked: the form sends `kinds` twice.
    const form = new URLSearchParams([
      ['kinds', 'unique_link'],
      ['kinds', 'bgl'],
      ['graceDays', '3'],
      ['password', TEST_PASSWORD],
    ]);
    const rotated = await owner.postRaw(
      `${base()}/methods/keys/rotate`,
      form.toString(),
      'application/x-www-form-urlencoded',
    );
    expect(rotated.statusCode).toBe(200);
    expect(rotated.headers['cache-control']).toBe('no-store');
    const newSecret = textById(rotated.body, 'key-unique') ?? '';
    const newEncrypt = textById(rotated.body, 'key-bgl-encrypt') ?? '';
    const newAuth = textById(rotated.body, 'key-bgl-auth') ?? '';
    expect(newSecret).not.toBe('');
    expect(newSecret).not.toBe(shop.uniqueLinkSecret);
    expect(newEncrypt).not.toBe('');
    expect(newEncrypt).not.toBe(shop.bglEncryptKey);
    expect(newAuth).not.toBe(shop.bglAuthKey);
    expect(rotated.body).toContain('the previous ones are accepted until');
    // Shown once: the page, loaded again, has them hidden.
    const reloaded = await owner.get(`${base()}/methods`);
    expect(reloaded.body).not.toContain(newSecret);
    expect(reloaded.body).not.toContain(newAuth);

    const accepted = await runtime.businesses.acceptedLinkSecrets(shop.id);
    expect(accepted.uniqueLinkSecrets).toEqual([newSecret, shop.uniqueLinkSecret]);
    expect(accepted.bglKeys.map((pair) => pair.encryptKey)).toEqual([newEncrypt, shop.bglEncryptKey]);
    // A link made with the old secret still opens, and the doctor says it was the previous secret.
    const old = buildUniqueLink({
      baseUrl: 'http://localhost',
      domain: shop.domain,
      secret: shop.uniqueLinkSecret,
      email: 'old@example.com',
      name: 'Old',
      reference: 'OLD-1',
    });
    const checked = await owner.post(`${base()}/methods/links/check`, { url: old });
    expect(checked.body).toContain('data-valid="true"');
    expect(checked.body).toContain('unique_hash_previous_secret');

    clock.advance(4 * DAY_MS);
    const later = await runtime.businesses.acceptedLinkSecrets(shop.id);
    expect(later.uniqueLinkSecrets).toEqual([newSecret]);
    expect(later.bglKeys.map((pair) => pair.encryptKey)).toEqual([newEncrypt]);
  });
});
