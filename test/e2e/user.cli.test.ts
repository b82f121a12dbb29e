import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { vouch } from '../support/cli.js';
import { createTestDatabase, ENGINES, testConfig, type TestDatabase } from '../support/engines.js';

const LINK = /http:\/\/localhost:3000\/password\/([A-Za-z0-9_-]{43})/;

interface ListedUser {
  email: string;
  operator: boolean;
  hasPassword: boolean;
  memberships: { domain: string; role: string }[];
}

describe.each(ENGINES)('vouch user on %s', (engine) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    env = { VOUCH_DATA_DIR: database.dataDir, VOUCH_DATABASE_URL: database.url };
    const created = vouch(['business', 'create', '--name', 'Team Shop', '--domain', 'team.example'], env);
    expect(created.status, created.stderr).toBe(0);
  });
  afterAll(() => database.drop());

  /** Runs `work` on a runtime of the same database, as the server would see it. */
  async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
    const runtime = await openRuntime(testConfig(database));
    try {
      return await work(runtime);
    } finally {
      await runtime.close();
    }
  }

  const logsIn = (email: string, password: string) =>
    withRuntime((runtime) =>
      runtime.accounts.login(email, password).then(
        () => true,
        () => false,
      ),
    );

  it('creates an operator without a password and prints a one-time setup link once', async () => {
    const created = vouch(['user', 'create', '--email', 'Operator@Example.com', '--operator'], env);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain('operator@example.com');
    const token = LINK.exec(created.stdout)?.[1] ?? '';
    expect(token).not.toBe('');
    // The link lets them choose a password, once.
    await withRuntime(async (runtime) => {
      expect(await runtime.accounts.peekLink(token)).toEqual({
        purpose: 'setup',
        email: 'operator@example.com',
      });
      await runtime.accounts.usePasswordLink(token, 'operator passphrase');
      expect(await runtime.accounts.peekLink(token)).toBeUndefined();
    });
    expect(await logsIn('operator@example.com', 'operator passphrase')).toBe(true);
  });

  it('reads the password from standard input with --password -, and never prints it', async () => {
    const password = 'a passphrase from stdin';
    const created = vouch(
      [
        'user',
        'create',
        '--email',
        'member@team.example',
        '--password',
        '-',
        '--business',
        'team.example',
        '--role',
        'member',
        '--json',
      ],
      env,
      `${password}\n`,
    );
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout + created.stderr).not.toContain(password);
    const user = JSON.parse(created.stdout) as ListedUser & { setupLink?: string };
    expect(user).toMatchObject({
      email: 'member@team.example',
      operator: false,
      hasPassword: true,
      memberships: [{ domain: 'team.example', role: 'member' }],
    });
    expect(user.setupLink).toBeUndefined();
    // The final line break is not part of the password.
    expect(await logsIn('member@team.example', password)).toBe(true);
    expect(await logsIn('member@team.example', `${password}\n`)).toBe(false);
  });

  it('refuses a taken email, a short password, a role without a business and an unknown business', () => {
    const cases: [string[], string, string?][] = [
      [['--email', 'member@team.example', '--password', 'long enough password'], 'user_email_taken'],
      [['--email', 'short@team.example', '--password', '-'], 'password_too_short', 'tiny\n'],
      [['--email', 'role@team.example', '--role', 'member'], 'user_role_invalid'],
      [['--email', 'lost@team.example', '--business', 'nowhere.example'], 'business_not_found'],
    ];
    for (const [args, code, input] of cases) {
      const result = vouch(['user', 'create', ...args], env, input);
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stderr).toContain(`error [${code}]`);
      expect(result.stdout).toBe('');
    }
    const listed = JSON.parse(vouch(['user', 'list', '--json'], env).stdout) as ListedUser[];
    expect(listed.map((user) => user.email).sort()).toEqual(['member@team.example', 'operator@example.com']);
  });

  it('lists the users with their memberships and whether a password is set, and no hashes', () => {
    const pending = vouch(
      ['user', 'create', '--email', 'pending@team.example', '--business', 'team.example'],
      env,
    );
    expect(pending.status, pending.stderr).toBe(0);

    const listed = vouch(['user', 'list', '--json'], env);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).not.toMatch(/scrypt|password_hash/);
    const users = JSON.parse(listed.stdout) as ListedUser[];
    const byEmail = Object.fromEntries(users.map((user) => [user.email, user]));
    expect(byEmail['operator@example.com']).toMatchObject({
      operator: true,
      hasPassword: true,
      memberships: [],
    });
    expect(byEmail['member@team.example']).toMatchObject({
      operator: false,
      hasPassword: true,
      memberships: [{ domain: 'team.example', role: 'member' }],
    });
    expect(byEmail['pending@team.example']).toMatchObject({
      hasPassword: false,
      memberships: [{ domain: 'team.example', role: 'owner' }],
    });

    const text = vouch(['user', 'list'], env);
    expect(text.stdout).toContain('pending@team.example  ·  owner of team.example  ·  no password yet');
    expect(text.stdout).toContain('operator@example.com  ·  operator  ·  password set');
  });

  it('resets a password: a link without --password, or the new one from stdin, ending the sessions', async () => {
    const linked = vouch(['user', 'reset-password', '--email', 'member@team.example'], env);
    expect(linked.status, linked.stderr).toBe(0);
    const token = LINK.exec(linked.stdout)?.[1] ?? '';
    expect(token).not.toBe('');
    // Until the link is used, the old password still works.
    expect(await logsIn('member@team.example', 'a passphrase from stdin')).toBe(true);
    await withRuntime(async (runtime) => {
      expect(await runtime.accounts.peekLink(token)).toEqual({
        purpose: 'reset',
        email: 'member@team.example',
      });
    });

    const session = await withRuntime((runtime) =>
      runtime.accounts.login('member@team.example', 'a passphrase from stdin'),
    );
    const set = vouch(
      ['user', 'reset-password', '--email', 'member@team.example', '--password', '-', '--json'],
      env,
      'the new passphrase',
    );
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout).not.toContain('the new passphrase');
    expect(JSON.parse(set.stdout)).toMatchObject({
      email: 'member@team.example',
      passwordSet: true,
      sessionsEnded: true,
    });
    expect(await withRuntime((runtime) => runtime.accounts.session(session.token))).toBeUndefined();
    // The link printed before is over too.
    expect(await withRuntime((runtime) => runtime.accounts.peekLink(token))).toBeUndefined();
    expect(await logsIn('member@team.example', 'a passphrase from stdin')).toBe(false);
    expect(await logsIn('member@team.example', 'the new passphrase')).toBe(true);

    const unknown = vouch(['user', 'reset-password', '--email', 'nobody@team.example'], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('error [user_not_found]');
  });
});
