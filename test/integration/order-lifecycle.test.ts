import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvitationRequest } from '../../src/domain/invitations/request.js';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

describe.each(ENGINES)('the order lifecycle in the funnel on %s', (engine) => {
  let runtime: Runtime;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    close = () => opened.close();
  });
  afterAll(() => close());

  async function business() {
    const domain = `shop-${randomBytes(4).toString('hex')}.example`;
    await runtime.businesses.create({ name: 'Lifecycle Shop', domain });
    return domain;
  }

  const order = (
    reference: string,
    kind: 'service' | 'product',
    email = 'ada@example.org',
  ): InvitationRequest => ({
    channel: 'shopify',
    kind,
    email,
    name: 'Ada',
    reference,
    products: [{ sku: 'TEA-1', name: 'Tea' }],
  });

  it("cancels the order's queued service and product invitations, each with an event; cancelling again changes nothing", async () => {
    const domain = await business();
    await runtime.invitations.acceptBatch(domain, [order('1001', 'service'), order('1001', 'product')]);
    const other = await business();
    await runtime.invitations.accept(other, order('1001', 'service'));

    const first = await runtime.invitations.cancelOrder(domain, {
      reference: '1001',
      reason: 'Refunded.',
      channel: 'shopify',
    });
    expect(first.cancelled).toHaveLength(2);
    const rows = await runtime.invitationQueries.list(domain);
    expect(rows.map((row) => row.status)).toEqual(['cancelled', 'cancelled']);
    for (const row of rows) {
      const shown = await runtime.invitationQueries.get(domain, row.id);
      expect(shown.reason).toBe(first.reason);
      expect(shown.events.map((event) => [event.type, event.detail?.channel])).toEqual([
        ['scheduled', 'shopify'],
        ['cancelled', 'shopify'],
      ]);
    }
    const again = await runtime.invitations.cancelOrder(domain, {
      reference: '1001',
      reason: 'Cancelled.',
      channel: 'shopify',
    });
    expect(again).toEqual({ cancelled: [], reason: first.reason });
    // Another business's order with the same number is its own.
    expect((await runtime.invitationQueries.list(other))[0]?.status).toBe('scheduled');
  });

  it('a cancel before the fulfilment decides the same as in order; a fulfilment twice is a duplicate', async () => {
    const inOrder = await business();
    await runtime.invitations.accept(inOrder, order('2001', 'service'));
    await runtime.invitations.cancelOrder(inOrder, {
      reference: '2001',
      reason: 'Cancelled.',
      channel: 'shopify',
    });
    const outOfOrder = await business();
    await runtime.invitations.cancelOrder(outOfOrder, {
      reference: '2001',
      reason: 'Cancelled.',
      channel: 'shopify',
    });
    const late = await runtime.invitations.accept(outOfOrder, order('2001', 'service'));
    expect(late.decision).toBe('cancelled');
    const again = await runtime.invitations.accept(outOfOrder, order('2001', 'service'));
    expect(again.decision).toBe('duplicate');

    const [a] = await runtime.invitationQueries.list(inOrder);
    const [b] = await runtime.invitationQueries.list(outOfOrder);
    expect(b?.status).toBe(a?.status);
    expect(b?.reason?.replace(/on \S+:/, '')).toBe(a?.reason?.replace(/on \S+:/, ''));
  });

  it('a cancel racing the fulfilment always ends cancelled', async () => {
    const domain = await business();
    const references = Array.from({ length: 12 }, (_, index) => `R-${index}`);
    await Promise.all(
      references.flatMap((reference, index) => [
        runtime.invitations.accept(domain, order(reference, 'service', `c${index}@example.org`)),
        runtime.invitations.cancelOrder(domain, { reference, reason: 'Cancelled.', channel: 'shopify' }),
      ]),
    );
    const rows = await runtime.invitationQueries.list(domain);
    expect(rows).toHaveLength(references.length);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['cancelled']));
  });
});
