import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { InboundMailServer } from '../../src/mail/inbound-server.js';
import type { Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

const silent = { info: () => undefined, error: () => undefined };

describe.each(ENGINES)('the Automatic Feedback Service on %s, over real SMTP', (engine) => {
  let runtime: Runtime;
  let server: InboundMailServer;
  let port = 0;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    server = new InboundMailServer({
      afs: runtime.afs,
      domain: 'afs.localhost',
      maxBytes: 1024 * 1024,
      tls: undefined,
      logger: silent,
    });
    port = await server.listen(0, '127.0.0.1');
    close = async () => {
      await server.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  const transport = () =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      tls: { rejectUnauthorized: false },
    });

  async function shop(): Promise<CreatedBusiness> {
    const created = await runtime.businesses.create({
      name: 'Mail Shop',
      domain: `mail-${randomBytes(4).toString('hex')}.example`,
    });
    await runtime.businesses.updateSettings(created.domain, { frequencyDays: null });
    return created;
  }

  /** Sends one order email BCC'd to the business, and waits until its processing is recorded. */
  async function send(business: CreatedBusiness, mail: SendMailOptions) {
    const sent = await transport().sendMail({
      from: 'Mail Shop <orders@shop.example>',
      bcc: business.afsAddress,
      ...mail,
    });
    expect(sent.response).toMatch(/^250/);
    for (;;) {
      const [latest] = await runtime.afs.list(business.domain, 1);
      if (latest && latest.status !== 'received') return latest;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const snippet = (fields: object) =>
    `<script type="application/json+trustpilot">${JSON.stringify(fields)}</script>`;

  it('reads the snippet from quoted-printable HTML, its values winning, and schedules a Verified afs invitation', async () => {
    const business = await shop();
    const html = `<html><body><p>${'Thank you for your order. '.repeat(8)}</p>${snippet({
      recipientEmail: 'snippet.buyer@example.com',
      recipientName: 'Sönke Snippet',
      referenceId: 'SNIP-1001',
      locale: 'de-DE',
      tags: ['summer'],
      products: [{ sku: 'MUG-1', name: 'Mug', productUrl: 'https://shop.example/mug' }],
    })}</body></html>`;
    const result = await send(business, {
      to: 'Other Person <other@example.com>',
      subject: 'Order #9999',
      html,
      textEncoding: 'quoted-printable',
    });
    expect(result).toMatchObject({ status: 'processed', decision: 'scheduled', from: 'orders@shop.example' });
    expect(result.extracted).toMatchObject({
      source: 'snippet',
      consumerEmail: 'snippet.buyer@example.com',
      reference: 'SNIP-1001',
    });
    const invitations = await runtime.invitationQueries.list(business.domain);
    expect(
      invitations
        .map((invitation) => [
          invitation.kind,
          invitation.channel,
          invitation.label,
          invitation.reference,
          invitation.locale,
        ])
        .sort(),
    ).toEqual([
      ['product', 'afs', 'verified', 'SNIP-1001', 'de-DE'],
      ['service', 'afs', 'verified', 'SNIP-1001', 'de-DE'],
    ]);
    // The delay applies: a week after the mail, by default.
    expect(Date.parse(invitations[0]?.sendAt ?? '') - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
  });

  it('reads the snippet from base64 HTML and from inside an HTML comment', async () => {
    const business = await shop();
    const base64 = await send(business, {
      to: 'x@example.com',
      subject: 'Order',
      html: `<p>Hi</p>${snippet({ recipientEmail: 'b64@example.com', recipientName: 'B', referenceId: 'B64-1' })}`,
      textEncoding: 'base64',
    });
    expect(base64).toMatchObject({
      status: 'processed',
      extracted: { consumerEmail: 'b64@example.com', reference: 'B64-1' },
    });
    const commented = await send(business, {
      to: 'x@example.com',
      subject: 'Order',
      html: `<p>Hi</p><!-- ${snippet({ recipientEmail: 'comment@example.com', recipientName: 'C', referenceId: 'COM-1' })} -->`,
    });
    expect(commented).toMatchObject({
      status: 'processed',
      extracted: { consumerEmail: 'comment@example.com', reference: 'COM-1' },
    });
  });

  it('falls back to the To header and the subject, and keeps a message with no reference with the reason', async () => {
    const business = await shop();
    const cases: [string, string | null][] = [
      ['Order #2111 confirmed', '2111'],
      ['Your order 2021-86574', '2021-86574'],
      ['Receipt #1999', '1999'],
      ['Receipt 1999', null],
    ];
    for (const [subject, reference] of cases) {
      const result = await send(business, {
        to: '"Jürgen Müller" <juergen@example.de>',
        subject,
        text: 'Thanks for your order.',
      });
      if (reference === null) {
        expect(result).toMatchObject({ status: 'kept', code: 'afs_no_reference' });
        expect(result.reason).toContain("no reference in the subject 'Receipt 1999'");
      } else {
        expect(result).toMatchObject({
          status: 'processed',
          extracted: {
            source: 'headers',
            reference,
            consumerName: 'Jürgen Müller',
            consumerEmail: 'juergen@example.de',
          },
        });
      }
    }
  });

  it('handles multipart mail with attachments, and keeps malformed MIME with what was wrong', async () => {
    const business = await shop();
    const withPdf = await send(business, {
      to: 'pdf@example.com',
      subject: 'Invoice 2024-INV-778',
      text: 'See attached.',
      html: '<p>See attached.</p>',
      attachments: [
        {
          filename: 'invoice.pdf',
          content: Buffer.from('%PDF-1.4 fake invoice'),
          contentType: 'application/pdf',
        },
      ],
    });
    expect(withPdf).toMatchObject({ status: 'processed', extracted: { reference: '2024-INV-778' } });

    const raw = [
      'From: orders@shop.example',
      'To: broken@example.com',
      'Subject: Order #5150',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="never-closed"',
      '',
      '--never-closed',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      'PGgxPkJyb2tlbiE8L2gx***not base64***',
      '',
    ].join('\r\n');
    const broken = await send(business, {
      envelope: { from: 'orders@shop.example', to: [business.afsAddress] },
      raw,
    });
    expect(broken.status).not.toBe('received');
    expect(JSON.stringify(broken.extracted)).toMatch(/boundary|base64/i);
  });

  it('answers 550 to an unknown address and refuses a message over the size limit', async () => {
    const business = await shop();
    const unknown = await transport()
      .sendMail({
        from: 'orders@shop.example',
        to: `${business.domain}+0000000000@afs.localhost`,
        subject: 'x',
        text: 'x',
      })
      .then(
        () => undefined,
        (error: unknown) => error as { responseCode?: number },
      );
    expect(unknown?.responseCode).toBe(550);
    const large = await transport()
      .sendMail({
        from: 'orders@shop.example',
        to: 'big@example.com',
        bcc: business.afsAddress,
        subject: 'Order #1',
        text: 'x'.repeat(2 * 1024 * 1024),
      })
      .then(
        () => undefined,
        (error: unknown) => error as { responseCode?: number },
      );
    expect(large?.responseCode).toBe(552);
    expect(await runtime.afs.list(business.domain)).toEqual([]);
  });

  it('gives a recipient on the business domain no invitation, and alerts once for a new sender', async () => {
    const business = await shop();
    const own = await send(business, { to: `test@${business.domain}`, subject: 'Order #4242', text: 'x' });
    expect(own).toMatchObject({ status: 'kept', code: 'afs_own_domain_recipient' });
    await send(business, { to: 'a@example.com', subject: 'Order #4243', text: 'x' });
    const alerts = await runtime.afs.alerts(business.domain);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.message).toContain('orders@shop.example');
  });

  it('processes a message stored before a stop when the listener starts again', async () => {
    const business = await shop();
    const raw = Buffer.from(
      'From: orders@shop.example\r\nTo: Late <late@example.com>\r\nSubject: Order #7777\r\n\r\nThanks\r\n',
    );
    // Stored, then the process "died" before processing: exactly the state after a 250 and a kill.
    const [id] = await runtime.afs.store([await runtime.businesses.row(business.domain)], raw, {
      via: 'smtp',
      envelopeFrom: 'orders@shop.example',
    });
    expect((await runtime.afs.list(business.domain))[0]).toMatchObject({ id, status: 'received' });
    const restarted = new InboundMailServer({
      afs: runtime.afs,
      domain: 'afs.localhost',
      maxBytes: 1024 * 1024,
      tls: undefined,
      logger: silent,
    });
    await restarted.listen(0, '127.0.0.1');
    await restarted.close();
    expect((await runtime.afs.list(business.domain))[0]).toMatchObject({
      id,
      status: 'processed',
      decision: 'scheduled',
    });
  });

  it('processes a message whose Subject and names hold NUL, escapes and bidi overrides, and saves its outcome', async () => {
    const business = await shop();
    const raw = [
      'From: "Orders\u202e" <orders@shop.example>',
      'To: "Nul\x00 Customer" <nul@example.com>',
      'Subject: Order #5151\x00 \x1b]0;pwned\x07confirmed',
      '',
      'Thanks',
      '',
    ].join('\r\n');
    const plain = await send(business, {
      envelope: { from: 'orders@shop.example', to: [business.afsAddress] },
      raw,
    });
    expect(plain).toMatchObject({ status: 'processed', decision: 'scheduled' });
    expect(plain.subject).toBe('Order #5151 ]0;pwnedconfirmed');
    expect(plain.extracted).toMatchObject({ consumerName: 'Nul Customer', reference: '5151' });

    // The same through an RFC 2047 encoded word and a snippet whose values hold NUL.
    const encoded = await send(business, {
      envelope: { from: 'orders@shop.example', to: [business.afsAddress] },
      raw: [
        'From: orders@shop.example',
        'To: enc@example.com',
        'Subject: =?UTF-8?Q?Order_#5152=00_done?=',
        'Content-Type: text/html; charset=utf-8',
        '',
        snippet({ recipientName: 'Snip\u0000pet', referenceId: 'NUL-5152', tags: ['a\u0000b'] }),
        '',
      ].join('\r\n'),
    });
    expect(encoded).toMatchObject({ status: 'processed', subject: 'Order #5152 done' });
    expect(encoded.extracted).toMatchObject({ consumerName: 'Snippet', reference: 'NUL-5152' });
    const [latest] = await runtime.afs.list(business.domain, 1);
    expect(latest?.status).toBe('processed');
  });

  it('uses a snippet sender only on the business domains, else the account sender, and says why', async () => {
    const business = await shop();
    const outsider = await send(business, {
      to: 'buyer@example.com',
      subject: 'Order #6161',
      html: snippet({ senderEmail: 'ceo@bank.example', replyTo: 'phish@evil.example', referenceId: 'S-1' }),
    });
    expect(outsider).toMatchObject({ status: 'processed', decision: 'scheduled' });
    expect(outsider.reason).toContain("The snippet's senderEmail ceo@bank.example is not on");
    expect(outsider.reason).toContain("The snippet's replyTo phish@evil.example is not on");
    const sent = async (invitationId: string | null) =>
      runtime.store.db
        .selectFrom('invitations')
        .select(['sender_email', 'reply_to'])
        .where('id', '=', invitationId ?? '')
        .executeTakeFirstOrThrow();
    expect(await sent(outsider.invitationId)).toEqual({ sender_email: null, reply_to: null });

    const own = await send(business, {
      to: 'buyer@example.com',
      subject: 'Order #6162',
      html: snippet({
        senderEmail: `reviews@mail.${business.domain}`,
        replyTo: 'help@partner.example',
        referenceId: 'S-2',
      }),
    });
    expect(await sent(own.invitationId)).toEqual({
      sender_email: `reviews@mail.${business.domain}`,
      reply_to: null,
    });

    await runtime.businesses.updateSettings(business.domain, { afsSenderDomains: ['partner.example'] });
    const listed = await send(business, {
      to: 'buyer@example.com',
      subject: 'Order #6163',
      html: snippet({ replyTo: 'help@partner.example', referenceId: 'S-3' }),
    });
    expect(await sent(listed.invitationId)).toEqual({ sender_email: null, reply_to: 'help@partner.example' });
    expect(listed.reason).not.toContain('is not on');
  });

  it('refuses mail to an address once it is rotated, and takes it at the new one', async () => {
    const business = await shop();
    const rotated = await runtime.businesses.rotateAfsAddress(business.domain);
    const refused = await transport()
      .sendMail({ from: 'orders@shop.example', to: business.afsAddress, subject: 'Order #1', text: 'x' })
      .then(
        () => undefined,
        (error: unknown) => error as { responseCode?: number },
      );
    expect(refused?.responseCode).toBe(550);
    const taken = await send(
      { ...business, afsAddress: rotated.afsAddress },
      {
        to: 'new@example.com',
        subject: 'Order #8181',
        text: 'x',
      },
    );
    expect(taken).toMatchObject({ status: 'processed', decision: 'scheduled' });
  });

  it('starts even when a stored message cannot be processed: it is marked failed with the reason', async () => {
    const business = await shop();
    const row = await runtime.businesses.row(business.domain);
    const message = (reference: string) =>
      Buffer.from(
        `From: orders@shop.example\r\nTo: Late <late-${reference}@example.com>\r\nSubject: Order #${reference}\r\n\r\nx\r\n`,
      );
    const meta = { via: 'smtp' as const, envelopeFrom: 'orders@shop.example' };
    const [poisoned] = await runtime.afs.store([row], message('9101'), meta);
    const [healthy] = await runtime.afs.store([row], message('9102'), meta);
    const [gone] = await runtime.afs.store([row], message('9103'), meta);
    // A received message whose raw text is gone can never be read; it must not be retried at every start.
    await runtime.store.db
      .updateTable('afs_messages')
      .set({ raw: null })
      .where('id', '=', gone ?? '')
      .execute();
    // The database refuses to record this message's outcome, as PostgreSQL refused a NUL before.
    const { db } = runtime.store;
    if (engine === 'sqlite') {
      await sql
        .raw(
          `create trigger poison before update on afs_messages when new.id = '${poisoned}' and new.status = 'processed' ` +
            "begin select raise(abort, 'poisoned message'); end",
        )
        .execute(db);
    } else {
      await sql
        .raw(
          `create function poison() returns trigger as $$ begin if new.id = '${poisoned}' and new.status = 'processed' ` +
            "then raise exception 'poisoned message'; end if; return new; end $$ language plpgsql",
        )
        .execute(db);
      await sql
        .raw('create trigger poison before update on afs_messages for each row execute function poison()')
        .execute(db);
    }
    const errors: object[] = [];
    const restarted = new InboundMailServer({
      afs: runtime.afs,
      domain: 'afs.localhost',
      maxBytes: 1024 * 1024,
      tls: undefined,
      logger: { info: () => undefined, error: (object) => errors.push(object) },
    });
    try {
      await restarted.listen(0, '127.0.0.1');
      await restarted.close();
    } finally {
      await sql.raw('drop trigger poison' + (engine === 'sqlite' ? '' : ' on afs_messages')).execute(db);
      if (engine === 'postgres') await sql.raw('drop function poison()').execute(db);
    }
    const byId = new Map((await runtime.afs.list(business.domain)).map((listed) => [listed.id, listed]));
    expect(byId.get(poisoned ?? '')).toMatchObject({ status: 'failed', code: 'afs_processing_failed' });
    expect(byId.get(poisoned ?? '')?.reason).toContain('poisoned message');
    expect(byId.get(healthy ?? '')).toMatchObject({ status: 'processed', decision: 'scheduled' });
    expect(byId.get(gone ?? '')).toMatchObject({ status: 'failed', code: 'afs_processing_failed' });
    expect(errors).toEqual([expect.objectContaining({ id: poisoned })]);
    // Nothing is left to retry: the next start processes nothing.
    expect(await runtime.afs.processPending()).toEqual({ processed: 0, failed: [] });
  });

  describe('over HTTP', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildApp(runtime);
    });
    afterAll(() => app.close());

    it('processes a raw MIME body posted to /afs/inbound/{token}', async () => {
      const business = await shop();
      const token = /\+([0-9a-f]{32})@/.exec(business.afsAddress)?.[1] ?? '';
      const raw =
        'From: orders@shop.example\r\nTo: Web Hook <hook@example.com>\r\nSubject: Order #3131\r\n\r\nThanks\r\n';
      const response = await app.inject({
        method: 'POST',
        url: `/afs/inbound/${token}`,
        headers: { 'content-type': 'message/rfc822' },
        payload: raw,
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        status: 'processed',
        decision: 'scheduled',
        extracted: { reference: '3131' },
      });
      const unknown = await app.inject({
        method: 'POST',
        url: '/afs/inbound/0000000000',
        headers: { 'content-type': 'message/rfc822' },
        payload: raw,
      });
      expect(unknown.statusCode).toBe(404);
      const listed = await app.inject({
        method: 'GET',
        url: '/api/v1/afs/messages',
        headers: { apikey: business.apiKey },
      });
      expect(listed.json<{ messages: { via: string }[] }>().messages[0]?.via).toBe('http');
    });
  });
});
