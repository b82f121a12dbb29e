import { describe, expect, it } from 'vitest';
import { html, unsafeRaw } from '../../src/views/html.js';

describe('html templates', () => {
  it('escapes every interpolated value by default', () => {
    const title = '"><img src=x onerror=alert(1)><script>alert(2)</script>';
    expect(html`<p title="${title}">${title}</p>`.toString()).toBe(
      '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;</p>',
    );
  });

  it('nests templates and arrays without escaping twice', () => {
    const items = ['<a>', 'b&c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>`.toString()).toBe('<ul><li>&lt;a&gt;</li><li>b&amp;c</li></ul>');
    expect(html`${unsafeRaw('<b>x</b>')}${null}${false}${0}`.toString()).toBe('<b>x</b>0');
  });
});
