import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vouch } from '../support/cli.js';
import { openRuntime } from '../../src/runtime.js';
import { createTestDatabase, ENGINES, testConfig, type TestDatabase } from '../support/engines.js';

describe.each(ENGINES)('vouch invitations on %s', (engine) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const domain = `cli-${engine}.example`;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    env = { VOUCH_DATA_DIR: database.dataDir, VOUCH_DATABASE_URL: database.url };
    expect(
      vouch(['business', 'create', '--name', 'CLI Shop', '--domain', domain, '--json'], env).status,
    ).toBe(0);
  });
  afterAll(() => database.drop());

  const run = (args: string[]) => vouch(args, env);

  it('creates an invitation through the funnel and prints the CONTRACT shape', () => {
    const created = run([
      'invitations',
      'create',
      '--business',
      domain,
      '--email',
      'jane@example.com',
      '--name',
      'Jane',
      '--reference',
      'A-100',
      '--delay',
      '3',
      '--json',
    ]);
    expect(created.status, created.stderr).toBe(0);
    const body = JSON.parse(created.stdout) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['id', 'reason', 'sendAt', 'status']);
    expect(body.status).toBe('scheduled');
    expect(Date.parse(String(body.sendAt)) - Date.now()).toBeGreaterThan(3 * 86_400_000 - 120_000);

    const again = run([
      'invitations',
      'create',
      '--business',
      domain,
      '--email',
      'jane@example.com',
      '--name',
      'Jane',
      '--reference',
      'A-100',
      '--json',
    ]);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ id: body.id, status: 'duplicate' });

    const frequent = run([
      'invitations',
      'create',
      '--business',
      domain,
      '--email',
      'jane@example.com',
      '--reference',
      'A-101',
      '--json',
    ]);
    expect(frequent.status).toBe(0);
    expect(JSON.parse(frequent.stdout)).toMatchObject({ status: 'too_frequent', sendAt: null });
  });

  it('exits 1 naming the field for an invalid request', () => {
    const badEmail = run([
      'invitations',
      'create',
      '--business',
      domain,
      '--email',
      'jane.example.com',
      '--reference',
      'B-1',
    ]);
    expect(badEmail.status).toBe(1);
    expect(badEmail.stderr).toContain('error [invitation_email_invalid]');
    expect(badEmail.stderr).toContain('jane.example.com');
    const badReference = run([
      'invitations',
      'create',
      '--business',
      domain,
      '--email',
      'x@example.com',
      '--reference',
      'B&2',
    ]);
    expect(badReference.status).toBe(1);
    expect(badReference.stderr).toContain('error [invitation_reference_invalid]');
    expect(badReference.stderr).toContain("'&'");
  });

  it('lists invitations newest first in the CONTRACT shape, and cancels by reference', () => {
    expect(
      run([
        'invitations',
        'create',
        '--business',
        domain,
        '--email',
        'k@example.com',
        '--name',
        'Kai',
        '--reference',
        'C-1',
        '--json',
      ]).status,
    ).toBe(0);
    const listed = run(['invitations', 'list', '--business', domain, '--json']);
    expect(listed.status).toBe(0);
    const list = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(Object.keys(list[0] ?? {}).sort()).toEqual([
      'channel',
      'email',
      'id',
      'kind',
      'name',
      'reason',
      'reference',
      'sendAt',
      'status',
    ]);
    expect(list[0]).toMatchObject({
      channel: 'manual',
      kind: 'service',
      email: 'k@example.com',
      name: 'Kai',
      reference: 'C-1',
      status: 'scheduled',
    });
    expect(String(list[0]?.reason)).toContain('Scheduled');
    expect(Number.isNaN(Date.parse(String(list[0]?.sendAt)))).toBe(false);
    const cancelled = run(['invitations', 'cancel', '--business', domain, '--reference', 'C-1', '--json']);
    expect(JSON.parse(cancelled.stdout)).toEqual({ cancelled: [list[0]?.id] });
    const shown = run(['invitations', 'show', String(list[0]?.id), '--business', domain]);
    expect(shown.stdout).toMatch(/cancelled/);
  });

  it('sends what is due with `vouch worker --once`, into the outbox when no SMTP server is set', () => {
    expect(
      run([
        'invitations',
        'create',
        '--business',
        domain,
        '--email',
        'now@example.com',
        '--name',
        'Noor',
        '--reference',
        'N-1',
        '--delay',
        '0',
      ]).status,
    ).toBe(0);
    const worker = run(['worker', '--once']);
    expect(worker.status, worker.stderr).toBe(0);
    expect(worker.stdout).toContain('Processed 1 due invitation');
    const outbox = path.join(database.dataDir, 'outbox');
    const files = fs.readdirSync(outbox).filter((file) => file.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const message = fs.readFileSync(path.join(outbox, files[0]!), 'utf8');
    expect(message).toMatch(/^To: Noor <now@example.com>$/m);
    expect(message).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(message).toContain('Content-Type: text/html');
    expect(message).toContain('Content-Type: text/plain');
    const listed = JSON.parse(
      run(['invitations', 'list', '--business', domain, '--status', 'sent', '--json']).stdout,
    ) as unknown[];
    expect(listed).toHaveLength(1);
  });

  it('refuses a template with an unknown placeholder when it is saved', () => {
    const refused = run([
      'template',
      'set',
      '--business',
      domain,
      '--name',
      'Mine',
      '--subject',
      'Hi [name]',
      '--body',
      'Go: [Link]',
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('error [template_placeholder_unknown]');
    expect(refused.stderr).toContain('[name] (did you mean [Name]?)');
    const saved = run([
      'template',
      'set',
      '--business',
      domain,
      '--name',
      'Mine',
      '--subject',
      'Hi [Name]',
      '--body',
      'Go: [Link]',
      '--default',
      '--json',
    ]);
    expect(saved.status, saved.stderr).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({ isDefault: true, kind: 'invitation' });
  });

  it('changes settings and plans from the CLI', () => {
    const plan = run(['plan', 'set', 'small', '--monthly-cap', '1', '--json']);
    expect(JSON.parse(plan.stdout)).toEqual({ name: 'small', monthlyCap: 1 });
    const settings = run([
      'business',
      'settings',
      domain,
      '--every-purchase',
      '--reminder-days',
      '5',
      '--plan',
      'small',
      '--json',
    ]);
    expect(settings.status, settings.stderr).toBe(0);
    expect(JSON.parse(settings.stdout)).toMatchObject({
      plan: 'small',
      settings: { frequencyDays: null, reminderDays: 5 },
    });
  });

  it('lists a global unsubscribe made through another business, marked global', async () => {
    // Another business's customer, also this one's, unsubscribes from every business through its email.
    const runtime = await openRuntime(testConfig(database));
    try {
      const other = await runtime.businesses.create({ name: 'Other', domain: `other-${engine}.example` });
      await runtime.invitations.accept(domain, {
        channel: 'api',
        kind: 'service',
        email: 'both@example.com',
        reference: 'GL-1',
      });
      const theirs = await runtime.invitations.accept(other.domain, {
        channel: 'api',
        kind: 'service',
        email: 'both@example.com',
        reference: 'GL-2',
      });
      const row = await runtime.store.db
        .selectFrom('invitations')
        .selectAll()
        .where('id', '=', theirs.invitation.id)
        .executeTakeFirstOrThrow();
      await runtime.invitationTracking.unsubscribe(row, 'all', 'one-click');
    } finally {
      await runtime.close();
    }
    const listed = run(['suppression', 'list', '--business', domain, '--json']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        email: 'both@example.com',
        scope: 'all',
        global: true,
        reason: 'unsubscribed',
      }),
    ]);
    const text = run(['suppression', 'list', '--business', domain]);
    expect(text.stdout).toContain(
      'both@example.com  unsubscribed  (global: every business on this server, since',
    );
    const lift = run(['suppression', 'remove', '--business', domain, '--email', 'Both@example.com']);
    expect(lift.status, lift.stderr).toBe(0);
    expect(lift.stdout).toContain('is suppressed for every business on this server');
  });
});
