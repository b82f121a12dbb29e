import path from 'node:path';
import { z } from 'zod';

/**
 * The process configuration: read from the environment once, at start, into a typed object. Settings a
 * business changes (delay, frequency, templates) live in the database, not here.
 */
export interface Config {
  dataDir: string;
  database: DatabaseLocation;
  host: string;
  port: number;
  publicUrl: URL;
  smtpUrl: URL | undefined;
  /** The From address of emails when a business sets none of its own. */
  mailFrom: string;
  afs: {
    port: number;
    domain: string;
    /** Largest message accepted, in bytes. */
    maxBytes: number;
    /** Days the raw message is kept after it was processed. */
    retentionDays: number;
    /** PEM files for STARTTLS; both or neither. */
    tls: { certPath: string; keyPath: string } | undefined;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Failed authentications and failed link checks one client address may make per minute before it is
   * refused with 429 until the minute is over; 0 turns the limit off.
   */
  failedAuthLimit: number;
  /**
   * Requests a minute to the OAuth token endpoint, per client address and per API key, before it answers
   * 429; 0 turns that limit off.
   */
  tokenRateLimit: { perAddress: number; perKey: number };
  /** Dashboard logins, first-run setups and password resets one client address may try a minute; 0 is no limit. */
  loginRateLimit: number;
  /** Days of the per-day link failure counts kept for a business's report. */
  linkFailureRetentionDays: number;
  /** How long slow or silent clients are waited for before their connection is closed, in milliseconds. */
  timeouts: {
    /** The whole HTTP request, headers and body, must arrive within this. */
    httpRequestMs: number;
    /** An HTTP connection with no traffic either way is closed after this. */
    httpIdleMs: number;
    /** An idle keep-alive HTTP connection is kept open this long for the client's next request. */
    httpKeepAliveMs: number;
    /** An AFS SMTP connection with no traffic is closed after this. */
    smtpSocketMs: number;
  };
  /**
   * Addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For is believed, so per-address limits
   * count the real client, not the proxy; empty trusts no one.
   */
  trustProxy: string[];
  /** Prometheus metrics: off, at `/metrics` on the HTTP port, or on a port of their own on the same HOST. */
  metrics: MetricsSetting;
  /**
   * Whether outbound webhooks may go to loopback and private addresses: `allow` (the default: a self-hosted
   * shop often posts to its own LAN) or `deny` (a server whose businesses are strangers: no SSRF into it).
   */
  webhookPrivateTargets: 'allow' | 'deny';
}

export type MetricsSetting = { serve: 'off' } | { serve: 'http' } | { serve: 'port'; port: number };

export type DatabaseLocation =
  { engine: 'sqlite'; path: string } | { engine: 'postgres'; connectionString: string };

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Vouch cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const port = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number from 0 to 65535`)
    .transform(Number)
    .refine((n) => n <= 65535, `${name} must be a whole number from 0 to 65535`);

const milliseconds = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number of milliseconds`)
    .transform(Number)
    .refine((n) => n >= 100 && n <= 3_600_000, `${name} must be from 100 to 3600000 milliseconds`);

