import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/engines.js';
import { vouch } from '../support/cli.js';

describe.each(ENGINES)('the vouch command on %s', (engine) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    env = { VOUCH_DATA_DIR: database.dataDir, VOUCH_DATABASE_URL: database.url };
  });
  afterAll(() => database.drop());

  it('prints the CONTRACT object for business create --json', () => {
    const result = vouch(['business', 'create', '--name', 'Acme', '--domain', 'acme.example', '--json'], env);
    expect(result.status, result.stderr).toBe(0);
    const created = JSON.parse(result.stdout) as Record<string, unknown>;
    for (const key of [
      'id',
      'name',
      'domain',
      'plan',
      'uniqueLinkSecret',
      'bglEncryptKey',
      'bglAuthKey',
      'afsAddress',
      'apiKey',
    ]) {
      expect(created, key).toHaveProperty(key);
      expect(typeof created[key], key).toBe('string');
    }
    expect(created).toMatchObject({ name: 'Acme', domain: 'acme.example', plan: 'unlimited' });
  });

  it('fails with a clear message and a non-zero exit for a second business on the same domain', () => {
    const result = vouch(['business', 'create', '--name', 'Again', '--domain', 'ACME.example'], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('business_domain_taken');
    expect(result.stderr).toContain('acme.example already exists');
    expect(result.stdout).toBe('');
  });

  it('lists, shows with secrets, rotates keys and manages API keys', () => {
    const list = vouch(['business', 'list', '--json'], env);
    expect(JSON.parse(list.stdout)).toHaveLength(1);
    const before = JSON.parse(
      vouch(['business', 'show', 'acme.example', '--secrets', '--json'], env).stdout,
    ) as {
      uniqueLinkSecret: string;
    };
    const rotated = vouch(
      ['business', 'rotate-keys', 'acme.example', '--only', 'unique-link', '--grace-days', '7', '--json'],
      env,
    );
    expect(rotated.status, rotated.stderr).toBe(0);
    const after = JSON.parse(
      vouch(['business', 'show', 'acme.example', '--secrets', '--json'], env).stdout,
    ) as {
      uniqueLinkSecrets: string[];
    };
    expect(after.uniqueLinkSecrets).toEqual([
      (JSON.parse(rotated.stdout) as { uniqueLinkSecret: string }).uniqueLinkSecret,
      before.uniqueLinkSecret,
    ]);

    const key = JSON.parse(
      vouch(['api-key', 'create', '--business', 'acme.example', '--json'], env).stdout,
    ) as { prefix: string };
    expect(vouch(['api-key', 'revoke', '--business', 'acme.example', key.prefix], env).status).toBe(0);
    const again = vouch(['api-key', 'revoke', '--business', 'acme.example', key.prefix], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('api_key_not_found');
  });

  it('rotates the AFS address to a 128-bit one, and shows typed escapes escaped', () => {
    const before = JSON.parse(vouch(['business', 'show', 'acme.example', '--json'], env).stdout) as {
      afsAddress: string;
    };
    const rotated = vouch(['business', 'rotate-afs-address', '--business', 'acme.example', '--json'], env);
    expect(rotated.status, rotated.stderr).toBe(0);
    const view = JSON.parse(rotated.stdout) as { afsAddress: string; previousAfsAddress: string };
    expect(view).toMatchObject({ previousAfsAddress: before.afsAddress });
    expect(view.afsAddress).toMatch(/^acme\.example\+[0-9a-f]{32}@/);

    const unknown = vouch(['business', 'show', 'no\u001b]0;owned\u0007such'], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no\\x1b]0;owned\\x07such');
    expect(unknown.stderr).not.toContain('\u001b');
  });

  it('runs migrate and says when there is nothing to do', () => {
    const result = vouch(['migrate'], env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('up to date');
  });
});

describe('configuration errors at start', () => {
  it('stops with a message naming each wrong variable', () => {
    const result = vouch(['serve'], { VOUCH_DATABASE_URL: 'mysql://x', PORT: 'abc' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT must be a whole number');
    expect(result.stderr).toContain('VOUCH_DATABASE_URL: the "mysql" engine is not supported');
  });

  it('answers --help for every command', () => {
    const help = vouch(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['serve', 'migrate', 'business', 'api-key']) expect(help.stdout).toContain(command);
    expect(vouch(['business', 'create', '--help']).stdout).toContain('--unique-link-secret');
  });
});
