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

describe('client time-outs and trusted proxies in the configuration', () => {
  it('defaults to 300 s per request, 60 s idle, 72 s keep-alive, 60 s per AFS socket, and no proxy', () => {
    const config = loadConfig({});
    expect(config.timeouts).toEqual({
      httpRequestMs: 300_000,
      httpIdleMs: 60_000,
      httpKeepAliveMs: 72_000,
      smtpSocketMs: 60_000,
    });
    expect(config.trustProxy).toEqual([]);
  });

  it('reads each variable, and names every wrong one', () => {
    const config = loadConfig({
      VOUCH_HTTP_REQUEST_TIMEOUT_MS: '1500',
      VOUCH_HTTP_IDLE_TIMEOUT_MS: '1000',
      VOUCH_HTTP_KEEP_ALIVE_TIMEOUT_MS: '5000',
      VOUCH_AFS_SOCKET_TIMEOUT_MS: '120000',
      VOUCH_TRUST_PROXY: '127.0.0.1,::1,10.0.0.0/8',
    });
    expect(config.timeouts).toEqual({
      httpRequestMs: 1500,
      httpIdleMs: 1000,
      httpKeepAliveMs: 5000,
      smtpSocketMs: 120_000,
    });
    expect(config.trustProxy).toEqual(['127.0.0.1', '::1', '10.0.0.0/8']);
    expect(
      problemsOf({
        VOUCH_HTTP_REQUEST_TIMEOUT_MS: '30s',
        VOUCH_HTTP_IDLE_TIMEOUT_MS: '5',
        VOUCH_TRUST_PROXY: 'yes please',
      }),
    ).toEqual([
      'VOUCH_HTTP_REQUEST_TIMEOUT_MS must be a whole number of milliseconds',
      'VOUCH_HTTP_IDLE_TIMEOUT_MS must be from 100 to 3600000 milliseconds',
      'VOUCH_TRUST_PROXY must be proxy addresses or CIDR ranges separated by commas, such as 127.0.0.1,::1',
    ]);
  });
});
