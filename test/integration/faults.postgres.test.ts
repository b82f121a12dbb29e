import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { startPostgres, type PostgresServer } from '../support/postgres-server.js';

/** Longest any answer may take, the outage included: a request that waits longer is a hang. */
const ANSWER_WITHIN_MS = 8_000;
const CLIENTS = 6;

interface Answer {
  kind: 'afs' | 'page' | 'readyz';
  status: number;
  /** The stored message's id, for an accepted AFS post. */
  id?: string;
  code?: string;
  contentType: string;
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * PostgreSQL stopped under load and started again: Vouch answers 503 (readiness, API and pages) while it is
 * away, never a 500 or a hang, does not crash, and serves again without a restart; every message it
 * answered 2xx to is in the database afterwards. PostgreSQL only: SQLite has no server to lose.
 */
describe('PostgreSQL stopped and restarted under load', () => {
  let server: PostgresServer;
  let runtime: Runtime;
  let app: FastifyInstance;
  let base: string;
  let token: string;
  let domain: string;
  let dataDir: string;
  let worker: ReturnType<Runtime['createWorker']> | undefined;

  beforeAll(async () => {
    server = await startPostgres();
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('create database vouch_faults');
    await admin.end();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-pg-fault-'));
    runtime = await openRuntime(
      loadConfig({
        VOUCH_DATA_DIR: dataDir,
        VOUCH_DATABASE_URL: server.adminUrl.replace(/\/postgres$/, '/vouch_faults'),
        PORT: '0',
        VOUCH_FAILED_AUTH_LIMIT: '0',
      }),
    );
    app = await buildApp(runtime);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const business = await runtime.businesses.create({ name: 'Outage Shop', domain: 'outage.example' });
    await runtime.businesses.updateSettings(business.domain, { frequencyDays: null, invitationDelayDays: 0 });
    // A worker in the same process, sending to the file outbox, through the outage.
    worker = runtime.createWorker(
      { info: () => undefined, error: () => undefined },
      {
        pollMs: 100,
        // A batch claimed just before the outage and never recorded waits out its lease, so the lease is short.
        leaseMs: 2_000,
      },
    );
    worker.start();
    domain = business.domain;
    token = /\+([0-9a-f]{32})@/.exec(business.afsAddress)?.[1] ?? '';
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await runtime?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function request(kind: Answer['kind'], n: number): Promise<Answer> {
    const started = Date.now();
    const init: RequestInit =
      kind === 'afs'
        ? {
            method: 'POST',
            headers: { 'content-type': 'message/rfc822' },
            body: `From: orders@outage.example\r\nTo: Buyer ${n} <buyer${n}@customer.example>\r\nSubject: Order #${n}\r\n\r\nThanks\r\n`,
          }
        : {};
    const url =
      kind === 'afs'
        ? `${base}/afs/inbound/${token}`
        : kind === 'page'
          ? `${base}/review/${domain}`
          : `${base}/readyz`;
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    const contentType = response.headers.get('content-type') ?? '';
    const body = await response.text();
    const json = contentType.includes('json') ? (JSON.parse(body) as { id?: string; code?: string }) : {};
    return {
      kind,
      status: response.status,
      contentType,
      ms: Date.now() - started,
      ...(json.id ? { id: json.id } : {}),
      ...(json.code ? { code: json.code } : {}),
    };
  }

  it('answers 503 while it is away, recovers without a restart, and loses nothing it accepted', async () => {
    const answers: Answer[] = [];
    const failures: string[] = [];
    let running = true;
    let n = 0;
    const client = async (index: number) => {
      const kinds: Answer['kind'][] = ['afs', 'afs', 'page', 'readyz'];
      while (running) {
        const kind = kinds[(n + index) % kinds.length] ?? 'afs';
        try {
          answers.push(await request(kind, ++n));
        } catch (error) {
          // A time-out here is a hang: the bar is an answer, even a refusal.
          failures.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, index) => client(index));

    // Under way first: every kind of request answered while the database is up.
    for (const deadline = Date.now() + 10_000; answers.length < CLIENTS * 4 && Date.now() < deadline;) {
      await sleep(50);
    }
    const beforeOutage = answers.length;
    await server.halt();
    const haltedAt = answers.length;
    // Requests keep flowing while the database is away.
    await sleep(2_500);
    const during = answers.slice(haltedAt + CLIENTS);
    await server.restart();
    const restartedAt = answers.length;
    let readyAgain = false;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && !readyAgain;) {
      readyAgain = (await request('readyz', 0)).status === 200;
      if (!readyAgain) await sleep(100);
    }
    await sleep(1_000);
    running = false;
    await Promise.all(clients);
    const after = answers.slice(restartedAt + CLIENTS * 2);

    expect(failures).toEqual([]);
    expect(beforeOutage).toBeGreaterThan(CLIENTS);
    expect(answers.every((answer) => answer.status < 500 || answer.status === 503)).toBe(true);
    // While it was away: readiness, the API and the pages each answered 503, the API with its code.
    const unavailable = during.filter((answer) => answer.status === 503);
    expect(new Set(unavailable.map((answer) => answer.kind))).toEqual(new Set(['afs', 'page', 'readyz']));
    for (const answer of unavailable.filter((each) => each.kind === 'afs')) {
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.code).toBe('database_unavailable');
    }
    expect(unavailable.find((answer) => answer.kind === 'page')?.contentType).toContain('text/html');
    // And back, without a restart of Vouch.
    expect(readyAgain).toBe(true);
    expect(after.length).toBeGreaterThan(CLIENTS);
    expect(after.filter((answer) => answer.status >= 300)).toEqual([]);

    // Nothing it answered 2xx to is lost.
    const accepted = answers.filter((answer) => answer.kind === 'afs' && answer.status < 300);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.every((answer) => answer.id !== undefined)).toBe(true);
    const stored = await runtime.store.db
      .selectFrom('afs_messages')
      .select('id')
      .where(
        'id',
        'in',
        accepted.map((answer) => answer.id ?? ''),
      )
      .execute();
    expect(stored.length).toBe(accepted.length);
    // A message stored but not processed when the database went (answered 202) waits for the listener's
    // next start, which processes what is pending; that start's step is run here.
    const pending = accepted.filter((answer) => answer.status === 202).length;
    await runtime.afs.processPending();
    // And the worker lived through it: every invitation those messages made goes out, once.
    let waiting = -1;
    for (const deadline = Date.now() + 20_000; waiting !== 0 && Date.now() < deadline;) {
      const [row] = await runtime.store.db
        .selectFrom('invitations')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('status', 'in', ['scheduled', 'sending'])
        .execute();
      waiting = Number(row?.count ?? -1);
      if (waiting !== 0) await sleep(200);
    }
    const left = await runtime.store.db
      .selectFrom('invitations')
      .select(['status', 'due_at', 'lease_until', 'reason'])
      .where('status', 'in', ['scheduled', 'sending'])
      .execute();
    expect(left).toEqual([]);
    const sentRows = await runtime.store.db
      .selectFrom('invitations')
      .select('id')
      .where('status', '=', 'sent')
      .execute();
    const outcomes = await runtime.store.db
      .selectFrom('afs_messages')
      .leftJoin('invitations', 'invitations.id', 'afs_messages.invitation_id')
      .select(['afs_messages.status as message', 'afs_messages.decision', 'invitations.status as invitation'])
      .where(
        'afs_messages.id',
        'in',
        accepted.map((answer) => answer.id ?? ''),
      )
      .execute();
    expect(outcomes.filter((outcome) => outcome.invitation !== 'sent')).toEqual([]);
    expect(sentRows.length).toBeGreaterThanOrEqual(accepted.length);
    const files = fs.readdirSync(path.join(dataDir, 'outbox')).filter((name) => name.endsWith('.eml'));
    // Each invitation in the outbox once, except those of a batch in flight when the database went: sent,
    // not recorded, sent again after its lease (the file name carries the invitation's stable Message-ID).
    const distinct = new Set(files.map((name) => name.replace(/^\d+-/, '')));
    const sentIds = new Set(sentRows.map((row) => row.id));
    const notSent = [...distinct].filter(
      (name) => !sentIds.has(/^invitation-([0-9a-f-]{36})_/.exec(name)?.[1] ?? ''),
    );
    const explained = await Promise.all(
      notSent.map(async (name) => ({
        name,
        row: await runtime.store.db
          .selectFrom('invitations')
          .select(['status', 'reason', 'attempts'])
          .where('id', '=', /^invitation-([0-9a-f-]{36})_/.exec(name)?.[1] ?? '')
          .executeTakeFirst(),
        events: await runtime.store.db
          .selectFrom('invitation_events')
          .select(['type', 'detail'])
          .where('invitation_id', '=', /^invitation-([0-9a-f-]{36})_/.exec(name)?.[1] ?? '')
          .execute(),
      })),
    );
    expect(explained).toEqual([]);
    expect(distinct.size).toBe(sentRows.length);
    const duplicates = files.length - distinct.size;
    expect(duplicates).toBeLessThanOrEqual(50);
    console.log(
      `postgres outage: ${answers.length} answers, ${unavailable.length} 503 while away, ` +
        `${accepted.length} messages accepted and all stored (${pending} of them 202, processed later), ${sentRows.length} invitations sent (${duplicates} again, from the batch in flight), slowest answer ${Math.max(...answers.map((a) => a.ms))} ms`,
    );
  }, 60_000);
});
