// Importing the plugin loads every page module, and with it every message set of the dashboard.
import './plugin.js';
import { coverage, messageSets } from './messages.js';

const START = '<!-- dashboard-coverage:start -->';
const END = '<!-- dashboard-coverage:end -->';

/** The markdown table of docs/locales.md's "Dashboard" section, from the registered message sets. */
export function dashboardCoverageTable(): string {
  const rows = coverage().map(({ locale, translated, total }) => {
    const missing = total - translated;
    return `| ${locale} | ${translated} of ${total} | ${missing === 0 ? 'none' : `${missing} in English`} |`;
  });
  const sets = messageSets()
    .map((set) => set.name)
    .sort()
    .join(', ');
  return [
    START,
    '',
    '| locale | its own words | falls back to English |',
    '| ------ | ------------- | --------------------- |',
    ...rows,
    '',
    `Message sets: ${sets}.`,
    '',
    END,
  ].join('\n');
}

/** The document with its table replaced (or appended when it has none yet). */
export function replaceCoverageTable(document: string, table: string): string {
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start < 0 || end < 0) return `${document.trimEnd()}\n\n${table}\n`;
  return document.slice(0, start) + table + document.slice(end + END.length);
}
