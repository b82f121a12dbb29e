import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { neutralizeFormula, quoteCsvCell } from '../../../domain/csv/index.js';
import { INVITATION_STATUSES, type InvitationStatus } from '../../../domain/invitations/decisions.js';
import { describeInvitationEvent } from '../../../domain/invitations/event-words.js';
import {
  INVITATION_CHANNELS,
  INVITATION_KINDS,
  type InvitationChannel,
  type InvitationKind,
} from '../../../domain/invitations/request.js';
import { SUPPORTED_LOCALES, type Locale } from '../../../domain/locales.js';
import { isVouchError, VouchError } from '../../../errors.js';
import type { Runtime } from '../../../runtime.js';
import type { InvitationView } from '../../../services/invitation-presenter.js';
import {
  SEARCH_EXPORT_CAP,
  SEARCH_LIST_CAP,
  type InvitationSearch,
} from '../../../services/invitation-query.service.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { defineMessages, type Translate } from '../messages.js';
import type { DashboardContext, DashboardRouter } from '../router.js';
import { dashboardPage, field, formatTime, notice, postForm, select } from '../view.js';

const text = defineMessages(
  'invitations',
  {
    title: 'Invitations',
    intro:
      'Every invitation of your business, newest first: what the funnel decided, why, and what happened to it since.',
    'action.invite': 'Invite a customer',
    'action.export': 'Export as CSV',
    'export.searchCap':
      'A search exports at most {max} invitations; the filters without a search export all.',
    'filter.label': 'Find invitations',
    'filter.q': 'Email or reference',
    'filter.qHint': 'A whole address, the beginning of one, or an order reference exactly.',
    'filter.status': 'Status',
    'filter.channel': 'Method',
    'filter.from': 'Made from',
    'filter.to': 'Made until',
    'filter.any': 'Any',
    'filter.submit': 'Filter',
    'filter.clear': 'Clear the filters',
    'filter.badStatus': 'There is no status “{value}”; the list shows every status.',
    'filter.badChannel': 'There is no method “{value}”; the list shows every method.',
    'filter.badDate': '“{value}” is not a date (YYYY-MM-DD); that bound is left out.',
    'filter.badCursor': 'That page link is out of date; here is the first page.',
    'filter.capped':
      'More than {max} invitations match this search; some are not listed. Type more of the address, or the whole reference.',
    'col.created': 'Made',
    'col.email': 'Email',
    'col.name': 'Name',
    'col.reference': 'Reference',
    'col.channel': 'Method',
    'col.status': 'Status',
    'col.reason': 'Why',
    'col.time': 'Due or sent',
    'time.due': 'due {time}',
    'time.sent': 'sent {time}',
    empty: 'No invitation matches these filters.',
    emptyAll: 'No invitations yet. Invite a customer by hand, import a file, or connect your shop.',
    'page.next': 'Next page',
    'page.first': 'First page',
    'page.label': 'Pages of invitations',
    'status.scheduled': 'Scheduled',
    'status.suppressed': 'Suppressed',
    'status.too_frequent': 'Too frequent',
    'status.over_cap': 'Over the plan’s cap',
    'status.test_address': 'Test address',
    'status.sending': 'Sending',
    'status.sent': 'Sent',
    'status.failed': 'Failed',
    'status.bounced': 'Bounced',
    'status.cancelled': 'Cancelled',
    'status.link_issued': 'Link handed out',
    'channel.manual': 'By hand',
    'channel.csv': 'File import',
    'channel.api': 'API',
    'channel.afs': 'BCC email (AFS)',
    'channel.shopify': 'Shopify',
    'channel.woocommerce': 'WooCommerce',
    'channel.webhook': 'Signed webhook',
    'channel.plugin': 'Shop plugin',
    'channel.link': 'Review link',
    'kind.service': 'Service (your business)',
    'kind.product': 'Products',
    'detail.back': 'All invitations',
    'detail.title': 'Invitation to {email}',
    'detail.status': 'Status',
    'detail.reason': 'Why',
    'detail.channel': 'Method',
    'detail.kind': 'About',
    'detail.label': 'Its review will be labelled',
    'detail.name': 'Name',
    'detail.reference': 'Reference',
    'detail.locale': 'Language',
    'detail.localeDefault': 'The business’s default',
    'detail.created': 'Made',
    'detail.sendAt': 'Due',
    'detail.sentAt': 'Sent',
    'detail.reviewedAt': 'Reviewed',
    'detail.products': 'Products',
    'detail.sku': 'SKU',
    'detail.productName': 'Name',
    'detail.timeline': 'What happened',
    'detail.noEvents': 'Nothing recorded yet.',
    'detail.eventReason': 'Reason: {reason}',
    'label.verified': 'Verified',
    'label.invited': 'Invited',
    'cancel.title': 'Cancel it',
    'cancel.intro': 'It has not been sent yet. Cancelled, it is never sent; this cannot be undone.',
    'cancel.submit': 'Cancel this invitation',
    'cancel.done': 'The invitation is cancelled; it will not be sent.',
    'cancel.notQueued': 'Only a scheduled invitation can be cancelled; this one is already {status}.',
    'decided.scheduled': 'Scheduled. {reason}',
    'decided.notScheduled': 'Not scheduled: {reason}',
    'decided.duplicate':
      'This customer already has an invitation for this reference, shown here; no second one was made.',
    'new.title': 'Invite a customer',
    'new.intro':
      'The invitation goes through the same rules as every other: the business’s delay and send time, test addresses, unsubscribes, the frequency limit and the plan’s cap. Its review is labelled “invited”.',
    'new.email': 'Email',
    'new.name': 'Name',
    'new.nameHint': 'The email greets the customer by it; leave it empty for a plain greeting.',
    'new.reference': 'Reference',
    'new.referenceHint': 'Your order number. A customer gets one invitation per reference.',
    'new.kind': 'Ask about',
    'new.skus': 'Product SKUs',
    'new.skusHint': 'For a products invitation: the SKUs bought, separated by commas.',
    'new.locale': 'Language',
    'new.localeDefault': 'The business’s default',
    'new.submit': 'Invite',
  },
  {
    'de-DE': {
      title: 'Einladungen',
      'action.invite': 'Kunden einladen',
      'action.export': 'Als CSV exportieren',
      'filter.q': 'E-Mail oder Referenz',
      'filter.status': 'Status',
      'filter.channel': 'Methode',
      'filter.any': 'Alle',
      'filter.submit': 'Filtern',
      'filter.clear': 'Filter zurücksetzen',
      'page.next': 'Nächste Seite',
      'page.first': 'Erste Seite',
      'detail.back': 'Alle Einladungen',
      'detail.timeline': 'Verlauf',
      'cancel.submit': 'Diese Einladung stornieren',
      'new.title': 'Kunden einladen',
      'new.submit': 'Einladen',
    },
    'fr-FR': {
      title: 'Invitations',
      'action.invite': 'Inviter un client',
      'action.export': 'Exporter en CSV',
      'filter.q': 'E-mail ou référence',
      'filter.status': 'Statut',
      'filter.channel': 'Méthode',
      'filter.any': 'Tous',
      'filter.submit': 'Filtrer',
      'filter.clear': 'Effacer les filtres',
      'page.next': 'Page suivante',
      'page.first': 'Première page',
      'detail.back': 'Toutes les invitations',
      'detail.timeline': 'Historique',
      'cancel.submit': 'Annuler cette invitation',
      'new.title': 'Inviter un client',
      'new.submit': 'Inviter',
    },
    'es-ES': {
      title: 'Invitaciones',
      'action.invite': 'Invitar a un cliente',
      'action.export': 'Exportar como CSV',
      'filter.q': 'Correo o referencia',
      'filter.status': 'Estado',
      'filter.channel': 'Método',
      'filter.any': 'Todos',
      'filter.submit': 'Filtrar',
      'filter.clear': 'Quitar los filtros',
      'page.next': 'Página siguiente',
      'page.first': 'Primera página',
      'detail.back': 'Todas las invitaciones',
      'detail.timeline': 'Historial',
      'cancel.submit': 'Cancelar esta invitación',
      'new.title': 'Invitar a un cliente',
      'new.submit': 'Invitar',
    },
    'it-IT': {
      title: 'Inviti',
      'action.invite': 'Invita un cliente',
      'action.export': 'Esporta in CSV',
      'filter.q': 'Email o riferimento',
      'filter.status': 'Stato',
      'filter.channel': 'Metodo',
      'filter.any': 'Tutti',
      'filter.submit': 'Filtra',
      'filter.clear': 'Azzera i filtri',
      'page.next': 'Pagina successiva',
      'page.first': 'Prima pagina',
      'detail.back': 'Tutti gli inviti',
      'detail.timeline': 'Cronologia',
      'cancel.submit': 'Annulla questo invito',
      'new.title': 'Invita un cliente',
      'new.submit': 'Invita',
    },
    'nl-NL': {
      title: 'Uitnodigingen',
      'action.invite': 'Klant uitnodigen',
      'action.export': 'Exporteren als CSV',
      'filter.q': 'E-mail of referentie',
      'filter.status': 'Status',
      'filter.channel': 'Methode',
      'filter.any': 'Alle',
      'filter.submit': 'Filteren',
      'filter.clear': 'Filters wissen',
      'page.next': 'Volgende pagina',
      'page.first': 'Eerste pagina',
      'detail.back': 'Alle uitnodigingen',
      'detail.timeline': 'Verloop',
      'cancel.submit': 'Deze uitnodiging annuleren',
      'new.title': 'Klant uitnodigen',
      'new.submit': 'Uitnodigen',
    },
    'da-DK': {
      title: 'Invitationer',
      'action.invite': 'Inviter en kunde',
      'action.export': 'Eksporter som CSV',
      'filter.q': 'E-mail eller reference',
      'filter.status': 'Status',
      'filter.channel': 'Metode',
      'filter.any': 'Alle',
      'filter.submit': 'Filtrer',
      'filter.clear': 'Ryd filtrene',
      'page.next': 'Næste side',
      'page.first': 'Første side',
      'detail.back': 'Alle invitationer',
      'detail.timeline': 'Forløb',
      'cancel.submit': 'Annuller denne invitation',
      'new.title': 'Inviter en kunde',
      'new.submit': 'Inviter',
    },
    'sv-SE': {
      title: 'Inbjudningar',
      'action.invite': 'Bjud in en kund',
      'action.export': 'Exportera som CSV',
      'filter.q': 'E-post eller referens',
      'filter.status': 'Status',
      'filter.channel': 'Metod',
      'filter.any': 'Alla',
      'filter.submit': 'Filtrera',
      'filter.clear': 'Rensa filtren',
      'page.next': 'Nästa sida',
      'page.first': 'Första sidan',
      'detail.back': 'Alla inbjudningar',
      'detail.timeline': 'Händelser',
      'cancel.submit': 'Avbryt den här inbjudan',
      'new.title': 'Bjud in en kund',
      'new.submit': 'Bjud in',
    },
    'nb-NO': {
      title: 'Invitasjoner',
      'action.invite': 'Inviter en kunde',
      'action.export': 'Eksporter som CSV',
      'filter.q': 'E-post eller referanse',
      'filter.status': 'Status',
      'filter.channel': 'Metode',
      'filter.any': 'Alle',
      'filter.submit': 'Filtrer',
      'filter.clear': 'Fjern filtrene',
      'page.next': 'Neste side',
      'page.first': 'Første side',
      'detail.back': 'Alle invitasjoner',
      'detail.timeline': 'Hendelser',
      'cancel.submit': 'Avbryt denne invitasjonen',
      'new.title': 'Inviter en kunde',
      'new.submit': 'Inviter',
    },
    'fi-FI': {
      title: 'Kutsut',
      'action.invite': 'Kutsu asiakas',
      'action.export': 'Vie CSV-tiedostoon',
      'filter.q': 'Sähköposti tai viite',
      'filter.status': 'Tila',
      'filter.channel': 'Menetelmä',
      'filter.any': 'Kaikki',
      'filter.submit': 'Suodata',
      'filter.clear': 'Tyhjennä suodattimet',
      'page.next': 'Seuraava sivu',
      'page.first': 'Ensimmäinen sivu',
      'detail.back': 'Kaikki kutsut',
      'detail.timeline': 'Tapahtumat',
      'cancel.submit': 'Peru tämä kutsu',
      'new.title': 'Kutsu asiakas',
      'new.submit': 'Kutsu',
    },
    'pl-PL': {
      title: 'Zaproszenia',
      'action.invite': 'Zaproś klienta',
      'action.export': 'Eksportuj do CSV',
      'filter.q': 'E-mail lub numer referencyjny',
      'filter.status': 'Status',
      'filter.channel': 'Metoda',
      'filter.any': 'Wszystkie',
      'filter.submit': 'Filtruj',
      'filter.clear': 'Wyczyść filtry',
      'page.next': 'Następna strona',
      'page.first': 'Pierwsza strona',
      'detail.back': 'Wszystkie zaproszenia',
      'detail.timeline': 'Historia',
      'cancel.submit': 'Anuluj to zaproszenie',
      'new.title': 'Zaproś klienta',
      'new.submit': 'Zaproś',
    },
    'pt-BR': {
      title: 'Convites',
      'action.invite': 'Convidar um cliente',
      'action.export': 'Exportar como CSV',
      'filter.q': 'E-mail ou referência',
      'filter.status': 'Status',
      'filter.channel': 'Método',
      'filter.any': 'Todos',
      'filter.submit': 'Filtrar',
      'filter.clear': 'Limpar os filtros',
      'page.next': 'Próxima página',
      'page.first': 'Primeira página',
      'detail.back': 'Todos os convites',
      'detail.timeline': 'Histórico',
      'cancel.submit': 'Cancelar este convite',
      'new.title': 'Convidar um cliente',
      'new.submit': 'Convidar',
    },
    'ja-JP': {
      title: '招待',
      'action.invite': '顧客を招待',
      'action.export': 'CSV でエクスポート',
      'filter.q': 'メールアドレスまたは注文番号',
      'filter.status': 'ステータス',
      'filter.channel': '招待方法',
      'filter.any': 'すべて',
      'filter.submit': '絞り込む',
      'filter.clear': '絞り込みを解除',
      'page.next': '次のページ',
      'page.first': '最初のページ',
      'detail.back': 'すべての招待',
      'detail.timeline': '履歴',
      'cancel.submit': 'この招待を取り消す',
      'new.title': '顧客を招待',
      'new.submit': '招待する',
    },
  },
);

