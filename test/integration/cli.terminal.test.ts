import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { cell, terminalText, type CliIo } from '../../src/cli/output.js';
import { openRuntime } from '../../src/runtime.js';
import { createTestDatabase, ENGINES, testConfig, type TestDatabase } from '../support/engines.js';

/** What a hostile email can put in a Subject: colours, a window-title OSC, a one-byte CSI, a bidi override. */
/** Anything a terminal would act on, but newline and tab. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;

const HOSTILE = 'Order \u001b[31m#1\u001b[0m \u001b]0;owned\u0007 \u009b2J \u202eexe.gpj\r\nline two\t!';

describe('terminal text', () => {
  it('shows control characters escaped, keeping line breaks and tabs; a cell escapes those too', () => {
    expect(terminalText(HOSTILE)).toBe(
      'Order \\x1b[31m#1\\x1b[0m \\x1b]0;owned\\x07 \\x9b2J \\u202eexe.gpj\\r\nline two\t!',
    );
    expect(cell(HOSTILE)).toBe(
      'Order \\x1b[31m#1\\x1b[0m \\x1b]0;owned\\x07 \\x9b2J \\u202eexe.gpj\\r\\nline two\\t!',
    );
    expect(terminalText('Zoë 😀 \ud800')).toBe('Zoë 😀 \\ud800');
  });
});

describe.each(ENGINES)('CLI output with hostile text on %s', (engine) => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let domain = '';

  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: CliIo = { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`), env };
    const code = await runCli(args, io);
    return { code, out, err };
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    env = { VOUCH_DATA_DIR: database.dataDir, VOUCH_DATABASE_URL: database.url };
    // A message and an alert stored before subjects were cleaned on arrival: raw escapes in the database.
    const runtime = await openRuntime(testConfig(database));
    try {
      const business = await runtime.businesses.create({ name: 'Term Shop', domain: 'term.example' });
      domain = business.domain;
      const [id] = await runtime.afs.store(
        [await runtime.businesses.row(domain)],
        Buffer.from('Subject: x\r\n\r\nx'),
        { via: 'smtp', envelopeFrom: 'orders@term.example' },
      );
      await runtime.store.db
        .updateTable('afs_messages')
        .set({
          status: 'kept',
          subject: HOSTILE,
          reason: `Reason \u001b[1mbold`,
          sender: 'a\u001b@x.example',
        })
        .where('id', '=', id ?? '')
        .execute();
      await runtime.store.db
        .insertInto('business_alerts')
        .values({
          business_id: business.id,
          type: 'afs_new_sender',
          message: `first message: "${HOSTILE}"`,
          created_at: Date.now(),
          read_at: null,
        })
        .execute();
    } finally {
      await runtime.close();
    }
  });
  afterAll(() => database.drop());

  it('afs messages and afs alerts print the subject with its escapes shown, on one line', async () => {
    const messages = await run(['afs', 'messages', '--business', domain]);
    expect(messages.code, messages.err).toBe(0);
    expect(messages.out).not.toMatch(RAW_CONTROL);
    expect(messages.out).toContain(
      '"Order \\x1b[31m#1\\x1b[0m \\x1b]0;owned\\x07 \\x9b2J \\u202eexe.gpj\\r\\nline two\\t!"',
    );
    expect(messages.out).toContain('a\\x1b@x.example');
    expect(messages.out).toContain('Reason \\x1b[1mbold');
    expect(messages.out.trimEnd().split('\n')).toHaveLength(2);

    const alerts = await run(['afs', 'alerts', '--business', domain]);
    expect(alerts.code, alerts.err).toBe(0);
    expect(alerts.out).not.toMatch(RAW_CONTROL);
    expect(alerts.out).toContain('\\x1b]0;owned\\x07');
  });

  it('prints JSON exactly: the subject parses back to the stored text', async () => {
    const json = await run(['afs', 'messages', '--business', domain, '--json']);
    expect(json.code, json.err).toBe(0);
    expect((JSON.parse(json.out) as { subject: string }[])[0]?.subject).toBe(HOSTILE);
    const alerts = await run(['afs', 'alerts', '--business', domain, '--json']);
    expect((JSON.parse(alerts.out) as { message: string }[])[0]?.message).toContain(HOSTILE);
  });

  it('escapes an error that quotes what was typed', async () => {
    const shown = await run(['business', 'show', 'no\u001b[2Jsuch']);
    expect(shown.code).toBe(1);
    expect(shown.err).toContain('no\\x1b[2Jsuch');
    expect(shown.err).not.toContain('\u001b');
  });

  it('sets AFS sender domains and rotates the AFS address', async () => {
    const set = await run([
      'business',
      'settings',
      domain,
      '--afs-sender-domains',
      'mail.example,news.example',
    ]);
    expect(set.code, set.err).toBe(0);
    expect(set.out).toContain('AFS senders:     term.example and its subdomains, mail.example, news.example');

    const before = await run(['business', 'show', domain, '--json']);
    const oldAddress = (JSON.parse(before.out) as { afsAddress: string }).afsAddress;
    const rotated = await run(['business', 'rotate-afs-address', '--business', domain, '--json']);
    expect(rotated.code, rotated.err).toBe(0);
    const view = JSON.parse(rotated.out) as { afsAddress: string; previousAfsAddress: string };
    expect(view.previousAfsAddress).toBe(oldAddress);
    expect(view.afsAddress).toMatch(/^term\.example\+[0-9a-f]{32}@afs\.localhost$/);
    expect(view.afsAddress).not.toBe(oldAddress);

    const text = await run(['business', 'rotate-afs-address', domain]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(`The previous address ${view.afsAddress} no longer accepts mail.`);

    const missing = await run(['business', 'rotate-afs-address']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('--business DOMAIN');
  });
});
