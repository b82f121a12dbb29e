import {
  INTEGRATION_KINDS,
  INTEGRATION_PROVIDERS,
  PROVIDER_EVENTS,
  type IntegrationProvider,
} from '../../../domain/shops/integrations.js';
import { WEBHOOK_EVENTS } from '../../../domain/webhooks/webhooks.js';
import type { Runtime } from '../../../runtime.js';
import type { DeliveryView, IntegrationView } from '../../../services/integration.service.js';
import type { WebhookDeliveryView, WebhookSubscriptionView } from '../../../services/webhook.service.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { defineMessages } from '../messages.js';
import type { DashboardContext, DashboardRouter } from '../router.js';
import { dashboardPage, field, formatTime, notice, postForm, select } from '../view.js';
import { formOf, idOf, methodsNav, refusalOf, textOf, valuesOf } from './methods.common.page.js';

const RECENT_INTEGRATION_DELIVERIES = 5;
const RECENT_WEBHOOK_DELIVERIES = 10;

const text = defineMessages(
  'methods.integrations',
  {
    title: 'Shop integrations and webhooks',
    'integrations.heading': 'Shop integrations',
    'integrations.intro':
      'Your shop posts its orders to an integration’s own URL, signed with its secret; each order then invites (or cancels) as its settings say. docs/integrations.md has the steps for each shop.',
    'integrations.none': 'No shop is connected.',
    'integrations.url': 'Inbound URL',
    'integrations.urlCut': 'cut short: the whole URL is shown only when the integration is made',
    'integrations.inviteOn': 'Invites on',
    'integrations.cancelOn': 'Cancels on',
    'integrations.kinds': 'Invitations',
    'integrations.delay': 'Delay',
    'integrations.delayBusiness': 'the business’s delay',
    'integrations.delayDays': '{days} days',
    'integrations.deliveries': 'Recent deliveries',
    'integrations.noDeliveries': 'Nothing has arrived yet.',
    'integrations.remove': 'Remove',
    'integrations.removed': 'The integration was removed: its URL answers 404 from now on.',
    'integrations.settings': 'Change what it does',
    'integrations.delayLabel': 'Delay in days',
    'integrations.delayHint': 'Empty: the business’s delay (Settings).',
    'integrations.kind.service': 'Service',
    'integrations.kind.product': 'Product',
    'integrations.kind.both': 'Service and product',
    'integrations.save': 'Save',
    'integrations.saved': 'Saved. The next order the shop posts is decided this way.',
    'integrations.noDelay': 'The delay must be a whole number of days from 0 to 3650, or empty.',
    'integrations.add': 'Connect a shop',
    'integrations.provider': 'Shop or system',
    'integrations.secret': 'Signing secret (optional)',
    'integrations.secretHint':
      'The key your shop signs with, if it shows you one (Shopify); leave empty and Vouch makes one.',
    'integrations.submit': 'Connect',
    'integrations.created': 'Connected. Give your shop this URL and secret; they are shown this once.',
    'provider.shopify': 'Shopify',
    'provider.woocommerce': 'WooCommerce',
    'provider.webhook': 'Any system (signed webhook)',
    'provider.plugin': 'Shop plugin (hosted platform’s plugin)',
    'col.received': 'Received',
    'col.event': 'Event',
    'col.status': 'Answer',
    'col.decision': 'What became of it',
    'webhooks.heading': 'Outbound webhooks',
    'webhooks.intro':
      'Vouch posts events (a new review, an invitation sent or bounced) to your URL, signed with the subscription’s secret. docs/webhooks.md shows how to verify them.',
    'webhooks.none': 'No webhook subscription.',
    'webhooks.target': 'Target URL',
    'webhooks.events': 'Events',
    'webhooks.status': 'Status',
    'webhooks.deliveries': 'Recent deliveries',
    'webhooks.noDeliveries': 'Nothing has been sent yet.',
    'webhooks.attempts': '{count} attempts',
    'webhooks.remove': 'Remove',
    'webhooks.removed': 'The subscription was removed with its pending deliveries.',
    'webhooks.add': 'Subscribe a URL',
    'webhooks.url': 'Target URL',
    'webhooks.submit': 'Subscribe',
    'webhooks.noEvents': 'Choose at least one event.',
    'webhooks.created': 'Subscribed. Its signing secret is shown this once:',
    secret: 'Secret',
    url: 'URL',
  },
  {
    'de-DE': {
      title: 'Shop-Integrationen und Webhooks',
      'integrations.heading': 'Shop-Integrationen',
      'integrations.add': 'Shop verbinden',
      'integrations.submit': 'Verbinden',
      'integrations.remove': 'Entfernen',
      'webhooks.heading': 'Ausgehende Webhooks',
      'webhooks.add': 'URL abonnieren',
      'webhooks.submit': 'Abonnieren',
      'webhooks.remove': 'Entfernen',
    },
    'fr-FR': {
      title: 'Intégrations boutique et webhooks',
      'integrations.heading': 'Intégrations boutique',
      'integrations.add': 'Connecter une boutique',
      'integrations.submit': 'Connecter',
      'integrations.remove': 'Supprimer',
      'webhooks.heading': 'Webhooks sortants',
      'webhooks.add': 'Abonner une URL',
      'webhooks.submit': 'S’abonner',
      'webhooks.remove': 'Supprimer',
    },
    'es-ES': {
      title: 'Integraciones de tienda y webhooks',
      'integrations.heading': 'Integraciones de tienda',
      'integrations.add': 'Conectar una tienda',
      'integrations.submit': 'Conectar',
      'integrations.remove': 'Eliminar',
      'webhooks.heading': 'Webhooks salientes',
      'webhooks.add': 'Suscribir una URL',
      'webhooks.submit': 'Suscribir',
      'webhooks.remove': 'Eliminar',
    },
    'it-IT': {
      title: 'Integrazioni negozio e webhook',
      'integrations.heading': 'Integrazioni negozio',
      'integrations.add': 'Collega un negozio',
      'integrations.submit': 'Collega',
      'integrations.remove': 'Rimuovi',
      'webhooks.heading': 'Webhook in uscita',
      'webhooks.add': 'Iscrivi un URL',
      'webhooks.submit': 'Iscrivi',
      'webhooks.remove': 'Rimuovi',
    },
    'nl-NL': {
      title: 'Winkelkoppelingen en webhooks',
      'integrations.heading': 'Winkelkoppelingen',
      'integrations.add': 'Winkel koppelen',
      'integrations.submit': 'Koppelen',
      'integrations.remove': 'Verwijderen',
      'webhooks.heading': 'Uitgaande webhooks',
      'webhooks.add': 'URL abonneren',
      'webhooks.submit': 'Abonneren',
      'webhooks.remove': 'Verwijderen',
    },
    'da-DK': {
      title: 'Butiksintegrationer og webhooks',
      'integrations.heading': 'Butiksintegrationer',
      'integrations.add': 'Forbind en butik',
      'integrations.submit': 'Forbind',
      'integrations.remove': 'Fjern',
      'webhooks.heading': 'Udgående webhooks',
      'webhooks.add': 'Abonnér en URL',
      'webhooks.submit': 'Abonnér',
      'webhooks.remove': 'Fjern',
    },
    'sv-SE': {
      title: 'Butiksintegrationer och webhooks',
      'integrations.heading': 'Butiksintegrationer',
      'integrations.add': 'Anslut en butik',
      'integrations.submit': 'Anslut',
      'integrations.remove': 'Ta bort',
      'webhooks.heading': 'Utgående webhooks',
      'webhooks.add': 'Prenumerera en URL',
      'webhooks.submit': 'Prenumerera',
      'webhooks.remove': 'Ta bort',
    },
    'nb-NO': {
      title: 'Butikkintegrasjoner og webhooks',
      'integrations.heading': 'Butikkintegrasjoner',
      'integrations.add': 'Koble til en butikk',
      'integrations.submit': 'Koble til',
      'integrations.remove': 'Fjern',
      'webhooks.heading': 'Utgående webhooks',
      'webhooks.add': 'Abonner en URL',
      'webhooks.submit': 'Abonner',
      'webhooks.remove': 'Fjern',
    },
    'fi-FI': {
      title: 'Kauppaintegraatiot ja webhookit',
      'integrations.heading': 'Kauppaintegraatiot',
      'integrations.add': 'Yhdistä kauppa',
      'integrations.submit': 'Yhdistä',
      'integrations.remove': 'Poista',
      'webhooks.heading': 'Lähtevät webhookit',
      'webhooks.add': 'Tilaa URL',
      'webhooks.submit': 'Tilaa',
      'webhooks.remove': 'Poista',
    },
    'pl-PL': {
      title: 'Integracje sklepu i webhooki',
      'integrations.heading': 'Integracje sklepu',
      'integrations.add': 'Połącz sklep',
      'integrations.submit': 'Połącz',
      'integrations.remove': 'Usuń',
      'webhooks.heading': 'Webhooki wychodzące',
      'webhooks.add': 'Subskrybuj URL',
      'webhooks.submit': 'Subskrybuj',
      'webhooks.remove': 'Usuń',
    },
    'pt-BR': {
      title: 'Integrações de loja e webhooks',
      'integrations.heading': 'Integrações de loja',
      'integrations.add': 'Conectar uma loja',
      'integrations.submit': 'Conectar',
      'integrations.remove': 'Remover',
      'webhooks.heading': 'Webhooks de saída',
      'webhooks.add': 'Inscrever uma URL',
      'webhooks.submit': 'Inscrever',
      'webhooks.remove': 'Remover',
    },
    'ja-JP': {
      title: 'ショップ連携とWebhook',
      'integrations.heading': 'ショップ連携',
      'integrations.add': 'ショップを接続',
      'integrations.submit': '接続',
      'integrations.remove': '削除',
      'webhooks.heading': '送信Webhook',
      'webhooks.add': 'URLを登録',
      'webhooks.submit': '登録',
      'webhooks.remove': '削除',
    },
  },
);

