import { describe, expect, it } from 'vitest';
import {
  matchLocaleTag,
  negotiateLocale,
  parseAcceptLanguage,
  type LocaleNegotiationInput,
} from '../../../src/i18n/index.js';

const base: LocaleNegotiationInput = {
  host: 'localhost:3000',
  publicHost: 'localhost',
  businessDefault: 'nl-NL',
};

function negotiate(overrides: Partial<LocaleNegotiationInput>) {
  return negotiateLocale({ ...base, ...overrides });
}

describe('negotiateLocale', () => {
  it('takes a country host first, port and all, over link and header', () => {
    expect(negotiate({ host: 'de.localhost:3000', linkLocale: 'fr-FR', acceptLanguage: 'ja' })).toEqual({
      locale: 'de-DE',
      source: 'host',
    });
    expect(negotiate({ host: 'SE.Localhost' })).toEqual({ locale: 'sv-SE', source: 'host' });
  });

  it('ignores an unknown country code and the bare public host', () => {
    expect(negotiate({ host: 'xx.localhost:3000', acceptLanguage: 'fi' })).toEqual({
      locale: 'fi-FI',
      source: 'accept-language',
    });
    expect(negotiate({ host: 'localhost:3000' })).toEqual({ locale: 'nl-NL', source: 'business' });
  });

  it('takes the link locale next, before the header', () => {
    expect(negotiate({ linkLocale: 'da-DK', acceptLanguage: 'de' })).toEqual({
      locale: 'da-DK',
      source: 'link',
    });
    expect(negotiate({ linkLocale: 'en_gb' })).toEqual({ locale: 'en-GB', source: 'link' });
    expect(negotiate({ linkLocale: 'pt' })).toEqual({ locale: 'pt-BR', source: 'link' });
  });

  it('passes over a link locale it cannot serve', () => {
    expect(negotiate({ linkLocale: 'zh-CN', acceptLanguage: 'it' })).toEqual({
      locale: 'it-IT',
      source: 'accept-language',
    });
    expect(negotiate({ linkLocale: '' })).toEqual({ locale: 'nl-NL', source: 'business' });
  });

  it.each([
    ['de-CH,de;q=0.9,en;q=0.8', 'de-DE'],
    ['en-GB', 'en-GB'],
    ['en-AU', 'en-GB'],
    ['en-IE,en;q=0.5', 'en-GB'],
    ['en', 'en-US'],
    ['en-US', 'en-US'],
    ['en-CA', 'en-US'],
    ['pt', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['nn', 'nb-NO'],
    ['no', 'nb-NO'],
    ['nb', 'nb-NO'],
    ['da', 'da-DK'],
    ['sv-FI', 'sv-SE'],
    ['ja', 'ja-JP'],
    ['es-MX', 'es-ES'],
    ['fr-CA,en-US;q=0.9', 'fr-FR'],
    ['zh-CN,zh;q=0.9,pl;q=0.8', 'pl-PL'],
    ['en;q=0.3, fi;q=0.7', 'fi-FI'],
    ['de;q=0, en-gb', 'en-GB'],
  ] as const)('reads Accept-Language %j as %s', (acceptLanguage, locale) => {
    expect(negotiate({ acceptLanguage })).toEqual({ locale, source: 'accept-language' });
  });

  it.each([
    '*',
    'de;q=0',
    'zh-CN,ko;q=0.9',
    ';;;,,,',
    'de;q=abc',
    'de;q=2',
    '\u0000\uffff',
    'x'.repeat(10_000),
    'de-'.repeat(5_000),
    '',
  ])('falls back to the business default for %j', (acceptLanguage) => {
    expect(negotiate({ acceptLanguage })).toEqual({ locale: 'nl-NL', source: 'business' });
  });

  it('never throws on garbage of the wrong type', () => {
    const garbage = {
      host: 42,
      publicHost: null,
      linkLocale: {},
      acceptLanguage: [7, null],
      businessDefault: 'fr-FR',
    };
    expect(negotiateLocale(garbage as unknown as LocaleNegotiationInput)).toEqual({
      locale: 'fr-FR',
      source: 'business',
    });
    expect(negotiate({ host: undefined, acceptLanguage: ['fr', 'de'] })).toEqual({
      locale: 'fr-FR',
      source: 'accept-language',
    });
  });
});

describe('parseAcceptLanguage', () => {
  it('orders by q, keeps the header order for equal q and drops q=0 and *', () => {
    expect(parseAcceptLanguage('fr;q=0.5, de , *;q=0.9, en;q=0.5, it;q=0, es;q=1.0')).toEqual([
      'de',
      'es',
      'fr',
      'en',
    ]);
  });
});

describe('matchLocaleTag', () => {
  it('prefers the exact locale, then the language', () => {
    expect(matchLocaleTag('en-gb')).toBe('en-GB');
    expect(matchLocaleTag('en-Latn-AU')).toBe('en-GB');
    expect(matchLocaleTag('en-001')).toBe('en-GB');
    expect(matchLocaleTag('de-AT')).toBe('de-DE');
    expect(matchLocaleTag('ko')).toBeUndefined();
    expect(matchLocaleTag('constructor')).toBeUndefined();
    expect(matchLocaleTag('__proto__')).toBeUndefined();
  });
});
