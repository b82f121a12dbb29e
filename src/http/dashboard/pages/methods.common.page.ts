import type { FastifyRequest } from 'fastify';
import { VouchError } from '../../../errors.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { defineMessages } from '../messages.js';
import type { DashboardContext } from '../router.js';

/** The pages of the Methods section, in the order of its own small menu. */
export type MethodsTab = 'overview' | 'api-keys' | 'integrations';

const text = defineMessages(
  'methods.nav',
  {
    label: 'Methods pages',
    overview: 'BCC address and links',
    apiKeys: 'API keys',
    integrations: 'Shop integrations and webhooks',
  },
  {
    'de-DE': {
      label: 'Seiten der Methoden',
      overview: 'BCC-Adresse und Links',
      apiKeys: 'API-Schlüssel',
      integrations: 'Shop-Integrationen und Webhooks',
    },
    'fr-FR': {
      label: 'Pages des méthodes',
      overview: 'Adresse BCC et liens',
      apiKeys: 'Clés d’API',
      integrations: 'Intégrations boutique et webhooks',
    },
    'es-ES': {
      label: 'Páginas de métodos',
      overview: 'Dirección CCO y enlaces',
      apiKeys: 'Claves de API',
      integrations: 'Integraciones de tienda y webhooks',
    },
    'it-IT': {
      overview: 'Indirizzo CCN e link',
      apiKeys: 'Chiavi API',
      integrations: 'Integrazioni negozio e webhook',
    },
    'nl-NL': {
      overview: 'BCC-adres en links',
      apiKeys: 'API-sleutels',
      integrations: 'Winkelkoppelingen en webhooks',
    },
    'da-DK': {
      overview: 'BCC-adresse og links',
      apiKeys: 'API-nøgler',
      integrations: 'Butiksintegrationer og webhooks',
    },
    'sv-SE': {
      overview: 'BCC-adress och länkar',
      apiKeys: 'API-nycklar',
      integrations: 'Butiksintegrationer och webhooks',
    },
    'nb-NO': {
      overview: 'BCC-adresse og lenker',
      apiKeys: 'API-nøkler',
      integrations: 'Butikkintegrasjoner og webhooks',
    },
    'fi-FI': {
      overview: 'Piilokopio-osoite ja linkit',
      apiKeys: 'API-avaimet',
      integrations: 'Kauppaintegraatiot ja webhookit',
    },
    'pl-PL': {
      overview: 'Adres UDW i linki',
      apiKeys: 'Klucze API',
      integrations: 'Integracje sklepu i webhooki',
    },
    'pt-BR': {
      overview: 'Endereço CCO e links',
      apiKeys: 'Chaves de API',
      integrations: 'Integrações de loja e webhooks',
    },
    'ja-JP': { overview: 'BCCアドレスとリンク', apiKeys: 'APIキー', integrations: 'ショップ連携とWebhook' },
  },
);

/** The Methods section's own menu; the API keys page is an owner's only, so a member is not shown it. */
export function methodsNav(context: DashboardContext, current: MethodsTab): SafeHtml {
  const t = text.in(context.locale);
  const tabs: { tab: MethodsTab; path: string; label: string; owner: boolean }[] = [
    { tab: 'overview', path: 'methods', label: t('overview'), owner: false },
    { tab: 'api-keys', path: 'methods/api-keys', label: t('apiKeys'), owner: true },
    { tab: 'integrations', path: 'methods/integrations', label: t('integrations'), owner: false },
  ];
  return html`<nav class="subnav" aria-label="${t('label')}">
    <ul>
      ${tabs
        .filter((tab) => !tab.owner || context.role === 'owner')
        .map(
          (tab) =>
            html`<li>
              <a href="${context.href(tab.path)}" ${tab.tab === current ? html`aria-current="page"` : ''}
                >${tab.label}</a
              >
            </li>`,
        )}
    </ul>
  </nav>`;
}

export type FormBody = Readonly<Record<string, unknown>>;

/** A urlencoded form's fields; anything else (no body, JSON) is an empty form. */
export function formOf(request: FastifyRequest): FormBody {
  const body = request.body;
  return typeof body === 'object' && body !== null ? (body as FormBody) : {};
}

/** One text field, trimmed and cut to a length no real value reaches; '' when missing or repeated. */
export function textOf(form: FormBody, name: string, max = 10_000): string {
  const value = form[name];
  return typeof value === 'string' ? value.slice(0, max).trim() : '';
}

/** The `:id` of the route's path. */
export function idOf(request: FastifyRequest): string {
  const { id } = request.params as { id?: unknown };
  return typeof id === 'string' ? id.slice(0, 200) : '';
}

/** A field that may repeat (checkboxes): every string value it has. */
export function valuesOf(form: FormBody, name: string): string[] {
  const value = form[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * What a service's refusal means on a page: a 4xx other than 404 is a message to show beside the form; a
 * 404 (an id of no record of this business, another business's included) is the page's own 404; anything
 * else is a defect and goes on to the error handler.
 */
export function refusalOf(error: unknown): string {
  if (error instanceof VouchError && error.status === 404) throw notFound();
  if (error instanceof VouchError && error.status >= 400 && error.status < 500) return error.message;
  throw error;
}

/** The dashboard's one 404, the same whether the record is another business's or none at all. */
export function notFound(): VouchError {
  return new VouchError('not_found', 'There is no such page in your dashboard.');
}
