import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layers are held by the lint (eslint.config.js): these feed it code that crosses each zone, under
 * the path of a real file of that layer, and expect the project's own configuration to refuse it.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('layer zones in the lint', () => {
  it.each([
    ['src/domain/links/result.ts', "import { escapeHtml } from '../../views/html.js';"],
    ['src/domain/links/result.ts', "import type { Runtime } from '../../runtime.js';"],
    [
      'src/domain/links/result.ts',
      "import { InvitationRepository } from '../../store/repositories/invitation.repository.js';",
    ],
    ['src/domain/links/result.ts', "import fs from 'node:fs';"],
    ['src/domain/links/result.ts', "import { Kysely } from 'kysely';"],
    ['src/services/plan.service.ts', "import { registerHomePage } from '../http/pages/home.page.js';"],
    ['src/services/plan.service.ts', "import { html } from '../views/html.js';"],
    ['src/worker/worker.ts', "import { CLI } from '../cli/main.js';"],
    ['src/http/pages/home.page.ts', "import type { BusinessRow } from '../../store/schema.js';"],
    ['src/runtime.ts', "import { buildApp } from './http/app.js';"],
    ['src/shared/bounded-cache.ts', "import { BusinessService } from '../services/business.service.js';"],
    ['src/services/plan.service.ts', "import { Counter } from 'prom-client';"],
    ['src/worker/dispatcher.ts', "import { PrometheusMetrics } from '../observability/prometheus.js';"],
    ['src/http/pages/home.page.ts', "import { Registry } from 'prom-client';"],
    ['src/cli/serve.command.ts', "import { Registry } from 'prom-client';"],
    ['src/observability/metrics.ts', "import type { Runtime } from '../runtime.js';"],
    ['src/domain/links/result.ts', "import { NO_METRICS } from '../../observability/metrics.js';"],
  ])(
    'refuses in %s: %s',
    async (filePath, code) => {
      expect(await restrictedImports(filePath, `${code}\nexport {};\n`)).toHaveLength(1);
    },
    60_000,
  );

  it('lets each layer import the one below it', async () => {
    expect(
      await restrictedImports(
        'src/services/plan.service.ts',
        "import { BoundedCache } from '../shared/bounded-cache.js';\nimport { DAY_MS } from '../clock.js';\nexport {};\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'src/worker/dispatcher.ts',
        "import type { MetricsRecorder } from '../observability/metrics.js';\nexport {};\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        'src/domain/links/result.ts',
        "import { createHash } from 'node:crypto';\nexport {};\n",
      ),
    ).toEqual([]);
  }, 60_000);
});