type T = ReturnType<typeof text.in>;

interface PageState {
  notice?: SafeHtml;
  integrationError?: string;
  createdIntegration?: { url: string; secret: string };
  webhookError?: string;
  webhookForm?: { url: string; events: string[] };
  createdWebhook?: { url: string; secret: string };
}

interface Listing {
  integrations: (IntegrationView & { deliveries: DeliveryView[] })[];
  webhooks: WebhookSubscriptionView[];
  deliveries: WebhookDeliveryView[];
}

/**
 * Shop integrations (inbound) and webhook subscriptions (outbound): listed with their recent deliveries to
 * every member; made and removed by owners, each secret shown once, in the answer to the POST that made it.
 */
export function registerIntegrationPages(router: DashboardRouter, runtime: Runtime): void {
  const render = async (context: DashboardContext, state: PageState = {}) => {
    const businessId = context.business.id;
    const integrations = await runtime.integrations.list(businessId);
    const listing: Listing = {
      integrations: await Promise.all(
        integrations.map((integration) =>
          runtime.integrations.show(businessId, integration.id, RECENT_INTEGRATION_DELIVERIES),
        ),
      ),
      webhooks: await runtime.webhooks.list(businessId),
      deliveries: await runtime.webhooks.deliveries(businessId, { limit: RECENT_WEBHOOK_DELIVERIES }),
    };
    return integrationsPage(context, state, listing);
  };

  router.get('methods/integrations', 'member', async (request, _reply, context) => {
    const { done } = request.query as { done?: unknown };
    const t = text.in(context.locale);
    const message =
      done === 'integration-removed'
        ? t('integrations.removed')
        : done === 'integration-saved'
          ? t('integrations.saved')
          : done === 'webhook-removed'
            ? t('webhooks.removed')
            : undefined;
    return render(context, { notice: notice('ok', message) });
  });

  router.post('methods/integrations/add', 'owner', async (request, reply, context) => {
    const form = formOf(request);
    const secret = textOf(form, 'secret', 1000);
    try {
      const created = await runtime.integrations.create(context.business.id, {
        provider: textOf(form, 'provider', 50),
        secret: secret === '' ? undefined : secret,
      });
      return render(context, { createdIntegration: { url: created.url, secret: created.secret } });
    } catch (error) {
      reply.status(400);
      return render(context, { integrationError: refusalOf(error) });
    }
  });

  router.post('methods/integrations/:id/settings', 'owner', async (request, reply, context) => {
    const form = formOf(request);
    const id = idOf(request);
    const delay = textOf(form, 'delayDays', 20);
    const delayDays = delay === '' ? null : /^\d+$/.test(delay) ? Number(delay) : Number.NaN;
    if (Number.isNaN(delayDays)) {
      reply.status(400);
      return render(context, { integrationError: text.in(context.locale)('integrations.noDelay') });
    }
    try {
      await runtime.integrations.configure(context.business.id, id, {
        inviteOn: valuesOf(form, 'inviteOn'),
        cancelOn: valuesOf(form, 'cancelOn'),
        kinds: textOf(form, 'kinds', 20),
        delayDays,
      });
    } catch (error) {
      reply.status(400);
      return render(context, { integrationError: refusalOf(error) });
    }
    return reply.redirect(
      `${context.href('methods/integrations')}?done=integration-saved#integration-${encodeURIComponent(id)}`,
      303,
    );
  });

  router.post('methods/integrations/:id/remove', 'owner', async (request, reply, context) => {
    try {
      await runtime.integrations.remove(context.business.id, idOf(request));
    } catch (error) {
      reply.status(400);
      return render(context, { integrationError: refusalOf(error) });
    }
    return reply.redirect(`${context.href('methods/integrations')}?done=integration-removed`, 303);
  });

  router.post('methods/webhooks/add', 'owner', async (request, reply, context) => {
    const form = formOf(request);
    const webhookForm = { url: textOf(form, 'url', 2000), events: valuesOf(form, 'events') };
    if (webhookForm.events.length === 0) {
      reply.status(400);
      return render(context, { webhookForm, webhookError: text.in(context.locale)('webhooks.noEvents') });
    }
    try {
      const created = await runtime.webhooks.add(context.business.id, {
        url: webhookForm.url,
        events: webhookForm.events.join(','),
      });
      return render(context, { createdWebhook: { url: created.url, secret: created.secret } });
    } catch (error) {
      reply.status(400);
      return render(context, { webhookForm, webhookError: refusalOf(error) });
    }
  });

  router.post('methods/webhooks/:id/remove', 'owner', async (request, reply, context) => {
    try {
      await runtime.webhooks.remove(context.business.id, idOf(request));
    } catch (error) {
      reply.status(400);
      return render(context, { webhookError: refusalOf(error) });
    }
    return reply.redirect(`${context.href('methods/integrations')}?done=webhook-removed`, 303);
  });
}

