import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vouch, vouchAsync } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/engines.js';

/** `vouch afs` as a real process: killed right after answering 250, then started again. */
describe('vouch afs', () => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let afsAddress = '';
  const port = 20_000 + (randomBytes(2).readUInt16BE(0) % 20_000);

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    env = { VOUCH_DATA_DIR: database.dataDir, VOUCH_AFS_PORT: String(port) };
    const created = vouch(
      ['business', 'create', '--name', 'Killed Shop', '--domain', 'killed.example', '--json'],
      env,
    );
    afsAddress = (JSON.parse(created.stdout) as { afsAddress: string }).afsAddress;
  });
  afterAll(() => database.drop());

  async function start(): Promise<ChildProcess> {
    const child = vouchAsync(['afs'], env);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const deadline = Date.now() + 20_000;
    while (!out.includes('AFS is accepting')) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`vouch afs did not start: ${out}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return child;
  }

  it('processes a message accepted with 250 by a process killed at once, when the next one starts', async () => {
    const first = await start();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    const sent = await transport.sendMail({
      from: 'orders@shop.example',
      to: 'Kim Killed <kim@example.com>',
      bcc: afsAddress,
      subject: 'Order #8080 confirmed',
      text: 'Thank you.',
    });
    expect(sent.response).toMatch(/^250/);
    first.kill('SIGKILL');
    await once(first, 'exit');
    transport.close();

    const second = await start();
    try {
      const deadline = Date.now() + 20_000;
      let messages: { status: string; decision: string | null }[] = [];
      while (Date.now() < deadline) {
        messages = JSON.parse(
          vouch(['afs', 'messages', '--business', 'killed.example', '--json'], env).stdout,
        ) as typeof messages;
        if (messages[0]?.status === 'processed') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ status: 'processed', decision: 'scheduled' });
      const invitations = JSON.parse(
        vouch(['invitations', 'list', '--business', 'killed.example', '--json'], env).stdout,
      ) as { reference: string; channel: string }[];
      expect(invitations).toEqual([expect.objectContaining({ reference: '8080', channel: 'afs' })]);
    } finally {
      second.kill('SIGTERM');
      await once(second, 'exit');
    }
  }, 60_000);

  it('starts although a stored message cannot be processed, and marks that message failed', async () => {
    const db = new SQLite(path.join(database.dataDir, 'vouch.db'));
    try {
      const business = db.prepare("select id from businesses where domain = 'killed.example'").get() as {
        id: string;
      };
      const id = randomUUID();
      db.prepare(
        `insert into afs_messages (id, business_id, received_at, via, envelope_from, size, raw, status)
         values (?, ?, ?, 'smtp', 'orders@shop.example', 10, ?, 'received')`,
      ).run(
        id,
        business.id,
        Date.now(),
        Buffer.from('From: orders@shop.example\r\nTo: p@example.com\r\nSubject: Order #9090\r\n\r\nx\r\n'),
      );
      // The database refuses this message's outcome, as PostgreSQL refused a Subject with NUL before.
      db.exec(
        `create trigger poison before update on afs_messages when new.id = '${id}' and new.status = 'processed'
         begin select raise(abort, 'poisoned message'); end`,
      );
      const started = await start();
      started.kill('SIGTERM');
      await once(started, 'exit');
      const row = db.prepare('select status, code, reason from afs_messages where id = ?').get(id) as {
        status: string;
        code: string;
        reason: string;
      };
      expect(row).toMatchObject({ status: 'failed', code: 'afs_processing_failed' });
      expect(row.reason).toContain('poisoned message');
    } finally {
      db.exec('drop trigger if exists poison');
      db.close();
    }
  }, 60_000);
});
