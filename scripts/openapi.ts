/**
 * Writes docs/openapi.json from the app's own routes: `npm run openapi`. The drift test
 * (test/integration/openapi.drift.test.ts) fails when the committed file differs from what this writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { openRuntime } from '../src/runtime.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OPENAPI_FILE = path.join(root, 'docs', 'openapi.json');

/** The OpenAPI document of the app as built now, from a throwaway SQLite database. */
export async function generateOpenApiDocument(): Promise<unknown> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-openapi-'));
  const runtime = await openRuntime(loadConfig({ VOUCH_DATA_DIR: dataDir, VOUCH_AFS_PORT: '0' }));
  try {
    const app = await buildApp(runtime);
    await app.ready();
    const document = app.swagger();
    await app.close();
    return document;
  } finally {
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The document as committed: JSON formatted by the repo's prettier settings. */
export async function formatOpenApiDocument(document: unknown): Promise<string> {
  const options = (await prettier.resolveConfig(OPENAPI_FILE)) ?? {};
  return prettier.format(JSON.stringify(document), { ...options, parser: 'json' });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = await formatOpenApiDocument(await generateOpenApiDocument());
  fs.writeFileSync(OPENAPI_FILE, text);
  console.log(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
}
