import fs from 'node:fs';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { nodemailer } from '../packages.js';

export interface MailAddress {
  name: string;
  address: string;
}

/** A message ready to go: the sender only moves it. */
export interface OutgoingMail {
  from: MailAddress;
  to: MailAddress;
  replyTo?: string | undefined;
  subject: string;
  text: string;
  html: string;
  /** Without angle brackets; stable per invitation, so a receiver can tell a retry from a new message. */
  messageId: string;
  headers: Record<string, string>;
}

export interface SendReceipt {
  messageId: string;
  /** The server's answer (`250 2.0.0 Ok: queued as …`), or where the file was written. */
  response: string;
}

/** Why a message did not go out, and what to do about it. */
export interface SendFailure {
  /** `temporary`: try again later; `bounce`: the mailbox does not exist; `permanent`: do not retry. */
  kind: 'temporary' | 'permanent' | 'bounce';
  responseCode: number | undefined;
  message: string;
}

export interface MailTransport {
  /** Where mail goes, for the start-up log: never the password. */
  readonly description: string;
  send(mail: OutgoingMail): Promise<SendReceipt>;
  close(): void;
}

export class MailSendError extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.message);
    this.name = 'MailSendError';
  }
}

export interface TransportOptions {
  /** `smtp://` or `smtps://`; unset writes each message as a file under `outboxDir`. */
  smtpUrl: string | undefined;
  outboxDir: string;
  maxConnections?: number;
}

export function createMailTransport(options: TransportOptions): MailTransport {
  return options.smtpUrl === undefined
    ? new FileOutboxTransport(options.outboxDir)
    : new SmtpPoolTransport(options.smtpUrl, options.maxConnections ?? 5);
}

function toNodemailer(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to,
    replyTo: mail.replyTo,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: `<${mail.messageId}>`,
    headers: mail.headers,
  };
}

/** A pooled SMTP connection set: connections are reused across messages, as a real sender must. */
export class SmtpPoolTransport implements MailTransport {
  readonly description: string;
  private readonly transporter: Transporter<SMTPPool.SentMessageInfo>;

  constructor(smtpUrl: string, maxConnections: number) {
    const url = new URL(smtpUrl);
    this.description = `${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'smtps:' ? '465' : '587')}`;
    const options: SMTPPool.Options = {
      pool: true,
      maxConnections,
      maxMessages: Infinity,
      // A connection that closes mid-message (a 421, a drop) is the worker's to retry, with backoff and an
      // event in the invitation's log, not nodemailer's to requeue silently.
      maxRequeues: 0,
      host: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      secure: url.protocol === 'smtps:',
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      ...(url.username === ''
        ? {}
        : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
      // `?tls.rejectUnauthorized=false` and the like, for a relay with a self-signed certificate.
      ...(url.searchParams.get('tls.rejectUnauthorized') === 'false'
        ? { tls: { rejectUnauthorized: false } }
        : {}),
      ...(url.searchParams.get('ignoreTLS') === 'true' ? { ignoreTLS: true } : {}),
    };
    this.transporter = nodemailer().createTransport(options);
  }

  async send(mail: OutgoingMail): Promise<SendReceipt> {
    try {
      const info = await this.transporter.sendMail(toNodemailer(mail));
      return { messageId: mail.messageId, response: info.response };
    } catch (error) {
      throw new MailSendError(classifySendError(error));
    }
  }

  close(): void {
    this.transporter.close();
  }
}

/**
 * The embedded default: each message becomes an `.eml` file, so `vouch serve` needs no mail server and a
 * person can open what would have been sent. Written to a temporary name and renamed, so a reader never
 * sees half a message.
 */
export class FileOutboxTransport implements MailTransport {
  readonly description: string;
  private readonly transporter = nodemailer().createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });

  constructor(private readonly outboxDir: string) {
    this.description = `files in ${outboxDir}`;
  }

  async send(mail: OutgoingMail): Promise<SendReceipt> {
    try {
      const info = await this.transporter.sendMail(toNodemailer(mail));
      await fs.promises.mkdir(this.outboxDir, { recursive: true });
      const safeId = mail.messageId.replace(/[^A-Za-z0-9._-]/g, '_');
      const file = path.join(this.outboxDir, `${Date.now()}-${safeId}.eml`);
      const partial = `${file}.partial`;
      try {
        await fs.promises.writeFile(partial, info.message);
        await fs.promises.rename(partial, file);
      } catch (error) {
        // A full disk leaves the start of a message behind: it goes, and the whole message is written later.
        await fs.promises.rm(partial, { force: true });
        throw error;
      }
      return { messageId: mail.messageId, response: `written to ${file}` };
    } catch (error) {
      // A full or read-only disk is temporary from the message's point of view: it is tried again later.
      throw new MailSendError({
        kind: 'temporary',
        responseCode: undefined,
        message: `could not write to the outbox: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  close(): void {
    this.transporter.close();
  }
}

const TEMPORARY_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNRESET',
  'EPROTOCOL',
  'ETLS',
  'EAUTH',
  'ECONNREFUSED',
]);
/** Mailbox unknown, not local, or not allowed: the address itself is bad, so it is suppressed. */
const BOUNCE_RESPONSE_CODES = new Set([550, 551, 553]);

/** Sorts a nodemailer error into retry, bounce or give up, following SMTP's 4xx/5xx rule. */
export function classifySendError(error: unknown): SendFailure {
  const fields = (error ?? {}) as {
    responseCode?: unknown;
    code?: unknown;
    response?: unknown;
    message?: unknown;
    command?: unknown;
  };
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : undefined;
  const message =
    typeof fields.response === 'string' && fields.response !== ''
      ? fields.response
      : typeof fields.message === 'string'
        ? fields.message
        : String(error);
  if (responseCode !== undefined) {
    if (responseCode >= 400 && responseCode < 500) return { kind: 'temporary', responseCode, message };
    // Only a refused recipient says the address is bad. The same codes for MAIL FROM (a sender the relay
    // will not take) or DATA (content policy) are about the message, not the customer's address.
    const atRecipient = typeof fields.command === 'string' && /RCPT/i.test(fields.command);
    if (BOUNCE_RESPONSE_CODES.has(responseCode) && atRecipient)
      return { kind: 'bounce', responseCode, message };
    if (responseCode >= 500) return { kind: 'permanent', responseCode, message };
  }
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  if (code === 'EMESSAGE') return { kind: 'permanent', responseCode, message };
  // A dropped connection, a timeout or an unknown failure: the message may go through next time.
  return {
    kind: 'temporary',
    responseCode,
    message: code !== undefined && !TEMPORARY_CODES.has(code) ? `${code}: ${message}` : message,
  };
}
