import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { AFS_MAX_MESSAGE_BYTES, parseInboundMail } from '../../../src/domain/afs/inbound-mail.js';
import { buildMail, fixture, MAIL_DATE, pseudoRandomBytes } from './mail-builder.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('parseInboundMail on well-formed mail', () => {
  it('reads headers, both bodies and the attachment of a multipart order confirmation', async () => {
    const raw = await buildMail({
      to: ['"Jane Doe" <jane@example.com>', 'Max <max@example.org>'],
      cc: 'Accounts <accounts@shop.example>',
      subject: 'Order #1001 confirmed',
      text: 'Thank you for order 1001.',
      html: '<p>Thank you for order 1001.</p>',
      attachments: [{ filename: 'invoice-1001.pdf', content: PDF, contentType: 'application/pdf' }],
    });
    const mail = await parseInboundMail(raw);
    expect(mail).toEqual({
      subject: 'Order #1001 confirmed',
      from: { address: 'orders@shop.example', name: 'Shop Example' },
      to: [
        { address: 'jane@example.com', name: 'Jane Doe' },
        { address: 'max@example.org', name: 'Max' },
      ],
      cc: [{ address: 'accounts@shop.example', name: 'Accounts' }],
      date: MAIL_DATE,
      messageId: '<order-confirmation-1@shop.example>',
      html: '<p>Thank you for order 1001.</p>',
      text: 'Thank you for order 1001.',
      attachmentCount: 1,
      attachmentNames: ['invoice-1001.pdf'],
      sizeBytes: raw.length,
      readable: true,
      problems: [],
    });
  });

  it('decodes an RFC 2047 display name', async () => {
    const raw = Buffer.from(
      'From: orders@shop.example\r\n' +
        'To: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>\r\n' +
        'Subject: =?ISO-8859-1?Q?Bestellbest=E4tigung_4711?=\r\n' +
        '\r\nDanke.\r\n',
    );
    const mail = await parseInboundMail(raw);
    expect(mail.to).toEqual([{ address: 'juergen@example.de', name: 'Jürgen Müller' }]);
    expect(mail.subject).toBe('Bestellbestätigung 4711');
    expect(mail.problems).toEqual([]);
  });

  it('takes a Uint8Array as well as a Buffer', async () => {
    const raw = await buildMail({ to: 'jane@example.com', subject: 'Order 1002', text: 'Thanks' });
    const mail = await parseInboundMail(new Uint8Array(raw));
    expect(mail.subject).toBe('Order 1002');
  });

  it('flattens address groups', async () => {
    const raw = Buffer.from(
      'From: a@shop.example\r\nTo: Customers: jane@example.com, max@example.org;\r\n\r\nx',
    );
    expect((await parseInboundMail(raw)).to.map((entry) => entry.address)).toEqual([
      'jane@example.com',
      'max@example.org',
    ]);
  });

  it('reads only the first maxBytes of an oversized message, and says so', async () => {
    const raw = await buildMail({
      to: 'jane@example.com',
      subject: 'Order 1003',
      html: '<p>Hi</p>',
      attachments: [{ filename: 'big.bin', content: Buffer.alloc(200_000, 7) }],
    });
    const mail = await parseInboundMail(raw, { maxBytes: 100_000 });
    expect(mail.subject).toBe('Order 1003');
    expect(mail.html).toBe('<p>Hi</p>');
    expect(mail.sizeBytes).toBe(raw.length);
    expect(mail.problems[0]).toBe(
      `The message is ${raw.length} bytes, over the limit of 100000; only the first 100000 bytes were read.`,
    );
    expect(AFS_MAX_MESSAGE_BYTES).toBe(10 * 1024 * 1024);
  });

  it('rejects a maxBytes that is not a positive whole number: a programming error, not a bad mail', async () => {
    await expect(parseInboundMail(Buffer.from('x'), { maxBytes: 0 })).rejects.toThrow(RangeError);
  });

  it('reads 8-bit header bytes without a charset as Windows-1252', async () => {
    const mail = await parseInboundMail(fixture('eight-bit-junk.eml'));
    expect(mail.to).toEqual([{ address: 'jose@example.com', name: 'José García' }]);
    expect(mail.subject).toBe('Bestellbestätigung 77120');
    expect(mail.from).toEqual({ address: 'orders@shop.example', name: 'Müller Shop' });
    expect(mail.problems).toEqual([
      'Some headers hold 8-bit characters without a declared character set; read them as Windows-1252.',
      'The HTML holds bytes that could not be decoded; some of it may be garbled.',
      'The message holds NUL bytes: part of it is binary data, not text.',
    ]);
  });
});

