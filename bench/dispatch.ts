/**
 * Invitations sent per second end to end (claim, render, send, record) into a local SMTP sink, beside a
 * raw nodemailer pool sending ready-made messages to the same sink, in the same run.
 * Run: npx tsx bench/dispatch.ts [invitations=3000] [rounds=3]   (target: Vouch / raw ≥ 0.6)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/config.js';
import { SmtpPoolTransport } from '../src/mail/transport.js';
import { openRuntime } from '../src/runtime.js';
import { emitResult } from './support/result.js';

const COUNT = Number(process.argv[2] ?? 3000);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONNECTIONS = 5;

/** A sink that accepts every message and keeps nothing: the cheapest possible receiver. */
async function startSink(): Promise<{ url: string; received: () => number; stop: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function rawPool(url: string, html: string, text: string): Promise<number> {
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: CONNECTIONS,
    maxMessages: Infinity,
    url,
  });
  const start = performance.now();
  await Promise.all(
    Array.from({ length: COUNT }, (_, index) =>
      transporter.sendMail({
        from: { name: 'Bench Shop', address: 'noreply@localhost' },
        to: { name: `Customer ${index}`, address: `customer${index}@example.com` },
        subject: 'How was your order from Bench Shop?',
        text,
        html,
        messageId: `<raw-${index}@localhost>`,
        headers: {
          'List-Unsubscribe': '<http://localhost/unsubscribe/x>',
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      }),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  transporter.close();
  return COUNT / seconds;
}

async function vouchEndToEnd(
  url: string,
  round: number,
): Promise<{ rate: number; html: string; text: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-dispatch-'));
  const transport = new SmtpPoolTransport(url, CONNECTIONS);
  const runtime = await openRuntime(loadConfig({ VOUCH_DATA_DIR: dataDir }), { mailTransport: transport });
  try {
    const business = await runtime.businesses.create({ name: 'Bench Shop', domain: `bench${round}.example` });
    const requests = Array.from({ length: COUNT }, (_, index) => ({
      channel: 'api' as const,
      kind: 'service' as const,
      email: `customer${index}@example.com`,
      name: `Customer ${index}`,
      reference: `ORDER-${index}`,
      delayDays: 0,
    }));
    for (let start = 0; start < COUNT; start += 1000) {
      await runtime.invitations.acceptBatch(business.domain, requests.slice(start, start + 1000));
    }
    const dispatcher = runtime.createDispatcher();
    const begin = performance.now();
    let sent = 0;
    for (;;) {
      const report = await dispatcher.runOnce();
      if (report.claimed === 0) break;
      sent += report.sent;
    }
    const seconds = (performance.now() - begin) / 1000;
    if (sent !== COUNT) throw new Error(`sent ${sent} of ${COUNT}`);
    // One rendered message, so the raw pool sends the same bytes Vouch did.
    const sample = await runtime.templates.resolve(
      await runtime.businesses.row(business.domain),
      'invitation',
      'en-US',
      null,
    );
    return { rate: COUNT / seconds, html: sample.body, text: sample.body };
  } finally {
    transport.close();
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sink = await startSink();
  const raw: number[] = [];
  const vouch: number[] = [];
  let body = { html: '<p>warm-up</p>', text: 'warm-up' };
  // Warm up both paths (JIT, connections) before measuring.
  await vouchEndToEnd(sink.url, 0);
  await rawPool(sink.url, body.html, body.text);
  for (let round = 1; round <= ROUNDS; round++) {
    const measured = await vouchEndToEnd(sink.url, round);
    vouch.push(measured.rate);
    body = {
      html: `<!doctype html><html><body><p>${measured.html.replaceAll('\n', '<br>')}</p></body></html>`,
      text: measured.text,
    };
    raw.push(await rawPool(sink.url, body.html, body.text));
  }
  await sink.stop();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const rawRate = median(raw);
  const vouchRate = median(vouch);
  console.log(
    `invitations per round: ${COUNT}, rounds: ${ROUNDS}, SMTP connections: ${CONNECTIONS}, node ${process.version}`,
  );
  console.log(
    `raw nodemailer pool, ready-made messages: ${rawRate.toFixed(0)} msg/s  (rounds: ${raw.map((r) => r.toFixed(0)).join(', ')})`,
  );
  console.log(
    `Vouch claim + render + send + record:     ${vouchRate.toFixed(0)} msg/s  (rounds: ${vouch.map((r) => r.toFixed(0)).join(', ')})`,
  );
  console.log(`ratio Vouch / raw: ${(vouchRate / rawRate).toFixed(2)}  (target ≥ 0.6)`);
  emitResult({
    bench: 'dispatch',
    rerun: `npx tsx bench/dispatch.ts ${COUNT} ${ROUNDS}`,
    measures: [
      {
        name: `Vouch claim, render, send, record (${COUNT} invitations, median of ${ROUNDS})`,
        figure: Math.round(vouchRate),
        unit: 'msg/s',
        baseline: {
          name: 'raw nodemailer pool, ready-made messages',
          figure: Math.round(rawRate),
          unit: 'msg/s',
        },
        ratio: vouchRate / rawRate,
        target: 'ratio ≥ 0.6',
        met: vouchRate / rawRate >= 0.6,
      },
    ],
  });
}

await main();
