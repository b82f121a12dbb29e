import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { InvitationRequest } from '../../src/domain/invitations/request.js';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import { dashboardUser, type DashboardClient } from '../support/dashboard.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

/** The emails of the list's rows, in the order the page shows them. */
function listedEmails(body: string): string[] {
  const table = /<table class="data invitations">([\s\S]*?)<\/table>/.exec(body)?.[1] ?? '';
  return [...table.matchAll(/<a href="[^"]*\/invitations\/[^"]+">([^<]+)<\/a>/g)].map((match) => match[1]!);
}

/** The "Next page" link's URL, unescaped, or undefined on the last page. */
function nextLink(body: string): string | undefined {
  const href = /<a href="([^"]+)" rel="next"/.exec(body)?.[1];
  return href?.replaceAll('&amp;', '&');
}

/** A CSV export's records (simple: the fields tested hold no line breaks). */
function csvRecords(body: string): string[][] {
  const lines = body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((line) => line !== '');
  return lines.map((line) => {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let index = 0; index < line.length; index++) {
      const char = line[index]!;
      if (quoted) {
        if (char === '"' && line[index + 1] === '"') {
          cell += '"';
          index++;
        } else if (char === '"') quoted = false;
        else cell += char;
      } else if (char === '"') quoted = true;
      else if (char === ',') {
        cells.push(cell);
        cell = '';
      } else cell += char;
    }
    cells.push(cell);
    return cells;
  });
}

