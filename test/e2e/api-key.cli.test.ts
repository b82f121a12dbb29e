import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime } from '../../src/runtime.js';
import { createTestDatabase, ENGINES, testConfig, type TestDatabase } from '../support/engines.js';
import { vouch } from '../support/cli.js';

describe.each(ENGINES)('vouch api-key and its secret on %s', (engine) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    env = { VOUCH_DATA_DIR: database.dataDir, VOUCH_DATABASE_URL: database.url };
    const created = vouch(['business', 'create', '--name', 'Keys', '--domain', 'keys.example'], env);
    expect(created.status, created.stderr).toBe(0);
  });
  afterAll(() => database.drop());

  /** What the token endpoint would answer for this key and secret, through the same service. */
  async function tokenWith(key: string, secret: string): Promise<string> {
    const runtime = await openRuntime(testConfig(database));
    try {
      const grant = await runtime.oauth.issueToken({
        clientId: key,
        clientSecret: secret,
        grantType: 'client_credentials',
      });
      return grant.expires_in;
    } catch (error) {
      return (error as { code?: string }).code ?? 'unknown';
    } finally {
      await runtime.close();
    }
  }

  it('prints the key and its secret once with create --json, and rotate-secret replaces the secret', async () => {
    const created = vouch(['api-key', 'create', '--business', 'keys.example', '--json'], env);
    expect(created.status, created.stderr).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; key: string; secret: string; prefix: string };
    expect(key.key).toMatch(/^vk_/);
    expect(key.secret).toMatch(/^vs_[A-Za-z0-9_-]{43}$/);
    expect(await tokenWith(key.key, key.secret)).toBe('360000');

    const rotated = vouch(
      ['api-key', 'rotate-secret', '--business', 'keys.example', key.prefix, '--json'],
      env,
    );
    expect(rotated.status, rotated.stderr).toBe(0);
    const fresh = JSON.parse(rotated.stdout) as { id: string; secret: string };
    expect(fresh.id).toBe(key.id);
    expect(fresh.secret).not.toBe(key.secret);
    expect(await tokenWith(key.key, fresh.secret)).toBe('360000');
    expect(await tokenWith(key.key, key.secret)).toBe('oauth_invalid_client');

    // The listing never shows a key or a secret.
    const listed = vouch(['api-key', 'list', '--business', 'keys.example', '--json'], env);
    expect(listed.stdout).not.toContain(key.key);
    expect(listed.stdout).not.toContain(fresh.secret);
  });

  it('refuses rotate-secret for a key the business does not have, naming how to list them', () => {
    const result = vouch(['api-key', 'rotate-secret', '--business', 'keys.example', 'vk_nothere'], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('api_key_not_found');
    expect(result.stderr).toContain('vouch api-key list --business keys.example');
  });
});
