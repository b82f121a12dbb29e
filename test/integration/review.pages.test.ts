import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { buildApp } from '../../src/http/app.js';
import type { Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import * as linkDigest from '../../src/store/migrations/20261202T1200_review_link_digest.js';
import type { Database } from '../../src/store/schema.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';
import { independentBglLink, independentUniqueLink } from '../support/independent-links.js';

const FORM_TOKEN = /name="_form" value="([^"]+)"/;

describe.each(ENGINES)('review entrances on %s', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let close: () => Promise<void> = () => Promise.resolve();
  let dataDir = '';
  let addressCounter = 0;

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    dataDir = opened.database.dataDir;
    app = await buildApp(runtime);
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  const base = 'http://localhost';
  async function business(name = 'Bäckerei Müller'): Promise<CreatedBusiness> {
    return runtime.businesses.create({ name, domain: `shop-${randomBytes(4).toString('hex')}.example` });
  }
  /** Each test submits from its own address, so the per-address limit only bites where a test wants it. */
  const remoteAddress = () => `10.0.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;

  async function open(url: string, headers: Record<string, string> = {}) {
    const response = await app.inject({ method: 'GET', url: url.replace(base, ''), headers });
    return { response, token: FORM_TOKEN.exec(response.body)?.[1] };
  }

  async function submit(
    url: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
    ip = remoteAddress(),
  ) {
    return app.inject({
      method: 'POST',
      url: url.replace(base, ''),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(fields).toString(),
      remoteAddress: ip,
    });
  }

  /** The business's published reviews, as the public JSON API gives them. */
  async function publicReviews(domain: string) {
    const response = await app.inject({ method: 'GET', url: `/api/public/businesses/${domain}/reviews` });
    return response.json<{ reviews: { title: string; text: string; rating: number }[] }>().reviews;
  }

  /** Every stored review of the business, published or not, oldest first. */
  async function storedReviews(domain: string) {
    const { id } = await runtime.businesses.row(domain);
    return runtime.store.db
      .selectFrom('reviews')
      .selectAll()
      .where('business_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  const customer = () => ({
    email: `kunde${++addressCounter}@example.com`,
    name: 'Jürgen Weiß',
    reference: `ORD-${randomBytes(3).toString('hex')}`,
  });

  it('opens an independently built Unique Link in German on the de. host and stores a Verified review', async () => {
    const shop = await business();
    const who = customer();
    const link = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, who);
    const { response, token } = await open(link, { host: 'de.localhost' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="de-DE">');
    expect(response.body).toContain('Bäckerei Müller');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(token).toBeDefined();
    // Opening the link stored nothing.
    expect(
      await runtime.reviews.existingReview({
        business: await runtime.businesses.row(shop.domain),
        email: who.email,
        reference: who.reference,
      } as never),
    ).toBeUndefined();

    const posted = await submit(
      link,
      { _form: token!, rating: '5', title: 'Sehr gut', text: 'Frische Brötchen, freundlicher Service.' },
      { host: 'de.localhost' },
    );
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toMatch(new RegExp(`^/review/${shop.domain}/thanks/`));
    const thanks = await app.inject({
      method: 'GET',
      url: String(posted.headers.location),
      headers: { host: 'de.localhost' },
    });
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('lang="de-DE"');

    const json = await app.inject({ method: 'GET', url: `/api/public/businesses/${shop.domain}/reviews` });
    const body = json.json<{
      reviews: { label: string; rating: number; title: string }[];
      next: string | null;
    }>();
    expect(body.reviews).toHaveLength(1);
    expect(body.reviews[0]).toMatchObject({ label: 'verified', rating: 5, title: 'Sehr gut' });
    expect(body.next).toBeNull();

    // Opening the link again shows the review for editing; submitting again edits it.
    const again = await open(link, { host: 'de.localhost' });
    expect(again.response.body).toContain('Sehr gut');
    expect(again.response.body).toMatch(/value="5"\s+checked/);
    const edited = await submit(link, {
      _form: again.token!,
      rating: '4',
      title: 'Gut',
      text: 'Frische Brötchen, aber lange Schlange.',
    });
    expect(edited.statusCode).toBe(303);
    const after = (
      await app.inject({ method: 'GET', url: `/api/public/businesses/${shop.domain}/reviews` })
    ).json<{ reviews: { rating: number }[] }>();
    expect(after.reviews.map((review) => review.rating)).toEqual([4]);
  });

  it('opens an independently built BGL link with SKUs and stores per-product ratings', async () => {
    const shop = await business('Acme');
    const who = customer();
    const link = independentBglLink(base, shop.domain, shop.bglEncryptKey, shop.bglAuthKey, {
      email: who.email,
      name: who.name,
      ref: who.reference,
      skus: ['MUG-1', 'TEE-2'],
    });
    const { response, token } = await open(link);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('name="product_rating[MUG-1]"');
    const posted = await submit(link, {
      _form: token!,
      rating: '4',
      title: 'Nice mug',
      text: 'The mug is lovely, the tee ran small.',
      'product_rating[MUG-1]': '5',
      'product_rating[TEE-2]': '3',
    });
    expect(posted.statusCode).toBe(303);
    const reviews = (
      await app.inject({ method: 'GET', url: `/api/public/businesses/${shop.domain}/reviews` })
    ).json<{ reviews: { label: string; products: unknown[] }[] }>().reviews;
    expect(reviews[0]).toMatchObject({
      label: 'verified',
      products: [
        { sku: 'MUG-1', rating: 5 },
        { sku: 'TEE-2', rating: 3 },
      ],
    });
  });

  it('refuses tampered and malformed links with a localised page, a 4xx, no detail, and a recorded code', async () => {
    const shop = await business();
    const who = customer();
    const link = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, who);
    const tampered = link.replace(`a=${who.reference}`, `a=${who.reference}X`);
    const refused = await open(tampered, { host: 'fr.localhost' });
    expect(refused.response.statusCode).toBe(403);
    expect(refused.response.body).toContain('<html lang="fr-FR">');
    expect(refused.response.body).not.toMatch(/hash|sha1|secret/i);
    expect(refused.token).toBeUndefined();
    const malformed = await open(`/evaluate/${shop.domain}?a=1`);
    expect(malformed.response.statusCode).toBe(400);
    const bgl = await open(`/evaluate-bgl/${shop.domain}?p=${encodeURIComponent('A'.repeat(128))}`);
    expect(bgl.response.statusCode).toBe(403);
    const failures = await runtime.reviews.linkFailures(await runtime.businesses.row(shop.domain));
    expect(failures).toEqual(
      expect.arrayContaining([
        { code: 'unique_link_hash_mismatch', entrance: 'unique_link', count: 1 },
        { code: 'unique_link_missing_parameter', entrance: 'unique_link', count: 1 },
        { code: 'bgl_mac_mismatch', entrance: 'bgl', count: 1 },
      ]),
    );
    // A POST through a bad link is refused the same way.
    expect((await submit(tampered, { rating: '5', title: 'x', text: 'y'.repeat(20) })).statusCode).toBe(403);
  });

  it('labels a review from a manual invitation Invited, records the click, marks it reviewed and follows redirectUri', async () => {
    const shop = await business();
    const accepted = await runtime.invitations.accept(shop.domain, {
      channel: 'manual',
      kind: 'service',
      email: 'inv@example.com',
      name: 'Ines',
      reference: 'M-1',
      locale: 'it-IT',
    });
    const row = await runtime.store.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', accepted.invitation.id)
      .executeTakeFirstOrThrow();
    const { response, token } = await open(`/r/${row.token}?rating=4`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="it-IT">');
    expect(response.body).toMatch(/value="4"\s+checked/);
    const posted = await submit(`/r/${row.token}?rating=4`, {
      _form: token!,
      rating: '4',
      title: 'Bene',
      text: 'Tutto a posto, grazie mille.',
    });
    expect(posted.statusCode).toBe(303);
    const shown = await runtime.invitationQueries.get(shop.domain, accepted.invitation.id);
    expect(shown.events.map((event) => event.type)).toEqual(['scheduled', 'clicked', 'reviewed']);
    expect(shown.reviewedAt).not.toBeNull();
    const reviews = (
      await app.inject({ method: 'GET', url: `/api/public/businesses/${shop.domain}/reviews` })
    ).json<{ reviews: { label: string }[] }>().reviews;
    expect(reviews[0]?.label).toBe('invited');

    /** An API invitation with a redirectUri, opened and reviewed through its own link. */
    async function reviewWithRedirect(reference: string, redirectUri: string, title: string, text: string) {
      const invited = await runtime.invitations.accept(shop.domain, {
        channel: 'api',
        kind: 'service',
        email: `${reference.toLowerCase()}@example.com`,
        reference,
        redirectUri,
      });
      const { token } = await runtime.store.db
        .selectFrom('invitations')
        .select('token')
        .where('id', '=', invited.invitation.id)
        .executeTakeFirstOrThrow();
      const form = await open(`/r/${token}`);
      return submit(`/r/${token}`, { _form: form.token!, rating: '5', title, text });
    }

    const redirected = await reviewWithRedirect(
      'M-2',
      'https://shop.example/thanks',
      'Great',
      'Arrived quickly, works well.',
    );
    expect(redirected.headers.location).toBe('https://shop.example/thanks');

    // A redirectUri as a shop types it, with a name in it: sent percent-encoded, as a header must be.
    const named = await reviewWithRedirect(
      'M-3',
      'https://shop.example/dzięki?imię=Łukasz',
      'Świetnie',
      'Szybka dostawa, wszystko działa.',
    );
    expect(named.statusCode).toBe(303);
    expect(named.headers.location).toBe('https://shop.example/dzi%C4%99ki?imi%C4%99=%C5%81ukasz');
  });

  it('refuses a missing or forged form token, thanks a honeypot bot without storing, and explains field errors', async () => {
    const shop = await business();
    const who = customer();
    const link = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, who);
    const { token } = await open(link);
    const noToken = await submit(link, { rating: '5', title: 'Fine', text: 'Good service overall.' });
    expect(noToken.statusCode).toBe(400);
    expect(noToken.body).toContain('The form expired');
    expect(noToken.body).toContain('Good service overall.');
    const otherCustomer = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, customer());
    expect(
      (
        await submit(otherCustomer, {
          _form: token!,
          rating: '5',
          title: 'Fine',
          text: 'Good service overall.',
        })
      ).statusCode,
    ).toBe(400);
    const bot = await submit(link, {
      _form: token!,
      rating: '5',
      title: 'Buy pills',
      text: 'Cheap pills at example.',
      website: 'http://spam.example',
    });
    expect(bot.statusCode).toBe(200);
    const invalid = await submit(link, { _form: token!, rating: '9', title: '', text: 'short' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('Please choose a rating from 1 to 5 stars.');
    expect(invalid.body).toContain('Please give your review a title.');
    expect(invalid.body).toContain('Please write at least 10 characters.');
    const listed = (
      await app.inject({ method: 'GET', url: `/api/public/businesses/${shop.domain}/reviews` })
    ).json<{ reviews: unknown[] }>();
    expect(listed.reviews).toEqual([]);
  });

  it('turns the same form sent twice at once into one review, never a 500', async () => {
    const shop = await business();
    const link = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, customer());
    const { token } = await open(link);
    const fields = { _form: token!, rating: '5', title: 'Twice', text: 'Double-clicked the button.' };
    const responses = await Promise.all([submit(link, fields), submit(link, fields), submit(link, fields)]);
    expect(responses.map((response) => response.statusCode)).toEqual([303, 303, 303]);
    const reviews = (
      await app.inject({ method: 'GET', url: `/api/public/businesses/${shop.domain}/reviews` })
    ).json<{ reviews: unknown[] }>();
    expect(reviews.reviews).toHaveLength(1);
  });

  it('limits submissions per address', async () => {
    const shop = await business();
    const link = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, customer());
    const { token } = await open(link);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      statuses.push(
        (
          await submit(
            link,
            { _form: token!, rating: '5', title: 'Again', text: 'Submitting once more.' },
            {},
            '192.0.2.77',
          )
        ).statusCode,
      );
    }
    expect(statuses.slice(0, 10).every((status) => status === 303)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('lets the business site frame the embedded form, and nobody frame the full page', async () => {
    const shop = await business();
    const who = customer();
    const embedded = independentBglLink(
      base,
      shop.domain,
      shop.bglEncryptKey,
      shop.bglAuthKey,
      { email: who.email, name: who.name, ref: who.reference },
      true,
    );
    const framed = await open(embedded);
    expect(framed.response.statusCode).toBe(200);
    expect(framed.response.headers['content-security-policy']).toContain(
      `frame-ancestors 'self' https://${shop.domain} https://*.${shop.domain}`,
    );
    expect(framed.response.headers['x-frame-options']).toBeUndefined();
    expect(framed.response.body).not.toContain('<header class="site">');
    const full = await open(embedded.replace('/embed/', '/'));
    expect(full.response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('shows the public page with TrustScore, distribution, labels and cursor pages, and a widget', async () => {
    const shop = await business('Score Shop');
    for (let index = 0; index < 23; index++) {
      const link = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, customer());
      const { token } = await open(link);
      const posted = await submit(link, {
        _form: token!,
        rating: index % 5 === 0 ? '3' : '5',
        title: `Review ${index}`,
        text: `Review number ${index} text.`,
      });
      expect(posted.statusCode).toBe(303);
    }
    const summary = (
      await app.inject({ method: 'GET', url: `/api/public/businesses/${shop.domain}/summary` })
    ).json<{ trustScore: number; reviewCount: number; distribution: Record<string, number> }>();
    expect(summary).toMatchObject({ reviewCount: 23, distribution: { 3: 5, 5: 18 } });
    // (10 × 3.5 + 18 × 5 + 5 × 3) / (10 + 23) = 4.24…
    expect(summary.trustScore).toBe(4.2);
    const page = await app.inject({
      method: 'GET',
      url: `/review/${shop.domain}`,
      headers: { 'accept-language': 'nl-NL,nl;q=0.9' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('lang="nl-NL"');
    expect(page.body).toContain('data-trustscore="4.2"');
    expect(page.body.match(/<article/g)).toHaveLength(20);
    const first = (
      await app.inject({ method: 'GET', url: `/api/public/businesses/${shop.domain}/reviews?limit=20` })
    ).json<{ reviews: { id: string }[]; next: string }>();
    const second = (
      await app.inject({
        method: 'GET',
        url: `/api/public/businesses/${shop.domain}/reviews?limit=20&cursor=${first.next}`,
      })
    ).json<{ reviews: { id: string }[]; next: string | null }>();
    expect(second.reviews).toHaveLength(3);
    expect(second.next).toBeNull();
    expect(new Set([...first.reviews, ...second.reviews].map((review) => review.id)).size).toBe(23);
    const widget = await app.inject({ method: 'GET', url: `/widget/${shop.domain}` });
    expect(widget.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(widget.body).toContain('23 reviews');
    const labels = await app.inject({ method: 'GET', url: '/labels', headers: { host: 'jp.localhost' } });
    expect(labels.body).toContain('lang="ja-JP"');
  });

  it('publishes an organic review only after the email link is confirmed with a POST', async () => {
    const shop = await business('Organic Shop');
    const write = await open(`/review/${shop.domain}/write`);
    expect(write.response.statusCode).toBe(200);
    const posted = await submit(`/review/${shop.domain}/write`, {
      _form: write.token!,
      email: 'Walk.In@Example.com',
      name: 'Walk In',
      rating: '4',
      title: 'Nice place',
      text: 'Came by without an invite.',
    });
    expect(posted.statusCode).toBe(200);
    expect(posted.body).toContain('Walk.In@Example.com');
    const outbox = path.join(dataDir, 'outbox');
    const mail = fs
      .readdirSync(outbox)
      .map((file) => fs.readFileSync(path.join(outbox, file), 'utf8'))
      .find((text) => text.includes('walk.in@example.com'));
    expect(mail).toBeDefined();
    const link = /http:\/\/localhost:\d+(\/review\/[^\s"<]+\/confirm\/[A-Za-z0-9_-]+)/.exec(
      mail!.replace(/=\r?\n/g, ''),
    )?.[1];
    expect(link).toBeDefined();
    const reviewsNow = () =>
      app
        .inject({ method: 'GET', url: `/api/public/businesses/${shop.domain}/reviews` })
        .then((r) => r.json<{ reviews: { label: string }[] }>().reviews);
    expect(await reviewsNow()).toEqual([]);
    // A mail scanner opening the link publishes nothing.
    const confirmPage = await app.inject({ method: 'GET', url: link! });
    expect(confirmPage.statusCode).toBe(200);
    expect(confirmPage.body).toContain(`<form method="post" action="${link!}">`);
    expect(await reviewsNow()).toEqual([]);
    expect((await app.inject({ method: 'POST', url: link! })).statusCode).toBe(200);
    expect((await reviewsNow()).map((review) => review.label)).toEqual(['organic']);
    expect((await app.inject({ method: 'POST', url: link! })).statusCode).toBe(404);
    const badEmail = await submit(`/review/${shop.domain}/write`, {
      _form: write.token!,
      email: 'nope',
      rating: '4',
      title: 'x',
      text: 'Came by without an invite.',
    });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.body).toContain('Please enter a valid email address');
  });

  it('gives one review per Unique Link hash, however its email and reference are split', async () => {
    const shop = await business();
    const reference = `ORD-${randomBytes(3).toString('hex')}`;
    const email = `split${++addressCounter}@example.com`;
    const link = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, {
      email,
      name: 'Jane Doe',
      reference,
    });
    // sha1(secret + email + reference) has no separator: moving "m" from the email's end to the
    // reference's start keeps the hash and shows a new (email, reference) pair.
    const split = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, {
      email: email.slice(0, -1),
      name: 'Jane Doe',
      reference: `m${reference}`,
    });
    expect(new URL(split).searchParams.get('e')).toBe(new URL(link).searchParams.get('e'));
    const first = await open(link);
    const posted = await submit(link, {
      _form: first.token!,
      rating: '5',
      title: 'Genuine',
      text: 'The one review this order earned.',
    });
    expect(posted.statusCode).toBe(303);

    // The split opens the same review for editing, and submitting edits it rather than adding one.
    const second = await open(split);
    expect(second.response.statusCode).toBe(200);
    expect(second.response.body).toContain('Genuine');
    const edited = await submit(split, {
      _form: second.token!,
      rating: '1',
      title: 'Edited',
      text: 'Still only one review for this link.',
    });
    expect(edited.statusCode).toBe(303);
    expect(await publicReviews(shop.domain)).toEqual([
      expect.objectContaining({ title: 'Edited', rating: 1 }),
    ]);
    expect((await storedReviews(shop.domain)).map((row) => [row.email, row.reference])).toEqual([
      [email, reference],
    ]);
  });

  it('makes one review when two splits of one link are submitted at the same moment', async () => {
    const shop = await business();
    const reference = `ORD-${randomBytes(3).toString('hex')}`;
    const email = `race${++addressCounter}@example.com`;
    const links = [
      { email, reference },
      { email: email.slice(0, -1), reference: `m${reference}` },
      { email: email.slice(0, -2), reference: `om${reference}` },
    ].map((who) => independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, { ...who, name: 'R' }));
    const tokens = await Promise.all(links.map(async (link) => (await open(link)).token!));
    const answers = await Promise.all(
      links.map((link, index) =>
        submit(link, {
          _form: tokens[index]!,
          rating: '4',
          title: `Race ${index}`,
          text: 'Three tabs, one review.',
        }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual([303, 303, 303]);
    expect(await storedReviews(shop.domain)).toHaveLength(1);
  });

  it('refuses a Unique Link that gives a parameter twice, with a stable code', async () => {
    const shop = await business();
    const who = customer();
    const link = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, who);
    for (const doubled of [`${link}&a=${encodeURIComponent(who.reference)}`, `${link}&a=OTHER-1`]) {
      const refused = await open(doubled);
      expect(refused.response.statusCode).toBe(400);
      expect(refused.token).toBeUndefined();
      expect((await submit(doubled, { rating: '5', title: 'x', text: 'y'.repeat(20) })).statusCode).toBe(400);
    }
    expect(await runtime.reviews.linkFailures(await runtime.businesses.row(shop.domain))).toEqual([
      { code: 'unique_link_missing_parameter', entrance: 'unique_link', count: 4 },
    ]);
    expect((await open(link)).response.statusCode).toBe(200);
  });

  it('counts review length in characters people see: 3,000 emoji pass, 4,001 do not', async () => {
    const shop = await business();
    const link = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, customer());
    const { token } = await open(link);
    const tooLong = await submit(link, {
      _form: token!,
      rating: '5',
      title: '🎉'.repeat(100),
      text: '👍'.repeat(4001),
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('Please keep your review to 4,000 characters or fewer.');
    const posted = await submit(link, {
      _form: token!,
      rating: '5',
      title: '🎉'.repeat(100),
      text: '👍🏽'.repeat(3000),
    });
    expect(posted.statusCode).toBe(303);
    const [review] = await publicReviews(shop.domain);
    expect(review?.text).toBe('👍🏽'.repeat(3000));
    expect(review?.title).toBe('🎉'.repeat(100));
  });

  it('never lets a plain-http page frame the embedded form', async () => {
    const shop = await business();
    const who = customer();
    const embedded = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, who).replace(
      '/evaluate/',
      '/evaluate/embed/',
    );
    const refusedLink = `${embedded.replace(/e=[0-9a-f]+/, `e=${'0'.repeat(40)}`)}`;
    for (const url of [embedded, refusedLink]) {
      const policy = String((await open(url)).response.headers['content-security-policy']);
      const ancestors = /frame-ancestors ([^;]*)/.exec(policy)?.[1]?.split(' ') ?? [];
      expect(ancestors).toEqual(["'self'", `https://${shop.domain}`, `https://*.${shop.domain}`]);
    }
  });

  it('answers the public JSON API with problem+json errors', async () => {
    const shop = await business();
    const unknown = await app.inject({ method: 'GET', url: '/api/public/businesses/nobody.example/reviews' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.json()).toEqual({
      type: 'urn:vouch:problem:business_not_found',
      title: 'No business with this domain or id',
      status: 404,
      detail: 'No business has the domain "nobody.example".',
      code: 'business_not_found',
    });
    const summary = await app.inject({ method: 'GET', url: '/api/public/businesses/nobody.example/summary' });
    expect(summary.json()).toMatchObject({ status: 404, code: 'business_not_found' });
    const firstPage = await app.inject({
      method: 'GET',
      url: `/api/public/businesses/${shop.domain}/reviews?cursor=&limit=5`,
    });
    expect(firstPage.json()).toEqual({ reviews: [], next: null });
    for (const query of ['limit=0', 'limit=101', 'limit=ten', 'cursor=not-a-cursor']) {
      const bad = await app.inject({
        method: 'GET',
        url: `/api/public/businesses/${shop.domain}/reviews?${query}`,
      });
      expect(bad.statusCode, query).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.json()).toMatchObject({ status: 400, code: 'validation_failed' });
    }
  });

  it('gives reviews made before links were remembered their link in the migration, so a split reaches them', async () => {
    const shop = await business();
    const businessId = (await runtime.businesses.row(shop.domain)).id;
    const db = runtime.store.db;
    const reference = `ORD-${randomBytes(3).toString('hex')}`;
    // Two reviews an attacker already made from one link before this change, and one honest review.
    await insertLegacy(db, businessId, 'jane@example.com', reference, 1_000);
    await insertLegacy(db, businessId, 'jane@example.co', `m${reference}`, 2_000);
    await insertLegacy(db, businessId, 'joe@example.com', 'ORD-2', 3_000);

    // Run the migration again over these rows, as it runs over an installation's existing reviews.
    await linkDigest.down(db);
    await linkDigest.up(db);
    const digests = (await storedReviews(shop.domain)).map((row) => row.link_digest !== null);
    expect(digests).toEqual([true, false, true]);

    // A third split of the same link opens the oldest review and edits it: no new review.
    const split = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, {
      email: 'jane@example.c',
      name: 'Jane',
      reference: `om${reference}`,
    });
    const { response, token } = await open(split);
    expect(response.body).toContain('Legacy 1000');
    const posted = await submit(split, {
      _form: token!,
      rating: '2',
      title: 'Edited',
      text: 'Edited through a third split.',
    });
    expect(posted.statusCode).toBe(303);
    const titles = (await storedReviews(shop.domain)).map((row) => row.title);
    expect(titles).toEqual(['Edited', 'Legacy 2000', 'Legacy 3000']);
  });
});

async function insertLegacy(
  db: Kysely<Database>,
  businessId: string,
  email: string,
  reference: string,
  at: number,
): Promise<void> {
  await db
    .insertInto('reviews')
    .values({
      id: randomUUID(),
      business_id: businessId,
      invitation_id: null,
      label: 'verified',
      source: 'unique_link',
      email,
      name: 'Jane',
      reference,
      rating: 5,
      title: `Legacy ${at}`,
      text: 'Written before links were remembered.',
      products: '[]',
      locale: 'en-US',
      status: 'published',
      confirm_token_hash: null,
      confirm_expires_at: null,
      created_at: at,
      updated_at: at,
      published_at: at,
      link_digest: null,
    })
    .execute();
}
