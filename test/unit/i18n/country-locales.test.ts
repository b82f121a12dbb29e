import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES } from '../../../src/domain/locales.js';
import { COUNTRY_LOCALES, localeFromHost } from '../../../src/i18n/index.js';

describe('COUNTRY_LOCALES', () => {
  it('maps the country hosts the brief names', () => {
    expect(COUNTRY_LOCALES).toMatchObject({
      uk: 'en-GB',
      gb: 'en-GB',
      ie: 'en-GB',
      au: 'en-GB',
      nz: 'en-GB',
      us: 'en-US',
      ca: 'en-US',
      de: 'de-DE',
      at: 'de-DE',
      ch: 'de-DE',
      fr: 'fr-FR',
      be: 'fr-FR',
      lu: 'fr-FR',
      es: 'es-ES',
      mx: 'es-ES',
      ar: 'es-ES',
      it: 'it-IT',
      nl: 'nl-NL',
      dk: 'da-DK',
      se: 'sv-SE',
      no: 'nb-NO',
      fi: 'fi-FI',
      pl: 'pl-PL',
      br: 'pt-BR',
      pt: 'pt-BR',
      jp: 'ja-JP',
    });
  });

  it('gives every supported locale a country host', () => {
    expect(new Set(Object.values(COUNTRY_LOCALES))).toEqual(new Set(SUPPORTED_LOCALES));
  });

  it('is the table docs/locales.md shows', () => {
    const doc = readFileSync(new URL('../../../docs/locales.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\|\s*`([a-z]{2})`\s*\|\s*`([a-z]{2}-[A-Z]{2})`\s*\|/gm)].map((match) => [
      match[1],
      match[2],
    ]);
    expect(Object.fromEntries(rows)).toEqual(COUNTRY_LOCALES);
    expect(rows).toHaveLength(Object.keys(COUNTRY_LOCALES).length);
  });
});

describe('localeFromHost', () => {
  it.each([
    ['de.localhost:3000', 'localhost', 'de-DE'],
    ['de.localhost', 'localhost:3000', 'de-DE'],
    ['UK.Reviews.Example.com', 'reviews.example.com', 'en-GB'],
    ['se.reviews.example.com.', 'reviews.example.com', 'sv-SE'],
    ['jp.reviews.example.com:8443', 'https://reviews.example.com:8443/', 'ja-JP'],
  ] as const)('%s on %s is %s', (host, publicHost, locale) => {
    expect(localeFromHost(host, publicHost)).toBe(locale);
  });

  it.each([
    ['fr-be.reviews.example.com', 'reviews.example.com', 'fr-FR'],
    ['nl-be.reviews.example.com', 'reviews.example.com', 'nl-NL'],
    ['NL-BE.localhost:3000', 'localhost', 'nl-NL'],
    ['de-ch.localhost', 'localhost', 'de-DE'],
    ['fr-ch.localhost', 'localhost', 'fr-FR'],
    ['it-ch.localhost', 'localhost', 'it-IT'],
    ['fr-ca.localhost', 'localhost', 'fr-FR'],
    ['en-ca.localhost', 'localhost', 'en-US'],
    ['en-ie.localhost', 'localhost', 'en-GB'],
    ['en-gb.localhost', 'localhost', 'en-GB'],
    ['pt-pt.localhost', 'localhost', 'pt-BR'],
    ['sv-fi.localhost', 'localhost', 'sv-SE'],
  ] as const)('the language host %s on %s is %s', (host, publicHost, locale) => {
    expect(localeFromHost(host, publicHost)).toBe(locale);
  });

  it.each([
    ['xx-be.localhost', 'localhost'],
    ['fr-.localhost', 'localhost'],
    ['fr-bel.localhost', 'localhost'],
    ['fra-be.localhost', 'localhost'],
    ['fr-be-x.localhost', 'localhost'],
    ['fr-be.a.localhost', 'localhost'],
  ])('%s on %s is no language host', (host, publicHost) => {
    expect(localeFromHost(host, publicHost)).toBeUndefined();
  });

  it.each([
    ['localhost:3000', 'localhost'],
    ['xx.localhost:3000', 'localhost'],
    ['api.localhost', 'localhost'],
    ['a.de.localhost', 'localhost'],
    ['de.evil-localhost', 'localhost'],
    ['de.localhost.evil.com', 'localhost'],
    ['constructor.localhost', 'localhost'],
    ['__proto__.localhost', 'localhost'],
    ['[::1]:3000', '::1'],
    ['', 'localhost'],
    ['de.localhost', ''],
    ['de.localhost', 'http://[bad'],
  ])('%s on %s has no locale', (host, publicHost) => {
    expect(localeFromHost(host, publicHost)).toBeUndefined();
  });
});
