import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

describe.each(ENGINES)('a review whose title or text holds NUL on %s', (engine) => {
  let runtime: Runtime;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    close = () => opened.close();
  });
  afterAll(() => close());

  it('is stored, NUL and control characters left out of the title and made storable in the text', async () => {
    const business = await runtime.businesses.create({
      name: 'Nul Shop',
      domain: `nul-${randomBytes(4).toString('hex')}.example`,
    });
    const accepted = await runtime.invitations.accept(business.domain, {
      channel: 'manual',
      kind: 'service',
      email: 'nul@example.com',
      name: 'Nul\u0000 Customer\u202e',
      reference: 'NUL-1',
    });
    expect(accepted.invitation.name).toBe('Nul Customer');
    const { token } = await runtime.store.db
      .selectFrom('invitations')
      .select('token')
      .where('id', '=', accepted.invitation.id)
      .executeTakeFirstOrThrow();
    const resolved = await runtime.reviews.resolveInvitation(token);
    if (!resolved.ok) throw new Error(`the invitation link was refused: ${resolved.code}`);

    // What a form posting title=Great%00mug and text=…%00… decodes to.
    const submitted = await runtime.reviews.submit(
      resolved.context,
      { rating: '5', title: 'Great\u0000 mug\u202e\u001b[2J', text: 'Lovely\u0000 mug, really good \ud83d.' },
      'en-US',
    );
    if (!submitted.ok) throw new Error(`the review was refused: ${JSON.stringify(submitted.errors)}`);
    const stored = await runtime.store.db
      .selectFrom('reviews')
      .select(['title', 'text'])
      .where('id', '=', submitted.review.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ title: 'Great mug[2J', text: 'Lovely\uFFFD mug, really good \uFFFD.' });
  });
});
