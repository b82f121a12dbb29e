import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { ENGINES, openTestRuntime, type Engine } from '../support/engines.js';

const LIMIT = 64 * 1024;
const BOUNDARY = 'vouch-test-boundary';

function multipartBody(content: string): string {
  return (
    `--${BOUNDARY}\r\n` +
    'Content-Disposition: form-data; name="file"; filename="rows.csv"\r\n' +
    'Content-Type: text/csv\r\n\r\n' +
    content +
    `\r\n--${BOUNDARY}--\r\n`
  );
}

const rows = (count: number) =>
  'email,reference\r\n' +
  Array.from({ length: count }, (_, i) => `c${i}@example.com,R-${i}`).join('\r\n') +
  '\r\n';

async function openApp(engine: Engine) {
  const opened = await openTestRuntime(engine);
  const app = await buildApp(opened.runtime, { maxUploadBytes: LIMIT });
  const shop = await opened.runtime.businesses.create({ name: 'Uploads', domain: 'uploads.example' });
  const { key } = await opened.runtime.businesses.createApiKey(shop.domain);
  const spoolDir = path.join(opened.database.dataDir, 'imports');
  return { ...opened, app, key, spoolDir };
}

const uploadsIn = (dir: string) =>
  fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.upload')) : [];

async function waitFor(condition: () => boolean, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (condition()) return true;
    await sleep(20);
  }
  return condition();
}

describe.each(ENGINES)('import uploads over HTTP on %s', (engine) => {
  let app: FastifyInstance;
  let key = '';
  let spoolDir = '';
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openApp(engine);
    ({ app, key, spoolDir } = opened);
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  it('answers a multipart body without a boundary with 400 and a stable code, not 500', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { apikey: key, 'content-type': 'multipart/form-data' },
      payload: multipartBody(rows(2)),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'import_upload_invalid', status: 400 });
    expect(response.json<{ detail: string }>().detail).toContain('boundary');
  });

  it('answers a multipart body that ends early with 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { apikey: key, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipartBody(rows(2)).slice(0, 150),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'import_upload_invalid' });
    expect(uploadsIn(spoolDir)).toEqual([]);
  });

  it('answers an oversized file with 413, as a form field or as the body', async () => {
    const big = rows(5000);
    expect(big.length).toBeGreaterThan(LIMIT);
    const asForm = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { apikey: key, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipartBody(big),
    });
    expect(asForm.statusCode).toBe(413);
    expect(asForm.json()).toMatchObject({ code: 'import_file_too_large', status: 413 });
    const asBody = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { apikey: key, 'content-type': 'text/csv' },
      payload: big,
    });
    expect(asBody.statusCode).toBe(413);
    expect(asBody.json()).toMatchObject({ code: 'import_file_too_large' });
    expect(uploadsIn(spoolDir)).toEqual([]);
  });

  it('still imports a well-formed upload and removes its spool file afterwards', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { apikey: key, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipartBody(rows(3)),
    });
    expect(response.statusCode).toBe(202);
    const { id } = response.json<{ id: string }>();
    expect(await waitFor(() => uploadsIn(spoolDir).length === 0)).toBe(true);
    const report = await app.inject({ url: `/api/v1/imports/${id}`, headers: { apikey: key } });
    expect(report.json()).toMatchObject({ importId: id, accepted: 3, status: 'completed' });
  });
});

describe('cut-off uploads on a real server', () => {
  let opened: Awaited<ReturnType<typeof openApp>>;
  let port = 0;

  beforeAll(async () => {
    opened = await openApp('sqlite');
    await opened.app.listen({ host: '127.0.0.1', port: 0 });
    port = (opened.app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await opened.app.close();
    await opened.close();
  });

  const openFiles = () => fs.readdirSync('/proc/self/fd').length;

  /**
   * Sends the request line, headers and half the body, then ends the connection the given way; or
   * (`short-form`) announces only that half as the whole body, so the request completes but the form
   * inside it is cut off in the file, and closes once answered.
   */
  function halfUpload(how: 'destroy' | 'end' | 'wait-then-destroy' | 'short-form'): Promise<string> {
    const body = multipartBody(rows(2000));
    const half = body.slice(0, body.length / 2);
    const head =
      'POST /api/v1/imports HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
      `apikey: ${opened.key}\r\n` +
      `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
      `Content-Length: ${how === 'short-form' ? half.length : body.length}\r\n\r\n`;
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(head + half, () => {
          if (how === 'short-form') socket.setTimeout(1000, () => socket.destroy());
          else if (how === 'end') socket.end();
          else if (how === 'destroy') socket.destroy();
          else {
            // The server has begun writing the file before the client goes.
            void waitFor(() => uploadsIn(opened.spoolDir).length > 0).then(() => socket.destroy());
          }
        });
      });
      let answer = '';
      socket.on('data', (chunk: Buffer) => {
        answer += chunk.toString();
        if (how === 'short-form') socket.destroy();
      });
      socket.on('close', () => resolve(answer));
      socket.on('error', () => resolve(answer));
    });
  }

  it('closes the file and deletes it whenever the client goes away mid-upload', async () => {
    if (!fs.existsSync('/proc/self/fd')) return;
    // Warm up: the first request opens what stays open (the database, the multipart parser's modules).
    await halfUpload('wait-then-destroy');
    await waitFor(() => uploadsIn(opened.spoolDir).length === 0);
    const before = openFiles();
    for (let i = 0; i < 20; i++) {
      const how = (['destroy', 'end', 'wait-then-destroy', 'short-form'] as const)[i % 4] ?? 'destroy';
      const answer = await halfUpload(how);
      // A request that arrived whole is answered, at once, not left waiting on a file that never ends.
      if (how === 'short-form') expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    }
    expect(await waitFor(() => uploadsIn(opened.spoolDir).length === 0, 10_000), 'no partial file').toBe(
      true,
    );
    expect(
      await waitFor(() => openFiles() <= before + 2, 10_000),
      `open files ${before} → ${openFiles()}`,
    ).toBe(true);
    // And the server still answers.
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe('leftover uploads', () => {
  it('are deleted when the server starts; other files are left alone', async () => {
    const opened = await openTestRuntime('sqlite');
    try {
      const spoolDir = path.join(opened.database.dataDir, 'imports');
      fs.mkdirSync(spoolDir, { recursive: true });
      fs.writeFileSync(path.join(spoolDir, 'b1a7c0de.upload'), '');
      // Left by a server stopped two hours ago; a fresh .upload may be another server's live upload.
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
      fs.utimesSync(path.join(spoolDir, 'b1a7c0de.upload'), twoHoursAgo, twoHoursAgo);
      fs.writeFileSync(path.join(spoolDir, 'keep.csv'), 'email\r\n');
      const app = await buildApp(opened.runtime);
      await app.close();
      expect(fs.readdirSync(spoolDir)).toEqual(['keep.csv']);
    } finally {
      await opened.close();
    }
  });

  it("are told apart from another server's live upload, which is left to finish", async () => {
    const opened = await openTestRuntime('sqlite');
    try {
      const spoolDir = path.join(opened.database.dataDir, 'imports');
      fs.mkdirSync(spoolDir, { recursive: true });
      fs.writeFileSync(path.join(spoolDir, 'live.upload'), 'partial');
      const app = await buildApp(opened.runtime);
      await app.close();
      expect(fs.readdirSync(spoolDir)).toEqual(['live.upload']);
    } finally {
      await opened.close();
    }
  });
});
