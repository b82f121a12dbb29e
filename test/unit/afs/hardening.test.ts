import { describe, expect, it } from 'vitest';

import { isAfsAddress, isAllowedSenderAddress } from '../../../src/domain/afs/addresses.js';
import { extractInvitation } from '../../../src/domain/afs/extraction.js';
import type { AfsExtraction } from '../../../src/domain/afs/extraction.js';
import { parseInboundMail } from '../../../src/domain/afs/inbound-mail.js';
import { parseSnippet } from '../../../src/domain/afs/snippet.js';
import { parseSenderDomains } from '../../../src/domain/businesses/business-rules.js';
import { validateBusinessName } from '../../../src/domain/businesses/business-rules.js';
import { cleanLine } from '../../../src/domain/display-text.js';
import { validateReview } from '../../../src/domain/reviews/review-rules.js';
import { parseBuilt, snippetScript } from './mail-builder.js';

const BUSINESS = { domain: 'shop.example' };

function succeeded(result: AfsExtraction): Extract<AfsExtraction, { ok: true }> {
  if (!result.ok) throw new Error(`expected an invitation, got ${result.code}: ${result.reason}`);
  return result;
}

describe('cleanLine', () => {
  it('leaves out controls, bidi overrides and isolates, and lone surrogates; keeps letters and emoji', () => {
    expect(cleanLine('Jane Doe')).toBe('Jane Doe');
    expect(cleanLine('  Zoë 😀  Ünal ')).toBe('Zoë 😀 Ünal');
    expect(cleanLine('a\0b\x07c\x7fd\x9be')).toBe('abcde');
    expect(cleanLine('\x1b[31mred\x1b]0;title\x07')).toBe('[31mred]0;title');
    expect(cleanLine('invoice\u202egpj.exe')).toBe('invoicegpj.exe');
    expect(cleanLine('\u2066x\u2067y\u2068z\u2069 \u202a\u202b\u202c\u202d')).toBe('xyz');
    expect(cleanLine('lone \ud800 high, lone \udc00 low')).toBe('lone high, lone low');
    expect(cleanLine('one\r\ntwo\tthree\u2028four')).toBe('one two three four');
  });

  it('cleans business names and review titles, and an empty result is refused as empty', () => {
    expect(validateBusinessName('Acme\u202e Shop\x1b[2J')).toEqual({ ok: true, name: 'Acme Shop[2J' });
    expect(validateBusinessName('\u202e\x00')).toEqual({ ok: false, reason: 'the name is empty' });
    const review = validateReview(
      { rating: '5', title: 'Great\0 mug\u202e!', text: 'A really good mug.' },
      [],
    );
    expect(review.ok && review.review.title).toBe('Great mug!');
    const blank = validateReview({ rating: '5', title: '\u2066\x1b', text: 'A really good mug.' }, []);
    expect(blank.ok ? [] : blank.errors.map((error) => error.field)).toEqual(['title']);
  });
});

describe('AFS mail: names and subjects', () => {
  it('leaves NUL, escapes and bidi overrides out of the subject and the names, and notes it', async () => {
    const mail = await parseBuilt({
      from: '"Orders\u202e" <orders@shop.example>',
      to: '"Jane\x1b[31m Doe" <jane@example.com>',
      subject: 'Order #5151\x00 \x1b]0;pwned\x07 confirmed',
      text: 'Thanks',
    });
    expect(mail.subject).toBe('Order #5151 ]0;pwned confirmed');
    expect(mail.from?.name).toBe('Orders');
    expect(mail.problems).toContain('The subject holds control characters; they were left out.');
    const result = succeeded(extractInvitation(mail, BUSINESS));
    expect(result).toMatchObject({ consumerName: 'Jane[31m Doe', reference: '5151' });
  });

  it('cleans the snippet recipientName and senderName', () => {
    const parsed = parseSnippet(
      JSON.stringify({ recipientName: 'Ja\u202ene\0', senderName: 'Shop\x1b[0m', referenceId: 'A-1' }),
    );
    expect(parsed.ok && [parsed.snippet.recipientName, parsed.snippet.senderName]).toEqual([
      'Jane',
      'Shop[0m',
    ]);
  });
});

