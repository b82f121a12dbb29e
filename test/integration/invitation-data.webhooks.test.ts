import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { unsubscribedWebhookEvent } from '../../src/services/webhook-events.js';
import { WebhookRepository } from '../../src/store/repositories/webhook.repository.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

describe.each(ENGINES)('erasing invitation data reaches outbound webhook payloads (%s)', (engine) => {
  let runtime: Runtime;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    close = () => opened.close();
  });
  afterAll(() => close());

  /** A business with a subscriber, and one queued `consumer.unsubscribed` delivery per customer. */
  async function businessWithDeliveries(emails: string[]) {
    const business = await runtime.businesses.create({
      name: 'Erasing',
      domain: `erasing-${randomBytes(4).toString('hex')}.example`,
    });
    await runtime.webhooks.add(business.domain, {
      url: 'http://127.0.0.1:9/hook',
      events: 'consumer.unsubscribed',
    });
    for (const email of emails) {
      const accepted = await runtime.invitations.accept(business.domain, {
        channel: 'api',
        kind: 'service',
        email,
        name: `Name of ${email}`,
        reference: `R-${randomBytes(3).toString('hex')}`,
      });
      const row = await runtime.store.db
        .selectFrom('invitations')
        .selectAll()
        .where('id', '=', accepted.invitation.id)
        .executeTakeFirstOrThrow();
      await new WebhookRepository(runtime.store.db).enqueue(business.id, [
        unsubscribedWebhookEvent(row, 'business', 'page', Date.now()),
      ]);
    }
    return business;
  }

  async function payloadEmails(businessId: string): Promise<string[]> {
    const rows = await runtime.store.db
      .selectFrom('webhook_deliveries')
      .select('payload')
      .where('business_id', '=', businessId)
      .execute();
    return rows.map((row) => (JSON.parse(row.payload) as { data: { email: string } }).data.email).sort();
  }

  it('erases the named customer from their deliveries and leaves the others', async () => {
    const business = await businessWithDeliveries(['ann@customer.example', 'bob@customer.example']);
    expect(await payloadEmails(business.id)).toEqual(['ann@customer.example', 'bob@customer.example']);

    await runtime.hostedInvitations.deleteInvitationData(business.id, {
      customerEmails: ['Ann@Customer.example'],
    });
    expect(await payloadEmails(business.id)).toEqual(['bob@customer.example', 'erased@erased.invalid']);
  });

  it('erases every delivery about invitations older than the cut-off', async () => {
    const business = await businessWithDeliveries(['cy@customer.example', 'di@customer.example']);
    await runtime.hostedInvitations.deleteInvitationData(business.id, {
      deleteOlderThan: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(await payloadEmails(business.id)).toEqual(['erased@erased.invalid', 'erased@erased.invalid']);
  });
});