function integrationsPage(context: DashboardContext, state: PageState, listing: Listing): SafeHtml {
  const t = text.in(context.locale);
  return dashboardPage(context, {
    title: t('title'),
    active: 'methods',
    body: html`<h1>${t('title')}</h1>
      ${methodsNav(context, 'integrations')} ${state.notice ?? ''} ${integrationsSection(context, t, state, listing)}
      ${webhooksSection(context, t, state, listing)}`,
  });
}

function providerLabel(t: T, provider: IntegrationProvider): string {
  return t(`provider.${provider}`);
}

function integrationsSection(context: DashboardContext, t: T, state: PageState, listing: Listing): SafeHtml {
  const owner = context.role === 'owner';
  return html`<section class="card" id="integrations" aria-labelledby="integrations-heading">
    <h2 id="integrations-heading">${t('integrations.heading')}</h2>
    <p class="hint">${t('integrations.intro')}</p>
    ${notice('error', state.integrationError)}
    ${
      state.createdIntegration
        ? html`<div id="created-integration">
          ${notice('ok', t('integrations.created'))}
          <dl class="secrets">
            <dt>${t('url')}</dt>
            <dd><code>${state.createdIntegration.url}</code></dd>
            <dt>${t('secret')}</dt>
            <dd><code id="new-integration-secret">${state.createdIntegration.secret}</code></dd>
          </dl>
        </div>`
        : ''
    }
    ${
      listing.integrations.length === 0
        ? html`<p class="muted">${t('integrations.none')}</p>`
        : listing.integrations.map((integration) => integrationBlock(context, t, integration))
    }
    ${
      owner
        ? html`<h3>${t('integrations.add')}</h3>
          ${postForm(
            context,
            `${context.href('methods/integrations/add')}#integrations`,
            html`${select({
              label: t('integrations.provider'),
              name: 'provider',
              choices: INTEGRATION_PROVIDERS.map((provider) => ({
                value: provider,
                label: providerLabel(t, provider),
              })),
            })}
              ${field({
                label: t('integrations.secret'),
                name: 'secret',
                hint: t('integrations.secretHint'),
                autocomplete: 'off',
              })}
              <button type="submit">${t('integrations.submit')}</button>`,
          )}`
        : ''
    }
  </section>`;
}