describe('AFS snippet diagnostics', () => {
  it('lists __proto__, constructor and toString as unknown fields with no suggestion', () => {
    const parsed = parseSnippet(
      '{"referenceId":"A-1","__proto__":{"x":1},"constructor":1,"toString":2,"hasOwnProperty":3}',
    );
    expect(parsed.ok).toBe(true);
    expect(parsed.notes).toEqual([
      `The snippet's unknown field(s) "__proto__", "constructor", "toString", "hasOwnProperty" were ignored.`,
    ]);
  });
});

describe('AFS sender and reply-to from a snippet', () => {
  const mailWith = (fields: Record<string, unknown>) =>
    parseBuilt({
      to: 'Jane <jane@example.com>',
      subject: 'Order #77',
      html: snippetScript({ referenceId: 'R-77', ...fields }),
    });

  it('takes addresses on the business domain or a subdomain', async () => {
    const result = succeeded(
      extractInvitation(
        await mailWith({ senderEmail: 'reviews@shop.example', replyTo: 'help@mail.shop.example' }),
        BUSINESS,
      ),
    );
    expect(result).toMatchObject({ senderEmail: 'reviews@shop.example', replyTo: 'help@mail.shop.example' });
    expect(result.refused).toEqual([]);
  });

  it('refuses any other address, uses the account settings, and says why', async () => {
    const result = succeeded(
      extractInvitation(
        await mailWith({ senderEmail: 'ceo@bank.example', replyTo: 'phish@shop.example.evil.example' }),
        BUSINESS,
      ),
    );
    expect(result.senderEmail).toBeUndefined();
    expect(result.replyTo).toBeUndefined();
    expect(result.refused).toEqual([
      "The snippet's senderEmail ceo@bank.example is not on shop.example, so the account's sender address is " +
        'used; allow its domain with: vouch business settings shop.example --afs-sender-domains DOMAIN.',
      "The snippet's replyTo phish@shop.example.evil.example is not on shop.example, so the account's reply-to " +
        'address is used; allow its domain with: vouch business settings shop.example --afs-sender-domains DOMAIN.',
    ]);
    expect(result.notes).toEqual(expect.arrayContaining(result.refused));
  });

  it('takes addresses on a domain the business listed, and its subdomains', async () => {
    const business = { ...BUSINESS, senderDomains: ['shop-mail.example'] };
    const result = succeeded(
      extractInvitation(
        await mailWith({ senderEmail: 'news@eu.shop-mail.example', replyTo: 'x@other.example' }),
        business,
      ),
    );
    expect(result.senderEmail).toBe('news@eu.shop-mail.example');
    expect(result.replyTo).toBeUndefined();
    expect(result.refused[0]).toContain('is not on shop.example or shop-mail.example');
  });

  it('judges addresses by their host, not by text around it', () => {
    expect(isAllowedSenderAddress('a@shop.example', BUSINESS)).toBe(true);
    expect(isAllowedSenderAddress('a@SHOP.EXAMPLE', BUSINESS)).toBe(true);
    expect(isAllowedSenderAddress('a@www.shop.example', { domain: 'www.shop.example' })).toBe(true);
    expect(isAllowedSenderAddress('a@notshop.example', BUSINESS)).toBe(false);
    expect(isAllowedSenderAddress('shop.example@evil.example', BUSINESS)).toBe(false);
    expect(isAllowedSenderAddress('a@shop.example.evil.example', BUSINESS)).toBe(false);
  });

  it('reads a list of sender domains as a person types it', () => {
    expect(parseSenderDomains(['Mail.Example, https://news.example/', 'mail.example'])).toEqual({
      ok: true,
      domains: ['mail.example', 'news.example'],
    });
    expect(parseSenderDomains([''])).toEqual({ ok: true, domains: [] });
    expect(parseSenderDomains(['not a domain!']).ok).toBe(false);
  });
});

describe('AFS addresses', () => {
  it('knows both the old 10-character tokens and the 32-character ones', () => {
    expect(isAfsAddress(`shop.example+${'a'.repeat(32)}@elsewhere.example`, BUSINESS)).toBe(true);
    expect(isAfsAddress('shop.example+0123456789@elsewhere.example', BUSINESS)).toBe(true);
    expect(isAfsAddress(`shop.example+${'a'.repeat(20)}@elsewhere.example`, BUSINESS)).toBe(false);
  });

  it('never reads a NUL in a raw message as the end of it', async () => {
    const mail = await parseInboundMail(
      Buffer.from('From: a@shop.example\r\nTo: b@example.com\r\nSubject: Order #1\x00\r\n\r\nx\r\n'),
    );
    expect(mail.subject).toBe('Order #1');
  });
});
