import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { SmtpPoolTransport } from '../../src/mail/transport.js';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';
import { SmtpSink } from '../support/smtp-sink.js';

const MINUTE = 60_000;
const INVITATIONS = 12;

/**
 * The outbound SMTP relay down for minutes: invitations wait (deferred, with their reason), go out once the
 * relay is back, and each arrives exactly once. The clock is the test's, so minutes pass in no time.
 */
describe.each(ENGINES)('the SMTP relay down for minutes on %s', (engine) => {
  let runtime: Runtime;
  let transport: SmtpPoolTransport;
  let relay: SmtpSink;
  let port: number;
  let close: () => Promise<void> = () => Promise.resolve();
  const clock = new ManualClock('2026-06-01T09:00:00.000Z');

  beforeAll(async () => {
    // A real relay, started to learn a port and stopped: connections to it are refused until it returns.
    const first = await new SmtpSink().start();
    port = first.port;
    await first.stop();
    transport = new SmtpPoolTransport(`smtp://127.0.0.1:${port}`, 3);
    const opened = await openTestRuntime(engine, { clock, mailTransport: transport });
    runtime = opened.runtime;
    close = async () => {
      await opened.close();
      transport.close();
      await relay?.stop();
    };
  });
  afterAll(() => close());

  it('defers while the relay is down and sends each invitation exactly once after it returns', async () => {
    const business = await runtime.businesses.create({ name: 'Relay', domain: `relay-${engine}.example` });
    await runtime.businesses.updateSettings(business.domain, { frequencyDays: null });
    const ids: string[] = [];
    for (let i = 0; i < INVITATIONS; i++) {
      const result = await runtime.invitations.accept(business.domain, {
        channel: 'api',
        kind: 'service',
        email: `buyer${i}@customer.example`,
        name: `Buyer ${i}`,
        reference: `RELAY-${i}`,
        delayDays: 0,
      });
      ids.push(result.invitation.id);
    }
    const dispatcher = runtime.createDispatcher({ batchSize: 5, leaseMs: 5 * MINUTE });
    const drain = async () => {
      const totals = { sent: 0, deferred: 0, failed: 0 };
      for (;;) {
        const report = await dispatcher.runOnce();
        if (report.claimed === 0) return totals;
        totals.sent += report.sent;
        totals.deferred += report.deferred;
        totals.failed += report.failed;
      }
    };

    // Down for twenty minutes, tried again as each retry falls due.
    let deferred = 0;
    for (let minute = 0; minute <= 20; minute += 2) {
      const totals = await drain();
      expect(totals.sent).toBe(0);
      expect(totals.failed).toBe(0);
      deferred += totals.deferred;
      clock.advance(2 * MINUTE);
    }
    expect(deferred).toBeGreaterThanOrEqual(INVITATIONS * 2);
    for (const id of ids) {
      const invitation = await runtime.invitationQueries.get(business.domain, id);
      expect(invitation.status).toBe('scheduled');
      expect(invitation.reason ?? '').toMatch(/^Deferred after attempt \d+: .*(ECONNREFUSED|connect)/i);
    }

    // Back: within the longest retry delay so far, every invitation goes out, once.
    relay = await new SmtpSink().start(port);
    let sent = 0;
    for (let minute = 0; minute < 60 && sent < INVITATIONS; minute += 5) {
      clock.advance(5 * MINUTE);
      sent += (await drain()).sent;
    }
    expect(sent).toBe(INVITATIONS);
    clock.advance(24 * 60 * MINUTE);
    expect((await drain()).sent).toBe(0);

    const received = relay.received.filter((mail) => mail.envelopeTo[0]?.endsWith('@customer.example'));
    const byAddress = new Map<string, number>();
    for (const mail of received) {
      const to = mail.envelopeTo[0] ?? '';
      byAddress.set(to, (byAddress.get(to) ?? 0) + 1);
    }
    expect(byAddress.size).toBe(INVITATIONS);
    expect([...byAddress.values()].every((count) => count === 1)).toBe(true);
    expect(new Set(received.map((mail) => mail.messageId)).size).toBe(INVITATIONS);

    // Each invitation's story, in order: deferred while down, then sent once.
    for (const id of ids) {
      const invitation = await runtime.invitationQueries.get(business.domain, id);
      expect(invitation.status).toBe('sent');
      const types = invitation.events.map((event) => event.type).filter((type) => type !== 'sending');
      const firstSent = types.indexOf('sent');
      expect(types.filter((type) => type === 'sent')).toHaveLength(1);
      expect(types.slice(0, firstSent).filter((type) => type === 'deferred').length).toBeGreaterThanOrEqual(
        2,
      );
      expect(types.slice(firstSent + 1)).not.toContain('deferred');
    }
  }, 30_000);
});
