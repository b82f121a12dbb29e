/**
 * BCC order emails accepted and processed end to end per second (stored before 250, parsed, extracted,
 * decided by the funnel, recorded in SQLite) beside a bare smtp-server that only accepts, same client,
 * same run. The sending client runs in a child process, as the shop's mail server is another machine
 * (bench/landing.ts keeps autocannon apart from the servers the same way), so it does not take its CPU
 * from the server being measured. With --same-process the client shares the servers' thread instead,
 * as this benchmark first ran: both rates then also carry the client's cost.
 * Run: npx tsx bench/afs.ts [messages=2000] [--same-process]   (target: Vouch / bare ≥ 0.5)
 */
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/config.js';
import { InboundMailServer } from '../src/mail/inbound-server.js';
import { openRuntime } from '../src/runtime.js';
import { emitResult } from './support/result.js';

const COUNT = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 2000);
const CONNECTIONS = 5;
const silent = { info: () => undefined, error: () => undefined };

function message(index: number, to: string) {
  return {
    from: 'Bench Shop <orders@bench-shop.example>',
    to: `Customer ${index} <customer${index}@example.com>`,
    bcc: to,
    // What reaches the AFS host: the shop's mail server delivers the BCC copy to our MX alone.
    envelope: { from: 'orders@bench-shop.example', to: [to] },
    subject: `Your order #${100_000 + index} is confirmed`,
    text: `Thank you for your order #${100_000 + index}.\nWe will ship it soon.`,
    html: `<p>Thank you for your order <b>#${100_000 + index}</b>.</p><p>We will ship it soon.</p>`,
  };
}

/** What the client child answers after a run: its CPU time, to show whether it was the bottleneck. */
interface ClientRun {
  cpuMs: number;
}

/** The child: sends COUNT messages whenever the parent names a port and an address. */
function client(): void {
  process.on('message', (job: { port: number; to: string } | 'stop') => {
    if (job === 'stop') process.exit(0);
    const before = process.cpuUsage();
    deliver(job.port, job.to).then(
      () => {
        const used = process.cpuUsage(before);
        const run: ClientRun = { cpuMs: (used.user + used.system) / 1000 };
        process.send?.(run);
      },
      (error: unknown) => {
        console.error('the sending client failed:', error);
        process.exit(1);
      },
    );
  });
}

async function deliver(port: number, to: string): Promise<void> {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: CONNECTIONS,
    maxMessages: Infinity,
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
  });
  await Promise.all(Array.from({ length: COUNT }, (_, index) => transport.sendMail(message(index, to))));
  transport.close();
}

const SAME_PROCESS = process.argv.includes('--same-process');
let sender: ChildProcess | undefined;

/** Each run's client CPU time over its wall time, when the client has a process of its own. */
const clientBusy: string[] = [];

/** Starts the client's run and answers when it started and when every 250 has come back. */
function send(port: number, to: string): { started: number; sent: Promise<void> } {
  const child = sender;
  const started = performance.now();
  if (!child) return { started, sent: deliver(port, to) };
  const sent = new Promise<void>((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`the sending client exited with ${code}`));
    child.once('exit', exited);
    child.once('message', (run: ClientRun) => {
      child.off('exit', exited);
      clientBusy.push(`${((100 * run.cpuMs) / (performance.now() - started)).toFixed(0)}%`);
      resolve();
    });
  });
  child.send({ port, to });
  return { started, sent };
}

async function bare(): Promise<number> {
  let accepted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        accepted++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const { started, sent } = send(
    typeof address === 'object' && address ? address.port : 0,
    'afs@bare.example',
  );
  await sent;
  const seconds = (performance.now() - started) / 1000;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (accepted !== COUNT) throw new Error(`bare server accepted ${accepted}`);
  return COUNT / seconds;
}

async function vouch(): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-afs-'));
  const runtime = await openRuntime(loadConfig({ VOUCH_DATA_DIR: dataDir }));
  const business = await runtime.businesses.create({ name: 'Bench Shop', domain: 'bench-shop.example' });
  await runtime.businesses.updateSettings(business.domain, { frequencyDays: null });
  const server = new InboundMailServer({
    afs: runtime.afs,
    domain: runtime.config.afs.domain,
    maxBytes: 10 * 1024 * 1024,
    tls: undefined,
    logger: silent,
  });
  const port = await server.listen(0, '127.0.0.1');
  const { started, sent } = send(port, business.afsAddress);
  await sent;
  // The clock stops when every message is processed, not when the last 250 was sent.
  await server.close();
  const seconds = (performance.now() - started) / 1000;
  const processed = await runtime.store.db
    .selectFrom('afs_messages')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 'processed')
    .executeTakeFirstOrThrow();
  await runtime.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (Number(processed.n) !== COUNT) throw new Error(`processed ${processed.n} of ${COUNT}`);
  return COUNT / seconds;
}

async function main(): Promise<void> {
  if (!SAME_PROCESS) {
    sender = fork(fileURLToPath(import.meta.url), ['client', String(COUNT)], {
      execArgv: process.execArgv,
    });
  }
  await bare();
  await vouch();
  const bareRate = await bare();
  const vouchRate = await vouch();
  sender?.send('stop');
  report(bareRate, vouchRate);
}

function report(bareRate: number, vouchRate: number): void {
  const client = SAME_PROCESS ? 'the client in the same thread' : 'the client in its own process';
  console.log(`${COUNT} messages, ${CONNECTIONS} SMTP connections, ${client}, node ${process.version}`);
  console.log(`bare smtp-server, accept only:                  ${bareRate.toFixed(0)} msg/s`);
  console.log(`Vouch AFS: store, 250, parse, extract, decide:  ${vouchRate.toFixed(0)} msg/s`);
  console.log(`ratio Vouch / bare: ${(vouchRate / bareRate).toFixed(2)}  (target ≥ 0.5)`);
  emitResult({
    bench: 'afs',
    rerun: `npx tsx bench/afs.ts ${COUNT}${SAME_PROCESS ? ' --same-process' : ''}`,
    measures: [
      {
        name: `Vouch AFS: store, 250, parse, extract, decide (${COUNT} messages, ${client})`,
        figure: Math.round(vouchRate),
        unit: 'msg/s',
        baseline: { name: 'bare smtp-server, accept only', figure: Math.round(bareRate), unit: 'msg/s' },
        ratio: vouchRate / bareRate,
        target: 'ratio ≥ 0.5',
        met: vouchRate / bareRate >= 0.5,
      },
    ],
  });
  if (clientBusy.length === 4) {
    // Near 100% during the bare run means the client, not the bare server, set the baseline.
    console.log(`client CPU over wall time: bare ${clientBusy[2]}, Vouch ${clientBusy[3]} (one core = 100%)`);
  }
}

if (process.argv[2] === 'client') client();
else await main();
