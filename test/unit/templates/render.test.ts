import { describe, expect, it } from 'vitest';
import {
  describeUnknownPlaceholders,
  findUnknownPlaceholders,
} from '../../../src/domain/templates/placeholders.js';
import { renderTemplate, type TemplateValues } from '../../../src/domain/templates/render.js';

const values: TemplateValues = {
  name: 'Jane <b>Doe</b> & Co',
  companyIdentifier: 'Acme',
  link: 'https://reviews.example.com/r/tok?x=1&y=2',
  starLinks: ['https://s/1', 'https://s/2', 'https://s/3', 'https://s/4', 'https://s/5'],
  starLabels: ['1 star', '2 stars', '3 stars', '4 stars', '5 stars'],
  products: [
    { name: 'Mug "Blue"', sku: 'MUG-1' },
    { name: '', sku: 'TEA-2' },
  ],
  domainName: 'acme.example',
  order: 'A-1',
  legalNotice: 'Acme Ltd, 1 Road',
};

describe('renderTemplate', () => {
  it('fills the text part with plain values and collapses the subject to one line', () => {
    const mail = renderTemplate(
      { subject: 'How was\n order [Order],  [Name]?', body: 'Hi [Name],\n\n[Link]\n\n[Products]' },
      values,
    );
    expect(mail.subject).toBe('How was order A-1, Jane <b>Doe</b> & Co?');
    expect(mail.text).toBe(
      'Hi Jane <b>Doe</b> & Co,\n\nhttps://reviews.example.com/r/tok?x=1&y=2\n\n- Mug "Blue"\n- TEA-2',
    );
  });

  it('escapes every value and the template’s own text in the HTML part', () => {
    const { html } = renderTemplate(
      { subject: 's', body: 'Dear [Name] <script>x</script>, from [CompanyIdentifier]\n\n[Link]' },
      values,
    );
    expect(html).toContain(
      'Dear Jane &lt;b&gt;Doe&lt;/b&gt; &amp; Co &lt;script&gt;x&lt;/script&gt;, from Acme',
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain(
      '<a href="https://reviews.example.com/r/tok?x=1&amp;y=2" style="color:#0b6e4f">https://reviews.example.com/r/tok?x=1&amp;y=2</a>',
    );
  });

  it('renders [Stars] and [Products] alone in a paragraph as blocks, not inside <p>', () => {
    const { html, text } = renderTemplate(
      { subject: 's', body: 'Rate us:\n\n[Stars]\n\n[Products]' },
      values,
    );
    expect(html).toContain('<p style="margin:0 0 16px">Rate us:</p><div');
    expect(html.match(/aria-label="(\d) stars?"/g)).toHaveLength(5);
    expect(html).toContain('href="https://s/5" title="5 stars"');
    expect(html).toContain('<ul><li>Mug &quot;Blue&quot;</li><li>TEA-2</li></ul>');
    expect(text.split('\n')[2]).toBe('★ https://s/1');
  });

  it('leaves a bracketed word that is not a placeholder as written, escaped', () => {
    const mail = renderTemplate({ subject: '[Sale] for [Name]', body: 'Use code [Code] <now>' }, values);
    expect(mail.subject).toBe('[Sale] for Jane <b>Doe</b> & Co');
    expect(mail.text).toBe('Use code [Code] <now>');
    expect(mail.html).toContain('Use code [Code] &lt;now&gt;');
  });
});

describe('placeholders', () => {
  it('finds unknown placeholders once each and suggests the one a case slip meant', () => {
    const unknown = findUnknownPlaceholders('[name] [Name] [Foo] [foo] [Foo] [LINK]');
    expect(unknown).toEqual([
      { found: '[name]', suggestion: '[Name]' },
      { found: '[Foo]', suggestion: undefined },
      { found: '[foo]', suggestion: undefined },
      { found: '[LINK]', suggestion: '[Link]' },
    ]);
    expect(describeUnknownPlaceholders(unknown.slice(0, 2))).toMatch(
      /^Unknown placeholders \[name\] \(did you mean \[Name\]\?\), \[Foo\]; the placeholders are \[Name\], /,
    );
  });
});