type T = Translate<keyof typeof text.set.english>;

/** Invitations per page of the list. */
const PAGE_SIZE = 50;

/** The list's filter as the query string carries it, each value as typed (for the form to show again). */
type FilterForm = Record<'q' | 'status' | 'channel' | 'from' | 'to', string>;

/** The invitations pages: the list with its search and filters, one invitation, a hand invite, the CSV. */
export function registerInvitationPages(router: DashboardRouter, runtime: Runtime): void {
  router.get('invitations', 'member', async (request, _reply, context) => {
    const t = text.in(context.locale);
    const { form, search, problems } = readFilter(request, t);
    const cursor = one((request.query as Record<string, unknown>).cursor);
    const found = await runtime.invitationQueries
      .search(context.business.id, search, { limit: PAGE_SIZE, cursor })
      .catch(async (error: unknown) => {
        if (!isVouchError(error) || error.code !== 'validation_failed' || cursor === undefined) throw error;
        problems.push(t('filter.badCursor'));
        return runtime.invitationQueries.search(context.business.id, search, { limit: PAGE_SIZE });
      });
    const filtered = Object.values(form).some((value) => value !== '');
    return dashboardPage(context, {
      title: t('title'),
      active: 'invitations',
      body: html`<h1>${t('title')}</h1>
        <p>${t('intro')}</p>
        <p>
          <a href="${context.href('invitations/new')}">${t('action.invite')}</a> ·
          <a href="${context.href(`invitations.csv${queryString(form)}`)}" download>${t('action.export')}</a>
        </p>
        ${problems.map((problem) => notice('error', problem))}
        ${found.capped ? notice('error', t('filter.capped', { max: SEARCH_LIST_CAP })) : ''}
        ${filterForm(context, t, form)}
        ${
          found.invitations.length === 0
            ? html`<p>${filtered ? t('empty') : t('emptyAll')}</p>`
            : invitationTable(context, t, found.invitations)
        }
        ${pager(context, t, form, cursor, found.next)}
        ${form.q === '' ? '' : html`<p class="hint">${t('export.searchCap', { max: SEARCH_EXPORT_CAP })}</p>`}`,
    });
  });

  router.get('invitations.csv', 'member', (request, reply, context) => {
    const t = text.in(context.locale);
    const { search, problems } = readFilter(request, t);
    if (problems.length > 0) throw new VouchError('validation_failed', problems.join(' '));
    const invitations = runtime.invitationQueries.export(context.business.id, search);
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="invitations-${context.business.domain}-${day}.csv"`,
      )
      .send(Readable.from(csvLines(invitations)));
  });

  router.get('invitations/new', 'member', (_request, _reply, context) =>
    newInvitationPage(context, EMPTY_FORM),
  );

  router.post('invitations/new', 'member', async (request, reply, context) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values: NewInvitationForm = {
      email: one(body.email) ?? '',
      name: one(body.name) ?? '',
      reference: one(body.reference) ?? '',
      kind: one(body.kind) ?? 'service',
      skus: one(body.skus) ?? '',
      locale: one(body.locale) ?? '',
    };
    const kind: InvitationKind = values.kind === 'product' ? 'product' : 'service';
    const skus = values.skus
      .split(',')
      .map((sku) => sku.trim())
      .filter((sku) => sku !== '');
    try {
      const result = await runtime.invitations.accept(context.business.id, {
        channel: 'manual',
        kind,
        email: values.email,
        name: values.name,
        reference: values.reference,
        locale: values.locale === '' ? undefined : values.locale,
        products: kind === 'product' ? skus.map((sku) => ({ sku })) : [],
      });
      const decided = result.decision === 'duplicate' ? 'duplicate' : 'new';
      return reply.redirect(
        context.href(`invitations/${encodeURIComponent(result.invitation.id)}?decided=${decided}`),
        303,
      );
    } catch (error) {
      if (!isVouchError(error) || error.status !== 400) throw error;
      reply.status(400);
      return newInvitationPage(context, values, error.message);
    }
  });

  router.get('invitations/:id', 'member', async (request, _reply, context) => {
    const t = text.in(context.locale);
    const { id } = request.params as { id: string };
    const invitation = await runtime.invitationQueries
      .get(context.business.id, id)
      .catch((error: unknown) => rethrowNotFound(error));
    const query = request.query as Record<string, unknown>;
    return dashboardPage(context, {
      title: t('detail.title', { email: invitation.email }),
      active: 'invitations',
      body: html`<p><a href="${context.href('invitations')}">${t('detail.back')}</a></p>
        <h1>${t('detail.title', { email: invitation.email })}</h1>
        ${decisionNotice(t, invitation, one(query.decided), one(query.done))}
        ${invitationFacts(context, t, invitation)} ${productTable(t, invitation)}
        <h2>${t('detail.timeline')}</h2>
        ${
          invitation.events.length === 0
            ? html`<p>${t('detail.noEvents')}</p>`
            : html`<ol class="timeline">
              ${invitation.events.map((event) => {
                const reason = typeof event.detail?.reason === 'string' ? event.detail.reason : undefined;
                return html`<li>
                  <time datetime="${event.at}">${formatTime(Date.parse(event.at), context.locale)}</time> —
                  ${describeInvitationEvent(event)}
                  ${reason ? html`<br /><span class="hint">${t('detail.eventReason', { reason })}</span>` : ''}
                </li>`;
              })}
            </ol>`
        }
        ${
          invitation.status === 'scheduled'
            ? html`<h2>${t('cancel.title')}</h2>
              <p>${t('cancel.intro')}</p>
              ${postForm(
                context,
                context.href(`invitations/${encodeURIComponent(invitation.id)}/cancel`),
                html`<button type="submit" class="danger">${t('cancel.submit')}</button>`,
              )}`
            : ''
        }`,
    });
  });

  router.post('invitations/:id/cancel', 'member', async (request, reply, context) => {
    const { id } = request.params as { id: string };
    const back = context.href(`invitations/${encodeURIComponent(id)}`);
    try {
      await runtime.invitations.cancel(context.business.id, { id });
      return reply.redirect(`${back}?done=cancelled`, 303);
    } catch (error) {
      if (isVouchError(error) && error.code === 'validation_failed') {
        return reply.redirect(`${back}?done=not_queued`, 303);
      }
      return rethrowNotFound(error);
    }
  });
}

/** "First page" once past it, "Next page" until the last; nothing on a list of one page. */
function pager(
  context: DashboardContext,
  t: T,
  form: FilterForm,
  cursor: string | undefined,
  next: string | null,
): SafeHtml {
  if (cursor === undefined && next === null) return html``;
  return html`<nav aria-label="${t('page.label')}" class="pager">
    ${cursor === undefined ? '' : html`<a href="${context.href(`invitations${queryString(form)}`)}">${t('page.first')}</a>`}
    ${
      next === null
        ? ''
        : html`<a href="${context.href(`invitations${queryString({ ...form, cursor: next })}`)}" rel="next">${t('page.next')}</a>`
    }
  </nav>`;
}

/** Another business's invitation, or none: the dashboard's own "not found", which says no more. */
function rethrowNotFound(error: unknown): never {
  if (isVouchError(error) && error.code === 'invitation_not_found') {
    throw new VouchError(
      'not_found',
      'There is no such invitation in this business; it may have been typed wrong.',
    );
  }
  throw error;
}

/** A query value as one string; a repeated or absent one is none. */
function one(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function queryString(values: Readonly<Record<string, string>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== '') params.set(key, value);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/**
 * The filter of the list and of the export, from the query string. A value that makes no sense is left
 * out and named in `problems`, so the page still answers (the export refuses instead).
 */
function readFilter(
  request: FastifyRequest,
  t: T,
): { form: FilterForm; search: InvitationSearch; problems: string[] } {
  const query = request.query as Record<string, unknown>;
  const form: FilterForm = {
    q: (one(query.q) ?? '').trim(),
    status: one(query.status) ?? '',
    channel: one(query.channel) ?? '',
    from: one(query.from) ?? '',
    to: one(query.to) ?? '',
  };
  const problems: string[] = [];
  const search: InvitationSearch = { query: form.q === '' ? undefined : form.q.slice(0, 254) };
  if (form.status !== '') {
    if (isStatus(form.status)) search.status = form.status;
    else problems.push(t('filter.badStatus', { value: form.status }));
  }
  if (form.channel !== '') {
    if (isChannel(form.channel)) search.channel = form.channel;
    else problems.push(t('filter.badChannel', { value: form.channel }));
  }
  const from = dayStart(form.from);
  if (from === null) problems.push(t('filter.badDate', { value: form.from }));
  else search.createdSince = from;
  const to = dayStart(form.to);
  if (to === null) problems.push(t('filter.badDate', { value: form.to }));
  // Until a day means to its end: the next day's start, excluded.
  else if (to !== undefined) search.createdUntil = to + 86_400_000;
  return { form, search, problems };
}

/** A `YYYY-MM-DD` day's first millisecond (UTC); undefined for none, null for one that is not a date. */
function dayStart(value: string): number | undefined | null {
  if (value === '') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = Date.UTC(year, month - 1, day);
  const date = new Date(at);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? at : null;
}

function isStatus(value: string): value is InvitationStatus {
  return (INVITATION_STATUSES as readonly string[]).includes(value);
}

function isChannel(value: string): value is InvitationChannel {
  return (INVITATION_CHANNELS as readonly string[]).includes(value);
}

function statusWords(t: T, status: string): string {
  return isStatus(status) ? t(`status.${status}`) : status;
}

function channelWords(t: T, channel: string): string {
  return isChannel(channel) ? t(`channel.${channel}`) : channel;
}

function filterForm(context: DashboardContext, t: T, form: FilterForm): SafeHtml {
  return html`<form method="get" action="${context.href('invitations')}" class="filters" role="search" aria-label="${t('filter.label')}">
    <div>
      ${field({ label: t('filter.q'), name: 'q', type: 'search', value: form.q, hint: t('filter.qHint') })}
    </div>
    <div>
      ${select({
        label: t('filter.status'),
        name: 'status',
        value: form.status,
        choices: [
          { value: '', label: t('filter.any') },
          ...INVITATION_STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) })),
        ],
      })}
    </div>
    <div>
      ${select({
        label: t('filter.channel'),
        name: 'channel',
        value: form.channel,
        choices: [
          { value: '', label: t('filter.any') },
          ...INVITATION_CHANNELS.map((channel) => ({ value: channel, label: t(`channel.${channel}`) })),
        ],
      })}
    </div>
    <div>${field({ label: t('filter.from'), name: 'from', type: 'date', value: form.from })}</div>
    <div>${field({ label: t('filter.to'), name: 'to', type: 'date', value: form.to })}</div>
    <div>
      <button type="submit">${t('filter.submit')}</button>
      <a href="${context.href('invitations')}">${t('filter.clear')}</a>
    </div>
  </form>`;
}

function dueOrSent(context: DashboardContext, t: T, invitation: InvitationView): string {
  if (invitation.sentAt !== null) {
    return t('time.sent', { time: formatTime(Date.parse(invitation.sentAt), context.locale) });
  }
  if (invitation.sendAt !== null && (invitation.status === 'scheduled' || invitation.status === 'sending')) {
    return t('time.due', { time: formatTime(Date.parse(invitation.sendAt), context.locale) });
  }
  return '';
}

function invitationTable(context: DashboardContext, t: T, invitations: readonly InvitationView[]): SafeHtml {
  return html`<table class="data invitations">
    <thead>
      <tr>
        <th scope="col">${t('col.created')}</th>
        <th scope="col">${t('col.email')}</th>
        <th scope="col">${t('col.name')}</th>
        <th scope="col">${t('col.reference')}</th>
        <th scope="col">${t('col.channel')}</th>
        <th scope="col">${t('col.status')}</th>
        <th scope="col">${t('col.reason')}</th>
        <th scope="col">${t('col.time')}</th>
      </tr>
    </thead>
    <tbody>
      ${invitations.map(
        (invitation) => html`<tr>
          <td>${formatTime(Date.parse(invitation.createdAt), context.locale)}</td>
          <td><a href="${context.href(`invitations/${encodeURIComponent(invitation.id)}`)}">${invitation.email}</a></td>
          <td>${invitation.name}</td>
          <td>${invitation.reference}</td>
          <td>${channelWords(t, invitation.channel)}</td>
          <td>${statusWords(t, invitation.status)}</td>
          <td>${invitation.reason ?? ''}</td>
          <td>${dueOrSent(context, t, invitation)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function decisionNotice(
  t: T,
  invitation: InvitationView,
  decided: string | undefined,
  done: string | undefined,
): SafeHtml {
  if (done === 'cancelled') return notice('ok', t('cancel.done'));
  if (done === 'not_queued') {
    return notice('error', t('cancel.notQueued', { status: statusWords(t, invitation.status) }));
  }
  if (decided === 'duplicate') return notice('error', t('decided.duplicate'));
  if (decided !== 'new') return html``;
  const reason = invitation.reason ?? '';
  return invitation.status === 'scheduled'
    ? notice('ok', t('decided.scheduled', { reason }))
    : notice('error', t('decided.notScheduled', { reason }));
}

function invitationFacts(context: DashboardContext, t: T, invitation: InvitationView): SafeHtml {
  const time = (iso: string | null) => (iso === null ? '' : formatTime(Date.parse(iso), context.locale));
  const rows: [string, string][] = [
    [t('detail.status'), statusWords(t, invitation.status)],
    [t('detail.reason'), invitation.reason ?? ''],
    [t('detail.channel'), channelWords(t, invitation.channel)],
    [t('detail.kind'), invitation.kind === 'product' ? t('kind.product') : t('kind.service')],
    [
      t('detail.label'),
      invitation.label === 'verified' || invitation.label === 'invited'
        ? t(`label.${invitation.label}`)
        : invitation.label,
    ],
    [t('detail.name'), invitation.name],
    [t('detail.reference'), invitation.reference],
    [t('detail.locale'), invitation.locale ?? t('detail.localeDefault')],
    [t('detail.created'), time(invitation.createdAt)],
    [t('detail.sendAt'), time(invitation.sendAt)],
    [t('detail.sentAt'), time(invitation.sentAt)],
    [t('detail.reviewedAt'), time(invitation.reviewedAt)],
  ];
  return html`<dl class="facts">
    ${rows
      .filter(([, value]) => value !== '')
      .map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}
  </dl>`;
}

function productTable(t: T, invitation: InvitationView): SafeHtml {
  if (invitation.products.length === 0) return html``;
  return html`<h2>${t('detail.products')}</h2>
    <table class="data">
      <thead>
        <tr>
          <th scope="col">${t('detail.sku')}</th>
          <th scope="col">${t('detail.productName')}</th>
        </tr>
      </thead>
      <tbody>
        ${invitation.products.map((product) => html`<tr><td>${product.sku}</td><td>${product.name ?? ''}</td></tr>`)}
      </tbody>
    </table>`;
}

type NewInvitationForm = Record<'email' | 'name' | 'reference' | 'kind' | 'skus' | 'locale', string>;

const EMPTY_FORM: NewInvitationForm = {
  email: '',
  name: '',
  reference: '',
  kind: 'service',
  skus: '',
  locale: '',
};

function newInvitationPage(context: DashboardContext, values: NewInvitationForm, problem?: string): SafeHtml {
  const t = text.in(context.locale);
  const localeNames = new Intl.DisplayNames([context.locale], { type: 'language' });
  return dashboardPage(context, {
    title: t('new.title'),
    active: 'invitations',
    body: html`<p><a href="${context.href('invitations')}">${t('detail.back')}</a></p>
      <h1>${t('new.title')}</h1>
      <p>${t('new.intro')}</p>
      ${notice('error', problem)}
      ${postForm(
        context,
        context.href('invitations/new'),
        html`${field({ label: t('new.email'), name: 'email', type: 'email', value: values.email, required: true, autocomplete: 'off' })}
          ${field({ label: t('new.name'), name: 'name', value: values.name, hint: t('new.nameHint'), autocomplete: 'off' })}
          ${field({ label: t('new.reference'), name: 'reference', value: values.reference, required: true, hint: t('new.referenceHint') })}
          ${select({
            label: t('new.kind'),
            name: 'kind',
            value: values.kind,
            choices: INVITATION_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) })),
          })}
          ${field({ label: t('new.skus'), name: 'skus', value: values.skus, hint: t('new.skusHint') })}
          ${select({
            label: t('new.locale'),
            name: 'locale',
            value: values.locale,
            choices: [
              { value: '', label: t('new.localeDefault') },
              ...SUPPORTED_LOCALES.map((locale: Locale) => ({
                value: locale,
                label: `${localeNames.of(locale) ?? locale} (${locale})`,
              })),
            ],
          })}
          <button type="submit">${t('new.submit')}</button>`,
        { className: 'narrow' },
      )}`,
  });
}

/** The export's columns, in order; every cell a customer or a shop could have typed is neutralised. */
const CSV_HEADER = [
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
] as const;

function csvLine(cells: readonly string[]): string {
  return `${cells.map((cell) => quoteCsvCell(neutralizeFormula(cell))).join(',')}\r\n`;
}

/** Lines of the export per chunk written. */
const CSV_CHUNK_LINES = 500;

/**
 * The export as CSV text, written as the rows are read: a UTF-8 byte-order mark (Excel needs it to read
 * UTF-8), the header, then the rows a few hundred lines per chunk.
 */
async function* csvLines(invitations: AsyncIterable<InvitationView>): AsyncGenerator<string> {
  let chunk = `\uFEFF${csvLine(CSV_HEADER)}`;
  let lines = 0;
  for await (const invitation of invitations) {
    chunk += csvLine([
      invitation.createdAt,
      invitation.email,
      invitation.name,
      invitation.reference,
      invitation.kind,
      invitation.channel,
      invitation.status,
      invitation.reason ?? '',
      invitation.sendAt ?? '',
      invitation.sentAt ?? '',
      invitation.reviewedAt ?? '',
      invitation.label,
      invitation.products.map((product) => product.sku).join(' '),
      invitation.id,
    ]);
    if (++lines % CSV_CHUNK_LINES === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}
