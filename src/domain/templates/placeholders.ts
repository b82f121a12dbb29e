/** The placeholders a template may use, case-exact, in subject and body (compat §7). */
export const PLACEHOLDERS = [
  'Name',
  'CompanyIdentifier',
  'Link',
  'Stars',
  'Products',
  'DomainName',
  'Order',
  'LegalNotice',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const KNOWN = new Set<string>(PLACEHOLDERS);
const BY_LOWER_CASE = new Map(PLACEHOLDERS.map((name) => [name.toLowerCase(), name]));
/** A bracketed word: the shape of a placeholder, known or not. */
export const PLACEHOLDER_PATTERN = /\[([A-Za-z][A-Za-z0-9]*)\]/g;

export interface UnknownPlaceholder {
  found: string;
  /** The known placeholder it most likely meant (a case slip), if any. */
  suggestion: string | undefined;
}

/** Every bracketed word that is not a placeholder, so a template is refused when saved, not when sent. */
export function findUnknownPlaceholders(text: string): UnknownPlaceholder[] {
  const unknown: UnknownPlaceholder[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
    const word = match[1] ?? '';
    if (KNOWN.has(word) || seen.has(word)) continue;
    seen.add(word);
    const suggestion = BY_LOWER_CASE.get(word.toLowerCase());
    unknown.push({ found: `[${word}]`, suggestion: suggestion && `[${suggestion}]` });
  }
  return unknown;
}

export function describeUnknownPlaceholders(unknown: readonly UnknownPlaceholder[]): string {
  const parts = unknown.map((item) =>
    item.suggestion ? `${item.found} (did you mean ${item.suggestion}?)` : item.found,
  );
  return `Unknown placeholder${unknown.length === 1 ? '' : 's'} ${parts.join(', ')}; the placeholders are ${PLACEHOLDERS.map((name) => `[${name}]`).join(', ')}.`;
}
