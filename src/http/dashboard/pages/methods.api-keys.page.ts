import type { Runtime } from '../../../runtime.js';
import type { ApiKeyView } from '../../../services/business.service.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { defineMessages } from '../messages.js';
import type { DashboardContext, DashboardRouter } from '../router.js';
import { dashboardPage, field, formatTime, notice, postForm } from '../view.js';
import { formOf, idOf, methodsNav, notFound, refusalOf, textOf } from './methods.common.page.js';

const text = defineMessages(
  'methods.apiKeys',
  {
    title: 'API keys',
    intro:
      'A key lets your systems call the Invitation API (header apikey, or OAuth with the key as client id and its secret as client secret). The key and its secret are shown once, when made; Vouch keeps only their digests.',
    'col.label': 'Label',
    'col.prefix': 'Begins with',
    'col.created': 'Created',
    'col.lastUsed': 'Last used',
    'col.status': 'Status',
    'col.actions': 'Actions',
    never: 'Never',
    active: 'Active',
    revokedAt: 'Revoked {at}',
    none: 'This business has no API key.',
    'create.heading': 'Make a key',
    'create.label': 'Label',
    'create.labelHint': 'What the key is for, such as “shop backend”.',
    'create.submit': 'Make the key',
    'created.heading': 'Your new key',
    'created.once': 'Copy both now: they are shown on this page only and cannot be shown again.',
    'created.key': 'API key',
    'created.secret': 'Secret (OAuth client secret)',
    'secret.submit': 'New secret',
    'secret.done':
      'The key {prefix}… has a new secret; the old secret and the tokens issued with it stopped working.',
    revoke: 'Revoke',
    revoked: 'The key was revoked: calls made with it are refused from now on.',
    alreadyRevoked: 'That key was already revoked.',
  },
  {
    'de-DE': {
      title: 'API-Schlüssel',
      'create.heading': 'Schlüssel erstellen',
      'create.submit': 'Schlüssel erstellen',
      'created.heading': 'Ihr neuer Schlüssel',
      'secret.submit': 'Neues Geheimnis',
      revoke: 'Widerrufen',
    },
    'fr-FR': {
      title: 'Clés d’API',
      'create.heading': 'Créer une clé',
      'create.submit': 'Créer la clé',
      'created.heading': 'Votre nouvelle clé',
      'secret.submit': 'Nouveau secret',
      revoke: 'Révoquer',
    },
    'es-ES': {
      title: 'Claves de API',
      'create.heading': 'Crear una clave',
      'create.submit': 'Crear la clave',
      'created.heading': 'Tu nueva clave',
      'secret.submit': 'Nuevo secreto',
      revoke: 'Revocar',
    },
    'it-IT': {
      title: 'Chiavi API',
      'create.heading': 'Crea una chiave',
      'create.submit': 'Crea la chiave',
      'created.heading': 'La tua nuova chiave',
      'secret.submit': 'Nuovo segreto',
      revoke: 'Revoca',
    },
    'nl-NL': {
      title: 'API-sleutels',
      'create.heading': 'Sleutel maken',
      'create.submit': 'Sleutel maken',
      'created.heading': 'Uw nieuwe sleutel',
      'secret.submit': 'Nieuw geheim',
      revoke: 'Intrekken',
    },
    'da-DK': {
      title: 'API-nøgler',
      'create.heading': 'Lav en nøgle',
      'create.submit': 'Lav nøglen',
      'created.heading': 'Din nye nøgle',
      'secret.submit': 'Ny hemmelighed',
      revoke: 'Tilbagekald',
    },
    'sv-SE': {
      title: 'API-nycklar',
      'create.heading': 'Skapa en nyckel',
      'create.submit': 'Skapa nyckeln',
      'created.heading': 'Din nya nyckel',
      'secret.submit': 'Ny hemlighet',
      revoke: 'Återkalla',
    },
    'nb-NO': {
      title: 'API-nøkler',
      'create.heading': 'Lag en nøkkel',
      'create.submit': 'Lag nøkkelen',
      'created.heading': 'Den nye nøkkelen din',
      'secret.submit': 'Ny hemmelighet',
      revoke: 'Tilbakekall',
    },
    'fi-FI': {
      title: 'API-avaimet',
      'create.heading': 'Luo avain',
      'create.submit': 'Luo avain',
      'created.heading': 'Uusi avaimesi',
      'secret.submit': 'Uusi salaisuus',
      revoke: 'Peruuta',
    },
    'pl-PL': {
      title: 'Klucze API',
      'create.heading': 'Utwórz klucz',
      'create.submit': 'Utwórz klucz',
      'created.heading': 'Twój nowy klucz',
      'secret.submit': 'Nowy sekret',
      revoke: 'Unieważnij',
    },
    'pt-BR': {
      title: 'Chaves de API',
      'create.heading': 'Criar uma chave',
      'create.submit': 'Criar a chave',
      'created.heading': 'Sua nova chave',
      'secret.submit': 'Novo segredo',
      revoke: 'Revogar',
    },
    'ja-JP': {
      title: 'APIキー',
      'create.heading': 'キーを作成',
      'create.submit': 'キーを作成',
      'created.heading': '新しいキー',
      'secret.submit': '新しいシークレット',
      revoke: '無効化',
    },
  },
);

type T = ReturnType<typeof text.in>;

interface PageState {
  notice?: SafeHtml;
  created?: { key: string; secret: string; label: string };
  error?: string;
}

