import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';
import { postAll, shopifyBurst } from '../support/shopify-burst.js';

const template = JSON.parse(
  fs.readFileSync(
    path.join(import.meta.dirname, '..', 'fixtures', 'shopify', 'orders-fulfilled.json'),
    'utf8',
  ),
) as Record<string, unknown>;

describe.each(ENGINES)('a Black Friday burst of Shopify webhooks on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let base = '';
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    app = await buildApp(runtime);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  it('500 webhooks from 50 at once, 1% replayed and 1% cancelled before their fulfilment, leave exactly the expected invitations', async () => {
    const domain = `burst-${engine}.example`;
    await runtime.businesses.create({ name: 'Burst Shop', domain });
    const integration = await runtime.integrations.create(domain, { provider: 'shopify' });
    const plan = shopifyBurst({
      total: 500,
      secret: integration.secret,
      duplicateShare: 0.01,
      cancelShare: 0.01,
      template,
    });
    expect(plan.deliveries).toHaveLength(500);

    const statuses = await postAll(`${base}${new URL(integration.url).pathname}`, plan.deliveries, 50);
    expect(Object.fromEntries(statuses)).toEqual({ 200: 500 });

    const rows = await runtime.invitationQueries.list(domain, { limit: 10_000 });
    expect(rows).toHaveLength(plan.scheduled.length + plan.cancelled.length);
    const byStatus = (status: string) =>
      rows
        .filter((row) => row.status === status)
        .map((row) => row.reference)
        .sort();
    expect(byStatus('scheduled')).toEqual([...plan.scheduled].sort());
    expect(byStatus('cancelled')).toEqual([...plan.cancelled].sort());
    expect(rows.every((row) => row.channel === 'shopify' && row.products.length === 2)).toBe(true);

    const log = (await runtime.integrations.show(domain, integration.id, 1000)).deliveries;
    expect(log).toHaveLength(500);
    expect(log.filter((entry) => entry.decision === 'duplicate')).toHaveLength(plan.duplicates);
  }, 60_000);
});
