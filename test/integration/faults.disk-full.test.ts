import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAfsListener } from '../../src/cli/afs.command.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/engines.js';

const MINUTE = 60_000;
/** Small enough to fill in a moment, large enough for the SQLite database and its log. */
const DISK_BYTES = 6 * 1024 * 1024;

/**
 * A data disk of its own: a tmpfs of DISK_BYTES mounted for this test. Mounting needs root (CI and this
 * machine run the suite as root); without it the test is skipped and says why.
 */
function mountSmallDisk(): { dir: string; unmount(): void } | string {
  if (process.getuid?.() !== 0) return 'mounting a small tmpfs needs root';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_BYTES}`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (mounted.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    return `mount -t tmpfs failed: ${mounted.stderr.trim()}`;
  }
  return {
    dir,
    unmount: () => {
      spawnSync('umount', [dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const disk = mountSmallDisk();
if (typeof disk === 'string') console.warn(`faults.disk-full skipped: ${disk}`);
else disk.unmount();

/** Writes a file until the disk refuses more; answers its path, to free the space again. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  }
  // Then the last few bytes, so not even a small write fits.
  try {
    for (;;) fs.writeSync(fd, chunk.subarray(0, 512));
  } catch {
    // full
  }
  fs.closeSync(fd);
  return filler;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe.skipIf(typeof disk === 'string').each(ENGINES)('the data disk full on %s', (engine) => {
  let mount: { dir: string; unmount(): void };
  let database: TestDatabase;
  let runtime: Runtime;
  let afsPort: number;
  let stopAfs: (() => Promise<void>) | undefined;
  const clock = new ManualClock('2026-06-01T09:00:00.000Z');

  beforeAll(async () => {
    const mounted = mountSmallDisk();
    if (typeof mounted === 'string') throw new Error(mounted);
    mount = mounted;
    database = await createTestDatabase(engine);
    afsPort = await freePort();
    // The data folder (outbox, and the SQLite database on that engine) lives on the small disk.
    const dataDir = path.join(mount.dir, 'data');
    runtime = await openRuntime(
      loadConfig({
        VOUCH_DATA_DIR: dataDir,
        VOUCH_DATABASE_URL: engine === 'sqlite' ? `sqlite:${path.join(dataDir, 'vouch.db')}` : database.url,
        VOUCH_AFS_PORT: String(afsPort),
        PORT: '0',
      }),
      { clock },
    );
    const io = { env: {}, out: () => undefined, err: () => undefined };
    stopAfs = await startAfsListener(runtime, io, { info: () => undefined, error: () => undefined });
  });
  afterAll(async () => {
    await stopAfs?.();
    await runtime?.close();
    await database?.drop();
    mount?.unmount();
  });

  const outbox = () => path.join(runtime.config.dataDir, 'outbox');
  const outboxFiles = () => (fs.existsSync(outbox()) ? fs.readdirSync(outbox()) : []);

  async function sendAfs(to: string, reference: string) {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: afsPort, ignoreTLS: true });
    try {
      const sent = await transport.sendMail({
        from: 'orders@full.example',
        to: `Buyer <buyer-${reference}@customer.example>`,
        bcc: to,
        subject: `Order #${reference}`,
        text: 'Thanks',
      });
      return { code: 250, response: sent.response };
    } catch (error) {
      const { responseCode, response } = error as { responseCode?: number; response?: string };
      return { code: responseCode ?? 0, response: response ?? String(error) };
    } finally {
      transport.close();
    }
  }

  it('keeps the invitation queued and the outbox whole, answers 452 to AFS mail, and catches up once there is room', async () => {
    const business = await runtime.businesses.create({ name: 'Full', domain: `full-${engine}.example` });
    await runtime.businesses.updateSettings(business.domain, { frequencyDays: null });
    const accepted = await runtime.invitations.accept(business.domain, {
      channel: 'api',
      kind: 'service',
      email: 'waiting@customer.example',
      name: 'Wendy Waiting',
      reference: 'FULL-1',
      delayDays: 0,
    });
    const id = accepted.invitation.id;

    const filler = fillDisk(mount.dir);
    const dispatcher = runtime.createDispatcher({ leaseMs: MINUTE });
    // The outbox cannot be written: the batch fails as a whole (SQLite cannot record it either) or the
    // message is deferred; either way nothing is in the outbox, not even the start of a message.
    const during = await dispatcher.runOnce().then(
      (report) => `deferred ${report.deferred}`,
      (error: unknown) => `failed: ${String(error)}`,
    );
    console.log(`disk full on ${engine}: the batch ${during}`);
    expect(during).toMatch(/deferred 1|failed: .*(SQLITE_FULL|full|ENOSPC)/i);
    expect(outboxFiles()).toEqual([]);

    // AFS mail is refused with 452 where the store is on this disk, so the sending server keeps it.
    const refused = await sendAfs(business.afsAddress, '4521');
    if (engine === 'sqlite') {
      expect(refused.code, refused.response).toBe(452);
      expect(refused.response).toMatch(/Insufficient system storage/);
      // And over HTTP: the same message posted to the API answers 503 storage_full, not a 500.
      const app = await buildApp(runtime);
      const posted = await app.inject({
        method: 'POST',
        url: `/afs/inbound/${/\+([0-9a-f]{32})@/.exec(business.afsAddress)?.[1] ?? ''}`,
        headers: { 'content-type': 'message/rfc822' },
        payload:
          'From: orders@full.example\r\nTo: b@customer.example\r\nSubject: Order #4523\r\n\r\nThanks\r\n',
      });
      await app.close();
      expect(posted.statusCode, posted.body).toBe(503);
      expect(posted.json()).toMatchObject({ code: 'storage_full', status: 503 });
      expect(posted.headers['retry-after']).toBe('5');
    } else {
      expect(refused.code, refused.response).toBe(250);
    }

    const invitation = await runtime.invitationQueries.get(business.domain, id);
    expect(['scheduled', 'sending']).toContain(invitation.status);

    // Room again: the invitation goes out once, whole, and the AFS mail is taken.
    fs.rmSync(filler);
    clock.advance(30 * MINUTE);
    let sent = 0;
    for (let round = 0; round < 5; round++) sent += (await dispatcher.runOnce()).sent;
    expect(sent).toBe(1);
    const files = outboxFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const parsed = await simpleParser(fs.readFileSync(path.join(outbox(), files[0] ?? '')));
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toContain('waiting@customer.example');
    expect(parsed.text ?? '').toContain('Wendy');
    expect((await runtime.invitationQueries.get(business.domain, id)).status).toBe('sent');
    expect((await sendAfs(business.afsAddress, '4522')).code).toBe(250);
  }, 30_000);
});
