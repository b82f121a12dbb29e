import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { dashboardUser, type DashboardClient } from '../support/dashboard.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

const BOUNDARY = 'vouch-dashboard-upload';

/** A multipart form as a browser sends the upload form: the type field first, then the file. */
function form(file: { name: string; content: Buffer }, type = 'auto'): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="type"\r\n\r\n${type}\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    ),
    file.content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** The page's text without tags, spaces folded: what a reader sees. */
function visible(body: string): string {
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The rows of the table whose caption starts with `caption`, each as its cells' text. */
function tableRows(body: string, caption: string): string[][] {
  const tables = body.split('<table').slice(1);
  const table = tables.find((t) =>
    visible(/<caption>([\s\S]*?)<\/caption>/.exec(t)?.[1] ?? '')
      .trim()
      .startsWith(caption),
  );
  if (!table) return [];
  const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => visible(cell[1] ?? '').trim()),
  );
}

describe.each(ENGINES)('dashboard import pages on %s', (engine) => {
  let app: FastifyInstance;
  let runtime: Runtime;
  let dataDir = '';
  let alice: DashboardClient;
  let bob: DashboardClient;
  let close: () => Promise<void> = () => Promise.resolve();
  const A = 'import-a.example';
  const B = 'import-b.example';

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    dataDir = opened.database.dataDir;
    app = await buildApp(runtime);
    await runtime.businesses.create({ name: 'Alpha Imports', domain: A });
    await runtime.businesses.create({ name: 'Bravo Imports', domain: B });
    alice = await dashboardUser(app, runtime, {
      email: 'alice@import-a.example',
      business: A,
      role: 'member',
    });
    bob = await dashboardUser(app, runtime, { email: 'bob@import-b.example', business: B, role: 'member' });
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  /** Uploads through the form and follows the redirect to the preview. */
  async function preview(
    client: DashboardClient,
    domain: string,
    file: { name: string; content: Buffer },
    type?: string,
  ): Promise<{ upload: LightMyRequestResponse; page: LightMyRequestResponse; id: string }> {
    await client.get(`/app/${domain}/import`);
    const upload = await client.postRaw(`/app/${domain}/import/preview`, form(file, type), MULTIPART);
    expect(upload.statusCode, upload.body.slice(0, 500)).toBe(303);
    const location = String(upload.headers.location);
    const id = /\/import\/([^/?]+)$/.exec(location)?.[1] ?? '';
    return { upload, page: await client.get(location), id };
  }

  async function finished(client: DashboardClient, domain: string, id: string) {
    for (let tries = 0; tries < 200; tries++) {
      const progress = await client.get(`/app/${domain}/import/${id}/progress.json`);
      const body = progress.json<{ status: string }>();
      if (body.status !== 'running') return body;
      await sleep(25);
    }
    throw new Error(`import ${id} still running`);
  }

  const utf8File = {
    name: 'spring-orders.csv',
    content: Buffer.from(
      'customer email,customer name,reference number\r\n' +
        'zoe@example.com,Zoë Müller,A-100\r\n' +
        'not-an-email,Broken Row,A-101\r\n' +
        'jon@example.com,Jon Ødegaard,A-102\r\n' +
        ',No Email,A-103\r\n',
      'utf8',
    ),
  };

  // The bytes Excel's "CSV (semicolon)" writes on a Danish or French Windows: Windows-1252, not UTF-8.
  const windowsFile = {
    name: 'kunder-windows.csv',
    content: Buffer.from(
      'customer email;customer name;reference number\r\n' +
        'soren@example.dk;Søren Kierkegård;W-1\r\n' +
        'eloise@example.fr;Éloïse Bérénice;W-2\r\n' +
        'bad@;Bad Address;W-3\r\n',
      'latin1',
    ),
  };

  it('previews a UTF-8 file before writing anything: encoding, delimiter, columns, first rows, rejected rows by line', async () => {
    const { page, id } = await preview(alice, A, utf8File);
    expect(page.statusCode).toBe(200);
    expect(id).toMatch(/^dry-[0-9a-f]{32}$/);
    const text = visible(page.body);
    expect(text).toContain('Preview of spring-orders.csv');
    expect(text).toContain('dry run over the whole file');
    expect(text).toMatch(/Encoding UTF-8 Delimiter comma \(,\) Header row yes/);
    expect(tableRows(page.body, 'Which column')).toEqual([
      ['customer email', '1', 'customer email'],
      ['customer name', '2', 'customer name'],
      ['reference number', '3', 'reference number'],
    ]);
    const first = tableRows(page.body, 'The first 4 rows');
    expect(first.map((row) => row.slice(0, 4))).toEqual([
      ['2', 'zoe@example.com', 'Zoë Müller', 'A-100'],
      ['3', 'not-an-email', 'Broken Row', 'A-101'],
      ['4', 'jon@example.com', 'Jon Ødegaard', 'A-102'],
      ['5', '', 'No Email', 'A-103'],
    ]);
    expect(first[0]?.[4]).toBe('OK');
    const rejected = tableRows(page.body, 'Rows that would not be imported');
    expect(rejected.map((row) => [row[0], row[1]])).toEqual([
      ['3', 'customer email'],
      ['5', 'customer email'],
    ]);
    expect(rejected[0]?.[2]).not.toBe('');
    expect(text).toContain('Import 2 rows');
    expect(page.body).toContain(`action="/app/${A}/import/${id}/start"`);
    expect(page.body).toContain(`action="/app/${A}/import/${id}/cancel"`);
    // Nothing was written: no invitation, and the history lists no import.
    expect(await runtime.invitationQueries.list(A)).toEqual([]);
    const index = await alice.get(`/app/${A}/import`);
    expect(visible(index.body)).toContain('No file has been imported yet.');
  });

  it('reads a Windows-1252 file with semicolons, and imports it with its names right', async () => {
    const { page, id } = await preview(alice, A, windowsFile);
    const text = visible(page.body);
    expect(text).toContain('Windows-1252, converted to UTF-8');
    expect(text).toContain('semicolon (;)');
    const first = tableRows(page.body, 'The first 3 rows');
    expect(first.map((row) => row[2])).toEqual(['Søren Kierkegård', 'Éloïse Bérénice', 'Bad Address']);
    expect(tableRows(page.body, 'Rows that would not be imported').map((row) => row[0])).toEqual(['4']);

    const start = await alice.post(`/app/${A}/import/${id}/start`);
    expect(start.statusCode).toBe(303);
    const location = String(start.headers.location);
    const importId = /\/import\/([^/?]+)\?done=started$/.exec(location)?.[1] ?? '';
    expect(importId).not.toMatch(/^dry-/);
    expect(await finished(alice, A, importId)).toMatchObject({
      status: 'completed',
      accepted: 2,
      rejected: 1,
    });

    const report = await alice.get(`/app/${A}/import/${importId}`);
    const reportText = visible(report.body);
    expect(reportText).toContain('Import of kunder-windows.csv');
    expect(reportText).toContain('Status: Completed');
    expect(reportText).toMatch(/2 scheduled/);

    const invitations = await runtime.invitationQueries.list(A);
    expect(invitations.map((i) => [i.email, i.name, i.reference, i.channel]).sort()).toEqual([
      ['eloise@example.fr', 'Éloïse Bérénice', 'W-2', 'csv'],
      ['soren@example.dk', 'Søren Kierkegård', 'W-1', 'csv'],
    ]);

    // The history names the file, its counts and links to it.
    const index = await alice.get(`/app/${A}/import`);
    const history = tableRows(index.body, 'Your latest imports');
    expect(history).toHaveLength(1);
    expect(history[0]?.slice(1)).toEqual(['kunder-windows.csv', '2', '1', 'Completed']);
    expect(index.body).toContain(`href="/app/${A}/import/${importId}"`);

    // The waiting upload is gone: the preview says so, and a second "Import" does nothing.
    const again = await alice.post(`/app/${A}/import/${id}/start`);
    expect(again.headers.location).toBe(`/app/${A}/import/${id}?done=not-waiting`);
    expect(visible((await alice.get(String(again.headers.location))).body)).toContain(
      'This preview is no longer waiting, so nothing was imported.',
    );
    expect(await runtime.invitationQueries.list(A)).toHaveLength(2);
    expect(await runtime.imports.history(A)).toHaveLength(1);

    // The rejected rows, with line and reason before the file's own fields.
    const csv = await alice.get(`/app/${A}/import/${importId}/rejections.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('attachment');
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^line,reason,/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^4,/);
    expect(lines[1]).toContain('bad@');
    expect(lines[1]).toContain('Bad Address');
    expect(lines[1]).toContain('W-3');
  });

  it('reads a product file: its SKU column makes it product reviews, and the first rows show the product', async () => {
    const content = Buffer.from(
      'email,name,reference,sku,product name,product url\n' +
        'pia@example.com,Pia Ström,PR-1,SKU-9,Blåbær jam,https://shop.example/jam\n',
    );
    const { page } = await preview(alice, A, { name: 'products.csv', content });
    const text = visible(page.body);
    expect(text).toContain('Reviews product reviews');
    const columns = tableRows(page.body, 'Which column').map((row) => row.slice(0, 2));
    expect(columns).toEqual(
      expect.arrayContaining([
        ['SKU', '4'],
        ['product name', '5'],
        ['product URL', '6'],
      ]),
    );
    const first = tableRows(page.body, 'The first 1 rows');
    expect(first[0]).toEqual(
      expect.arrayContaining([
        'pia@example.com',
        'Pia Ström',
        'SKU-9',
        'Blåbær jam',
        'https://shop.example/jam',
        'OK',
      ]),
    );
    expect(text).toContain('Import 1 rows');
  });

  it('cancels a preview: the file is deleted and nothing is imported', async () => {
    const file = {
      name: 'cancel-me.csv',
      content: Buffer.from('email,name,reference\nc1@example.com,C One,C-1\n'),
    };
    const { id } = await preview(alice, A, file);
    const uploads = path.join(dataDir, 'imports', 'dashboard');
    const note = JSON.parse(fs.readFileSync(path.join(uploads, `${id}.json`), 'utf8')) as { file: string };
    expect(fs.existsSync(path.join(uploads, note.file))).toBe(true);
    const cancel = await alice.post(`/app/${A}/import/${id}/cancel`);
    expect(cancel.headers.location).toBe(`/app/${A}/import?done=cancelled`);
    expect(visible((await alice.get(String(cancel.headers.location))).body)).toContain(
      'The preview was cancelled and the file deleted.',
    );
    expect(fs.existsSync(path.join(uploads, note.file))).toBe(false);
    expect(fs.existsSync(path.join(uploads, `${id}.json`))).toBe(false);
    const start = await alice.post(`/app/${A}/import/${id}/start`);
    expect(start.headers.location).toContain('done=not-waiting');
    expect((await runtime.invitationQueries.list(A)).map((i) => i.email)).not.toContain('c1@example.com');
  });

  it.each([
    [
      'a binary file',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe, 0, 1, 2, 3]),
    ],
    ['an empty file', Buffer.alloc(0)],
  ])('shows why %s cannot be read, and offers no import', async (_what, content) => {
    const { page, id } = await preview(alice, A, { name: 'garbage.csv', content });
    expect(page.statusCode).toBe(200);
    const report = await runtime.imports.get(A, id);
    expect(report.status).toBe('unreadable');
    const alert = /<p class="notice notice-error" role="alert">([\s\S]*?)<\/p>/.exec(page.body)?.[1] ?? '';
    expect(visible(alert)).toContain(report.failure?.message ?? 'a message');
    expect(visible(alert)).toContain(report.failure?.hint ?? 'a hint');
    expect(page.body).not.toContain('/start"');
    // A file that cannot be read does not wait for an import.
    expect(fs.existsSync(path.join(dataDir, 'imports', 'dashboard', `${id}.json`))).toBe(false);
  });

  it('lists every row of a file with the wrong columns as rejected, with its reason', async () => {
    const content = Buffer.from('order,total\n1001,12.50\n1002,8.00\n');
    const { page } = await preview(alice, A, { name: 'orders-export.csv', content });
    expect(page.statusCode).toBe(200);
    const text = visible(page.body);
    expect(page.body).not.toContain('role="alert"');
    const rejected = tableRows(page.body, 'Rows that would not be imported');
    expect(rejected.map((row) => row[0])).toEqual(['1', '2', '3']);
    expect(rejected[1]?.[2]).toBe(
      'Line 2 has 2 columns; a service invitation line has 3: customer email, customer name, reference number.',
    );
    expect(text).toContain('No row of this file can be imported.');
    expect(page.body).not.toContain('/start"');
  });

  it('asks for a file when the form had none, and for the form when the body is not one', async () => {
    await alice.get(`/app/${A}/import`);
    const empty = await alice.postRaw(
      `/app/${A}/import/preview`,
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--${BOUNDARY}--\r\n`,
      MULTIPART,
    );
    expect(empty.statusCode).toBe(400);
    expect(visible(empty.body)).toContain('Choose a file to upload.');
    const plain = await alice.post(`/app/${A}/import/preview`, { file: 'x' });
    expect(plain.statusCode).toBe(400);
    expect(visible(plain.body)).toContain('Send the file with the upload form on this page.');
  });

  it('refuses an upload, a start and a cancel without the CSRF token (403)', async () => {
    const { id } = await preview(alice, A, {
      name: 'csrf.csv',
      content: Buffer.from('email,name,reference\ncsrf@example.com,C S,X-1\n'),
    });
    // The form's token rides in the query string (the body is read after the check): here it is empty.
    const token = alice.csrfToken;
    alice.csrfToken = '';
    const upload = await alice.postRaw(`/app/${A}/import/preview`, form(utf8File), MULTIPART);
    alice.csrfToken = token;
    expect(upload.statusCode).toBe(403);
    for (const action of ['start', 'cancel']) {
      const response = await alice.post(`/app/${A}/import/${id}/${action}`, {}, { csrf: false });
      expect(response.statusCode).toBe(403);
    }
    // The preview still waits: neither refused POST did anything.
    expect(visible((await alice.get(`/app/${A}/import/${id}`)).body)).toContain('Import 1 rows');
    expect((await runtime.invitationQueries.list(A)).map((i) => i.email)).not.toContain('csrf@example.com');
  });

  it("answers 404 for another business's import and preview, on every import route", async () => {
    const { id: bPreview } = await preview(bob, B, {
      name: 'bravo.csv',
      content: Buffer.from('email,name,reference\nbravo@example.com,Bravo Person,B-1\nbad,Bad,B-2\n'),
    });
    const direct = path.join(dataDir, 'bravo-direct.csv');
    fs.writeFileSync(direct, 'email,name,reference\nb2@example.com,B Two,B-3\nbad,Bad,B-4\n');
    const bImport = await runtime.imports.run(B, direct);
    await alice.get(`/app/${A}/import`);
    for (const id of [bPreview, bImport.importId]) {
      for (const url of [`import/${id}`, `import/${id}/progress.json`, `import/${id}/rejections.csv`]) {
        const response = await alice.get(`/app/${A}/${url}`);
        expect(response.statusCode, url).toBe(404);
        expect(response.body).not.toContain('Bravo');
        expect(response.body).not.toContain('bravo');
      }
      for (const action of ['start', 'cancel']) {
        const response = await alice.post(`/app/${A}/import/${id}/${action}`);
        expect(response.statusCode, action).toBe(404);
      }
    }
    // Alice's own business in the path does not reach B's through it, and B's preview still waits.
    const bPage = await bob.get(`/app/${B}/import/${bPreview}`);
    expect(visible(bPage.body)).toContain('Import 1 rows');
    expect(await runtime.invitationQueries.list(B)).toHaveLength(1);
    // Alice cannot open B's dashboard at all.
    expect((await alice.get(`/app/${B}/import`)).statusCode).toBe(404);
  });

  it('shows a running import with its numbers, a Refresh link and the progress script', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => `p${i}@example.com,Person ${i},P-${i}`).join('\n');
    const { id } = await preview(alice, A, {
      name: 'big.csv',
      content: Buffer.from(`email,name,reference\n${rows}\n`),
    });
    await finished(alice, A, id);
    const start = await alice.post(`/app/${A}/import/${id}/start`);
    const location = String(start.headers.location);
    const page = await alice.get(location);
    const importId = /\/import\/([^/?]+)\?/.exec(location)?.[1] ?? '';
    const body = page.body;
    // 12,000 rows take a few batches of 5,000: the page right after "Import" finds it running.
    expect(visible(body)).toContain('Status: Running');
    expect(body).toContain(`data-progress-url="/app/${A}/import/${importId}/progress.json"`);
    expect(body).toContain('<script src="/assets/import-progress.js" defer></script>');
    expect(body).toContain(`<a href="/app/${A}/import/${importId}">Refresh</a>`);
    expect(await finished(alice, A, importId)).toMatchObject({ status: 'completed', accepted: 12_000 });
    const done = visible((await alice.get(`/app/${A}/import/${importId}`)).body);
    expect(done).toContain('Status: Completed');
    expect(done).not.toContain('Refresh');
    const script = await app.inject({ method: 'GET', url: '/assets/import-progress.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
  });
});
