import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseLocale, type Locale } from '../../domain/locales.js';
import type { Runtime } from '../../runtime.js';
import type { InvitationRow } from '../../store/schema.js';
import { html } from '../../views/html.js';
import { negotiateLocale, t } from '../../i18n/index.js';
import { page } from '../../views/layout.js';

/** A transparent 1×1 GIF: the open-tracking pixel. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

interface TokenParams {
  token: string;
}

/**
 * The links inside Vouch's own invitation emails that are not the review form: unsubscribe (a page, a
 * confirming POST, and RFC 8058's one-click POST) and the optional open pixel. A GET never changes a
 * suppression: mail scanners open every link.
 */
export function registerInvitationLinkPages(app: FastifyInstance, runtime: Runtime): void {
  const localeFor = async (
    request: FastifyRequest,
    invitation: InvitationRow | undefined,
  ): Promise<Locale> => {
    const business = invitation && (await runtime.businesses.row(invitation.business_id));
    return negotiateLocale({
      host: request.headers.host ?? '',
      publicHost: runtime.config.publicUrl.host,
      linkLocale: invitation?.locale ?? undefined,
      acceptLanguage: request.headers['accept-language'],
      businessDefault: parseLocale(business?.default_locale ?? '') ?? 'en-US',
    }).locale;
  };

  const invalid = async (request: FastifyRequest, reply: FastifyReply) => {
    const locale = await localeFor(request, undefined);
    return reply
      .status(404)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        page({
          title: t(locale, 'unsubscribe.invalid.title'),
          lang: locale,
          body: html`<div class="card">
            <h1>${t(locale, 'unsubscribe.invalid.title')}</h1>
            <p>${t(locale, 'unsubscribe.invalid.body')}</p>
          </div>`,
        }).toString(),
      );
  };

  app.get<{ Params: TokenParams }>('/unsubscribe/:token', async (request, reply) => {
    const invitation = await runtime.invitationTracking.findByToken(request.params.token);
    if (!invitation) return invalid(request, reply);
    const business = await runtime.businesses.row(invitation.business_id);
    const locale = await localeFor(request, invitation);
    const params = { business: business.name, email: invitation.email };
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        page({
          title: t(locale, 'unsubscribe.title'),
          lang: locale,
          body: html`<div class="card">
            <h1>${t(locale, 'unsubscribe.title')}</h1>
            <p>${t(locale, 'unsubscribe.question', params)}</p>
            <form method="post" action="/unsubscribe/${invitation.token}" class="stack">
              <button type="submit" name="scope" value="business">
                ${t(locale, 'unsubscribe.business', params)}
              </button>
              <button type="submit" name="scope" value="all" class="secondary">
                ${t(locale, 'unsubscribe.all', params)}
              </button>
            </form>
          </div>`,
        }).toString(),
      );
  });

  app.post<{ Params: TokenParams; Body: Record<string, string | undefined> | undefined }>(
    '/unsubscribe/:token',
    async (request, reply) => {
      const invitation = await runtime.invitationTracking.findByToken(request.params.token);
      const body = request.body ?? {};
      // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` with no page in between.
      const oneClick = body['List-Unsubscribe'] === 'One-Click';
      if (!invitation) {
        return oneClick
          ? reply.status(404).type('text/plain').send('unknown unsubscribe link')
          : invalid(request, reply);
      }
      const scope = !oneClick && body.scope === 'all' ? 'all' : 'business';
      await runtime.invitationTracking.unsubscribe(invitation, scope, oneClick ? 'one-click' : 'page');
      if (oneClick) return reply.type('text/plain').send('unsubscribed');
      const business = await runtime.businesses.row(invitation.business_id);
      const locale = await localeFor(request, invitation);
      const params = { business: business.name, email: invitation.email };
      const bodyKey = scope === 'all' ? 'unsubscribe.done.all' : 'unsubscribe.done.business';
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(
          page({
            title: t(locale, 'unsubscribe.done.title'),
            lang: locale,
            body: html`<div class="card">
              <h1>${t(locale, 'unsubscribe.done.title')}</h1>
              <p>${t(locale, bodyKey, params)}</p>
            </div>`,
          }).toString(),
        );
    },
  );

  app.get<{ Params: TokenParams }>('/o/:token', async (request, reply) => {
    const token = request.params.token.replace(/\.gif$/, '');
    const invitation = await runtime.invitationTracking.findByToken(token);
    if (invitation) await runtime.invitationTracking.recordOpen(invitation);
    // The same answer for any token, so the pixel tells nobody which tokens exist.
    return reply.type('image/gif').header('cache-control', 'no-store, private').send(PIXEL);
  });
}
