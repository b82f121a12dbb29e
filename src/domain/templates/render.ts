import { escapeHtml } from '../../shared/escape-html.js';
import { PLACEHOLDER_PATTERN, type Placeholder } from './placeholders.js';

export interface TemplateText {
  subject: string;
  body: string;
}

export interface TemplateValues {
  name: string;
  companyIdentifier: string;
  link: string;
  /** Five links, for 1 to 5 stars: each opens the form with that rating chosen. */
  starLinks: readonly [string, string, string, string, string];
  /** Accessible labels for the five star links ("1 star" … "5 stars"), in the email's language. */
  starLabels: readonly [string, string, string, string, string];
  products: readonly { name: string; sku: string }[];
  domainName: string;
  order: string;
  legalNotice: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Fills a template. The text part gets plain values; the HTML part escapes every value and the template's
 * own text, and turns [Link], [Stars] and [Products] into markup. An unknown bracketed word is left as
 * written (templates are checked when saved, so this only happens for text that merely looks like one).
 */
export function renderTemplate(template: TemplateText, values: TemplateValues): RenderedEmail {
  const subject = fill(template.subject, (name) => plainValue(name, values))
    .replace(/\s+/g, ' ')
    .trim();
  const text = fill(template.body, (name) => plainValue(name, values));
  const html = htmlDocument(
    paragraphs(template.body).map((paragraph) => {
      const inner = fillEscaped(paragraph, (name) => htmlValue(name, values));
      return isBlockOnly(paragraph) ? inner : `<p style="margin:0 0 16px">${inner}</p>`;
    }),
  );
  return { subject, text, html };
}

function fill(text: string, value: (name: Placeholder) => string | undefined): string {
  return text.replace(PLACEHOLDER_PATTERN, (whole, name: string) => value(name as Placeholder) ?? whole);
}

/** Escapes the template's own text while replacing placeholders with ready markup. */
function fillEscaped(text: string, value: (name: Placeholder) => string | undefined): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
    const index = match.index;
    out += escapeHtml(text.slice(last, index)).replaceAll('\n', '<br>');
    out += value(match[1] as Placeholder) ?? escapeHtml(match[0]);
    last = index + match[0].length;
  }
  return out + escapeHtml(text.slice(last)).replaceAll('\n', '<br>');
}

function plainValue(name: Placeholder, values: TemplateValues): string | undefined {
  switch (name) {
    case 'Name':
      return values.name;
    case 'CompanyIdentifier':
      return values.companyIdentifier;
    case 'Link':
      return values.link;
    case 'Stars':
      return values.starLinks.map((link, index) => `${'★'.repeat(index + 1)} ${link}`).join('\n');
    case 'Products':
      return values.products.map((product) => `- ${product.name || product.sku}`).join('\n');
    case 'DomainName':
      return values.domainName;
    case 'Order':
      return values.order;
    case 'LegalNotice':
      return values.legalNotice;
  }
}

function htmlValue(name: Placeholder, values: TemplateValues): string | undefined {
  switch (name) {
    case 'Link':
      return `<a href="${escapeHtml(values.link)}" style="color:#0b6e4f">${escapeHtml(values.link)}</a>`;
    case 'Stars':
      return `<div style="margin:8px 0 16px;font-size:32px;line-height:1">${values.starLinks
        .map(
          (link, index) =>
            `<a href="${escapeHtml(link)}" title="${escapeHtml(values.starLabels[index] ?? '')}" aria-label="${escapeHtml(values.starLabels[index] ?? '')}" style="color:#f5a623;text-decoration:none">★</a>`,
        )
        .join('&#8202;')}</div>`;
    case 'Products':
      return `<ul>${values.products.map((product) => `<li>${escapeHtml(product.name || product.sku)}</li>`).join('')}</ul>`;
    case 'LegalNotice':
      return `<span style="color:#666;font-size:12px">${escapeHtml(values.legalNotice)}</span>`;
    case 'Name':
    case 'CompanyIdentifier':
    case 'DomainName':
    case 'Order':
      return escapeHtml(plainValue(name, values) ?? '');
  }
}

function paragraphs(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

/** A paragraph that is only [Stars] or [Products] renders as its block, not inside a <p>. */
function isBlockOnly(paragraph: string): boolean {
  return paragraph === '[Stars]' || paragraph === '[Products]';
}

function htmlDocument(blocks: string[]): string {
  return `<!doctype html><html><body style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:600px;margin:0 auto;padding:24px">${blocks.join('')}</body></html>`;
}
