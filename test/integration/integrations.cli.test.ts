import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/output.js';
import { hmacSha256Base64 } from '../../src/domain/shops/signatures.js';
import { openRuntime } from '../../src/runtime.js';
import { createTestDatabase, ENGINES, testConfig, type TestDatabase } from '../support/engines.js';

describe.each(ENGINES)('vouch integration on %s', (engine) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const domain = 'cli-shop.example';

  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: CliIo = { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`), env };
    const code = await runCli(args, io);
    return { code, out, err };
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    env = {
      VOUCH_DATA_DIR: database.dataDir,
      VOUCH_DATABASE_URL: database.url,
      VOUCH_PUBLIC_URL: 'https://reviews.example.com',
    };
    const runtime = await openRuntime(testConfig(database));
    await runtime.businesses.create({ name: 'CLI Shop', domain });
    await runtime.close();
  });
  afterAll(() => database.drop());

  it('add --json prints id, provider, url and secret; without --json, the steps in the shop admin', async () => {
    const added = await run(['integration', 'add', '--business', domain, '--provider', 'shopify', '--json']);
    expect(added.code).toBe(0);
    const created = JSON.parse(added.out) as Record<string, string>;
    expect(Object.keys(created).sort()).toEqual(['id', 'provider', 'secret', 'url']);
    expect(created.provider).toBe('shopify');
    expect(created.url).toMatch(
      /^https:\/\/reviews\.example\.com\/integrations\/shopify\/[A-Za-z0-9_-]{32}$/,
    );

    const shopify = await run(['integration', 'add', '--business', domain, '--provider', 'shopify']);
    expect(shopify.code).toBe(0);
    expect(shopify.out).toContain('Settings → Notifications → Webhooks');
    expect(shopify.out).toContain('Create webhook');
    expect(shopify.out).toContain('Format: JSON');
    expect(shopify.out).toContain('Webhook API version');
    expect(shopify.out).toContain('integration rotate-secret');

    const woo = await run([
      'integration',
      'add',
      '--business',
      domain,
      '--provider',
      'woocommerce',
      '--json',
    ]);
    const wooCreated = JSON.parse(woo.out) as Record<string, string>;
    const wooText = await run(['integration', 'add', '--business', domain, '--provider', 'woocommerce']);
    expect(wooText.out).toContain('WooCommerce → Settings → Advanced → Webhooks');
    expect(wooText.out).toContain('Add webhook');
    expect(wooText.out).toContain('API Version: WP REST API Integration v3');
    expect(wooText.out).toMatch(/Secret: \S{20,}/);

    const listed = JSON.parse((await run(['integration', 'list', '--business', domain, '--json'])).out) as {
      id: string;
      url: string;
    }[];
    expect(listed.map((row) => row.id)).toContain(wooCreated.id);
    // The whole token is shown once, on add; the list shows its first characters.
    expect(JSON.stringify(listed)).not.toContain(new URL(wooCreated.url!).pathname.split('/').pop());
    expect(JSON.stringify(listed)).not.toContain(wooCreated.secret);
  });

  it('set, rotate-secret, show with the delivery log, and remove', async () => {
    const created = JSON.parse(
      (
        await run([
          'integration',
          'add',
          '--business',
          domain,
          '--provider',
          'shopify',
          '--secret',
          'shpss_0123456789abcdef',
          '--invite-on',
          'orders/paid',
          '--kinds',
          'both',
          '--delay',
          '3',
          '--json',
        ])
      ).out,
    ) as { id: string; url: string; secret: string };
    expect(created.secret).toBe('shpss_0123456789abcdef');

    const refused = await run([
      'integration',
      'set',
      created.id,
      '--business',
      domain,
      '--invite-on',
      'orders/shipped',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('integration_settings_invalid');
    expect(refused.err).toContain('orders/fulfilled');
    const set = await run([
      'integration',
      'set',
      created.id,
      '--business',
      domain,
      '--delay',
      'business',
      '--json',
    ]);
    expect(JSON.parse(set.out)).toMatchObject({
      settings: { inviteOn: ['orders/paid'], kinds: 'both', delayDays: null },
    });

    const rotated = JSON.parse(
      (
        await run([
          'integration',
          'rotate-secret',
          created.id,
          '--business',
          domain,
          '--secret',
          'new-shopify-key-123',
          '--json',
        ])
      ).out,
    ) as { secret: string; url: string };
    expect(rotated.secret).toBe('new-shopify-key-123');

    // A delivery signed with the new key is logged and shown.
    const runtime = await openRuntime(
      testConfig(database, { VOUCH_PUBLIC_URL: 'https://reviews.example.com' }),
    );
    try {
      const body = Buffer.from('{"id": 1, "name": "#77", "email": "x@example.org", "line_items": []}');
      const token = new URL(created.url).pathname.split('/').pop() ?? '';
      const answer = await runtime.integrations.receive({
        provider: 'shopify',
        token,
        body,
        headers: {
          'x-shopify-topic': 'orders/paid',
          'x-shopify-hmac-sha256': hmacSha256Base64('new-shopify-key-123', body),
        },
      });
      expect(answer.status).toBe(200);
    } finally {
      await runtime.close();
    }
    const shown = await run(['integration', 'show', created.id, '--business', domain, '--json']);
    expect(JSON.parse(shown.out)).toMatchObject({
      id: created.id,
      deliveries: [{ topic: 'orders/paid', signature: 'valid', decision: 'invited', reference: '77' }],
    });
    const text = await run(['integration', 'show', created.id, '--business', domain]);
    expect(text.out).toContain('orders/paid');
    expect(text.out).not.toContain('new-shopify-key-123');

    expect((await run(['integration', 'remove', created.id, '--business', domain])).code).toBe(0);
    const gone = await run(['integration', 'show', created.id, '--business', domain]);
    expect(gone.code).toBe(1);
    expect(gone.err).toContain('integration_not_found');
    const other = await run(['integration', 'show', created.id, '--business', 'no-such.example']);
    expect(other.code).toBe(1);
  });
});
