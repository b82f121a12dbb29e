import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseLocale, type Locale } from '../../domain/locales.js';
import type { Runtime } from '../../runtime.js';
import type { UnsubscribeTarget } from '../../services/invitation-tracking.service.js';
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
  const localeFor = (request: FastifyRequest, target: UnsubscribeTarget | undefined): Locale =>
    negotiateLocale({
      host: request.headers.host ?? '',
      publicHost: runtime.config.publicUrl.host,
      linkLocale: target?.locale,
      acceptLanguage: request.headers['accept-language'],
      businessDefault: parseLocale(target?.businessLocale ?? '') ?? 'en-US',
    }).locale;

  const invalid = async (request: FastifyRequest, reply: FastifyReply) => {
    const locale = localeFor(request, undefined);
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
    const target = await runtime.invitationTracking.unsubscribeTarget(request.params.token);
    if (!target) return invalid(request, reply);
    const locale = localeFor(request, target);
    const params = { business: target.businessName, email: target.email };
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
            <form method="post" action="/unsubscribe/${target.token}" class="stack">
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
      const body = request.body ?? {};
      // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` with no page in between.
      const oneClick = body['List-Unsubscribe'] === 'One-Click';
      const scope = !oneClick && body.scope === 'all' ? 'all' : 'business';
      const target = await runtime.invitationTracking.unsubscribeByToken(
        request.params.token,
        scope,
        oneClick ? 'one-click' : 'page',
      );
      if (!target) {
        return oneClick
          ? reply.status(404).type('text/plain').send('unknown unsubscribe link')
          : invalid(request, reply);
      }
      if (oneClick) return reply.type('text/plain').send('unsubscribed');
      const locale = localeFor(request, target);
      const params = { business: target.businessName, email: target.email };
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
    await runtime.invitationTracking.recordOpenByToken(token);
    // The same answer for any token, so the pixel tells nobody which tokens exist.
    return reply.type('image/gif').header('cache-control', 'no-store, private').send(PIXEL);
  });
}
