import type { Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
  messageId: string | undefined;
}

type Fault = { stage: 'rcpt' | 'data'; code: number; message: string } | { stage: 'data'; drop: true };

export interface SmtpSinkOptions {
  /**
   * `parsed` (the default) keeps every message whole and parsed in `received`; `ids` keeps only each
   * message's Message-ID in `messageIds`, for runs of tens of thousands of messages.
   */
  keep?: 'parsed' | 'ids';
}

/** A share of messages answered with a temporary failure, until told to stop. */
interface TransientFailures {
  stage: 'rcpt' | 'data';
  code: number;
  message: string;
  fraction: number;
  seen: number;
}

/**
 * A real SMTP server on loopback that keeps what it receives and can be told to fail: answer the next
 * RCPT or DATA with a code, drop the connection mid-message, or always refuse one recipient.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** The Message-ID (without angle brackets) of every message accepted, in order, whatever `keep` says. */
  readonly messageIds: string[] = [];
  /** How many messages the transient failures refused. */
  transientRefusals = 0;
  private transient: TransientFailures | undefined;
  private readonly keep: 'parsed' | 'ids';
  private readonly faults: Fault[] = [];
  private readonly refused = new Map<string, { code: number; message: string }>();
  private readonly sockets = new Set<Socket>();
  private server: SMTPServer;
  private dataDelayMs = 0;
  port = 0;

  constructor(options: SmtpSinkOptions = {}) {
    this.keep = options.keep ?? 'parsed';
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 10 * 1024 * 1024,
      onRcptTo: (address, _session, callback) => {
        const refused = this.refused.get(address.address.toLowerCase());
        if (refused) return callback(smtpError(refused.code, refused.message));
        const fault = this.takeFault('rcpt');
        if (fault && 'code' in fault) return callback(smtpError(fault.code, fault.message));
        const transient = this.takeTransient('rcpt');
        if (transient) return callback(transient);
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const fault = this.takeFault('data');
          if (fault && 'drop' in fault) {
            this.socketOf(session)?.destroy();
            return;
          }
          if (fault) return callback(smtpError(fault.code, fault.message));
          const transient = this.takeTransient('data');
          if (transient) return callback(transient);
          const raw = Buffer.concat(chunks);
          if (this.keep === 'ids') {
            this.messageIds.push(messageIdOf(raw));
            return callback(null, `Ok: queued as ${this.messageIds.length}`);
          }
          const finish = () => {
            simpleParser(raw)
              .then((parsed) => {
                this.received.push({
                  envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
                  raw,
                  parsed,
                  messageId: parsed.messageId,
                });
                this.messageIds.push(messageIdOf(raw));
                callback(null, `Ok: queued as ${this.received.length}`);
              })
              .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
          };
          if (this.dataDelayMs > 0) setTimeout(finish, this.dataDelayMs);
          else finish();
        });
      },
    });
    // A client killed mid-message resets its connection; smtp-server reports that as an 'error' event,
    // which is expected here and must not become an uncaught exception.
    this.server.on('error', () => undefined);
    this.server.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Listens on `port` (any free one by default; a stopped sink's port to bring a relay "back"). */
  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Answers the next RCPT or DATA with this code (421, 451, 550, …). */
  failNext(stage: 'rcpt' | 'data', code: number, message = 'try again later'): void {
    this.faults.push({ stage, code, message });
  }

  /** Drops the connection after the next message's data, before answering. */
  dropNext(): void {
    this.faults.push({ stage: 'data', drop: true });
  }

  refuseRecipient(address: string, code = 550, message = '5.1.1 No such user'): void {
    this.refused.set(address.toLowerCase(), { code, message });
  }

  /**
   * Answers `fraction` of the messages from now on (spread evenly: every one at 1, every tenth at 0.1) with
   * a temporary failure, 421 by default, which also closes the connection, until `stopFailing()`.
   */
  failShare(
    fraction: number,
    options: { code?: number; stage?: 'rcpt' | 'data'; message?: string } = {},
  ): void {
    this.transient = {
      stage: options.stage ?? 'data',
      code: options.code ?? 421,
      message: options.message ?? '4.3.2 Service busy, try again later',
      fraction,
      seen: 0,
    };
  }

  stopFailing(): void {
    this.transient = undefined;
  }

  /** Holds each message this long before answering, so a batch is in flight for a while. */
  slowDown(ms: number): void {
    this.dataDelayMs = ms;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.envelopeTo.includes(address));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeFault(stage: 'rcpt' | 'data'): Fault | undefined {
    const index = this.faults.findIndex((fault) => fault.stage === stage);
    return index < 0 ? undefined : this.faults.splice(index, 1)[0];
  }

  private takeTransient(stage: 'rcpt' | 'data'): Error | undefined {
    const transient = this.transient;
    if (!transient || transient.stage !== stage) return undefined;
    transient.seen++;
    const due =
      Math.floor(transient.seen * transient.fraction) > Math.floor((transient.seen - 1) * transient.fraction);
    if (!due) return undefined;
    this.transientRefusals++;
    return smtpError(transient.code, transient.message);
  }

  private socketOf(session: SMTPServerSession): Socket | undefined {
    return [...this.sockets].find((socket) => socket.remotePort === session.remotePort);
  }
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** The Message-ID header of a raw message, without angle brackets ('' when it has none). */
function messageIdOf(raw: Buffer): string {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1');
  return /^message-id:\s*<?([^>\r\n]*)>?/im.exec(head)?.[1]?.trim() ?? '';
}
