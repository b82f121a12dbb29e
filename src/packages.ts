import { createRequire } from 'node:module';
import type * as MailParser from 'mailparser';
import type Nodemailer from 'nodemailer';
import type Pg from 'pg';
import type * as PgCopyStreams from 'pg-copy-streams';
import type * as SmtpServer from 'smtp-server';

const loadPackage = createRequire(import.meta.url);

function lazily<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => (loaded ??= { value: load() }).value;
}

/*
 * Heavy packages that only some commands need are loaded when first used, not when the CLI starts:
 * `vouch import` on SQLite then never pays for the mail parser (28 MB of memory on its own), the
 * PostgreSQL client or the SMTP client and server, and every command starts sooner.
 */
export const mailparser = lazily(() => loadPackage('mailparser') as typeof MailParser);
export const nodemailer = lazily(() => loadPackage('nodemailer') as typeof Nodemailer);
export const pg = lazily(() => loadPackage('pg') as typeof Pg);
export const pgCopyStreams = lazily(() => loadPackage('pg-copy-streams') as typeof PgCopyStreams);
export const smtpServer = lazily(() => loadPackage('smtp-server') as typeof SmtpServer);
