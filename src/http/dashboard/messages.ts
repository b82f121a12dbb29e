import { SUPPORTED_LOCALES, type Locale } from '../../domain/locales.js';

/**
 * The dashboard's words. Each page module keeps its own English messages (complete) and, per locale, the
 * translations it has; a key a locale lacks falls back to English, key by key. Every set registers here,
 * so a test can list what each locale still lacks (docs/locales.md, "Dashboard").
 */
export interface MessageSet<K extends string> {
  name: string;
  english: Readonly<Record<K, string>>;
  translations: Readonly<Partial<Record<Locale, Partial<Record<K, string>>>>>;
}

const REGISTRY: MessageSet<string>[] = [];

export type Translate<K extends string> = (
  key: K,
  params?: Readonly<Record<string, string | number>>,
) => string;

export interface Messages<K extends string> {
  set: MessageSet<K>;
  /** The words of one locale, English where it has none of its own for a key. */
  in(locale: Locale): Translate<K>;
}

const PLACEHOLDER = /\{(\w+)\}/g;

export function defineMessages<K extends string>(
  name: string,
  english: Readonly<Record<K, string>>,
  translations: MessageSet<K>['translations'] = {},
): Messages<K> {
  const set: MessageSet<K> = { name, english, translations };
  REGISTRY.push(set);
  return {
    set,
    in(locale) {
      const own: Partial<Record<K, string>> = translations[locale] ?? {};
      return (key, params) => {
        const template = own[key] ?? english[key];
        if (!params) return template;
        return template.replace(PLACEHOLDER, (whole: string, param: string) => {
          const value = Object.hasOwn(params, param) ? params[param] : undefined;
          if (value === undefined) return whole;
          return typeof value === 'number' ? value.toLocaleString(locale) : value;
        });
      };
    },
  };
}

/** Every message set registered so far, for the coverage report. */
export function messageSets(): readonly MessageSet<string>[] {
  return REGISTRY;
}

/** Per locale, how many of the dashboard's messages it has of its own, out of how many. */
export function coverage(): { locale: Locale; translated: number; total: number }[] {
  const total = REGISTRY.reduce((sum, set) => sum + Object.keys(set.english).length, 0);
  return SUPPORTED_LOCALES.map((locale) => ({
    locale,
    total,
    translated: locale.startsWith('en-')
      ? total
      : REGISTRY.reduce(
          (sum, set) =>
            sum + Object.keys(set.english).filter((key) => set.translations[locale]?.[key]).length,
          0,
        ),
  }));
}