describe.each(ENGINES)('dashboard invitations pages on %s', (engine) => {
  let app: FastifyInstance;
  let runtime: Runtime;
  let close: () => Promise<void>;
  let member: DashboardClient;
  let domain: string;
  let otherDomain: string;
  let base: string;
  const clock = new ManualClock('2026-03-02T09:00:00.000Z');
  /** Every invitation of the business, newest first, as the funnel made them. */
  let newestFirst: { id: string; email: string }[] = [];
  let othersInvitation: string;

  const invite = async (request: Partial<InvitationRequest> & { email: string; reference: string }) => {
    const result = await runtime.invitations.accept(domain, { channel: 'api', kind: 'service', ...request });
    return result.invitation;
  };

  beforeAll(async () => {
    const opened = await openTestRuntime(engine, { clock });
    runtime = opened.runtime;
    close = () => opened.close();
    app = await buildApp(runtime);
    await app.ready();
    const tag = randomUUID().slice(0, 8);
    domain = `inv-${tag}.example`;
    otherDomain = `inv-other-${tag}.example`;
    await runtime.businesses.create({ name: 'Invitation Shop', domain });
    await runtime.businesses.create({ name: 'Other Shop', domain: otherDomain });
    base = `/app/${domain}`;

    // Day 1: 55 invitations from one file batch, all made in the same millisecond (the list's ties).
    const batch: InvitationRequest[] = Array.from({ length: 55 }, (_, index) => ({
      channel: 'csv',
      kind: 'service',
      email: `bulk${String(index).padStart(2, '0')}@customers.example`,
      name: `Bulk ${index}`,
      reference: `FILE-${index}`,
    }));
    const outcomes = await runtime.invitations.acceptBatch(domain, batch);
    const made = outcomes.map((outcome) => {
      if (!outcome.ok) throw new Error('a batch row was refused');
      return outcome.result.invitation;
    });
    // Day 2 and 3: a few through the API, one by one.
    clock.set('2026-03-03T09:00:00.000Z');
    const ada = await invite({
      email: 'ada.lovelace@math.example',
      name: 'Ada Lovelace',
      reference: 'ORD-100',
    });
    clock.advance(60_000);
    const alan = await invite({ email: 'alan@math.example', name: 'Alan Turing', reference: 'ORD-101' });
    clock.set('2026-03-04T09:00:00.000Z');
    const grace = await invite({
      email: 'grace@navy.example',
      name: '=HYPERLINK("http://evil.example","click")',
      reference: 'ORD-102',
      kind: 'product',
      products: [{ sku: 'SKU-1', name: 'Compiler' }],
    });
    clock.advance(60_000);
    const script = await invite({
      email: 'xss@web.example',
      name: '<script>alert(1)</script>',
      reference: '@ORD-103',
    });
    newestFirst = [script, grace, alan, ada, ...[...made].sort((a, b) => (a.id < b.id ? 1 : -1))];
    othersInvitation = (
      await runtime.invitations.accept(otherDomain, {
        channel: 'api',
        kind: 'service',
        email: 'secret@other.example',
        reference: 'OTHER-1',
      })
    ).invitation.id;
    clock.advance(60_000);
    member = await dashboardUser(app, runtime, {
      email: `member-${tag}@staff.example`,
      business: domain,
      role: 'member',
    });
  });
  afterAll(async () => {
    await app.close();
    await close();
  });

  it('lists invitations newest first, 50 a page, and the "Next page" link carries on where the page ended', async () => {
    const first = await member.get(`${base}/invitations`);
    expect(first.statusCode, first.body).toBe(200);
    expect(listedEmails(first.body)).toEqual(newestFirst.slice(0, 50).map((row) => row.email));
    expect(first.body).toContain('ORD-101');
    expect(first.body).toContain('Scheduled for 2026-03');
    const next = nextLink(first.body);
    expect(next).toMatch(/\/invitations\?cursor=\d+_/);
    const second = await member.get(next!);
    expect(second.statusCode).toBe(200);
    expect(listedEmails(second.body)).toEqual(newestFirst.slice(50).map((row) => row.email));
    expect(nextLink(second.body)).toBeUndefined();
    expect(second.body).toContain('First page');
  });

  it('shows the method and status in words, and escapes what customers typed', async () => {
    const page = await member.get(`${base}/invitations?q=xss%40web.example`);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
    const row = /<tbody>([\s\S]*?)<\/tbody>/.exec(page.body)?.[1] ?? '';
    expect(row).toContain('<td>API</td>');
    expect(row).toContain('<td>Scheduled</td>');
    expect(row).toContain('due ');
  });

  it('finds by whole address (any case), by the beginning of one, and by reference exactly', async () => {
    const exact = await member.get(
      `${base}/invitations?q=${encodeURIComponent('Ada.Lovelace@Math.example')}`,
    );
    expect(listedEmails(exact.body)).toEqual(['ada.lovelace@math.example']);
    const prefix = await member.get(`${base}/invitations?q=bulk5`);
    expect(listedEmails(prefix.body).sort()).toEqual([
      'bulk50@customers.example',
      'bulk51@customers.example',
      'bulk52@customers.example',
      'bulk53@customers.example',
      'bulk54@customers.example',
    ]);
    const reference = await member.get(`${base}/invitations?q=FILE-7`);
    expect(listedEmails(reference.body)).toEqual(['bulk07@customers.example']);
    const partOfReference = await member.get(`${base}/invitations?q=FILE`);
    expect(listedEmails(partOfReference.body)).toEqual([]);
    expect(partOfReference.body).toContain('No invitation matches these filters.');
    // The form shows the search again.
    expect(reference.body).toContain('value="FILE-7"');
  });

  it('filters by method, status and the day made, and keeps the filters on the next page', async () => {
    const api = await member.get(`${base}/invitations?channel=api`);
    expect(listedEmails(api.body)).toEqual(newestFirst.slice(0, 4).map((row) => row.email));
    const day = await member.get(`${base}/invitations?from=2026-03-03&to=2026-03-03`);
    expect(listedEmails(day.body)).toEqual(['alan@math.example', 'ada.lovelace@math.example']);
    const files = await member.get(`${base}/invitations?channel=csv&status=scheduled&to=2026-03-02`);
    expect(listedEmails(files.body)).toHaveLength(50);
    const next = nextLink(files.body)!;
    expect(next).toContain('channel=csv');
    expect(next).toContain('status=scheduled');
    expect(next).toContain('to=2026-03-02');
    const rest = await member.get(next);
    expect(listedEmails(rest.body)).toHaveLength(5);
    const none = await member.get(`${base}/invitations?status=sent`);
    expect(listedEmails(none.body)).toEqual([]);
  });

  it('says what is wrong with a filter instead of failing', async () => {
    const bad = await member.get(
      `${base}/invitations?status=lost&channel=pigeon&from=2026-02-30&cursor=nonsense`,
    );
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('There is no status “lost”');
    expect(bad.body).toContain('There is no method “pigeon”');
    expect(bad.body).toContain('“2026-02-30” is not a date');
    expect(bad.body).toContain('That page link is out of date');
    expect(listedEmails(bad.body)).toEqual(newestFirst.slice(0, 50).map((row) => row.email));
    const repeated = await member.get(`${base}/invitations?q=a&q=b`);
    expect(repeated.statusCode).toBe(200);
  });

  it('shows one invitation with its products and its timeline in words', async () => {
    const grace = newestFirst[1]!;
    const page = await member.get(`${base}/invitations/${grace.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Invitation to grace@navy.example');
    expect(page.body).toContain('SKU-1');
    expect(page.body).toContain('Compiler');
    expect(page.body).toContain('Accepted through the API and scheduled to be sent.');
    expect(page.body).toContain('Cancel this invitation');
    // The name is shown as text, never as markup.
    expect(page.body).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)');
  });

  it('cancels a scheduled invitation, and says so when it is no longer queued', async () => {
    const alan = newestFirst[2]!;
    const page = await member.get(`${base}/invitations/${alan.id}`);
    const cancelled = await member.post(`${base}/invitations/${alan.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(303);
    expect(cancelled.headers.location).toBe(`${base}/invitations/${alan.id}?done=cancelled`);
    const after = await member.get(cancelled.headers.location!);
    expect(after.body).toContain('The invitation is cancelled; it will not be sent.');
    expect(after.body).toContain('Cancelled before it was sent.');
    expect(after.body).toContain('Reason: Cancelled by the business.');
    expect(after.body).not.toContain('Cancel this invitation');
    expect(page.body).toContain('Cancel this invitation');
    const shown = await runtime.invitationQueries.get(domain, alan.id);
    expect(shown.status).toBe('cancelled');

    const again = await member.post(`${base}/invitations/${alan.id}/cancel`);
    expect(again.headers.location).toBe(`${base}/invitations/${alan.id}?done=not_queued`);
    const told = await member.get(again.headers.location!);
    expect(told.body).toContain(
      'Only a scheduled invitation can be cancelled; this one is already Cancelled.',
    );

    const filtered = await member.get(`${base}/invitations?status=cancelled`);
    expect(listedEmails(filtered.body)).toEqual(['alan@math.example']);
    expect(filtered.body).toContain('<td>Cancelled by the business.</td>');
  });

  it("answers 404 for another business's invitation, to show or to cancel", async () => {
    const shown = await member.get(`${base}/invitations/${othersInvitation}`);
    expect(shown.statusCode).toBe(404);
    expect(shown.body).not.toContain('secret@other.example');
    await member.get(`${base}/invitations`);
    const cancel = await member.post(`${base}/invitations/${othersInvitation}/cancel`);
    expect(cancel.statusCode).toBe(404);
    expect((await runtime.invitationQueries.get(otherDomain, othersInvitation)).status).toBe('scheduled');
    // Nor through the other business's own path.
    const foreign = await member.get(`/app/${otherDomain}/invitations/${othersInvitation}`);
    expect(foreign.statusCode).toBe(404);
    const unknown = await member.get(`${base}/invitations/no-such-id`);
    expect(unknown.statusCode).toBe(404);
    const list = await member.get(`${base}/invitations?q=secret%40other.example`);
    expect(listedEmails(list.body)).toEqual([]);
  });

  it('invites one customer by hand through the funnel and shows its decision', async () => {
    const form = await member.get(`${base}/invitations/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="reference"');
    const made = await member.post(`${base}/invitations/new`, {
      email: 'Hand.Made@Customer.example',
      name: 'Hand Made',
      reference: 'PHONE-1',
      kind: 'service',
      skus: '',
      locale: 'de-DE',
    });
    expect(made.statusCode, made.body).toBe(303);
    const location = made.headers.location!;
    expect(location).toMatch(new RegExp(`^${base}/invitations/[^/?]+\\?decided=new$`));
    const page = await member.get(location);
    expect(page.body).toContain('Scheduled. Scheduled for 2026-03');
    expect(page.body).toContain('hand.made@customer.example');
    expect(page.body).toContain('<dd>By hand</dd>');
    expect(page.body).toContain('<dd>Invited</dd>');
    expect(page.body).toContain('<dd>de-DE</dd>');
    expect(page.body).toContain('Accepted by hand and scheduled');

    const twice = await member.post(`${base}/invitations/new`, {
      email: 'hand.made@customer.example',
      reference: 'PHONE-1',
      kind: 'service',
    });
    expect(twice.headers.location).toBe(location.replace('decided=new', 'decided=duplicate'));
    expect((await member.get(twice.headers.location!)).body).toContain(
      'already has an invitation for this reference',
    );

    const test = await member.post(`${base}/invitations/new`, {
      email: `shop@${domain}`,
      reference: 'PHONE-2',
    });
    const testPage = await member.get(test.headers.location!);
    expect(testPage.body).toContain('Not scheduled:');
    expect(testPage.body).toContain('taken as a test address');
    expect(testPage.body).not.toContain('Cancel this invitation');
  });

  it('refuses a bad hand invite on the form, keeping what was typed', async () => {
    await member.get(`${base}/invitations/new`);
    const bad = await member.post(`${base}/invitations/new`, {
      email: 'not an address',
      name: 'Typed Name',
      reference: 'PHONE-3',
      kind: 'service',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('role="alert"');
    expect(bad.body).toContain('value="Typed Name"');
    expect(bad.body).toContain('value="PHONE-3"');
    const noProducts = await member.post(`${base}/invitations/new`, {
      email: 'p@customer.example',
      reference: 'PHONE-4',
      kind: 'product',
      skus: ' , ',
    });
    expect(noProducts.statusCode).toBe(400);
    expect(noProducts.body).toContain('A product invitation needs at least one product');
    const products = await member.post(`${base}/invitations/new`, {
      email: 'p@customer.example',
      reference: 'PHONE-4',
      kind: 'product',
      skus: 'A-1, B-2',
    });
    expect(products.statusCode).toBe(303);
    const page = await member.get(products.headers.location!);
    expect(page.body).toContain('<td>A-1</td>');
    expect(page.body).toContain('<td>B-2</td>');
    const withoutToken = await member.post(
      `${base}/invitations/new`,
      { email: 'x@customer.example', reference: 'X' },
      { csrf: false },
    );
    expect(withoutToken.statusCode).toBe(403);
  });

  it('exports the filtered invitations as CSV, with formulas made inert', async () => {
    const all = await member.get(`${base}/invitations.csv`);
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toMatch(/^text\/csv/);
    expect(all.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="invitations-${domain}-`),
    );
    const records = csvRecords(all.body);
    expect(records[0]).toEqual([
      'created_at',
      'email',
      'name',
      'reference',
      'kind',
      'method',
      'status',
      'reason',
      'send_at',
      'sent_at',
      'reviewed_at',
      'label',
      'products',
      'id',
    ]);
    const rows = records.slice(1);
    const listed = await runtime.invitationQueries.search(
      (await runtime.businesses.get(domain)).id,
      {},
      { limit: 200 },
    );
    expect(rows.map((row) => row[13])).toEqual(listed.invitations.map((row) => row.id));
    const grace = rows.find((row) => row[1] === 'grace@navy.example')!;
    expect(grace[2]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(grace[12]).toBe('SKU-1');
    const xss = rows.find((row) => row[1] === 'xss@web.example')!;
    expect(xss[3]).toBe(`'@ORD-103`);
    expect(all.body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);

    const filtered = await member.get(`${base}/invitations.csv?channel=api&status=cancelled`);
    expect(
      csvRecords(filtered.body)
        .slice(1)
        .map((row) => row[1]),
    ).toEqual(['alan@math.example']);
    const searched = await member.get(`${base}/invitations.csv?q=bulk0`);
    expect(csvRecords(searched.body).slice(1)).toHaveLength(10);
    const bad = await member.get(`${base}/invitations.csv?from=yesterday`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not a date');
  });

  it('sends a visitor who is not logged in to the login page', async () => {
    const response = await app.inject({ method: 'GET', url: `${base}/invitations.csv` });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/login\?next=/);
  });
});
