/**
 * Writes the "Dashboard" table of docs/locales.md: per locale, how many of the dashboard's messages it has
 * of its own (the rest fall back to English, key by key). `npm run locales`; a test fails when the
 * committed table differs from the messages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { dashboardCoverageTable, replaceCoverageTable } from '../src/http/dashboard/coverage.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/locales.md');
const updated = replaceCoverageTable(fs.readFileSync(file, 'utf8'), dashboardCoverageTable());
fs.writeFileSync(
  file,
  await prettier.format(updated, { ...(await prettier.resolveConfig(file)), filepath: file }),
);
console.log(`wrote the dashboard coverage table of ${file}`);
