import { describe, expect, it } from 'vitest';
import {
  findWebhookUrlProblem,
  parseWebhookEvents,
  webhookResponseOutcome,
  webhookRetryDelayMs,
} from '../../../src/domain/webhooks/webhooks.js';
import { isPrivateAddress } from '../../../src/shared/private-address.js';

describe('webhook retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h and 10 h, then gives up after the seventh attempt', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((attempt) => webhookRetryDelayMs(attempt));
    expect(waits).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, undefined]);
    const total = waits.reduce<number>((sum, wait) => sum + (wait ?? 0), 0);
    // "About a day": the last attempt comes 17 h 35 min 5 s after the first.
    expect(total).toBe(17 * 3_600_000 + 35 * 60_000 + 5_000);
  });

  it('ends on any 2xx, disables on 410 and retries everything else, no answer included', () => {
    expect([200, 201, 204, 299].map(webhookResponseOutcome)).toEqual(Array(4).fill('delivered'));
    expect(webhookResponseOutcome(410)).toBe('gone');
    expect([undefined, 301, 400, 404, 429, 500, 503].map(webhookResponseOutcome)).toEqual(
      Array(7).fill('retry'),
    );
  });
});

describe('webhook subscription input', () => {
  it('accepts absolute http and https URLs only, without credentials or a fragment', () => {
    expect(findWebhookUrlProblem('https://shop.example/hooks?x=1')).toBeUndefined();
    expect(findWebhookUrlProblem('http://192.168.1.10:8080/vouch')).toBeUndefined();
    for (const url of [
      'ftp://shop.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'gopher://x.example/',
      '/relative/path',
      'https://user:secret@shop.example/',
      'https://shop.example/#frag',
      `https://shop.example/${'a'.repeat(2048)}`,
    ]) {
      expect(findWebhookUrlProblem(url)?.code, url).toBe('webhook_url_invalid');
    }
  });

  it('reads a comma- or space-separated event list and names what is not an event', () => {
    expect(parseWebhookEvents('review.created, invitation.sent review.created')).toEqual({
      ok: true,
      events: ['review.created', 'invitation.sent'],
    });
    expect(parseWebhookEvents('review.created,review.deleted')).toEqual({
      ok: false,
      unknown: ['review.deleted'],
    });
    expect(parseWebhookEvents(' , ')).toEqual({ ok: false, unknown: [] });
  });
});

describe('private addresses', () => {
  it('knows loopback, private, link-local and mapped addresses from public ones', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.8',
      '172.16.4.1',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of [
      '8.8.8.8',
      '172.32.0.1',
      '2001:4860:4860::8888',
      '::ffff:8.8.8.8',
      'shop.example',
    ]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });
});
