import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAfsListener } from '../../src/cli/afs.command.js';
import { buildApp } from '../../src/http/app.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase, ENGINES, testConfig, type TestDatabase } from '../support/engines.js';

const REQUEST_TIMEOUT_MS = 1_500;
const IDLE_TIMEOUT_MS = 1_000;
const SMTP_TIMEOUT_MS = 1_000;
/** Long enough for the time-out, Node's checking interval and a busy machine; far below a hang. */
const CLOSED_WITHIN_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface SlowClient {
  /** Resolves, when the server closes the connection, with how long it was open and what came back. */
  closed: Promise<{ ms: number; received: string }>;
  stop(): void;
}

/**
 * Connects and then writes `parts` one at a time, `everyMs` apart: a client that trickles or stalls. With
 * `afterGreeting`, it starts once the server has spoken (SMTP refuses a client that talks first).
 */
function slowClient(port: number, parts: string[], everyMs: number, afterGreeting = false): SlowClient {
  const started = Date.now();
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  let timer: NodeJS.Timeout | undefined;
  let index = 0;
  const trickle = () => {
    timer ??= setInterval(() => {
      const part = parts[index++];
      if (part !== undefined && !socket.destroyed) socket.write(part);
    }, everyMs);
  };
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
    if (afterGreeting) trickle();
  });
  socket.on('error', () => undefined);
  if (!afterGreeting) trickle();
  const closed = new Promise<{ ms: number; received: string }>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ ms: Date.now() - started, received });
    }),
  );
  return {
    closed,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
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

/** Waits for the slow client to be cut off, failing (and cleaning up) if it is not within the bound. */
async function cutOff(client: SlowClient): Promise<{ ms: number; received: string }> {
  const result = await Promise.race([client.closed, sleep(CLOSED_WITHIN_MS).then(() => undefined)]);
  client.stop();
  if (!result) throw new Error(`the server kept a slow client for more than ${CLOSED_WITHIN_MS} ms`);
  return result;
}

describe.each(ENGINES)('slow clients on %s', (engine) => {
  let database: TestDatabase;
  let runtime: Runtime;
  let app: FastifyInstance;
  let httpPort: number;
  let stopAfs: (() => Promise<void>) | undefined;
  let afsAddress: string;

  let afsPort: number;

  beforeAll(async () => {
    afsPort = await freePort();
    database = await createTestDatabase(engine);
    runtime = await openRuntime(
      testConfig(database, {
        VOUCH_HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        VOUCH_HTTP_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
        VOUCH_AFS_SOCKET_TIMEOUT_MS: String(SMTP_TIMEOUT_MS),
        VOUCH_AFS_PORT: String(afsPort),
      }),
    );
    app = await buildApp(runtime);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    httpPort = typeof address === 'object' && address ? address.port : 0;
    afsAddress = (await runtime.businesses.create({ name: 'Slow', domain: `slow-${engine}.example` }))
      .afsAddress;
  });
  afterAll(async () => {
    await stopAfs?.();
    await app?.close();
    await runtime?.close();
    await database?.drop();
  });

  /** Ordinary requests made while the slow clients hang on: each must be answered promptly. */
  async function othersServed(count: number): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = Date.now();
      const response = await fetch(`http://127.0.0.1:${httpPort}/healthz`, {
        signal: AbortSignal.timeout(2_000),
      });
      expect(response.status).toBe(200);
      times.push(Date.now() - started);
      await sleep(50);
    }
    return times;
  }

  it('closes an HTTP client that trickles its headers, one that trickles its body and one that says nothing', async () => {
    const headerBytes = 'X-Slow: ' + 'a'.repeat(100);
    const headers = slowClient(
      httpPort,
      ['GET /healthz HTTP/1.1\r\nHost: localhost\r\n', ...headerBytes.split('')],
      200,
    );
    const body = slowClient(
      httpPort,
      [
        'POST /tools/link-tester HTTP/1.1\r\nHost: localhost\r\n' +
          'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n',
        ...Array.from({ length: 100 }, () => 'url=aaaaa&'),
      ],
      200,
    );
    const silent = slowClient(httpPort, [], 60_000);
    const [served, headersCut, bodyCut, silentCut] = await Promise.all([
      othersServed(20),
      cutOff(headers),
      cutOff(body),
      cutOff(silent),
    ]);
    // Each trickle kept sending (never idle), so only the deadline for the whole request can end it.
    expect(headersCut.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(bodyCut.ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(silentCut.ms).toBeGreaterThanOrEqual(IDLE_TIMEOUT_MS - 100);
    expect(headersCut.received).not.toMatch(/^HTTP\/1\.1 200/);
    expect(bodyCut.received).not.toMatch(/^HTTP\/1\.1 200/);
    expect(Math.max(...served)).toBeLessThan(1_000);
  }, 20_000);

  it('closes an AFS SMTP client that connects and stalls, and takes mail from another meanwhile', async () => {
    // Started as `vouch serve` starts it, so the time-out comes from the configuration.
    const io = { env: {}, out: () => undefined, err: () => undefined };
    stopAfs = await startAfsListener(runtime, io, { info: () => undefined, error: () => undefined });
    const port = afsPort;

    const stalled = slowClient(port, ['EHLO slow.example\r\n'], 100, true);
    const silent = slowClient(port, [], 60_000);
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
    const sent = await transport.sendMail({
      from: 'orders@shop.example',
      to: 'Buyer <buyer@customer.example>',
      bcc: afsAddress,
      subject: 'Order #77',
      text: 'Thanks',
    });
    transport.close();
    expect(sent.response).toMatch(/^250/);
    const cut = await cutOff(stalled);
    expect(cut.ms, cut.received).toBeGreaterThanOrEqual(SMTP_TIMEOUT_MS - 100);
    expect(cut.received).toMatch(/^220 /);
    expect(cut.received).toMatch(/250[ -]/);
    expect(cut.received).toMatch(/421 .*[Tt]ime/);
    const silentCut = await cutOff(silent);
    expect(silentCut.ms, silentCut.received).toBeGreaterThanOrEqual(SMTP_TIMEOUT_MS - 100);
    expect(silentCut.received).toMatch(/421 .*[Tt]ime/);
  }, 20_000);
});
