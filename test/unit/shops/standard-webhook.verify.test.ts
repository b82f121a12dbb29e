import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../src/domain/shops/integrations.js';
import type { IntegrationContext } from '../../../src/services/integrations/handler.js';
import {
  standardWebhookHandler,
  verifyStandardWebhook,
} from '../../../src/services/integrations/standard-webhook.handler.js';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const integration: IntegrationContext = {
  id: 'i-1',
  businessId: 'b-1',
  provider: 'webhook',
  secret,
  settings: defaultSettings('webhook'),
};
const body = '{"type":"order.fulfilled"}';
const now = Date.now();

function request(headers: Record<string, string>, payload = body) {
  return { provider: 'webhook' as const, token: 't', headers, body: Buffer.from(payload) };
}

function signedAt(at: number, id = 'msg_1', key = secret) {
  const date = new Date(at);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at / 1000)),
    'webhook-signature': new Webhook(key).sign(id, date, body),
  };
}

describe('verifying a Standard Webhooks request', () => {
  it('accepts a request signed within five minutes either way, and names its id and event type', () => {
    for (const at of [now, now - 4 * 60_000, now + 4 * 60_000]) {
      expect(verifyStandardWebhook(integration, request(signedAt(at)), now)).toEqual({
        ok: true,
        signature: 'valid',
        topic: 'order.fulfilled',
        deliveryId: 'msg_1',
      });
    }
  });

  it("judges the tolerance by Vouch's own clock, not the wall clock (a test's or a replayed-log clock)", () => {
    const then = Date.parse('2026-01-01T00:00:00Z');
    expect(verifyStandardWebhook(integration, request(signedAt(then)), then)).toMatchObject({ ok: true });
    expect(verifyStandardWebhook(integration, request(signedAt(now)), then)).toMatchObject({
      signature: 'stale',
    });
  });

  it('refuses a timestamp more than five minutes old or ahead as stale, before looking at the signature', () => {
    const old = verifyStandardWebhook(integration, request(signedAt(now - 6 * 60_000)), now);
    expect(old).toMatchObject({ ok: false, signature: 'stale', code: 'integration_signature_stale' });
    const ahead = verifyStandardWebhook(integration, request(signedAt(now + 6 * 60_000)), now);
    expect(ahead).toMatchObject({ ok: false, signature: 'stale' });
    expect(ahead.ok ? '' : ahead.message).toMatch(/in the future/);
  });

  it('finds the matching signature among several (a sender rotating its secret), and refuses when none is v1 and right', () => {
    const good = signedAt(now);
    const other = signedAt(now, 'msg_1', `whsec_${randomBytes(32).toString('base64')}`)['webhook-signature'];
    const rotated = { ...good, 'webhook-signature': `${other} ${good['webhook-signature']}` };
    expect(verifyStandardWebhook(integration, request(rotated), now)).toMatchObject({ ok: true });
    const wrongVersion = { ...good, 'webhook-signature': good['webhook-signature'].replace(/^v1,/, 'v1a,') };
    expect(verifyStandardWebhook(integration, request(wrongVersion), now)).toMatchObject({
      ok: false,
      signature: 'invalid',
      code: 'integration_signature_invalid',
    });
    // The id is signed too: the same signature under another id does not hold.
    expect(
      verifyStandardWebhook(integration, request({ ...good, 'webhook-id': 'msg_2' }), now),
    ).toMatchObject({
      ok: false,
      signature: 'invalid',
    });
  });

  it('names the missing headers and refuses a timestamp that is not whole seconds', () => {
    const missing = verifyStandardWebhook(integration, request({ 'webhook-id': 'msg_1' }), now);
    expect(missing).toMatchObject({ ok: false, signature: 'missing', code: 'integration_signature_missing' });
    expect(missing.ok ? '' : missing.message).toContain('webhook-timestamp, webhook-signature');
    const milliseconds = { ...signedAt(now), 'webhook-timestamp': String(now) };
    const refused = verifyStandardWebhook(integration, request(milliseconds), now);
    expect(refused).toMatchObject({ ok: false, signature: 'invalid' });
    expect(refused.ok ? '' : refused.message).toMatch(/milliseconds/);
    const text = { ...signedAt(now), 'webhook-timestamp': '2026-12-02T10:00:00Z' };
    expect(verifyStandardWebhook(integration, request(text), now)).toMatchObject({
      ok: false,
      signature: 'invalid',
    });
    const longId = signedAt(now, 'x'.repeat(201));
    expect(verifyStandardWebhook(integration, request(longId), now)).toMatchObject({
      ok: false,
      signature: 'invalid',
    });
  });

  it('makes whsec_ secrets of 32 random bytes and refuses a given one that is not 24 to 64 bytes of base64', () => {
    const made = standardWebhookHandler.newSecret?.({ bytes: (n: number) => randomBytes(n) } as never) ?? '';
    expect(made).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(standardWebhookHandler.secretProblem?.(made)).toBeUndefined();
    expect(standardWebhookHandler.secretProblem?.(`whsec_${randomBytes(16).toString('base64')}`)).toMatch(
      /24 to 64/,
    );
    expect(standardWebhookHandler.secretProblem?.('whsec_not base64!')).toMatch(/whsec_/);
  });
});