/** The business's API keys, an owner's only: list, make (key and secret shown once), new secret, revoke. */
export function registerApiKeyPages(router: DashboardRouter, runtime: Runtime): void {
  const render = async (context: DashboardContext, state: PageState = {}) =>
    apiKeysPage(context, state, await runtime.businesses.listApiKeys(context.business.id));

  router.get('methods/api-keys', 'owner', async (request, _reply, context) => {
    const { done } = request.query as { done?: unknown };
    return render(
      context,
      done === 'revoked' ? { notice: notice('ok', text.in(context.locale)('revoked')) } : {},
    );
  });

  router.post('methods/api-keys', 'owner', async (request, _reply, context) => {
    const label = textOf(formOf(request), 'label', 200);
    const created = await runtime.businesses.createApiKey(context.business.id, label || 'API key');
    return render(context, { created: { key: created.key, secret: created.secret, label: created.label } });
  });

  /** The key named by the path's `:id`, if it is one of this business's; another's is a 404. */
  const ownKey = async (context: DashboardContext, id: string): Promise<ApiKeyView> => {
    const key = (await runtime.businesses.listApiKeys(context.business.id)).find((item) => item.id === id);
    if (!key) throw notFound();
    return key;
  };

  router.post('methods/api-keys/:id/revoke', 'owner', async (request, reply, context) => {
    const key = await ownKey(context, idOf(request));
    if (key.revokedAt !== null) {
      return render(context, { notice: notice('ok', text.in(context.locale)('alreadyRevoked')) });
    }
    await runtime.businesses.revokeApiKey(context.business.id, key.id);
    return reply.redirect(`${context.href('methods/api-keys')}?done=revoked`, 303);
  });

  router.post('methods/api-keys/:id/secret', 'owner', async (request, reply, context) => {
    const key = await ownKey(context, idOf(request));
    try {
      const rotated = await runtime.oauth.rotateSecret(context.business.id, key.id);
      return render(context, {
        notice: notice('ok', text.in(context.locale)('secret.done', { prefix: rotated.prefix })),
        created: { key: '', secret: rotated.secret, label: key.label },
      });
    } catch (error) {
      reply.status(400);
      return render(context, { error: refusalOf(error) });
    }
  });
}

function apiKeysPage(context: DashboardContext, state: PageState, keys: readonly ApiKeyView[]): SafeHtml {
  const t = text.in(context.locale);
  return dashboardPage(context, {
    title: t('title'),
    active: 'methods',
    body: html`<h1>${t('title')}</h1>
      ${methodsNav(context, 'api-keys')}
      <p class="muted">${t('intro')}</p>
      ${state.notice ?? ''} ${notice('error', state.error)} ${state.created ? createdCard(t, state.created) : ''}
      ${keys.length === 0 ? html`<p class="muted">${t('none')}</p>` : keyTable(context, t, keys)}
      <section class="card" aria-labelledby="create-heading">
        <h2 id="create-heading">${t('create.heading')}</h2>
        ${postForm(
          context,
          context.href('methods/api-keys'),
          html`${field({ label: t('create.label'), name: 'label', hint: t('create.labelHint') })}
            <button type="submit">${t('create.submit')}</button>`,
        )}
      </section>`,
  });
}

function createdCard(t: T, created: NonNullable<PageState['created']>): SafeHtml {
  return html`<section class="card" id="created-key" aria-labelledby="created-heading">
    <h2 id="created-heading">${t('created.heading')}: ${created.label}</h2>
    <p>${t('created.once')}</p>
    <dl class="secrets">
      ${
        created.key === ''
          ? ''
          : html`<dt>${t('created.key')}</dt>
            <dd><code id="new-api-key">${created.key}</code></dd>`
      }
      <dt>${t('created.secret')}</dt>
      <dd><code id="new-api-secret">${created.secret}</code></dd>
    </dl>
  </section>`;
}

function keyTable(context: DashboardContext, t: T, keys: readonly ApiKeyView[]): SafeHtml {
  return html`<table class="data" id="api-keys">
    <thead>
      <tr>
        <th scope="col">${t('col.label')}</th>
        <th scope="col">${t('col.prefix')}</th>
        <th scope="col">${t('col.created')}</th>
        <th scope="col">${t('col.lastUsed')}</th>
        <th scope="col">${t('col.status')}</th>
        <th scope="col">${t('col.actions')}</th>
      </tr>
    </thead>
    <tbody>
      ${keys.map(
        (key) =>
          html`<tr data-api-key="${key.id}">
            <td>${key.label}</td>
            <td><code>${key.prefix}…</code></td>
            <td>${formatTime(Date.parse(key.createdAt), context.locale)}</td>
            <td>${key.lastUsedAt === null ? t('never') : formatTime(Date.parse(key.lastUsedAt), context.locale)}</td>
            <td>
              ${
                key.revokedAt === null
                  ? t('active')
                  : t('revokedAt', { at: formatTime(Date.parse(key.revokedAt), context.locale) })
              }
            </td>
            <td>
              ${
                key.revokedAt === null
                  ? html`${postForm(
                      context,
                      context.href(`methods/api-keys/${encodeURIComponent(key.id)}/secret`),
                      html`<button type="submit">${t('secret.submit')}</button>`,
                      { className: 'inline' },
                    )}
                  ${postForm(
                    context,
                    context.href(`methods/api-keys/${encodeURIComponent(key.id)}/revoke`),
                    html`<button type="submit" class="danger">${t('revoke')}</button>`,
                    { className: 'inline' },
                  )}`
                  : ''
              }
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
