import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import type { BusinessSettings, CreatedBusiness } from '../../src/services/business.service.js';
import { addMembers, type DashboardClient, dashboardUser } from '../support/dashboard.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

describe.each(ENGINES)('dashboard settings on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let close: () => Promise<void> = () => Promise.resolve();
  // One owner, one member and one operator, logged in once (logins are rate-limited per address); each
  // test makes its business and adds the first two to it.
  let owner: DashboardClient;
  let member: DashboardClient;
  let operator: DashboardClient;
  const ownerEmail = `owner-${randomBytes(4).toString('hex')}@example.com`;
  const memberEmail = `member-${randomBytes(4).toString('hex')}@example.com`;

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    app = await buildApp(runtime);
    close = async () => {
      await app.close();
      await opened.close();
    };
    owner = await dashboardUser(app, runtime, { email: ownerEmail });
    member = await dashboardUser(app, runtime, { email: memberEmail });
    operator = await dashboardUser(app, runtime, {
      email: `operator-${randomBytes(4).toString('hex')}@example.com`,
      operator: true,
    });
  });
  afterAll(() => close());

  async function shop(): Promise<{ business: CreatedBusiness; url: string }> {
    const tag = randomBytes(4).toString('hex');
    const business = await runtime.businesses.create({
      name: `Bike Shop ${tag}`,
      domain: `bikes-${tag}.example`,
    });
    await addMembers(runtime, business.id, { [ownerEmail]: 'owner', [memberEmail]: 'member' });
    return { business, url: `/app/${business.domain}/settings` };
  }

  const settingsOf = async (domain: string): Promise<BusinessSettings> =>
    (await runtime.businesses.get(domain)).settings;

  /** Every field of the form, as the page fills it for a business left at its defaults. */
  const FORM = {
    invitationDelayDays: '10',
    frequencyDays: '',
    reminderDays: '5',
    sendHour: '9',
    senderName: 'Bike Shop Team',
    senderEmail: 'hello@bikes.example',
    replyTo: 'Service@Bikes.Example',
    defaultLocale: 'de-DE',
    legalNotice: 'Bike Shop GmbH, Radweg 1, Berlin. You get this email because you bought from us.',
    trackOpens: 'on',
  };

  it('shows each setting with its explanation, saves them, and shows them again after a reload', async () => {
    const { business, url } = await shop();
    const page = await owner.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<label for="f-invitationDelayDays">Days to wait before inviting</label>');
    expect(page.body).toMatch(
      /id="f-invitationDelayDays"\s+name="invitationDelayDays"\s+type="number"\s+value="7"/,
    );
    expect(page.body).toContain('Leave it empty to invite after every purchase.');
    expect(page.body).toContain(`Empty uses your business name, ${business.name}.`);
    // The standard notice a business gets until it writes its own.
    expect(page.body).toContain('Empty uses the standard notice');

    const saved = await owner.post(url, FORM);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${url}?done=saved`);
    expect(await settingsOf(business.domain)).toMatchObject({
      invitationDelayDays: 10,
      frequencyDays: null,
      reminderDays: 5,
      sendHour: 9,
      senderName: 'Bike Shop Team',
      senderEmail: 'hello@bikes.example',
      replyTo: 'service@bikes.example',
      legalNotice: FORM.legalNotice,
      trackOpens: true,
    });
    expect((await runtime.businesses.get(business.domain)).defaultLocale).toBe('de-DE');

    const reloaded = await owner.get(String(saved.headers.location));
    expect(reloaded.body).toContain('The settings are saved.');
    expect(reloaded.body).toMatch(/name="invitationDelayDays"\s+type="number"\s+value="10"/);
    expect(reloaded.body).toMatch(/name="frequencyDays"\s+type="number"\s+value=""/);
    expect(reloaded.body).toMatch(/name="reminderDays"\s+type="number"\s+value="5"/);
    expect(reloaded.body).toMatch(/name="senderEmail"\s+type="email"\s+value="hello@bikes.example"/);
    expect(reloaded.body).toMatch(/<option value="de-DE"\s+selected>/);
    expect(reloaded.body).toContain(`>${FORM.legalNotice}</textarea`);
    expect(reloaded.body).toMatch(/name="trackOpens"\s+checked/);
    expect(reloaded.body).toMatch(/<option value="9"\s+selected>\s*09:00 UTC/);

    // Emptying the optional ones clears them back to their defaults.
    const cleared = await owner.post(url, {
      ...FORM,
      reminderDays: '',
      sendHour: '',
      senderName: '',
      legalNotice: '  ',
      trackOpens: '',
    });
    expect(cleared.statusCode).toBe(303);
    expect(await settingsOf(business.domain)).toMatchObject({
      reminderDays: null,
      sendHour: null,
      senderName: null,
      legalNotice: null,
      trackOpens: false,
    });
  });

  it('refuses an invalid value with the service’s message beside its field, keeps what was typed, saves nothing', async () => {
    const { business, url } = await shop();
    const before = await settingsOf(business.domain);
    await owner.get(url);
    const cases: [Record<string, string>, string, string][] = [
      [
        { reminderDays: '0' },
        'reminderDays',
        'The delay before the reminder (reminderDays) must be a whole number of days from 1 to 3650.',
      ],
      [
        { invitationDelayDays: 'soon' },
        'invitationDelayDays',
        'The delay before inviting (invitationDelayDays) must be a whole number of days from 0 to 3650.',
      ],
      [
        { frequencyDays: '2.5' },
        'frequencyDays',
        'The time between two invitations to one customer (frequencyDays) must be a whole number of days from 1 to 3650.',
      ],
      [{ senderEmail: 'hello at bikes' }, 'senderEmail', 'hello at bikes'],
    ];
    for (const [change, field, message] of cases) {
      const answer = await owner.post(url, { ...FORM, ...change });
      expect(answer.statusCode, field).toBe(400);
      expect(answer.body).toContain('Nothing was saved:');
      // The message under the field it is about, tied to it for screen readers.
      expect(answer.body).toMatch(
        new RegExp(`<p class="field-error" id="f-${field}-error">[^<]*${escape(message)}`),
      );
      expect(answer.body).toMatch(
        new RegExp(`id="f-${field}"[^>]*aria-describedby="f-${field}-hint f-${field}-error"`),
      );
      expect(answer.body).toMatch(new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
      // What the owner typed is still there, the wrong value too.
      expect(answer.body).toContain('value="Bike Shop Team"');
      expect(answer.body).toContain(`value="${{ ...FORM, ...change }[field] ?? ''}"`);
    }
    expect(await settingsOf(business.domain)).toEqual(before);
  });

  it('shows a member the settings read only, and refuses their POST with 403', async () => {
    const { business, url } = await shop();
    await runtime.businesses.updateSettings(business.domain, {
      reminderDays: 7,
      frequencyDays: null,
      senderName: 'Pedal People',
    });
    const page = await member.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Only an owner of this business can change these settings.');
    expect(page.body).not.toContain('name="invitationDelayDays"');
    expect(page.body).toContain('7 days after the invitation');
    expect(page.body).toContain('Pedal People');
    expect(page.body).toContain('After every purchase');
    expect(page.body).toContain(`This server’s address, ${runtime.config.mailFrom}`);

    const refused = await member.post(url, { ...FORM, senderName: 'Changed by a member' });
    expect(refused.statusCode).toBe(403);
    expect((await settingsOf(business.domain)).senderName).toBe('Pedal People');
  });

  it('shows the plan and this month’s invitations against its cap', async () => {
    const { business, url } = await shop();
    const unlimited = await owner.get(url);
    expect(unlimited.body).toContain('Plan and usage');
    expect(unlimited.body).toContain('your plan has no monthly limit');

    const plan = `small-${randomBytes(3).toString('hex')}`;
    await runtime.plans.set(plan, 3);
    await runtime.businesses.updateSettings(business.domain, { plan, invitationDelayDays: 0 });
    const invite = (n: number) =>
      runtime.invitations.accept(business.domain, {
        channel: 'api',
        kind: 'service',
        email: `rider-${n}@example.com`,
        reference: `B-${n}`,
      });
    await invite(1);
    await invite(2);
    const month = new Intl.DateTimeFormat('en-US', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(runtime.clock.now());
    const some = await owner.get(url);
    expect(some.body).toContain(`<dd>${plan}</dd>`);
    expect(some.body).toContain(`Invitations planned or sent for ${month}`);
    expect(some.body).toContain('2 of 3');
    expect(some.body).toContain('<meter min="0" max="3" value="2"');
    expect(some.body).toContain('1 more can be planned this month.');

    await invite(3);
    const last = await invite(4);
    expect(last.invitation.status).toBe('over_cap');
    const full = await member.get(url);
    expect(full.body).toContain('3 of 3');
    expect(full.body).toContain('The cap is reached');
    // Another business's invitations are not this one's usage.
    const other = await shop();
    expect((await owner.get(other.url)).body).toContain('0; your plan has no monthly limit.');
  });

  it('lets an operator change a business’s plan, and an owner not', async () => {
    const { business, url } = await shop();
    const plan = `large-${randomBytes(3).toString('hex')}`;
    await runtime.plans.set(plan, 1000);
    const asOwner = await owner.get(url);
    expect(asOwner.body).not.toContain('name="plan"');
    await owner.post(url, { ...FORM, plan });
    expect((await runtime.businesses.get(business.domain)).plan).not.toBe(plan);

    const page = await operator.get(url);
    expect(page.body).toContain(`<option value="${plan}"`);
    const saved = await operator.post(url, { ...FORM, plan });
    expect(saved.statusCode).toBe(303);
    expect((await runtime.businesses.get(business.domain)).plan).toBe(plan);
    expect((await operator.get(url)).body).toContain('0 of 1,000');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
