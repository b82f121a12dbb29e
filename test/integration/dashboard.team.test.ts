import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { MailTransport, OutgoingMail, SendReceipt } from '../../src/mail/transport.js';
import type { Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import { DashboardClient, dashboardUser } from '../support/dashboard.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

/** Keeps every message it is handed: the invites a test opens. */
class CapturingTransport implements MailTransport {
  readonly description = 'capture';
  readonly sent: OutgoingMail[] = [];
  send(mail: OutgoingMail): Promise<SendReceipt> {
    this.sent.push(mail);
    return Promise.resolve({ messageId: mail.messageId, response: 'captured' });
  }
  close(): void {}
}

const NEW_PASSWORD = 'a long enough new password';

describe.each(ENGINES)('dashboard team on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let mail: CapturingTransport;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    mail = new CapturingTransport();
    const opened = await openTestRuntime(engine, { mailTransport: mail });
    runtime = opened.runtime;
    app = await buildApp(runtime);
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  const tag = () => randomBytes(4).toString('hex');

  async function business(): Promise<CreatedBusiness> {
    return runtime.businesses.create({ name: `Team Shop ${tag()}`, domain: `team-${tag()}.example` });
  }

  async function user(
    shop: CreatedBusiness,
    role: 'owner' | 'member',
    email = `${role}-${tag()}@shop.example`,
  ) {
    const client = await dashboardUser(app, runtime, { email, business: shop.domain, role });
    const found = await runtime.accounts.findUser(email);
    return { client, id: found.id, email };
  }

  /** The team page's table row of one user, as text without tags. */
  function rowOf(body: string, userId: string): string {
    const row = new RegExp(`<tr data-user-id="${userId}">([\\s\\S]*?)</tr>`).exec(body)?.[1] ?? '';
    return row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  }

  it('invites by email: the link lets the invitee choose a password, log in and see the business', async () => {
    const shop = await business();
    const boss = await user(shop, 'owner');
    const page = await boss.client.get(`/app/${shop.domain}/team`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/app/${shop.domain}/team"`);
    expect(rowOf(page.body, boss.id)).toContain('Owner');

    const invalid = await boss.client.post(`/app/${shop.domain}/team/invite`, {
      email: 'nobody',
      role: 'member',
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('is not an email address');
    const badRole = await boss.client.post(`/app/${shop.domain}/team/invite`, {
      email: 'x@new.example',
      role: 'admin',
    });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.body).toContain('is not a role');

    const invitee = `New.Person-${tag()}@new.example`;
    const before = mail.sent.length;
    const invited = await boss.client.post(`/app/${shop.domain}/team/invite`, {
      email: invitee,
      role: 'member',
    });
    expect(invited.statusCode).toBe(303);
    const sent = mail.sent.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to.address).toBe(invitee.toLowerCase());
    expect(sent[0]?.subject).toBe(`${boss.email} invited you to ${shop.name} on Vouch`);
    const link = /(https?:\/\/\S+\/password\/[A-Za-z0-9_-]{43})/.exec(sent[0]?.text ?? '')?.[1] ?? '';
    expect(link).not.toBe('');

    const listed = await boss.client.get(invited.headers.location as string);
    expect(listed.body).toContain(`The invite is on its way to ${invitee.toLowerCase()}`);
    const newcomer = await runtime.accounts.findUser(invitee);
    expect(rowOf(listed.body, newcomer.id)).toContain('Invited, has not chosen a password yet');
    expect(rowOf(listed.body, newcomer.id)).toContain('Member');

    // Inviting them again is refused: it would change their role behind the last-owner check.
    const twice = await boss.client.post(`/app/${shop.domain}/team/invite`, {
      email: invitee,
      role: 'owner',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('already in the team');

    // The invitee follows the link, chooses a password, and is logged in to the business.
    const browser = new DashboardClient(app);
    const form = await browser.get(new URL(link).pathname);
    expect(form.statusCode).toBe(200);
    const chosen = await browser.post(new URL(link).pathname, { password: NEW_PASSWORD });
    expect(chosen.statusCode).toBe(303);
    const home = await browser.get('/app/');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe(`/app/${shop.domain}`);
    const reviews = await browser.get(`/app/${shop.domain}/reviews`);
    expect(reviews.statusCode).toBe(200);
    expect(reviews.body).toContain(shop.name);
    // As a member they have no Team page.
    expect((await browser.get(`/app/${shop.domain}/team`)).statusCode).toBe(403);
    // And they can log in again with the password they chose.
    const again = new DashboardClient(app);
    await again.login(invitee, NEW_PASSWORD);
    expect((await again.get(`/app/${shop.domain}/reviews`)).statusCode).toBe(200);

    const after = await boss.client.get(`/app/${shop.domain}/team`);
    expect(rowOf(after.body, newcomer.id)).not.toContain('Invited');
  });

  it('sends a pending invite again with a fresh link', async () => {
    const shop = await business();
    const boss = await user(shop, 'owner');
    await boss.client.get(`/app/${shop.domain}/team`);
    const invitee = `later-${tag()}@new.example`;
    await boss.client.post(`/app/${shop.domain}/team/invite`, { email: invitee, role: 'owner' });
    const first = mail.sent.at(-1)?.text ?? '';
    const pending = await runtime.accounts.findUser(invitee);
    await boss.client.get(`/app/${shop.domain}/team`);
    const resent = await boss.client.post(`/app/${shop.domain}/team/${pending.id}/resend`);
    expect(resent.statusCode).toBe(303);
    const second = mail.sent.at(-1);
    expect(second?.to.address).toBe(invitee);
    expect(second?.text).not.toBe(first);
    // The first link no longer works; the second does.
    const oldLink = /\/password\/[A-Za-z0-9_-]{43}/.exec(first)?.[0] ?? '';
    const newLink = /\/password\/[A-Za-z0-9_-]{43}/.exec(second?.text ?? '')?.[0] ?? '';
    const browser = new DashboardClient(app);
    expect((await browser.get(oldLink)).statusCode).toBe(404);
    expect((await browser.get(newLink)).statusCode).toBe(200);
    expect((await runtime.accounts.members(shop.id)).find((m) => m.userId === pending.id)?.role).toBe(
      'owner',
    );
  });

  it('changes roles and removes members, but never the last owner', async () => {
    const shop = await business();
    const boss = await user(shop, 'owner');
    const staff = await user(shop, 'member');
    await boss.client.get(`/app/${shop.domain}/team`);

    const demote = await boss.client.post(`/app/${shop.domain}/team/${boss.id}/role`, { role: 'member' });
    expect(demote.statusCode).toBe(409);
    expect(demote.body).toContain('This is the last owner of the business; make someone else owner first.');
    const leave = await boss.client.post(`/app/${shop.domain}/team/${boss.id}/remove`);
    expect(leave.statusCode).toBe(409);
    expect(leave.body).toContain('last owner');
    const wrongRole = await boss.client.post(`/app/${shop.domain}/team/${staff.id}/role`, { role: 'king' });
    expect(wrongRole.statusCode).toBe(400);

    const promote = await boss.client.post(`/app/${shop.domain}/team/${staff.id}/role`, { role: 'owner' });
    expect(promote.statusCode).toBe(303);
    const page = await boss.client.get(promote.headers.location as string);
    expect(page.body).toContain(`The role of ${staff.email} is changed.`);
    expect(rowOf(page.body, staff.id)).toContain('Owner');
    expect((await staff.client.get(`/app/${shop.domain}/team`)).statusCode).toBe(200);

    // With two owners, the first may step down; then the page is no longer theirs.
    const stepDown = await boss.client.post(`/app/${shop.domain}/team/${boss.id}/role`, { role: 'member' });
    expect(stepDown.statusCode).toBe(303);
    expect(stepDown.headers.location).toBe(`/app/${shop.domain}`);
    expect((await boss.client.get(`/app/${shop.domain}/team`)).statusCode).toBe(403);

    // The new owner removes the former one, who then finds no business there.
    await staff.client.get(`/app/${shop.domain}/team`);
    const removed = await staff.client.post(`/app/${shop.domain}/team/${boss.id}/remove`);
    expect(removed.statusCode).toBe(303);
    const listed = await staff.client.get(removed.headers.location as string);
    expect(listed.body).toContain(`${boss.email} is no longer in the team.`);
    expect(listed.body).not.toContain(`data-user-id="${boss.id}"`);
    expect((await boss.client.get(`/app/${shop.domain}/reviews`)).statusCode).toBe(404);
    // And now the last owner cannot leave either.
    const last = await staff.client.post(`/app/${shop.domain}/team/${staff.id}/remove`);
    expect(last.statusCode).toBe(409);
  });

  it('is the owners’ only: members get 403, and another business’s users are not found', async () => {
    const shop = await business();
    const other = await business();
    const boss = await user(shop, 'owner');
    const staff = await user(shop, 'member');
    const stranger = await user(other, 'member');

    const forbidden = await staff.client.get(`/app/${shop.domain}/team`);
    expect(forbidden.statusCode).toBe(403);
    const membersMenu = await staff.client.get(`/app/${shop.domain}/reviews`);
    expect(membersMenu.body).not.toContain(`href="/app/${shop.domain}/team"`);
    for (const [path, form] of [
      ['team/invite', { email: `sneaky-${tag()}@x.example`, role: 'owner' }],
      [`team/${staff.id}/role`, { role: 'owner' }],
      [`team/${boss.id}/remove`, {}],
    ] as const) {
      const response = await staff.client.post(`/app/${shop.domain}/${path}`, form);
      expect(response.statusCode, path).toBe(403);
    }
    expect((await runtime.accounts.members(shop.id)).find((m) => m.userId === staff.id)?.role).toBe('member');

    await boss.client.get(`/app/${shop.domain}/team`);
    for (const action of ['role', 'remove', 'resend']) {
      const response = await boss.client.post(`/app/${shop.domain}/team/${stranger.id}/${action}`, {
        role: 'owner',
      });
      expect(response.statusCode, action).toBe(404);
    }
    expect((await runtime.accounts.members(other.id)).find((m) => m.userId === stranger.id)?.role).toBe(
      'member',
    );
    expect((await runtime.accounts.members(shop.id)).some((m) => m.userId === stranger.id)).toBe(false);
    expect((await boss.client.get(`/app/${other.domain}/team`)).statusCode).toBe(404);
    const noCsrf = await boss.client.post(
      `/app/${shop.domain}/team/invite`,
      { email: `x-${tag()}@x.example`, role: 'member' },
      { csrf: false },
    );
    expect(noCsrf.statusCode).toBe(403);
  });
});
