import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES } from '../../../src/domain/locales.js';
import { CATALOGS, enUS, type MessageKey } from '../../../src/i18n/catalogs/index.js';
import { PLURAL_FORMS } from '../../../src/i18n/index.js';

const EMAIL_PLACEHOLDERS = [
  '[Name]',
  '[CompanyIdentifier]',
  '[Link]',
  '[Stars]',
  '[Products]',
  '[DomainName]',
  '[Order]',
  '[LegalNotice]',
];

const sourceKeys = Object.keys(enUS).sort();
const translations = SUPPORTED_LOCALES.filter((locale) => locale !== 'en-US');

/** `{name}` placeholders, sorted, each once. */
function params(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? ''))].sort();
}

/** `[Word]` placeholders, sorted, with repeats. */
function bracketed(text: string): string[] {
  return [...text.matchAll(/\[[A-Za-z]+\]/g)].map((match) => match[0]).sort();
}

describe('message catalogs', () => {
  it('has a catalog for every supported locale and nothing else', () => {
    expect(Object.keys(CATALOGS).sort()).toEqual([...SUPPORTED_LOCALES].sort());
  });

  it.each(SUPPORTED_LOCALES)('%s has exactly the keys of en-US', (locale) => {
    expect(Object.keys(CATALOGS[locale]).sort()).toEqual(sourceKeys);
  });

  it.each(SUPPORTED_LOCALES)('%s has no empty or padded text', (locale) => {
    for (const [key, text] of Object.entries(CATALOGS[locale])) {
      expect(text.trim(), `${locale} ${key}`).not.toBe('');
      expect(text, `${locale} ${key}`).toBe(text.trim());
    }
  });

  it.each(translations)('%s keeps the {param} placeholders of en-US', (locale) => {
    for (const key of sourceKeys as MessageKey[]) {
      expect(params(CATALOGS[locale][key]), `${locale} ${key}`).toEqual(params(enUS[key]));
    }
  });

  it.each(SUPPORTED_LOCALES)('%s has no stray brace (a mistyped placeholder)', (locale) => {
    for (const [key, text] of Object.entries(CATALOGS[locale])) {
      expect(text.replace(/\{\w+\}/g, ''), `${locale} ${key}`).not.toMatch(/[{}]/);
    }
  });

  it.each(translations)('%s keeps every [Placeholder] of en-US, verbatim and as often', (locale) => {
    for (const key of sourceKeys as MessageKey[]) {
      expect(bracketed(CATALOGS[locale][key]), `${locale} ${key}`).toEqual(bracketed(enUS[key]));
    }
  });

  it.each(SUPPORTED_LOCALES)('%s uses only the template placeholders of compat §7', (locale) => {
    for (const [key, text] of Object.entries(CATALOGS[locale])) {
      for (const placeholder of bracketed(text)) {
        expect(EMAIL_PLACEHOLDERS, `${locale} ${key}`).toContain(placeholder);
      }
    }
  });

  it.each(SUPPORTED_LOCALES)(
    '%s invitation emails greet by [Name], give [Stars] or [Products] a line and end with [LegalNotice]',
    (locale) => {
      const catalog = CATALOGS[locale];
      const bodies = {
        invitation: catalog['email.invitation.body'],
        productInvitation: catalog['email.productInvitation.body'],
        reminder: catalog['email.reminder.body'],
      };
      for (const [kind, body] of Object.entries(bodies)) {
        const lines = body.split('\n');
        expect(lines[0], kind).toContain('[Name]');
        expect(lines, kind).toContain(kind === 'productInvitation' ? '[Products]' : '[Stars]');
        expect(lines.slice(-2), kind).toEqual(['', '[LegalNotice]']);
        expect(body, kind).toContain('[Order]');
        expect(body, kind).toContain('[Link]');
      }
    },
  );

  it('gives every counted message all plural forms, each with {count}', () => {
    const bases = sourceKeys
      .filter((key) => key.endsWith('.other'))
      .map((key) => key.slice(0, -'.other'.length));
    expect(bases).toContain('public.reviewCount');
    for (const base of bases) {
      for (const form of PLURAL_FORMS) {
        expect(sourceKeys, base).toContain(`${base}.${form}`);
        expect(params(enUS[`${base}.${form}` as MessageKey]), `${base}.${form}`).toContain('count');
      }
    }
  });

  it('keeps the link error free of technical detail', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const texts = [CATALOGS[locale]['linkError.body'], CATALOGS[locale]['linkError.bodyGeneric']].join(' ');
      expect(texts, locale).not.toMatch(/hmac|hash|signature|base64|decrypt|token|secret|key\b/i);
    }
  });

  it('spells en-GB the British way where it differs', () => {
    expect(CATALOGS['en-US']['labelsPage.title']).toBe('How reviews are labeled');
    expect(CATALOGS['en-GB']['labelsPage.title']).toBe('How reviews are labelled');
  });
});
