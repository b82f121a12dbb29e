import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dashboardCoverageTable } from '../../../src/http/dashboard/coverage.js';
import { messageSets } from '../../../src/http/dashboard/messages.js';

describe("the dashboard's languages", () => {
  it('are listed in docs/locales.md as the messages have them (run `npm run locales` after changing words)', () => {
    // Prettier pads the table's columns; the comparison ignores the padding.
    const loose = (text: string) => text.replace(/ +/g, ' ').replace(/-+/g, '-');
    const document = fs.readFileSync('docs/locales.md', 'utf8');
    expect(loose(document)).toContain(loose(dashboardCoverageTable()));
  });

  it('keep every placeholder of the English in each translation', () => {
    const lost: string[] = [];
    for (const set of messageSets()) {
      for (const [locale, words] of Object.entries(set.translations)) {
        for (const [key, text] of Object.entries(words ?? {})) {
          const english = set.english[key] ?? '';
          for (const placeholder of english.match(/\{\w+\}/g) ?? []) {
            if (!text?.includes(placeholder)) lost.push(`${set.name} ${locale} ${key}: ${placeholder}`);
          }
          if (!(key in set.english)) lost.push(`${set.name} ${locale} ${key}: not an English key`);
        }
      }
    }
    expect(lost).toEqual([]);
  });
});
