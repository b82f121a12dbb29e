import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/engines.js';

/** Behind nginx every request comes from 127.0.0.1; the per-address limit must count the real client. */
describe('VOUCH_TRUST_PROXY', () => {
  let database: TestDatabase;
  const runtimes: Runtime[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    for (const runtime of runtimes) await runtime.close();
    await database.drop();
  });

  async function statuses(trustProxy: string | undefined, clients: string[]): Promise<number[]> {
    const runtime = await openRuntime(
      testConfig(database, {
        VOUCH_FAILED_AUTH_LIMIT: '2',
        ...(trustProxy ? { VOUCH_TRUST_PROXY: trustProxy } : {}),
      }),
    );
    runtimes.push(runtime);
    const app = await buildApp(runtime);
    const result: number[] = [];
    for (const client of clients) {
      const response = await app.inject({
        method: 'GET',
        url: '/api/v1/afs/messages',
        remoteAddress: '127.0.0.1',
        headers: { authorization: 'Bearer wrong', 'x-forwarded-for': client },
      });
      result.push(response.statusCode);
    }
    await app.close();
    return result;
  }

  it('counts failures per forwarded client when the proxy is trusted, and per connection when not', async () => {
    const clients = ['203.0.113.1', '203.0.113.1', '203.0.113.1', '198.51.100.7'];
    expect(await statuses('127.0.0.1,::1', clients)).toEqual([401, 401, 429, 401]);
    expect(await statuses(undefined, clients)).toEqual([401, 401, 429, 429]);
  });

  it('refuses a value that is not a list of addresses', () => {
    expect(() => testConfig(database, { VOUCH_TRUST_PROXY: 'true; drop' })).toThrow(
      /VOUCH_TRUST_PROXY must be proxy addresses/,
    );
  });
});