describe('parseInboundMail on malformed mail', () => {
  it('reads what it can of a multipart message that is never closed', async () => {
    const mail = await parseInboundMail(fixture('missing-closing-boundary.eml'));
    expect(mail.readable).toBe(true);
    expect(mail.subject).toBe('Order #5512 confirmed');
    expect(mail.text).toBe('Thank you for your order 5512.');
    expect(mail.html).toContain('application/json+trustpilot');
    expect(mail.problems).toEqual([
      'The multipart part with boundary "b1_cut" is never closed; the message may be truncated.',
    ]);
  });

  it('reports a base64 body with characters outside the alphabet', async () => {
    const mail = await parseInboundMail(fixture('invalid-base64.eml'));
    expect(mail.html).toBe('<p>Thank you!</p>');
    expect(mail.attachmentNames).toEqual(['invoice.pdf']);
    expect(mail.problems).toHaveLength(1);
    expect(mail.problems[0]).toMatch(
      /^A base64-encoded part has a character that is not base64 on line 18; its content is likely garbled\.$/,
    );
  });

  it('reads the headers of a message with no body', async () => {
    const mail = await parseInboundMail(fixture('header-only.eml'));
    expect(mail).toMatchObject({
      readable: true,
      subject: 'Order 4471 shipped',
      to: [{ address: 'jane@example.com', name: 'Jane Doe' }],
      html: undefined,
      problems: ['The message has headers only and no body.'],
    });
  });

  it('reports a multipart message without a boundary and a Date that is no date', async () => {
    const mail = await parseInboundMail(fixture('multipart-without-boundary.eml'));
    expect(mail.date).toBeUndefined();
    expect(mail.problems).toEqual([
      'The message is multipart/alternative but names no boundary, so its parts cannot be separated.',
      'The Date header "not a date at all" is not a date.',
    ]);
  });

  it('calls an empty buffer unreadable', async () => {
    const mail = await parseInboundMail(Buffer.alloc(0));
    expect(mail).toMatchObject({
      readable: false,
      sizeBytes: 0,
      to: [],
      problems: ['The message is empty.'],
    });
  });

  it('calls plain text without headers unreadable', async () => {
    const mail = await parseInboundMail(fixture('plain-text-not-mail.eml'));
    expect(mail.readable).toBe(false);
    expect(mail.problems).toEqual(['No mail header could be read: the data is not an email message.']);
  });

  it.each([1, 2, 3, 4, 5])('calls random bytes unreadable (seed %i)', async (seed) => {
    const mail = await parseInboundMail(pseudoRandomBytes(4096, seed));
    expect(mail.readable).toBe(false);
    expect(mail.problems).toContain('No mail header could be read: the data is not an email message.');
  });

  it('never rejects, whatever the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const mail = await parseInboundMail(bytes);
        expect(Array.isArray(mail.problems)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never rejects on a real message cut short or with bytes overwritten', async () => {
    const raw = await buildMail({
      to: '"Jane" <jane@example.com>',
      subject: 'Order 1004',
      text: 'Thanks',
      html: { content: `<p>${'é'.repeat(300)}</p>`, contentTransferEncoding: 'quoted-printable' },
      attachments: [{ filename: 'invoice.pdf', content: PDF }],
    });
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: raw.length }),
        fc.array(fc.tuple(fc.nat({ max: raw.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          maxLength: 20,
        }),
        async (cut, edits) => {
          const bytes = Buffer.from(raw.subarray(0, cut));
          for (const [index, value] of edits) if (index < bytes.length) bytes[index] = value;
          const mail = await parseInboundMail(bytes);
          expect(mail.sizeBytes).toBe(bytes.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
