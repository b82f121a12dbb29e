import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import { ImportRepository } from '../../src/store/repositories/import.repository.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

/**
 * Erasing a customer's data reaches what names them without an invitation: a file's rejected rows and BCC
 * mail that became no invitation. Other customers' rows and messages keep their content.
 */
describe.each(ENGINES)(
  'erasing invitation data reaches rejected rows and unlinked BCC mail (%s)',
  (engine) => {
    let runtime: Runtime;
    let close: () => Promise<void>;
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-erase-'));
    beforeAll(async () => {
      const opened = await openTestRuntime(engine);
      runtime = opened.runtime;
      close = async () => {
        await opened.close();
        fs.rmSync(folder, { recursive: true, force: true });
      };
    });
    afterAll(() => close());

    async function business(): Promise<CreatedBusiness> {
      return runtime.businesses.create({
        name: 'Erasing',
        domain: `erase-${randomBytes(4).toString('hex')}.example`,
      });
    }

    /** A file whose rows for Ann and Bob are rejected (a reference Vouch refuses), with Cy's accepted. */
    async function importWithRejections(shop: CreatedBusiness): Promise<string> {
      const file = path.join(folder, `${randomBytes(4).toString('hex')}.csv`);
      fs.writeFileSync(
        file,
        'Ann_Smith@Customer.example,Ann Smith,A*1\nbob@customer.example,Bob Jones,B*2\ncy@customer.example,Cy Young,C-3\n',
      );
      const { importId, done } = await runtime.imports.start(shop.domain, file);
      expect(await done).toMatchObject({ accepted: 1, rejected: 2 });
      return importId;
    }

    async function rejectedCells(importId: string): Promise<string[][]> {
      const rows: string[][] = [];
      for await (const row of new ImportRepository(runtime.store.db).rejections(importId))
        rows.push(row.cells);
      return rows;
    }

    /** A BCC message with no order reference: kept, naming its customer, with no invitation. */
    async function unlinkedMail(shop: CreatedBusiness, to: string): Promise<string> {
      const raw = Buffer.from(
        `From: orders@shop.example\r\nTo: ${to}\r\nSubject: Thanks for shopping\r\n\r\nSee you soon\r\n`,
      );
      const [id = ''] = await runtime.afs.store([await runtime.businesses.row(shop.domain)], raw, {
        via: 'http',
        envelopeFrom: 'orders@shop.example',
      });
      expect(await runtime.afs.process(id)).toMatchObject({ status: 'kept', code: 'afs_no_reference' });
      return id;
    }

    async function mailContent(id: string) {
      return runtime.store.db
        .selectFrom('afs_messages')
        .select(['raw', 'extracted', 'subject', 'status', 'code'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    }

    it('by email: the named customer loses their rejected row and their mail; the others keep theirs', async () => {
      const shop = await business();
      const importId = await importWithRejections(shop);
      const annMail = await unlinkedMail(shop, 'Ann Smith <ann_smith@customer.example>');
      const bobMail = await unlinkedMail(shop, 'Bob Jones <bob@customer.example>');
      // An underscore is a LIKE wildcard: "annxsmith" must not be matched by "ann_smith".
      const lookalike = await unlinkedMail(shop, 'annxsmith@customer.example');

      await runtime.hostedInvitations.deleteInvitationData(shop.id, {
        customerEmails: ['ann_smith@customer.example'],
      });

      expect(await rejectedCells(importId)).toEqual([[], ['bob@customer.example', 'Bob Jones', 'B*2']]);
      expect(await mailContent(annMail)).toMatchObject({
        raw: null,
        extracted: null,
        subject: null,
        status: 'kept',
        code: 'afs_no_reference',
      });
      expect((await mailContent(bobMail)).raw?.toString()).toContain('bob@customer.example');
      expect((await mailContent(lookalike)).raw?.toString()).toContain('annxsmith@customer.example');
    });

    it('by date: rejected rows of older imports and older unlinked mail lose their content', async () => {
      const shop = await business();
      const importId = await importWithRejections(shop);
      const mail = await unlinkedMail(shop, 'dee@customer.example');

      await runtime.hostedInvitations.deleteInvitationData(shop.id, {
        deleteOlderThan: new Date(Date.now() + 60_000).toISOString(),
      });

      expect(await rejectedCells(importId)).toEqual([[], []]);
      expect(await mailContent(mail)).toMatchObject({ raw: null, extracted: null, subject: null });
    });

    it("leaves another business's rejected rows and mail alone", async () => {
      const mine = await business();
      const theirs = await business();
      const theirImport = await importWithRejections(theirs);
      const theirMail = await unlinkedMail(theirs, 'bob@customer.example');

      await runtime.hostedInvitations.deleteInvitationData(mine.id, {
        customerEmails: ['bob@customer.example', 'ann_smith@customer.example'],
      });
      await runtime.hostedInvitations.deleteInvitationData(mine.id, {
        deleteOlderThan: new Date(Date.now() + 60_000).toISOString(),
      });

      expect(await rejectedCells(theirImport)).toHaveLength(2);
      expect((await rejectedCells(theirImport))[1]).toContain('bob@customer.example');
      expect((await mailContent(theirMail)).raw?.toString()).toContain('bob@customer.example');
    });
  },
);
