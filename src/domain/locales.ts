/** The locales Vouch's pages and emails are written in. The first is the fallback. */
export const SUPPORTED_LOCALES = [
  'en-US',
  'en-GB',
  'de-DE',
  'fr-FR',
  'es-ES',
  'it-IT',
  'nl-NL',
  'da-DK',
  'sv-SE',
  'nb-NO',
  'fi-FI',
  'pl-PL',
  'pt-BR',
  'ja-JP',
] as const;

export type Locale = (typeof SUPPORTED_LOCALES)[number];

const byLowerCase = new Map<string, Locale>(
  SUPPORTED_LOCALES.map((locale) => [locale.toLowerCase(), locale]),
);

/** Accepts `de-de`, `de_DE` or `de-DE`; returns the canonical form, or undefined when unsupported. */
export function parseLocale(value: string): Locale | undefined {
  return byLowerCase.get(value.trim().replace('_', '-').toLowerCase());
}
