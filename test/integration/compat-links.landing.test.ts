import { createHash, randomBytes } from 'node:crypto';

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildApp } from '../../src/http/app.js';
import { diagnoseLink } from '../../src/links.js';
import type { Runtime } from '../../src/runtime.js';
import type { CreatedBusiness } from '../../src/services/business.service.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';
import { independentBglLink, independentUniqueLink } from '../support/independent-links.js';

// Links as code nobody here wrote builds them (issue 14): the review page and `vouch link check` (the
// doctor) must give the same verdict, and the published examples' links must open the form.
for (const engine of ENGINES) {
  describe(`links from other people's code at the landing (${engine})`, () => {
    let runtime: Runtime;
    let app: FastifyInstance;
    let shop: CreatedBusiness;
    let close: () => Promise<void> = () => Promise.resolve();
    const base = 'http://localhost';

    beforeAll(async () => {
      const opened = await openTestRuntime(engine);
      runtime = opened.runtime;
      app = await buildApp(runtime);
      shop = await runtime.businesses.create({
        name: 'Compat',
        domain: `compat-${randomBytes(4).toString('hex')}.example`,
      });
      close = async () => {
        await app.close();
        await opened.close();
      };
    });
    afterAll(() => close());

    async function land(link: string, host = 'localhost') {
      const response = await app.inject({ method: 'GET', url: link.replace(base, ''), headers: { host } });
      const diagnosis = diagnoseLink(link, {
        domain: shop.domain,
        uniqueLinkSecrets: [shop.uniqueLinkSecret],
        bglKeys: [{ encryptKey: shop.bglEncryptKey, authKey: shop.bglAuthKey }],
      });
      return { response, diagnosis };
    }

    const bgl = (payload: object) =>
      independentBglLink(base, shop.domain, shop.bglEncryptKey, shop.bglAuthKey, payload);

    it.each([
      ['C#', { Email: 'c@example.com', Name: 'C', Ref: '1001', Skus: null, Tags: null }],
      ['Python', { email: 'p@example.com', name: 'P', ref: '1002', skus: null, tags: null }],
      ['PHP', { email: 'php@example.com', name: 'PHP', ref: 1003, skus: null, tags: null }],
      ['Go', { Email: 'go@example.com', Name: 'Go', Ref: '1004', Skus: null, Tags: null }],
    ])(
      'opens the form for a BGL link shaped like the %s example, with a doctor warning',
      async (_e, payload) => {
        const { response, diagnosis } = await land(bgl(payload));
        expect(response.statusCode).toBe(200);
        expect(diagnosis.valid).toBe(true);
        expect(diagnosis.findings.length).toBeGreaterThan(0);
        expect(diagnosis.findings.every((finding) => finding.severity === 'warning')).toBe(true);
      },
    );

    it("opens the form for a Unique Link whose b lost its '+' to a space", async () => {
      const email = 'maria~anna@example.com';
      const b = Buffer.from(email).toString('base64');
      const e = createHash('sha1').update(`${shop.uniqueLinkSecret}${email}ORD-7`).digest('hex');
      const { response, diagnosis } = await land(
        `${base}/evaluate/${shop.domain}?a=ORD-7&b=${b}&c=Maria&e=${e}`,
      );
      expect(b).toContain('+');
      expect(response.statusCode).toBe(200);
      expect(diagnosis.valid).toBe(true);
    });

    it.each([
      [
        'a Unique Link',
        () =>
          independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, {
            email: 'jane.doe@',
            name: 'Jane',
            reference: 'ORD-8',
          }),
      ],
      ['a BGL link', () => bgl({ email: 'jane.doe@example', name: 'Jane', ref: 'ORD-9' })],
    ])('refuses %s with a malformed email at both, with one code', async (_kind, link) => {
      const { response, diagnosis } = await land(link());
      expect(response.statusCode).toBe(400);
      expect(diagnosis.valid).toBe(false);
      expect(diagnosis.findings.map((finding) => finding.code)).toEqual(['link_field_invalid']);
    });

    it.each([
      ['fr-be.localhost', 'fr-FR'],
      ['nl-be.localhost', 'nl-NL'],
      ['de-ch.localhost:3000', 'de-DE'],
    ])('speaks the language of the %s host', async (host, locale) => {
      const link = independentUniqueLink(base, shop.domain, shop.uniqueLinkSecret, {
        email: 'lang@example.com',
        name: 'Lang',
        reference: 'ORD-10',
      });
      const { response } = await land(link, host);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain(`<html lang="${locale}">`);
    });
  });
}
