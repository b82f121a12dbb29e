import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOrderWebhook } from '../../src/domain/shops/order-webhook.js';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { repoRoot } from '../support/cli.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

const run = promisify(execFile);

/** The code blocks of one `## ` section of docs/integrations.md, with their language. */
function sectionBlocks(heading: string): { lang: string; code: string }[] {
  const doc = fs.readFileSync(path.join(repoRoot, 'docs/integrations.md'), 'utf8');
  const start = doc.indexOf(`\n## ${heading}\n`);
  expect(start, `docs/integrations.md has a section "## ${heading}"`).toBeGreaterThan(-1);
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((match) => ({
    lang: match[1] ?? '',
    code: match[2] ?? '',
  }));
}

/** The pasteable examples of the signed webhook's guide, run as a reader would run them. */
describe.each(ENGINES)("the signed webhook guide's examples on %s", (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let base = '';
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    app = await buildApp(runtime);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  const blocks = () => sectionBlocks('Any other shop: the signed webhook');

  async function shop() {
    const business = await runtime.businesses.create({
      name: 'Docs Shop',
      domain: `docs-${randomBytes(4).toString('hex')}.example`,
    });
    await runtime.businesses.updateSettings(business.domain, { frequencyDays: null });
    const integration = await runtime.integrations.create(business.domain, { provider: 'webhook' });
    return { business, secret: integration.secret, url: `${base}${new URL(integration.url).pathname}` };
  }

  it('signs with openssl and posts with curl: the shell example invites', async () => {
    const example = blocks().find((block) => block.lang === 'sh' && block.code.includes('openssl dgst'));
    expect(example).toBeDefined();
    const { business, secret, url } = await shop();
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', example?.code ?? ''], {
      env: { PATH: process.env.PATH, URL: url, SECRET: secret },
      timeout: 20_000,
    });
    expect(JSON.parse(stdout)).toMatchObject({ status: 'invited', reference: 'ORDER-1001' });
    expect(await runtime.invitationQueries.list(business.domain)).toMatchObject([
      { channel: 'webhook', reference: 'ORDER-1001', status: 'scheduled' },
    ]);
  });

  it('signs with the standardwebhooks package: the Node example invites', async () => {
    const example = blocks().find((block) => block.lang === 'js' && block.code.includes('sendOrderEvent'));
    expect(example).toBeDefined();
    const { business, secret, url } = await shop();
    await run(process.execPath, ['--input-type=module', '-e', example?.code ?? ''], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, VOUCH_WEBHOOK_URL: url, VOUCH_WEBHOOK_SECRET: secret },
      timeout: 20_000,
    });
    expect(await runtime.invitationQueries.list(business.domain)).toMatchObject([
      { channel: 'webhook', reference: 'ORDER-1002', locale: 'en-GB', products: [{ sku: 'MUG-1' }] },
    ]);
  });

  it('shows bodies the schema accepts', () => {
    const bodies = blocks().filter((block) => block.lang === 'json' && block.code.includes('"type"'));
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(parseOrderWebhook(JSON.parse(body.code))).toMatchObject({ ok: true });
  });
});
