import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/engines.js';
import { vouchAsync } from '../support/cli.js';

describe('vouch serve', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(() => database.drop());

  it('starts on an empty data dir, says how to begin (the first account, in the browser), answers health checks and stops on SIGTERM', async () => {
    const server = vouchAsync(['serve'], {
      VOUCH_DATA_DIR: database.dataDir,
      PORT: '0',
      VOUCH_AFS_PORT: '0',
      VOUCH_LOG_LEVEL: 'warn',
    });
    let stdout = '';
    server.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      const deadline = Date.now() + 20_000;
      while (!/No account yet/.test(stdout) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      expect(url, stdout).toBeDefined();
      expect(stdout).toContain(`Open ${url}/ in a browser on this machine`);
      expect(stdout).toContain('npx vouch user create --operator');

      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`${url}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready' });

      const home = await fetch(`${url}/`);
      expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
      // A browser on this machine is offered the first operator's form on the home page.
      const homePage = await home.text();
      expect(homePage).toContain('action="/setup"');
      expect(homePage).toContain('name="password"');

      const missing = await fetch(`${url}/api/nothing`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      expect(await missing.json()).toMatchObject({ status: 404, code: 'not_found' });

      server.kill('SIGTERM');
      const [code] = (await once(server, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  });
});
