import fs from 'node:fs';
import type { SMTPServer, SMTPServerSession } from 'smtp-server';
import { smtpServer } from '../packages.js';
import type { AfsService, StoredMessage } from '../services/afs.service.js';
import type { BusinessRow } from '../store/schema.js';

export interface InboundLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface InboundServerOptions {
  afs: AfsService;
  domain: string;
  maxBytes: number;
  tls: { certPath: string; keyPath: string } | undefined;
  logger: InboundLogger;
  /** Batches processed at once after their 250s; the rest of the mail waits its turn. */
  concurrency?: number;
  /** A connection with no traffic is closed after this many milliseconds (smtp-server's default: 60 s). */
  socketTimeoutMs?: number;
  /** Recognises a store error that means the disk is full: answered 452, so the sender keeps the mail. */
  isStorageFull?: (error: unknown) => boolean;
}

/**
 * The AFS listener: accepts mail only for known AFS addresses, stores each message before answering 250,
 * and processes it after. A process stopped between the two leaves a stored message that the next start
 * processes.
 */
export class InboundMailServer {
  private readonly server: SMTPServer;
  private readonly recipients = new Map<string, BusinessRow[]>();
  private readonly queue: StoredMessage[] = [];
  private storing: {
    message: { businesses: BusinessRow[]; raw: Buffer; via: 'smtp'; envelopeFrom: string | undefined };
    resolve: () => void;
    reject: (error: unknown) => void;
  }[] = [];
  private running = 0;
  private idle: (() => void) | undefined;

  constructor(private readonly options: InboundServerOptions) {
    const tls = options.tls && {
      cert: fs.readFileSync(options.tls.certPath),
      key: fs.readFileSync(options.tls.keyPath),
    };
    this.server = new (smtpServer().SMTPServer)({
      name: options.domain,
      banner: 'Vouch AFS',
      size: options.maxBytes,
      ...(options.socketTimeoutMs === undefined ? {} : { socketTimeout: options.socketTimeoutMs }),
      authOptional: true,
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(tls ?? {}),
      logger: false,
      onMailFrom: (_address, session, callback) => {
        this.recipients.delete(session.id);
        callback();
      },
      onRcptTo: (address, session, callback) => {
        this.options.afs
          .businessForAddress(address.address)
          .then((business) => {
            if (!business)
              return callback(smtpError(550, `5.1.1 <${address.address}>: no such AFS address here`));
            const list = this.recipients.get(session.id) ?? [];
            list.push(business);
            this.recipients.set(session.id, list);
            callback();
          })
          .catch((error: unknown) => {
            // The detail is ours to log, not the sending server's to read.
            this.options.logger.error({ err: error }, 'AFS recipient lookup failed');
            callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
          });
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // Past the limit the rest is read and dropped: the message will be refused, not stored.
          if (size <= options.maxBytes) chunks.push(chunk);
        });
        stream.on('end', () => {
          if (stream.sizeExceeded) {
            return callback(
              smtpError(552, `5.3.4 Message larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB`),
            );
          }
          this.accept(session, Buffer.concat(chunks))
            .then(() => callback())
            .catch((error: unknown) => {
              options.logger.error({ err: error }, 'could not store AFS mail');
              callback(
                options.isStorageFull?.(error)
                  ? smtpError(452, '4.3.1 Insufficient system storage; try again later')
                  : smtpError(451, '4.3.0 Could not store the message; try again later'),
              );
            });
        });
      },
      onClose: (session) => this.recipients.delete(session.id),
    });
    this.server.on('error', (error) => options.logger.error({ err: error }, 'AFS SMTP server error'));
  }

  /** Listens, after first processing any message a previous process stored but did not process. */
  async listen(port: number, host: string): Promise<number> {
    const pending = await this.options.afs.processPending();
    if (pending.processed > 0) {
      this.options.logger.info(
        { pending: pending.processed },
        'processed AFS mail stored before the last stop',
      );
    }
    for (const failed of pending.failed) {
      this.options.logger.error(
        failed,
        'AFS mail stored before the last stop could not be processed; marked failed',
      );
    }
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  /** Stops listening, then waits for the messages already accepted to be processed. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.running > 0 || this.queue.length > 0)
      await new Promise<void>((resolve) => (this.idle = resolve));
  }

  /**
   * Stores the message before its 250 is sent. Messages whose data ends at the same moment (several
   * connections) are stored in one write: group commit, so a burst costs one transaction, not one each.
   */
  private accept(session: SMTPServerSession, raw: Buffer): Promise<void> {
    const businesses = this.recipients.get(session.id) ?? [];
    this.recipients.delete(session.id);
    const envelopeFrom = session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address;
    return new Promise<void>((resolve, reject) => {
      this.storing.push({ message: { businesses, raw, via: 'smtp', envelopeFrom }, resolve, reject });
      if (this.storing.length === 1) setImmediate(() => this.flushStores());
    });
  }

  private flushStores(): void {
    const pending = this.storing.splice(0);
    this.options.afs
      .storeMany(pending.map((item) => item.message))
      .then((stored) => {
        for (const item of pending) item.resolve();
        this.queue.push(...stored.flat());
        this.pump();
      })
      .catch((error: unknown) => {
        for (const item of pending) item.reject(error);
      });
  }

  /** Processes the queue in batches, a few at a time; a burst of mail becomes a few funnel batches. */
  private pump(): void {
    const limit = this.options.concurrency ?? 1;
    while (this.running < limit && this.queue.length > 0) {
      const batch = this.queue.splice(0, PROCESS_BATCH);
      this.running++;
      this.options.afs
        .processStoredBatch(batch)
        .catch((error: unknown) =>
          this.options.logger.error(
            { err: error, ids: batch.map((message) => message.row.id) },
            'AFS processing failed; it will be retried at the next start',
          ),
        )
        .finally(() => {
          this.running--;
          this.pump();
          if (this.running === 0 && this.queue.length === 0) this.idle?.();
        });
    }
  }
}

/** Messages processed together after their 250s. */
const PROCESS_BATCH = 100;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}