function integrationBlock(
  context: DashboardContext,
  t: T,
  integration: IntegrationView & { deliveries: DeliveryView[] },
): SafeHtml {
  const settings = integration.settings;
  return html`<article class="method-item" id="integration-${integration.id}" data-integration="${integration.id}">
    <h3>${providerLabel(t, integration.provider)}</h3>
    <dl>
      <dt>${t('integrations.url')}</dt>
      <dd><code>${readableUrl(integration.url)}</code> <span class="muted">(${t('integrations.urlCut')})</span></dd>
      <dt>${t('integrations.inviteOn')}</dt>
      <dd>${settings.inviteOn.join(', ')}</dd>
      <dt>${t('integrations.cancelOn')}</dt>
      <dd>${settings.cancelOn.join(', ')}</dd>
      <dt>${t('integrations.kinds')}</dt>
      <dd>${settings.kinds}</dd>
      <dt>${t('integrations.delay')}</dt>
      <dd>
        ${
          settings.delayDays === null
            ? t('integrations.delayBusiness')
            : t('integrations.delayDays', { days: settings.delayDays })
        }
      </dd>
    </dl>
    <h4>${t('integrations.deliveries')}</h4>
    ${
      integration.deliveries.length === 0
        ? html`<p class="muted">${t('integrations.noDeliveries')}</p>`
        : html`<table class="data">
          <thead>
            <tr>
              <th scope="col">${t('col.received')}</th>
              <th scope="col">${t('col.event')}</th>
              <th scope="col">${t('col.status')}</th>
              <th scope="col">${t('col.decision')}</th>
            </tr>
          </thead>
          <tbody>
            ${integration.deliveries.map(
              (delivery) =>
                html`<tr class="${delivery.status >= 400 ? 'failed' : ''}">
                  <td>${formatTime(Date.parse(delivery.receivedAt), context.locale)}</td>
                  <td>${delivery.topic ?? ''}</td>
                  <td>${delivery.status}</td>
                  <td>
                    <strong>${delivery.decision}</strong>${delivery.reason ? html`: ${delivery.reason}` : ''}
                    ${delivery.invitationIds.map(
                      (id) =>
                        html` <a href="${context.href(`invitations/${encodeURIComponent(id)}`)}">${id.slice(0, 8)}</a>`,
                    )}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>`
    }
    ${context.role === 'owner' ? settingsForm(context, t, integration) : ''}
    ${
      context.role === 'owner'
        ? postForm(
            context,
            context.href(`methods/integrations/${encodeURIComponent(integration.id)}/remove`),
            html`<button type="submit" class="danger">${t('integrations.remove')}</button>`,
          )
        : ''
    }
  </article>`;
}

/** An owner's form for what an integration decides: the events that invite and cancel, the kinds, the delay. */
function settingsForm(context: DashboardContext, t: T, integration: IntegrationView): SafeHtml {
  const events = PROVIDER_EVENTS[integration.provider];
  const { settings } = integration;
  const prefix = `f-${integration.id}`;
  const boxes = (name: 'inviteOn' | 'cancelOn', allowed: readonly string[], chosen: readonly string[]) =>
    allowed.map(
      (event, index) =>
        html`<label for="${prefix}-${name}-${index}"
          ><input
            type="checkbox"
            id="${prefix}-${name}-${index}"
            name="${name}"
            value="${event}"
            ${chosen.includes(event) ? html`checked` : ''}
          />
          <code>${event}</code></label
        >`,
    );
  return html`<details>
    <summary>${t('integrations.settings')}</summary>
    ${postForm(
      context,
      context.href(`methods/integrations/${encodeURIComponent(integration.id)}/settings`),
      html`<fieldset>
          <legend>${t('integrations.inviteOn')}</legend>
          ${boxes('inviteOn', events.invite, settings.inviteOn)}
        </fieldset>
        <fieldset>
          <legend>${t('integrations.cancelOn')}</legend>
          ${boxes('cancelOn', events.cancel, settings.cancelOn)}
        </fieldset>
        ${select({
          id: `${prefix}-kinds`,
          label: t('integrations.kinds'),
          name: 'kinds',
          value: settings.kinds,
          choices: INTEGRATION_KINDS.map((kind) => ({ value: kind, label: t(`integrations.kind.${kind}`) })),
        })}
        ${field({
          id: `${prefix}-delayDays`,
          label: t('integrations.delayLabel'),
          name: 'delayDays',
          type: 'number',
          min: 0,
          max: 3650,
          value: settings.delayDays,
          hint: t('integrations.delayHint'),
        })}
        <button type="submit">${t('integrations.save')}</button>`,
    )}
  </details>`;
}

/** The inbound URL as a person reads it: the `…` that stands for the rest of the token, not `%E2%80%A6`. */
function readableUrl(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** A webhook's target as a member sees it: its origin only, since a receiver's URL may carry a token. */
function targetOf(context: DashboardContext, url: string): string {
  if (context.role === 'owner') return url;
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '…';
  }
}

function webhooksSection(context: DashboardContext, t: T, state: PageState, listing: Listing): SafeHtml {
  const owner = context.role === 'owner';
  const chosen = new Set(state.webhookForm?.events ?? []);
  return html`<section class="card" id="webhooks" aria-labelledby="webhooks-heading">
    <h2 id="webhooks-heading">${t('webhooks.heading')}</h2>
    <p class="hint">${t('webhooks.intro')}</p>
    ${notice('error', state.webhookError)}
    ${
      state.createdWebhook
        ? html`<div id="created-webhook">
          ${notice('ok', t('webhooks.created'))}
          <dl class="secrets">
            <dt>${t('url')}</dt>
            <dd><code>${state.createdWebhook.url}</code></dd>
            <dt>${t('secret')}</dt>
            <dd><code id="new-webhook-secret">${state.createdWebhook.secret}</code></dd>
          </dl>
        </div>`
        : ''
    }
    ${
      listing.webhooks.length === 0
        ? html`<p class="muted">${t('webhooks.none')}</p>`
        : html`<table class="data" id="webhook-subscriptions">
          <thead>
            <tr>
              <th scope="col">${t('webhooks.target')}</th>
              <th scope="col">${t('webhooks.events')}</th>
              <th scope="col">${t('webhooks.status')}</th>
              ${owner ? html`<th scope="col"><span class="visually-hidden">${t('webhooks.remove')}</span></th>` : ''}
            </tr>
          </thead>
          <tbody>
            ${listing.webhooks.map(
              (webhook) =>
                html`<tr data-webhook="${webhook.id}">
                  <td><code>${targetOf(context, webhook.url)}</code></td>
                  <td>${webhook.events.join(', ')}</td>
                  <td>${webhook.status}${webhook.disabledReason ? html`: ${webhook.disabledReason}` : ''}</td>
                  ${
                    owner
                      ? html`<td>
                        ${postForm(
                          context,
                          context.href(`methods/webhooks/${encodeURIComponent(webhook.id)}/remove`),
                          html`<button type="submit" class="danger">${t('webhooks.remove')}</button>`,
                          { className: 'inline' },
                        )}
                      </td>`
                      : ''
                  }
                </tr>`,
            )}
          </tbody>
        </table>`
    }
    <h3>${t('webhooks.deliveries')}</h3>
    ${
      listing.deliveries.length === 0
        ? html`<p class="muted">${t('webhooks.noDeliveries')}</p>`
        : html`<table class="data" id="webhook-deliveries">
          <thead>
            <tr>
              <th scope="col">${t('col.received')}</th>
              <th scope="col">${t('col.event')}</th>
              <th scope="col">${t('webhooks.status')}</th>
              <th scope="col">${t('col.status')}</th>
            </tr>
          </thead>
          <tbody>
            ${listing.deliveries.map(
              (delivery) =>
                html`<tr class="${delivery.status === 'failed' ? 'failed' : ''}">
                  <td>${formatTime(Date.parse(delivery.createdAt), context.locale)}</td>
                  <td>${delivery.type}</td>
                  <td>${delivery.status} <span class="muted">(${t('webhooks.attempts', { count: delivery.attempts })})</span></td>
                  <td>${delivery.lastStatusCode ?? ''} ${delivery.lastError ?? ''}</td>
                </tr>`,
            )}
          </tbody>
        </table>`
    }
    ${
      owner
        ? html`<h3>${t('webhooks.add')}</h3>
          ${postForm(
            context,
            `${context.href('methods/webhooks/add')}#webhooks`,
            html`${field({ label: t('webhooks.url'), name: 'url', type: 'url', required: true, value: state.webhookForm?.url })}
              <fieldset>
                <legend>${t('webhooks.events')}</legend>
                ${WEBHOOK_EVENTS.map(
                  (event) =>
                    html`<label
                      ><input type="checkbox" name="events" value="${event}" ${chosen.has(event) ? html`checked` : ''} />
                      <code>${event}</code></label
                    >`,
                )}
              </fieldset>
              <button type="submit">${t('webhooks.submit')}</button>`,
          )}`
        : ''
    }
  </section>`;
}
