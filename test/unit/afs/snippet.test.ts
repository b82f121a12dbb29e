import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { findSnippet, MAX_SNIPPET_CHARS, parseSnippet } from '../../../src/domain/afs/snippet.js';
import type { SnippetParse } from '../../../src/domain/afs/snippet.js';

const JSON_TEXT = '{"referenceId":"A-100"}';

function snippetJson(html: string): string | undefined {
  const found = findSnippet(html);
  return found.found ? found.json.trim() : undefined;
}

function parsedOk(json: string): Extract<SnippetParse, { ok: true }> {
  const parsed = parseSnippet(json);
  if (!parsed.ok) throw new Error(`Expected a usable snippet, got ${parsed.code}: ${parsed.reason}`);
  return parsed;
}

function parsedFailure(json: string): Extract<SnippetParse, { ok: false }> {
  const parsed = parseSnippet(json);
  if (parsed.ok) throw new Error('Expected the snippet to be unusable');
  return parsed;
}

describe('findSnippet', () => {
  it.each([
    ['double quotes', `<script type="application/json+trustpilot">${JSON_TEXT}</script>`],
    ['single quotes', `<script type='application/json+trustpilot'>${JSON_TEXT}</script>`],
    ['no quotes', `<script type=application/json+trustpilot>${JSON_TEXT}</script>`],
    ['upper case', `<SCRIPT TYPE="Application/JSON+Trustpilot">${JSON_TEXT}</SCRIPT>`],
    ['spaces around =', `<script  type = "application/json+trustpilot" >${JSON_TEXT}</script >`],
    [
      'extra attributes',
      `<script id="tp" data-x='a>b' type="application/json+trustpilot" async>${JSON_TEXT}</script>`,
    ],
    ['spaces in the value', `<script type=" application/json+trustpilot ">${JSON_TEXT}</script>`],
    ['line breaks in the tag', `<script\n\ttype="application/json+trustpilot"\n>\n  ${JSON_TEXT}\n</script>`],
    [
      'inside a comment',
      `<p>Hi</p><!--\n<script type="application/json+trustpilot">${JSON_TEXT}</script>\n-->`,
    ],
  ])('finds the snippet written with %s', (_label, html) => {
    expect(snippetJson(`<html><body><p>Thanks</p>${html}<p>Bye</p></body></html>`)).toBe(JSON_TEXT);
  });

  it('says whether the snippet sat in a comment', () => {
    const inComment = findSnippet(`<!-- <script type="application/json+trustpilot">{}</script> -->`);
    const outside = findSnippet(`<!-- note --><script type="application/json+trustpilot">{}</script>`);
    expect(inComment).toMatchObject({ found: true, inComment: true });
    expect(outside).toMatchObject({ found: true, inComment: false });
  });

  it.each([
    ['another type', `<script type="application/json">${JSON_TEXT}</script>`],
    ['JSON-LD', `<script type="application/ld+json">${JSON_TEXT}</script>`],
    ['no type', `<script>${JSON_TEXT}</script>`],
    ['a longer tag name', `<scripts type="application/json+trustpilot">${JSON_TEXT}</scripts>`],
    ['the type only in the text', `<p>type="application/json+trustpilot"</p>`],
    ['a tag that never ends', `<script type="application/json+trustpilot`],
  ])('finds nothing in %s', (_label, html) => {
    expect(findSnippet(html)).toEqual({ found: false });
  });

  it('reads the first snippet and counts the others', () => {
    const html =
      `<script type="application/json+trustpilot">{"referenceId":"1"}</script>` +
      `<script type="application/json+trustpilot">{"referenceId":"2"}</script>`;
    expect(findSnippet(html)).toEqual({
      found: true,
      json: '{"referenceId":"1"}',
      closed: true,
      inComment: false,
      ignored: 1,
    });
  });

  it('reports a snippet that is never closed', () => {
    expect(findSnippet(`<script type="application/json+trustpilot">{"referenceId":"1"}`)).toMatchObject({
      found: true,
      closed: false,
    });
  });

  it('finds the snippet after 2 MB of HTML quickly', () => {
    const html =
      '<div class="row"><script>var a = "<script";</script>'.repeat(40_000) +
      `<!-- <script type="application/json+trustpilot">${JSON_TEXT}</script> -->`;
    expect(html.length).toBeGreaterThan(2_000_000);
    const started = performance.now();
    expect(snippetJson(html)).toBe(JSON_TEXT);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('stays linear on hostile HTML: many script tags with unclosed quotes', () => {
    const html = '<script type="x '.repeat(200_000);
    const started = performance.now();
    expect(findSnippet(html)).toEqual({ found: false });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('never throws, whatever the HTML', () => {
    const pieces = fc.constantFrom(
      '<script',
      '</script>',
      ' type=',
      '"application/json+trustpilot"',
      "'",
      '"',
      '>',
      '<!--',
      '-->',
      '{',
      '}',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 40 }), (parts) => {
        const found = findSnippet(parts.join(''));
        if (found.found) expect(() => parseSnippet(found.json)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseSnippet', () => {
  it('reads every documented field', () => {
    const parsed = parsedOk(
      JSON.stringify({
        recipientEmail: ' Jane.Doe@Example.COM ',
        recipientName: '  Jane   Doe ',
        referenceId: 'A-100',
        templateId: '507f191e810c19729de860ea',
        productReviewInvitationTemplateId: '507f191e810c19729de860eb',
        locale: 'de_de',
        senderEmail: 'noreply@shop.example',
        senderName: 'Shop Example',
        replyTo: 'help@shop.example',
        preferredSendTime: '06/15/2025 10:00:00',
        productReviewInvitationPreferredSendTime: '2025-06-20T08:30:00Z',
        tags: ['vip', 'summer-sale'],
        products: [
          {
            sku: 'SKU-1',
            name: 'Blue mug',
            productUrl: 'https://shop.example/p/blue-mug?ref=mail&utm=1',
            imageUrl: 'https://cdn.shop.example/blue-mug.jpg',
            gtin: 4006381333931,
            mpn: 'BM-1',
            brand: 'Mugs & Co',
          },
        ],
        productSkus: ['SKU-2', 3],
      }),
    );
    expect(parsed).toEqual({
      ok: true,
      notes: [],
      snippet: {
        recipientEmail: 'jane.doe@example.com',
        recipientName: 'Jane Doe',
        referenceId: 'A-100',
        templateId: '507f191e810c19729de860ea',
        productReviewInvitationTemplateId: '507f191e810c19729de860eb',
        locale: 'de-DE',
        senderEmail: 'noreply@shop.example',
        senderName: 'Shop Example',
        replyTo: 'help@shop.example',
        preferredSendTime: Date.UTC(2025, 5, 15, 10, 0, 0),
        productReviewInvitationPreferredSendTime: Date.UTC(2025, 5, 20, 8, 30, 0),
        tags: ['vip', 'summer-sale'],
        products: [
          {
            sku: 'SKU-1',
            name: 'Blue mug',
            productUrl: 'https://shop.example/p/blue-mug?ref=mail&utm=1',
            imageUrl: 'https://cdn.shop.example/blue-mug.jpg',
            gtin: '4006381333931',
            mpn: 'BM-1',
            brand: 'Mugs & Co',
          },
        ],
        productSkus: ['SKU-2', '3'],
      },
    });
  });

  it('takes an empty object: every field then comes from elsewhere', () => {
    expect(parsedOk('{}')).toEqual({
      ok: true,
      notes: [],
      snippet: { tags: [], products: [], productSkus: [] },
    });
  });

  it('names the line and column of a trailing comma and does not accept it', () => {
    const failure = parsedFailure('{\n  "referenceId": "A-100",\n  "tags": ["vip",]\n}');
    expect(failure.code).toBe('afs_snippet_invalid');
    expect(failure.reason).toBe(
      'The snippet is not valid JSON: a comma follows the last item at line 3, column 17. ' +
        'JSON allows no trailing comma; remove it.',
    );
  });

  it('does not mistake a comma inside a string for a trailing comma', () => {
    expect(parsedOk('{"recipientName": "Doe, Jane }"}').snippet.recipientName).toBe('Doe, Jane }');
    expect(parsedFailure('{"recipientName": "Doe, Jane", }').reason).toContain('line 1, column 30');
  });

  it.each([
    [
      "{'referenceId': 'A-100'}",
      'a single quote at line 1, column 2. JSON strings and names need double quotes.',
    ],
    ['{“referenceId”: “A-100”}', 'a typographic quote (“) at line 1, column 2'],
    ['{referenceId: "A-100"}', 'The snippet is not valid JSON ('],
    ['{"referenceId": "A-100"', 'The snippet is not valid JSON ('],
    ['["A-100"]', 'The snippet is an array, not a JSON object'],
    ['"A-100"', 'The snippet is a string, not a JSON object'],
    ['null', 'The snippet is null, not a JSON object'],
    ['   ', 'The snippet is empty'],
  ])('turns down %s', (json, reason) => {
    const failure = parsedFailure(json);
    expect(failure.code).toBe('afs_snippet_invalid');
    expect(failure.reason).toContain(reason);
  });

  it('turns down a snippet over the size limit without parsing it', () => {
    const failure = parsedFailure(`{"referenceId":"${'1'.repeat(MAX_SNIPPET_CHARS)}"}`);
    expect(failure.reason).toMatch(/^The snippet is \d+ characters long; at most 1000000 are read\.$/);
  });

  it('reads a snippet hidden in <!-- --> or CDATA inside the script', () => {
    expect(parsedOk('<!-- {"referenceId": "A-1"} -->').snippet.referenceId).toBe('A-1');
    expect(parsedOk('<![CDATA[{"referenceId": "A-2"}]]>').snippet.referenceId).toBe('A-2');
  });

  it('reads an HTML-escaped snippet and no-break spaces, with a note', () => {
    const escaped = parsedOk(
      '{&quot;referenceId&quot;: &quot;A-1&quot;, &quot;recipientName&quot;: &quot;Tom &amp; Jerry&quot;}',
    );
    expect(escaped.snippet).toMatchObject({ referenceId: 'A-1', recipientName: 'Tom & Jerry' });
    expect(escaped.notes).toEqual([
      'The snippet is HTML-escaped (&quot;); read it anyway. Put the JSON in the script unescaped.',
    ]);
    const spaced = parsedOk('{"referenceId":\u00a0"A-2"}');
    expect(spaced.snippet.referenceId).toBe('A-2');
    expect(spaced.notes).toEqual([
      'The snippet holds no-break spaces (&nbsp;) where JSON needs plain spaces; read it anyway.',
    ]);
  });

  it('turns down a recipientEmail that is not an address rather than guess', () => {
    const failure = parsedFailure('{"recipientEmail": "jane.doe@example"}');
    expect(failure).toMatchObject({ ok: false, code: 'afs_bad_recipient' });
    expect(failure.reason).toContain('"jane.doe@example" is not an email address');
    expect(parsedFailure('{"recipientEmail": 42}').code).toBe('afs_bad_recipient');
  });

  it('names the forbidden character in a referenceId and where it came from', () => {
    const failure = parsedFailure('{"referenceId": "ORDER#1"}');
    expect(failure.code).toBe('afs_forbidden_reference_character');
    expect(failure.reason).toContain(
      `The reference "ORDER#1" from the email's snippet (referenceId) contains '#'`,
    );
  });

  it('turns down a referenceId that is too long or not text', () => {
    expect(parsedFailure(`{"referenceId": "${'A'.repeat(129)}"}`).code).toBe('afs_bad_reference');
    expect(parsedFailure('{"referenceId": {"id": 1}}').code).toBe('afs_bad_reference');
  });

  it('takes a referenceId written as a number', () => {
    expect(parsedOk('{"referenceId": 100234}').snippet.referenceId).toBe('100234');
  });

  it('counts "" and null as not given', () => {
    const parsed = parsedOk('{"recipientEmail": "", "referenceId": null, "recipientName": "  "}');
    expect(parsed.snippet).toEqual({ tags: [], products: [], productSkus: [] });
    expect(parsed.notes).toEqual(["The snippet's recipientEmail is empty, so it counts as not given."]);
  });

  it('leaves out optional fields that are wrong, and notes each', () => {
    const parsed = parsedOk(
      JSON.stringify({
        referenceId: 'A-100',
        senderEmail: 'not-an-address',
        replyTo: 'help@',
        locale: 'xx-YY',
        preferredSendTime: 'next tuesday',
        productReviewInvitationPreferredSendTime: '02/31/2025 10:00:00',
        templateId: 'x'.repeat(65),
        senderName: ['Shop'],
        tags: ['vip', 'summer sale', 7, 'vip', 'x'.repeat(65)],
        products: [
          { name: 'No SKU' },
          'SKU-9',
          { sku: 'SKU-1', productUrl: 'javascript:alert(1)', imageUrl: 'ftp://cdn/x.jpg', name: 'Mug' },
          { sku: 'SKU-1', name: 'Duplicate' },
        ],
        productSkus: 'SKU-2',
        ref: 'A-100',
        RecipientEmail: 'x@example.com',
        orderTotal: 12,
      }),
    );
    expect(parsed.snippet).toEqual({
      referenceId: 'A-100',
      tags: ['vip'],
      products: [{ sku: 'SKU-1', name: 'Mug' }],
      productSkus: [],
    });
    expect(parsed.notes).toEqual([
      `The snippet's unknown field(s) "ref" (did you mean "referenceId"?), "RecipientEmail" (did you mean ` +
        `"recipientEmail"?), "orderTotal" were ignored.`,
      `The snippet's templateId is 65 characters long, over 64; the account's template is used.`,
      `The snippet's locale "xx-YY" is not a locale Vouch supports; the account's locale is used.`,
      `The snippet's senderEmail: "not-an-address" is not an email address; it needs one @ and a domain with a ` +
        `dot, such as jane@example.com. The account's sender address is used.`,
      `The snippet's senderName ["Shop"] is not a string; the account's sender name is used.`,
      `The snippet's replyTo: "help@" is not an email address; it needs one @ and a domain with a dot, such as ` +
        `jane@example.com. The account's reply-to address is used.`,
      `The snippet's preferredSendTime "next tuesday" is not a time; write it in UTC as MM/DD/YYYY HH:mm:ss or ` +
        `ISO 8601. The account's delay is used.`,
      `The snippet's productReviewInvitationPreferredSendTime "02/31/2025 10:00:00" is not a time; write it in ` +
        `UTC as MM/DD/YYYY HH:mm:ss or ISO 8601. The account's delay is used.`,
      `The snippet's tag "summer sale" has a space, which a tag must not have; it was left out.`,
      `The snippet's tag 7 is not a string and was left out.`,
      `The snippet's tag "${'x'.repeat(65)}" is over 64 characters and was left out.`,
      `The snippet's product 1 has no usable "sku" and was left out; every product needs one.`,
      `The snippet's product 2 is a string, not an object, and was left out.`,
      `The snippet's product 3's productUrl "javascript:alert(1)" is not an http(s) URL and was left out.`,
      `The snippet's product 3's imageUrl "ftp://cdn/x.jpg" is not an http(s) URL and was left out.`,
      `The snippet's product 4 repeats the SKU "SKU-1" and was left out.`,
      `The snippet's productSkus "SKU-2" is not an array, so it was ignored; write ["…", "…"].`,
    ]);
  });

  it('keeps at most 20 tags', () => {
    const tags = Array.from({ length: 25 }, (_, index) => `t${index}`);
    const parsed = parsedOk(JSON.stringify({ tags }));
    expect(parsed.snippet.tags).toEqual(tags.slice(0, 20));
    expect(parsed.notes).toEqual(['The snippet has more than 20 tags; only the first 20 are kept.']);
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.json(), (json) => {
        expect(() => parseSnippet(json)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(() => parseSnippet(text)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});
