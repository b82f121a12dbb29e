import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { IMPORT_STALLED_AFTER_MS } from '../../src/services/import.service.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

describe.each(ENGINES)('file imports on %s', (engine) => {
  let runtime: Runtime;
  let close: () => Promise<void> = () => Promise.resolve();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-import-'));

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    close = async () => {
      await opened.close();
      fs.rmSync(folder, { recursive: true, force: true });
    };
  });
  afterAll(() => close());

  async function business() {
    const created = await runtime.businesses.create({
      name: 'Import Shop',
      domain: `imp-${randomBytes(4).toString('hex')}.example`,
    });
    // Files list many orders per customer; these tests are about reading, not the frequency rule.
    await runtime.businesses.updateSettings(created.domain, { frequencyDays: null });
    return created;
  }

  function file(name: string, bytes: Buffer | string): string {
    const target = path.join(folder, `${randomBytes(4).toString('hex')}-${name}`);
    fs.writeFileSync(target, bytes);
    return target;
  }

  it('reads an Excel-style Windows-1252 file with semicolons and keeps Müller, Søren and Ñúñez intact', async () => {
    const shop = await business();
    const text =
      'mueller@example.de;Jürgen Müller;A-1\r\nsoren@example.dk;Søren Kierkegård;A-2\r\nnunez@example.es;María Ñúñez;A-3\r\n';
    const report = await runtime.imports.run(shop.domain, file('excel.csv', Buffer.from(text, 'latin1')));
    expect(report).toMatchObject({
      status: 'completed',
      rows: 3,
      accepted: 3,
      rejected: 0,
      decisions: { scheduled: 3 },
    });
    expect(report.file).toMatchObject({
      encoding: 'Windows-1252',
      converted: true,
      delimiter: ';',
      header: false,
      type: 'service',
    });
    const names = (await runtime.invitationQueries.list(shop.domain))
      .map((invitation) => invitation.name)
      .sort();
    expect(names).toEqual(['Jürgen Müller', 'María Ñúñez', 'Søren Kierkegård']);
    const labels = new Set(
      (await runtime.invitationQueries.list(shop.domain)).map(
        (invitation) => `${invitation.channel}/${invitation.label}`,
      ),
    );
    expect([...labels]).toEqual(['csv/invited']);
  });

  it('reads UTF-16 LE and BE with a byte-order mark', async () => {
    const shop = await business();
    const text = 'customer email\tcustomer name\treference number\njose@example.com\tJosé Álvarez\tU-1\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    const fromLe = await runtime.imports.run(shop.domain, file('le.txt', le));
    expect(fromLe).toMatchObject({
      rows: 1,
      accepted: 1,
      file: { encoding: 'UTF-16 (little-endian)', delimiter: '\t', header: true },
    });
    const fromBe = await runtime.imports.run(shop.domain, file('be.txt', be));
    expect(fromBe).toMatchObject({ rows: 1, accepted: 1, decisions: { duplicate: 1 } });
    expect((await runtime.invitationQueries.list(shop.domain))[0]?.name).toBe('José Álvarez');
  });

  it('reports every bad row with its own line number, after quoted newlines and headers in another order', async () => {
    const shop = await business();
    const text = [
      'reference number,customer email,customer name',
      'Q-1,quoted@example.com,"Anne ""Annie""',
      'Smith"',
      'Q-2,not-an-email,Bob',
      '',
      'Q#3,carol@example.com,Carol',
      ',dave@example.com,Dave',
      'Q-5,erin@example.com,Erin,extra',
      'Q-6,frank@example.com,Frank',
    ].join('\n');
    const report = await runtime.imports.run(shop.domain, file('ordered.csv', text));
    expect(report.rows).toBe(6);
    expect(report.accepted + report.rejected).toBe(report.rows);
    expect(report.errors.map((error) => [error.line, error.code])).toEqual([
      [4, 'csv_bad_email'],
      [6, 'csv_forbidden_reference_character'],
      [7, 'csv_missing_reference'],
      [8, 'csv_wrong_column_count'],
    ]);
    expect(report.errors[0]).toMatchObject({ column: 'customer email' });
    const names = (await runtime.invitationQueries.list(shop.domain))
      .map((invitation) => invitation.name)
      .sort();
    expect(names).toEqual(['Anne "Annie" Smith', 'Frank']);
  });

  it('merges product rows of one order into one invitation, and a second import of the file makes nothing new', async () => {
    const shop = await business();
    const text = [
      'customer email,customer name,reference number,SKU,product name,product URL,image URL',
      'pat@example.com,Pat,P-1,MUG-1,Mug,https://shop.example/mug,https://shop.example/mug.jpg',
      'sam@example.com,Sam,P-2,TEE-2,Tee,https://shop.example/tee,',
      'pat@example.com,Pat,P-1,TEE-2,Tee,https://shop.example/tee,',
      'pat@example.com,Pat,P-1,CAP-3,Cap,ftp://shop.example/cap,',
      'pat@example.com,Pat,P-1,MUG-1,Mug,https://shop.example/mug,',
    ].join('\n');
    const path1 = file('products.csv', text);
    const first = await runtime.imports.run(shop.domain, path1);
    expect(first.file.type).toBe('product');
    expect(first).toMatchObject({
      rows: 5,
      accepted: 4,
      rejected: 1,
      decisions: { scheduled: 2, merged: 1, duplicate: 1 },
    });
    expect(first.errors[0]).toMatchObject({ line: 5, code: 'csv_bad_url', column: 'product URL' });
    const invitations = await runtime.invitationQueries.list(shop.domain);
    expect(invitations).toHaveLength(2);
    const pat = invitations.find((invitation) => invitation.email === 'pat@example.com');
    expect(pat?.products.map((product) => product.sku)).toEqual(['MUG-1', 'TEE-2']);
    expect(pat?.kind).toBe('product');

    const again = await runtime.imports.run(shop.domain, path1);
    expect(again.importId).toBe(first.importId);
    expect(again.runs).toBe(2);
    expect(again.decisions).toEqual({ duplicate: 4 });
    expect(await runtime.invitationQueries.list(shop.domain)).toHaveLength(2);
  });

  it('runs an import cut off half-way again without duplicates', async () => {
    const shop = await business();
    const lines = ['customer email,customer name,reference number'];
    for (let index = 0; index < 12_000; index++)
      lines.push(`c${index}@example.com,Customer ${index},R-${index}`);
    const csv = file('large.csv', `${lines.join('\n')}\n`);
    let batches = 0;
    await expect(
      runtime.imports.run(shop.domain, csv, {
        onProgress: () => {
          if (++batches === 1) throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    const partial = (await runtime.imports.list(shop.domain))[0];
    expect(partial?.status).toBe('failed');
    expect(partial?.failure?.message).toBe('power cut');
    const before = (await runtime.invitationQueries.list(shop.domain, { limit: 10_000 })).length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(12_000);

    const resumed = await runtime.imports.run(shop.domain, csv);
    expect(resumed).toMatchObject({ status: 'completed', rows: 12_000, accepted: 12_000, runs: 2 });
    expect(resumed.decisions).toEqual({ duplicate: before, scheduled: 12_000 - before });
    const count = await runtime.store.db
      .selectFrom('invitations')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('business_id', '=', (await runtime.businesses.row(shop.domain)).id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(12_000);
  });

  it('reports the funnel decisions of a dry run, invites nobody, and keeps the report under its id', async () => {
    const shop = await business();
    const report = await runtime.imports.run(
      shop.domain,
      file('dry.csv', 'a@example.com,A,D-1\nb@example.com,B,D-2\nnot-an-email,C,D-3\n'),
      { dryRun: true },
    );
    expect(report).toMatchObject({ dryRun: true, accepted: 2, rejected: 1, decisions: { scheduled: 2 } });
    expect(await runtime.invitationQueries.list(shop.domain)).toEqual([]);
    // Not listed among the imports, but its report and rejected rows answer under the id it gave.
    expect(await runtime.imports.list(shop.domain)).toEqual([]);
    expect(await runtime.imports.get(shop.domain, report.importId)).toMatchObject({
      importId: report.importId,
      status: 'completed',
      dryRun: true,
      decisions: { scheduled: 2 },
    });
    const csv = [];
    for await (const piece of runtime.imports.rejectedRowsCsv(shop.domain, report.importId)) csv.push(piece);
    expect(csv.join('')).toContain('not-an-email');
  });

  /** Runs the file, keeping every row's decision by line. */
  async function decisionsOf(domain: string, target: string, dryRun: boolean) {
    const lines: { line: number; decision: string }[] = [];
    const report = await runtime.imports.run(domain, target, {
      dryRun,
      onDecided: (rows) => lines.push(...rows),
    });
    return { report, lines };
  }

  it('decides the product sample dry exactly as for real: the second product of an order is merged', async () => {
    const shop = await business();
    const sample = file(
      'product-invitations.csv',
      fs.readFileSync(new URL('../../docs/samples/product-invitations.csv', import.meta.url)),
    );
    const dry = await decisionsOf(shop.domain, sample, true);
    const real = await decisionsOf(shop.domain, sample, false);
    expect(real.report.decisions).toEqual({ scheduled: 3, merged: 1 });
    expect(dry.report.decisions).toEqual(real.report.decisions);
    expect(dry.lines).toEqual(real.lines);
    // The same file again: every row is already there, dry or not.
    const dryAgain = await decisionsOf(shop.domain, sample, true);
    const realAgain = await decisionsOf(shop.domain, sample, false);
    expect(realAgain.report.decisions).toEqual({ duplicate: 4 });
    expect(dryAgain.lines).toEqual(realAgain.lines);
  });

  it('decides a file of more than one batch dry exactly as for real, row by row', async () => {
    const plan = `dry-cap-${randomBytes(3).toString('hex')}`;
    await runtime.plans.set(plan, 5_003);
    // The default frequency rule applies here: a customer's second order within a year is too frequent.
    const shop = await runtime.businesses.create({
      name: 'Dry Shop',
      domain: `dry-${randomBytes(4).toString('hex')}.example`,
      plan,
    });
    const rows = ['first@example.com,First,R-1'];
    for (let index = 0; index < 5_001; index++) rows.push(`c${index}@example.com,C ${index},R-${index + 2}`);
    // After the first batch of 5,000: row 1 again, the same customer with another order, and rows over the cap.
    rows.push('first@example.com,First,R-1', 'first@example.com,First,R-9999');
    for (let index = 0; index < 3; index++) rows.push(`late${index}@example.com,Late,L-${index}`);
    const target = file('many.csv', `${rows.join('\n')}\n`);

    const dry = await decisionsOf(shop.domain, target, true);
    expect(await runtime.invitationQueries.list(shop.domain)).toEqual([]);
    const real = await decisionsOf(shop.domain, target, false);

    expect(real.report.rows).toBe(5_007);
    expect(real.lines).toHaveLength(5_007);
    expect(real.lines.slice(-5).map((row) => row.decision)).toEqual([
      'duplicate',
      'too_frequent',
      'scheduled',
      'over_cap',
      'over_cap',
    ]);
    expect(dry.report.decisions).toEqual(real.report.decisions);
    expect(dry.lines).toEqual(real.lines);
  });

  it('invites each customer once when two overlapping files are imported at the same time', async () => {
    const shop = await business();
    const lines = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, index) => `both${from + index}@example.com,B,BO-${from + index}`);
    // Two batches each, overlapping by 4,000 rows.
    const [left, right] = await Promise.all([
      runtime.imports.run(shop.domain, file('left.csv', `${lines(0, 7_000).join('\n')}\n`)),
      runtime.imports.run(shop.domain, file('right.csv', `${lines(3_000, 10_000).join('\n')}\n`)),
    ]);
    expect((left.decisions.scheduled ?? 0) + (right.decisions.scheduled ?? 0)).toBe(10_000);
    expect((left.decisions.duplicate ?? 0) + (right.decisions.duplicate ?? 0)).toBe(4_000);
    const counts = await runtime.store.db
      .selectFrom('invitations')
      .select((eb) => [
        eb.fn.countAll<number | string>().as('rows'),
        eb.fn.count<number | string>('email').distinct().as('emails'),
      ])
      .where('business_id', '=', (await runtime.businesses.row(shop.domain)).id)
      .executeTakeFirstOrThrow();
    expect([Number(counts.rows), Number(counts.emails)]).toEqual([10_000, 10_000]);
  });

  it('says why a file cannot be read at all', async () => {
    const shop = await business();
    const report = await runtime.imports.run(
      shop.domain,
      file('book.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x14, 0, 0, 0, 1, 2, 3])),
    );
    expect(report.status).toBe('unreadable');
    expect(report.failure?.code).toBe('csv_binary_file');
  });

  it('downloads the rejected rows with a reason, formulas neutralised', async () => {
    const shop = await business();
    const report = await runtime.imports.run(
      shop.domain,
      file('bad.csv', '=HYPERLINK("http://evil"),Eve,R-1\nok@example.com,+Bob,R#2\n'),
    );
    expect(report.rejected).toBe(2);
    let csv = '';
    for await (const piece of runtime.imports.rejectedRowsCsv(shop.domain, report.importId)) csv += piece;
    expect(csv.split(/\r?\n/)[0]).toMatch(
      /^\uFEFF?line,reason,customer email,customer name,reference number$/,
    );
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).toContain(`'+Bob`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('shows an import its process left running as stopped, and the same file again carries it on', async () => {
    const shop = await business();
    const path1 = file('orders.csv', 'ann@example.com,Ann,S-1\nbob@example.com,Bob,S-2\n');
    const report = await runtime.imports.run(shop.domain, path1);
    // What a restart mid-import leaves behind: the job still "running", silent since.
    const stoppedAt = Date.now() - IMPORT_STALLED_AFTER_MS - 1000;
    await runtime.store.db
      .updateTable('imports')
      .set({ status: 'running', finished_at: null, updated_at: stoppedAt })
      .where('id', '=', report.importId)
      .execute();

    const shown = await runtime.imports.get(shop.domain, report.importId);
    expect(shown.status).toBe('failed');
    expect(shown.failure).toMatchObject({ code: 'import_interrupted' });
    expect(shown.failure?.message).toContain(new Date(stoppedAt).toISOString());
    expect(shown.failure?.hint).toContain('Upload the same file again');
    expect((await runtime.imports.history(shop.domain))[0]?.status).toBe('failed');

    // One that wrote progress a moment ago is still running.
    await runtime.store.db
      .updateTable('imports')
      .set({ updated_at: Date.now() - 1000 })
      .where('id', '=', report.importId)
      .execute();
    expect((await runtime.imports.get(shop.domain, report.importId)).status).toBe('running');

    const again = await runtime.imports.run(shop.domain, path1);
    expect(again).toMatchObject({ importId: report.importId, status: 'completed', runs: 2 });
    expect(again.decisions).toMatchObject({ duplicate: 2 });
  });
});