const hostName =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const envSchema = z.object({
  VOUCH_DATA_DIR: z.string().min(1, 'VOUCH_DATA_DIR must not be empty').default('./data'),
  VOUCH_DATABASE_URL: z.string().optional(),
  HOST: z.string().min(1, 'HOST must not be empty').default('127.0.0.1'),
  PORT: port('PORT').default(3000),
  VOUCH_PUBLIC_URL: z.string().optional(),
  VOUCH_SMTP_URL: z.string().optional(),
  VOUCH_MAIL_FROM: z
    .string()
    .regex(/^[^\s@]+@[^\s@]+$/, 'VOUCH_MAIL_FROM must be an email address such as reviews@example.com')
    .optional(),
  VOUCH_AFS_PORT: port('VOUCH_AFS_PORT').default(2525),
  VOUCH_AFS_DOMAIN: z
    .string()
    .regex(hostName, 'VOUCH_AFS_DOMAIN must be a host name such as afs.example.com')
    .default('afs.localhost'),
  VOUCH_AFS_MAX_MB: z
    .string()
    .regex(/^\d+$/, 'VOUCH_AFS_MAX_MB must be a whole number of megabytes')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 100, 'VOUCH_AFS_MAX_MB must be from 1 to 100')
    .default(10),
  VOUCH_AFS_RETENTION_DAYS: z
    .string()
    .regex(/^\d+$/, 'VOUCH_AFS_RETENTION_DAYS must be a whole number of days')
    .transform(Number)
    .default(30),
  VOUCH_AFS_TLS_CERT: z.string().optional(),
  VOUCH_AFS_TLS_KEY: z.string().optional(),
  VOUCH_FAILED_AUTH_LIMIT: z
    .string()
    .regex(/^\d+$/, 'VOUCH_FAILED_AUTH_LIMIT must be a whole number of failures per minute (0 turns it off)')
    .transform(Number)
    .refine((n) => n <= 100_000, 'VOUCH_FAILED_AUTH_LIMIT must be at most 100000 failures per minute')
    .default(20),
  VOUCH_TOKEN_LIMIT_PER_ADDRESS: z
    .string()
    .regex(
      /^\d+$/,
      'VOUCH_TOKEN_LIMIT_PER_ADDRESS must be a whole number of token requests per minute (0 turns it off)',
    )
    .transform(Number)
    .default(30),
  VOUCH_LOGIN_LIMIT_PER_ADDRESS: z
    .string()
    .regex(
      /^\d+$/,
      'VOUCH_LOGIN_LIMIT_PER_ADDRESS must be a whole number of login and password-reset attempts per minute (0 turns it off)',
    )
    .transform(Number)
    .default(10),
  VOUCH_TOKEN_LIMIT_PER_KEY: z
    .string()
    .regex(
      /^\d+$/,
      'VOUCH_TOKEN_LIMIT_PER_KEY must be a whole number of token requests per minute (0 turns it off)',
    )
    .transform(Number)
    .default(10),
  VOUCH_LINK_FAILURE_RETENTION_DAYS: z
    .string()
    .regex(/^\d+$/, 'VOUCH_LINK_FAILURE_RETENTION_DAYS must be a whole number of days')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 3650, 'VOUCH_LINK_FAILURE_RETENTION_DAYS must be from 1 to 3650')
    .default(90),
  VOUCH_HTTP_REQUEST_TIMEOUT_MS: milliseconds('VOUCH_HTTP_REQUEST_TIMEOUT_MS').default(300_000),
  VOUCH_HTTP_IDLE_TIMEOUT_MS: milliseconds('VOUCH_HTTP_IDLE_TIMEOUT_MS').default(60_000),
  VOUCH_HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds('VOUCH_HTTP_KEEP_ALIVE_TIMEOUT_MS').default(72_000),
  VOUCH_AFS_SOCKET_TIMEOUT_MS: milliseconds('VOUCH_AFS_SOCKET_TIMEOUT_MS').default(60_000),
  VOUCH_TRUST_PROXY: z
    .string()
    .regex(
      /^[0-9a-f.:/]+(,[0-9a-f.:/]+)*$/i,
      'VOUCH_TRUST_PROXY must be proxy addresses or CIDR ranges separated by commas, such as 127.0.0.1,::1',
    )
    .optional(),
  VOUCH_WEBHOOK_PRIVATE_TARGETS: z
    .enum(['allow', 'deny'], 'VOUCH_WEBHOOK_PRIVATE_TARGETS must be `allow` or `deny`')
    .default('allow'),
  VOUCH_METRICS: z
    .string()
    .regex(
      /^(on|off|\d+)$/,
      'VOUCH_METRICS must be `on` (metrics at /metrics on the HTTP port) or a port number to serve them on',
    )
    .refine(
      (value) => !/^\d+$/.test(value) || Number(value) <= 65535,
      'VOUCH_METRICS must be a port number from 0 to 65535, or `on`',
    )
    .optional(),
  VOUCH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/**
 * Reads the configuration from `env` (the process environment by default). Throws a ConfigError that
 * lists every problem at once, each naming its variable, so a wrong start is fixed in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable is treated as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = issue.path.join('.');
      problems.push(issue.message.includes(variable) ? issue.message : `${variable}: ${issue.message}`);
    }
    // The database URL needs no other variable to check, so its problem is listed beside the others.
    const database = present.VOUCH_DATABASE_URL && parseDatabaseUrl(present.VOUCH_DATABASE_URL);
    if (typeof database === 'string') problems.push(database);
    throw new ConfigError(problems);
  }
  const vars = parsed.data;
  const dataDir = path.resolve(vars.VOUCH_DATA_DIR);

  const database = parseDatabaseUrl(vars.VOUCH_DATABASE_URL ?? `sqlite:${path.join(dataDir, 'vouch.db')}`);
  if (typeof database === 'string') problems.push(database);

  const publicUrl = parseUrl(
    'VOUCH_PUBLIC_URL',
    vars.VOUCH_PUBLIC_URL ?? `http://localhost:${vars.PORT}`,
    ['http:', 'https:'],
    problems,
  );
  const smtpUrl =
    vars.VOUCH_SMTP_URL === undefined
      ? undefined
      : parseUrl('VOUCH_SMTP_URL', vars.VOUCH_SMTP_URL, ['smtp:', 'smtps:'], problems);

  if ((vars.VOUCH_AFS_TLS_CERT === undefined) !== (vars.VOUCH_AFS_TLS_KEY === undefined)) {
    problems.push(
      'VOUCH_AFS_TLS_CERT and VOUCH_AFS_TLS_KEY go together: give both PEM files for STARTTLS, or neither',
    );
  }
  const metrics: MetricsSetting =
    vars.VOUCH_METRICS === undefined || vars.VOUCH_METRICS === 'off'
      ? { serve: 'off' }
      : vars.VOUCH_METRICS === 'on'
        ? { serve: 'http' }
        : { serve: 'port', port: Number(vars.VOUCH_METRICS) };
  if (problems.length > 0 || typeof database === 'string' || publicUrl === undefined) {
    throw new ConfigError(problems);
  }
  return {
    dataDir,
    database,
    host: vars.HOST,
    port: vars.PORT,
    publicUrl,
    smtpUrl,
    mailFrom: vars.VOUCH_MAIL_FROM ?? `noreply@${publicUrl.hostname}`,
    afs: {
      port: vars.VOUCH_AFS_PORT,
      domain: vars.VOUCH_AFS_DOMAIN.toLowerCase(),
      maxBytes: vars.VOUCH_AFS_MAX_MB * 1024 * 1024,
      retentionDays: vars.VOUCH_AFS_RETENTION_DAYS,
      tls:
        vars.VOUCH_AFS_TLS_CERT !== undefined && vars.VOUCH_AFS_TLS_KEY !== undefined
          ? { certPath: path.resolve(vars.VOUCH_AFS_TLS_CERT), keyPath: path.resolve(vars.VOUCH_AFS_TLS_KEY) }
          : undefined,
    },
    logLevel: vars.VOUCH_LOG_LEVEL,
    failedAuthLimit: vars.VOUCH_FAILED_AUTH_LIMIT,
    tokenRateLimit: {
      perAddress: vars.VOUCH_TOKEN_LIMIT_PER_ADDRESS,
      perKey: vars.VOUCH_TOKEN_LIMIT_PER_KEY,
    },
    loginRateLimit: vars.VOUCH_LOGIN_LIMIT_PER_ADDRESS,
    linkFailureRetentionDays: vars.VOUCH_LINK_FAILURE_RETENTION_DAYS,
    timeouts: {
      httpRequestMs: vars.VOUCH_HTTP_REQUEST_TIMEOUT_MS,
      httpIdleMs: vars.VOUCH_HTTP_IDLE_TIMEOUT_MS,
      httpKeepAliveMs: vars.VOUCH_HTTP_KEEP_ALIVE_TIMEOUT_MS,
      smtpSocketMs: vars.VOUCH_AFS_SOCKET_TIMEOUT_MS,
    },
    trustProxy: vars.VOUCH_TRUST_PROXY?.split(',') ?? [],
    metrics,
    webhookPrivateTargets: vars.VOUCH_WEBHOOK_PRIVATE_TARGETS,
  };
}

/** Returns the location, or a sentence saying what is wrong with the variable. */
export function parseDatabaseUrl(url: string): DatabaseLocation | string {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '') return 'VOUCH_DATABASE_URL: sqlite: needs a file path, as in sqlite:./data/vouch.db';
    return { engine: 'sqlite', path: file === ':memory:' ? file : path.resolve(file) };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    try {
      new URL(url);
    } catch {
      return 'VOUCH_DATABASE_URL is not a valid postgres:// URL (postgres://user:pass@host:5432/db)';
    }
    return { engine: 'postgres', connectionString: url };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  return `VOUCH_DATABASE_URL: ${scheme ? `the "${scheme}" engine is not supported` : 'not a database URL'}; use sqlite:PATH or postgres://user:pass@host:port/db`;
}

function parseUrl(name: string, value: string, protocols: string[], problems: string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${name} is not a URL: expected ${protocols.map((p) => `${p}//…`).join(' or ')}`);
    return undefined;
  }
  if (!protocols.includes(url.protocol)) {
    problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
    return undefined;
  }
  return url;
}
