import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('defaults to SQLite under ./data, port 3000 and the AFS listener on 2525', () => {
    const config = loadConfig({});
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.database).toEqual({ engine: 'sqlite', path: path.resolve('data/vouch.db') });
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3000);
    expect(config.publicUrl.href).toBe('http://localhost:3000/');
    expect(config.smtpUrl).toBeUndefined();
    expect(config.afs).toEqual({
      port: 2525,
      domain: 'afs.localhost',
      maxBytes: 10 * 1024 * 1024,
      retentionDays: 30,
      tls: undefined,
    });
    expect(config.mailFrom).toBe('noreply@localhost');
    expect(config.failedAuthLimit).toBe(20);
    expect(config.linkFailureRetentionDays).toBe(90);
  });

  it('reads the failed-authentication limit and the link failure retention, and refuses nonsense', () => {
    const config = loadConfig({ VOUCH_FAILED_AUTH_LIMIT: '0', VOUCH_LINK_FAILURE_RETENTION_DAYS: '7' });
    expect(config.failedAuthLimit).toBe(0);
    expect(config.linkFailureRetentionDays).toBe(7);
    expect(problemsOf({ VOUCH_FAILED_AUTH_LIMIT: 'many' })).toEqual([
      expect.stringContaining('VOUCH_FAILED_AUTH_LIMIT must be a whole number'),
    ]);
    expect(problemsOf({ VOUCH_LINK_FAILURE_RETENTION_DAYS: '0' })).toEqual([
      expect.stringContaining('VOUCH_LINK_FAILURE_RETENTION_DAYS must be from 1 to 3650'),
    ]);
  });

  it('serves metrics only when VOUCH_METRICS asks: on the HTTP port, or on a port of their own', () => {
    expect(loadConfig({}).metrics).toEqual({ serve: 'off' });
    expect(loadConfig({ VOUCH_METRICS: 'off' }).metrics).toEqual({ serve: 'off' });
    expect(loadConfig({ VOUCH_METRICS: 'on' }).metrics).toEqual({ serve: 'http' });
    expect(loadConfig({ VOUCH_METRICS: '9464' }).metrics).toEqual({ serve: 'port', port: 9464 });
    expect(problemsOf({ VOUCH_METRICS: 'yes' })).toEqual([
      expect.stringContaining('VOUCH_METRICS must be `on`'),
    ]);
    expect(problemsOf({ VOUCH_METRICS: '70000' })).toEqual([
      expect.stringContaining('VOUCH_METRICS must be a port number from 0 to 65535'),
    ]);
  });

  it('wants both AFS TLS files or neither, and a sane message size', () => {
    expect(problemsOf({ VOUCH_AFS_TLS_CERT: '/etc/cert.pem' })).toEqual([
      expect.stringContaining('VOUCH_AFS_TLS_CERT and VOUCH_AFS_TLS_KEY go together'),
    ]);
    expect(problemsOf({ VOUCH_AFS_MAX_MB: '0' })).toEqual([expect.stringContaining('VOUCH_AFS_MAX_MB')]);
    expect(problemsOf({ VOUCH_MAIL_FROM: 'not an address' })).toEqual([
      expect.stringContaining('VOUCH_MAIL_FROM'),
    ]);
  });

  it('follows VOUCH_DATA_DIR for the database file', () => {
    expect(loadConfig({ VOUCH_DATA_DIR: '/tmp/v' }).database).toEqual({
      engine: 'sqlite',
      path: '/tmp/v/vouch.db',
    });
  });

  it('accepts PostgreSQL URLs', () => {
    expect(loadConfig({ VOUCH_DATABASE_URL: 'postgres://u:p@db:5432/vouch' }).database.engine).toBe(
      'postgres',
    );
  });

  it('lists every problem at once, each naming its variable', () => {
    const problems = problemsOf({
      VOUCH_DATABASE_URL: 'mysql://x',
      PORT: 'abc',
      VOUCH_SMTP_URL: 'http://mail',
    });
    expect(problems.some((p) => p.startsWith('PORT'))).toBe(true);
    expect(problems.some((p) => p.startsWith('VOUCH_DATABASE_URL') && p.includes('mysql'))).toBe(true);
    expect(problemsOf({ VOUCH_SMTP_URL: 'http://mail' })).toEqual([
      'VOUCH_SMTP_URL must start with smtp:// or smtps://',
    ]);
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT must be a whole number from 0 to 65535']);
    expect(problemsOf({ VOUCH_AFS_DOMAIN: 'not a host' })[0]).toContain('VOUCH_AFS_DOMAIN');
  });
});
