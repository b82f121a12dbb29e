import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { vouch } from '../support/cli.js';
import { createTestDatabase, openTestRuntime, type TestDatabase } from '../support/engines.js';

describe('vouch import', () => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    env = { VOUCH_DATA_DIR: database.dataDir, VOUCH_DATABASE_URL: database.url };
    expect(
      vouch(['business', 'create', '--name', 'File Shop', '--domain', 'files.example'], env).status,
    ).toBe(0);
    expect(vouch(['business', 'settings', 'files.example', '--every-purchase'], env).status).toBe(0);
  });
  afterAll(() => database.drop());

  it('imports a 100,000-row file, accounting for every row, and prints the CONTRACT JSON', () => {
    const lines = ['customer email;customer name;reference number'];
    for (let index = 0; index < 100_000; index++) {
      lines.push(
        index % 10_000 === 7
          ? `broken-${index};Name ${index};R-${index}`
          : `c${index}@example.com;Name ${index};R-${index}`,
      );
    }
    const file = path.join(database.dataDir, 'big.csv');
    fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const run = vouch(['import', file, '--business', 'files.example', '--json'], env);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      rows: number;
      accepted: number;
      rejected: number;
      decisions: Record<string, number>;
      errors: { line: number; column: string; code: string; message: string }[];
    };
    expect(report.rows).toBe(100_000);
    expect(report.rejected).toBe(10);
    expect(report.accepted).toBe(99_990);
    expect(report.decisions).toEqual({ scheduled: 99_990 });
    expect(report.errors[0]).toMatchObject({ line: 9, column: 'customer email', code: 'csv_bad_email' });
    expect(report.errors.map((error) => error.line)).toEqual(
      Array.from({ length: 10 }, (_, index) => index * 10_000 + 9),
    );
  }, 120_000);

  it('prints a summary table, exits 0 with rejected rows and 2 for a file it cannot read', () => {
    const good = path.join(database.dataDir, 'small.csv');
    fs.writeFileSync(good, 'x@example.com,X,S-1\nnot-an-email,Y,S-2\n');
    const run = vouch(['import', good, '--business', 'files.example'], env);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/rows\s+2/);
    expect(run.stdout).toMatch(/rejected\s+1/);
    expect(run.stdout).toContain('line 2, customer email: [csv_bad_email]');

    const binary = path.join(database.dataDir, 'sheet.xlsx');
    fs.writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 1, 2, 3, 0]));
    const unreadable = vouch(['import', binary, '--business', 'files.example', '--json'], env);
    expect(unreadable.status).toBe(2);
    expect(unreadable.stderr).toContain('csv_binary_file');
    expect(
      vouch(['import', path.join(database.dataDir, 'missing.csv'), '--business', 'files.example'], env)
        .status,
    ).toBe(2);
  });
});

describe('the import API', () => {
  let app: FastifyInstance;
  let apiKey = '';
  let runtime: Runtime;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime('sqlite');
    runtime = opened.runtime;
    app = await buildApp(opened.runtime);
    const shop = await opened.runtime.businesses.create({ name: 'API Shop', domain: 'api-files.example' });
    apiKey = shop.apiKey;
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  async function report(id: string) {
    for (;;) {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/imports/${id}`,
        headers: { apikey: apiKey },
      });
      const body = response.json<{
        status: string;
        rows: number;
        rejected: number;
        decisions: Record<string, number>;
      }>();
      if (body.status !== 'running') return body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('takes text/csv, answers 202 with an id, and reports; the rejected rows download as CSV', async () => {
    const posted = await app.inject({
      method: 'POST',
      url: '/api/v1/imports?name=orders.csv',
      headers: { apikey: apiKey, 'content-type': 'text/csv' },
      payload: 'a@example.com,A,R-1\n@bad,B,R-2\n',
    });
    expect(posted.statusCode).toBe(202);
    const { id } = posted.json<{ id: string }>();
    expect(await report(id)).toMatchObject({
      status: 'completed',
      rows: 2,
      rejected: 1,
      decisions: { scheduled: 1 },
    });
    const rejected = await app.inject({
      method: 'GET',
      url: `/api/v1/imports/${id}/rejected.csv`,
      headers: { apikey: apiKey },
    });
    expect(rejected.headers['content-type'], rejected.body).toContain('text/csv');
    expect(rejected.body).toContain('@bad');
    expect(rejected.body).toContain('is not an email address');
  });

  it('answers a dry run with a report URL that serves its report and rejected rows, inviting nobody', async () => {
    const posted = await app.inject({
      method: 'POST',
      url: '/api/v1/imports?name=dry.csv&dryRun=true',
      headers: { apikey: apiKey, 'content-type': 'text/csv' },
      payload: 'dry1@example.com,D,DR-1\n@dry,B,DR-2\n',
    });
    expect(posted.statusCode).toBe(202);
    const {
      id,
      report: reportUrl,
      rejectedRows,
    } = posted.json<{ id: string; report: string; rejectedRows: string }>();
    expect(reportUrl).toBe(`/api/v1/imports/${id}`);
    expect(await report(id)).toMatchObject({
      status: 'completed',
      dryRun: true,
      rows: 2,
      rejected: 1,
      decisions: { scheduled: 1 },
    });
    const rejected = await app.inject({ method: 'GET', url: rejectedRows, headers: { apikey: apiKey } });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.body).toContain('@dry');
    expect(await runtime.invitationQueries.list('api-files.example', { reference: 'DR-1' })).toEqual([]);
  });

  it('takes a multipart upload, refuses a missing key, and scopes reports to the key’s business', async () => {
    const boundary = '----vouchtest';
    const payload =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="list.csv"\r\nContent-Type: text/csv\r\n\r\n` +
      `m@example.com,M,MP-1\r\n--${boundary}--\r\n`;
    const posted = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    });
    expect(posted.statusCode).toBe(202);
    const { id } = posted.json<{ id: string }>();
    expect(await report(id)).toMatchObject({ status: 'completed', rows: 1 });
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { 'content-type': 'text/csv' },
      payload: 'x',
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'unauthorized' });
    const sample = await app.inject({ method: 'GET', url: '/samples/product-invitations.csv' });
    expect(sample.body.split('\n')[0]).toBe(
      'customer email,customer name,reference number,SKU,product name,product URL,image URL',
    );
  });
});
