import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, ManualClock } from '../../src/clock.js';
import { VouchError } from '../../src/errors.js';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

function uniqueDomain(): string {
  return `shop-${randomBytes(4).toString('hex')}.example`;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<VouchError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VouchError);
  expect((error as VouchError).code).toBe(code);
  return error as VouchError;
}

describe.each(ENGINES)('businesses on %s', (engine) => {
  let runtime: Runtime;
  let close: () => Promise<void> = () => Promise.resolve();
  const clock = new ManualClock('2026-03-01T12:00:00.000Z');

  beforeAll(async () => {
    const opened = await openTestRuntime(engine, { clock });
    runtime = opened.runtime;
    close = () => opened.close();
  });
  afterAll(() => close());

  it(`runs on ${engine}`, () => {
    // Each engine's store says what it can do; only PostgreSQL lets workers skip each other's locked rows.
    expect(runtime.store.capabilities.supportsSkipLocked).toBe(engine === 'postgres');
  });

  it('creates a business with a lower-cased domain, fresh secrets and an AFS address', async () => {
    const domain = uniqueDomain();
    const created = await runtime.businesses.create({
      name: 'Acme',
      domain: `https://${domain.toUpperCase()}/`,
    });
    expect(created.domain).toBe(domain);
    expect(created.plan).toBe('unlimited');
    expect(Buffer.from(created.bglEncryptKey, 'base64')).toHaveLength(32);
    expect(Buffer.from(created.bglAuthKey, 'base64')).toHaveLength(32);
    expect(created.afsAddress).toMatch(
      new RegExp(`^${domain.replaceAll('.', '\\.')}\\+[0-9a-f]{32}@afs\\.localhost$`),
    );
    expect(created.apiKey).toMatch(/^vk_[A-Za-z0-9_-]{43}$/);
    expect(await runtime.businesses.get(domain)).toMatchObject({ id: created.id, name: 'Acme' });
  });

  it('refuses a second business with the same domain, in any case', async () => {
    const domain = uniqueDomain();
    await runtime.businesses.create({ name: 'First', domain });
    const error = await expectCode(
      runtime.businesses.create({ name: 'Second', domain: domain.toUpperCase() }),
      'business_domain_taken',
    );
    expect(error.message).toContain(domain);
    expect(error.status).toBe(409);
  });

  it('refuses a bad domain, a lone BGL key and a key of the wrong size', async () => {
    await expectCode(
      runtime.businesses.create({ name: 'X', domain: 'localhost' }),
      'business_domain_invalid',
    );
    await expectCode(
      runtime.businesses.create({ name: 'X', domain: 'a.example/shop' }),
      'business_domain_invalid',
    );
    await expectCode(
      runtime.businesses.create({
        name: 'X',
        domain: uniqueDomain(),
        bglEncryptKey: randomBytes(32).toString('base64'),
      }),
      'bgl_keys_incomplete',
    );
    const error = await expectCode(
      runtime.businesses.create({
        name: 'X',
        domain: uniqueDomain(),
        bglEncryptKey: randomBytes(16).toString('base64'),
        bglAuthKey: randomBytes(32).toString('base64'),
      }),
      'bgl_key_invalid',
    );
    expect(error.message).toContain('16 bytes');
    await expectCode(
      runtime.businesses.create({ name: 'X', domain: uniqueDomain(), defaultLocale: 'xx-YY' }),
      'locale_invalid',
    );
  });

  it('keeps secrets given at creation, so existing links keep working', async () => {
    const domain = uniqueDomain();
    const keys = {
      bglEncryptKey: randomBytes(32).toString('base64'),
      bglAuthKey: randomBytes(32).toString('base64'),
    };
    const created = await runtime.businesses.create({
      name: 'Kept',
      domain,
      uniqueLinkSecret: 'mykey12',
      ...keys,
    });
    expect(created).toMatchObject({ uniqueLinkSecret: 'mykey12', ...keys });
    const accepted = await runtime.businesses.acceptedLinkSecrets(created.id);
    expect(accepted.uniqueLinkSecrets).toEqual(['mykey12']);
    expect(accepted.bglKeys).toEqual([{ encryptKey: keys.bglEncryptKey, authKey: keys.bglAuthKey }]);
  });

  it('rotates keys and accepts the previous ones only during the grace period', async () => {
    const domain = uniqueDomain();
    const created = await runtime.businesses.create({
      name: 'Rotating',
      domain,
      uniqueLinkSecret: 'old-secret',
    });
    clock.advance(1000);
    const rotated = await runtime.businesses.rotateKeys(domain, {
      kinds: ['unique_link', 'bgl'],
      graceDays: 10,
    });
    expect(rotated.uniqueLinkSecret).toBeDefined();
    expect(rotated.previousAcceptedUntil).toBe(new Date(clock.now().getTime() + 10 * DAY_MS).toISOString());

    let accepted = await runtime.businesses.acceptedLinkSecrets(created.id);
    expect(accepted.uniqueLinkSecrets).toEqual([rotated.uniqueLinkSecret, 'old-secret']);
    expect(accepted.bglKeys.map((k) => k.encryptKey)).toEqual([rotated.bglEncryptKey, created.bglEncryptKey]);

    clock.advance(10 * DAY_MS + 1);
    accepted = await runtime.businesses.acceptedLinkSecrets(created.id);
    expect(accepted.uniqueLinkSecrets).toEqual([rotated.uniqueLinkSecret]);
    expect(accepted.bglKeys).toHaveLength(1);
  });

  it('stores API keys as hashes, authenticates them, and revokes them', async () => {
    const domain = uniqueDomain();
    const created = await runtime.businesses.create({ name: 'Keys', domain });
    const rows = await runtime.store.db
      .selectFrom('api_keys')
      .selectAll()
      .where('business_id', '=', created.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(created.apiKey);
    expect(rows[0]?.key_hash).toBe(createHash('sha256').update(created.apiKey).digest('hex'));

    expect((await runtime.businesses.authenticateApiKey(created.apiKey))?.id).toBe(created.id);
    expect(await runtime.businesses.authenticateApiKey(`${created.apiKey}x`)).toBeUndefined();

    const second = await runtime.businesses.createApiKey(domain, 'shop plugin');
    expect((await runtime.businesses.authenticateApiKey(second.key))?.id).toBe(created.id);
    await runtime.businesses.revokeApiKey(domain, second.prefix);
    expect(await runtime.businesses.authenticateApiKey(second.key)).toBeUndefined();
    expect((await runtime.businesses.listApiKeys(domain)).map((k) => k.revokedAt === null)).toEqual([
      true,
      false,
    ]);
  });

  it("never lets one business revoke or read another's keys and secrets", async () => {
    const a = await runtime.businesses.create({ name: 'A', domain: uniqueDomain() });
    const b = await runtime.businesses.create({ name: 'B', domain: uniqueDomain() });
    const bKeys = await runtime.businesses.listApiKeys(b.domain);
    await expectCode(runtime.businesses.revokeApiKey(a.domain, bKeys[0]?.id ?? ''), 'api_key_not_found');
    expect((await runtime.businesses.authenticateApiKey(b.apiKey))?.id).toBe(b.id);
    const aSecrets = await runtime.businesses.acceptedLinkSecrets(a.id);
    expect(aSecrets.uniqueLinkSecrets).toEqual([a.uniqueLinkSecret]);
    expect(aSecrets.uniqueLinkSecrets).not.toContain(b.uniqueLinkSecret);
  });

  it('answers business_not_found for an unknown domain', async () => {
    await expectCode(runtime.businesses.get('nobody.example'), 'business_not_found');
  });

  it('reports the database reachable', async () => {
    expect(await runtime.store.ping()).toBe(true);
  });

  it('keeps control characters and bidi overrides out of business and sender names', async () => {
    const created = await runtime.businesses.create({
      name: 'Acme\u202e Shop\x1b[2J\0',
      domain: uniqueDomain(),
    });
    expect(created.name).toBe('Acme Shop[2J');
    const updated = await runtime.businesses.updateSettings(created.domain, {
      senderName: 'Acme\u2066 Team\x07',
    });
    expect(updated.settings.senderName).toBe('Acme Team');
    expect((await runtime.businesses.get(created.domain)).name).toBe('Acme Shop[2J');
  });

  it('sets, normalises, shows and clears the AFS sender domains', async () => {
    const created = await runtime.businesses.create({ name: 'Acme', domain: uniqueDomain() });
    expect(created.settings.afsSenderDomains).toEqual([]);
    const set = await runtime.businesses.updateSettings(created.domain, {
      afsSenderDomains: ['Mail.Example, news.example', 'mail.example'],
    });
    expect(set.settings.afsSenderDomains).toEqual(['mail.example', 'news.example']);
    expect((await runtime.businesses.get(created.domain)).settings.afsSenderDomains).toEqual([
      'mail.example',
      'news.example',
    ]);
    const error = await expectCode(
      runtime.businesses.updateSettings(created.domain, { afsSenderDomains: ['bad domain!'] }),
      'validation_failed',
    );
    expect(error.message).toContain('AFS sender domains');
    const cleared = await runtime.businesses.updateSettings(created.domain, { afsSenderDomains: [] });
    expect(cleared.settings.afsSenderDomains).toEqual([]);
  });

  it('rotates the AFS address to a new 128-bit one; the old one stops working at once', async () => {
    const created = await runtime.businesses.create({ name: 'Acme', domain: uniqueDomain() });
    // An address from before addresses had 128 bits: 10 hex characters. It works until rotated.
    await runtime.store.db
      .updateTable('businesses')
      .set({ afs_token: '0123456789' })
      .where('id', '=', created.id)
      .execute();
    const old = `${created.domain}+0123456789@afs.localhost`;
    expect((await runtime.afs.businessForAddress(old))?.id).toBe(created.id);
    expect((await runtime.afs.businessForToken('0123456789'))?.id).toBe(created.id);

    const rotated = await runtime.businesses.rotateAfsAddress(created.domain);
    expect(rotated.previousAfsAddress).toBe(old);
    const token = /\+([0-9a-f]{32})@afs\.localhost$/.exec(rotated.afsAddress)?.[1];
    expect(token).toBeDefined();
    expect((await runtime.businesses.get(created.domain)).afsAddress).toBe(rotated.afsAddress);
    expect(await runtime.afs.businessForAddress(old)).toBeUndefined();
    expect(await runtime.afs.businessForToken('0123456789')).toBeUndefined();
    expect((await runtime.afs.businessForAddress(rotated.afsAddress.toUpperCase()))?.id).toBe(created.id);
    expect((await runtime.afs.businessForToken(token ?? ''))?.id).toBe(created.id);
    await expectCode(runtime.businesses.rotateAfsAddress('nobody.example'), 'business_not_found');
  });
});
