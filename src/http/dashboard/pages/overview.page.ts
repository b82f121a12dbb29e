import type { Locale } from '../../../domain/locales.js';
import type { Runtime } from '../../../runtime.js';
import {
  OVERVIEW_PERIODS,
  type FunnelCounts,
  type OverviewAlert,
  type OverviewMethod,
  type OverviewView,
} from '../../../services/dashboard-stats.service.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { svgChart } from '../../../views/svg-chart.js';
import { defineMessages, type Translate } from '../messages.js';
import type { DashboardContext, DashboardRouter } from '../router.js';
import { dashboardPage, formatNumber, formatTime, notice } from '../view.js';

const text = defineMessages(
  'overview',
  {
    title: 'Overview',
    'period.label': 'Period',
    'period.days': 'Last {days} days',
    'period.invalid': 'The period can be 7, 30 or 90 days; showing the last {days} days.',
    'period.range': '{from} to now (UTC days).',
    'funnel.heading': 'Invitations',
    'funnel.scheduled': 'Scheduled',
    'funnel.sent': 'Sent',
    'funnel.delivered': 'Delivered',
    'funnel.opened': 'Opened',
    'funnel.clicked': 'Clicked',
    'funnel.reviewed': 'Reviewed',
    'funnel.conversion': 'Conversion',
    'funnel.issued': '{count} invitation links issued (never mailed).',
    'funnel.none': '—',
    'funnel.explain':
      'Counted by when it happened in the period, whenever the invitation was made. Scheduled: queued for sending. Sent: sending finished, accepted or refused for good. Delivered: the receiving mail server accepted it. Opened and clicked: the first open or click of each invitation. Reviewed: reviews that answered an invitation, and reviews through your Unique Links and BGL links. Conversion: reviews of mailed invitations divided by sent.',
    'chart.heading': 'Per day',
    'chart.title': 'Invitations sent and reviews per day, last {days} days',
    'chart.desc':
      '{sent} invitations sent and {reviewed} reviews from {from} to {to}; the busiest day had {max}.',
    'chart.sent': 'Sent',
    'chart.reviewed': 'Reviewed',
    'methods.heading': 'By method',
    'methods.method': 'Method',
    'methods.issuedNote':
      'Scheduled here also counts invitation links handed out through the API (never mailed), in their method’s row; the total above does not.',
    'method.file': 'File import',
    'method.manual': 'By hand',
    'method.api': 'API',
    'method.afs': 'BCC email (AFS)',
    'method.shop': 'Shop integrations',
    'method.links': 'Links',
    'method.other': 'Other',
    'reviews.heading': 'TrustScore and labels',
    'reviews.trustScore': 'TrustScore',
    'reviews.noScore': 'No published review yet.',
    'reviews.count': '{count} published reviews, all time',
    'reviews.verified': 'Verified',
    'reviews.invited': 'Invited',
    'reviews.organic': 'Organic',
    'reviews.open': 'Read the reviews',
    'alerts.heading': 'Needs your attention',
    'alerts.none': 'Nothing needs your attention in this period.',
    'alert.afs': 'New AFS sender: {message}',
    'alert.links':
      '{count} {entrance} links were refused ({code}): {finding} Last one {at}. Check your links with the link doctor.',
    'alert.bounces': '{count} invitations bounced: the address does not exist. It will not be mailed again.',
    'alert.failures':
      '{count} invitations could not be sent: the mail server refused them or kept deferring.',
    'alert.shop':
      '{count} shop deliveries were refused or failed, {bad} of them for a wrong or missing signature.',
    'alert.open': 'Deal with it',
  },
  {
    'de-DE': {
      title: 'Übersicht',
      'period.label': 'Zeitraum',
      'period.days': 'Letzte {days} Tage',
      'funnel.heading': 'Einladungen',
      'funnel.scheduled': 'Geplant',
      'funnel.sent': 'Gesendet',
      'funnel.delivered': 'Zugestellt',
      'funnel.opened': 'Geöffnet',
      'funnel.clicked': 'Geklickt',
      'funnel.reviewed': 'Bewertet',
      'funnel.conversion': 'Konversion',
      'chart.heading': 'Pro Tag',
      'methods.heading': 'Nach Methode',
      'methods.method': 'Methode',
      'reviews.heading': 'TrustScore und Labels',
      'alerts.heading': 'Braucht Ihre Aufmerksamkeit',
      'alert.open': 'Erledigen',
    },
    'fr-FR': {
      title: 'Vue d’ensemble',
      'period.label': 'Période',
      'period.days': '{days} derniers jours',
      'funnel.heading': 'Invitations',
      'funnel.scheduled': 'Planifiées',
      'funnel.sent': 'Envoyées',
      'funnel.delivered': 'Distribuées',
      'funnel.opened': 'Ouvertes',
      'funnel.clicked': 'Cliquées',
      'funnel.reviewed': 'Avis reçus',
      'funnel.conversion': 'Conversion',
      'chart.heading': 'Par jour',
      'methods.heading': 'Par méthode',
      'methods.method': 'Méthode',
      'reviews.heading': 'TrustScore et labels',
      'alerts.heading': 'À traiter',
      'alert.open': 'Traiter',
    },
    'es-ES': {
      title: 'Resumen',
      'period.label': 'Periodo',
      'period.days': 'Últimos {days} días',
      'funnel.heading': 'Invitaciones',
      'funnel.scheduled': 'Programadas',
      'funnel.sent': 'Enviadas',
      'funnel.delivered': 'Entregadas',
      'funnel.opened': 'Abiertas',
      'funnel.clicked': 'Clics',
      'funnel.reviewed': 'Opiniones',
      'funnel.conversion': 'Conversión',
      'chart.heading': 'Por día',
      'methods.heading': 'Por método',
      'methods.method': 'Método',
      'reviews.heading': 'TrustScore y etiquetas',
      'alerts.heading': 'Requiere tu atención',
      'alert.open': 'Resolver',
    },
    'it-IT': {
      title: 'Panoramica',
      'period.label': 'Periodo',
      'period.days': 'Ultimi {days} giorni',
      'funnel.heading': 'Inviti',
      'funnel.scheduled': 'Programmati',
      'funnel.sent': 'Inviati',
      'funnel.delivered': 'Consegnati',
      'funnel.opened': 'Aperti',
      'funnel.clicked': 'Cliccati',
      'funnel.reviewed': 'Recensiti',
      'funnel.conversion': 'Conversione',
      'chart.heading': 'Per giorno',
      'methods.heading': 'Per metodo',
      'methods.method': 'Metodo',
      'reviews.heading': 'TrustScore ed etichette',
      'alerts.heading': 'Richiede attenzione',
      'alert.open': 'Risolvi',
    },
    'nl-NL': {
      title: 'Overzicht',
      'period.label': 'Periode',
      'period.days': 'Laatste {days} dagen',
      'funnel.heading': 'Uitnodigingen',
      'funnel.scheduled': 'Gepland',
      'funnel.sent': 'Verzonden',
      'funnel.delivered': 'Afgeleverd',
      'funnel.opened': 'Geopend',
      'funnel.clicked': 'Geklikt',
      'funnel.reviewed': 'Beoordeeld',
      'funnel.conversion': 'Conversie',
      'chart.heading': 'Per dag',
      'methods.heading': 'Per methode',
      'methods.method': 'Methode',
      'reviews.heading': 'TrustScore en labels',
      'alerts.heading': 'Vraagt uw aandacht',
      'alert.open': 'Oplossen',
    },
    'da-DK': {
      title: 'Oversigt',
      'period.label': 'Periode',
      'period.days': 'Seneste {days} dage',
      'funnel.heading': 'Invitationer',
      'funnel.scheduled': 'Planlagt',
      'funnel.sent': 'Sendt',
      'funnel.delivered': 'Leveret',
      'funnel.opened': 'Åbnet',
      'funnel.clicked': 'Klikket',
      'funnel.reviewed': 'Anmeldt',
      'funnel.conversion': 'Konvertering',
      'chart.heading': 'Pr. dag',
      'methods.heading': 'Efter metode',
      'methods.method': 'Metode',
      'reviews.heading': 'TrustScore og mærker',
      'alerts.heading': 'Kræver din opmærksomhed',
    },
    'sv-SE': {
      title: 'Översikt',
      'period.label': 'Period',
      'period.days': 'Senaste {days} dagarna',
      'funnel.heading': 'Inbjudningar',
      'funnel.scheduled': 'Schemalagda',
      'funnel.sent': 'Skickade',
      'funnel.delivered': 'Levererade',
      'funnel.opened': 'Öppnade',
      'funnel.clicked': 'Klickade',
      'funnel.reviewed': 'Omdömen',
      'funnel.conversion': 'Konvertering',
      'chart.heading': 'Per dag',
      'methods.heading': 'Per metod',
      'methods.method': 'Metod',
      'reviews.heading': 'TrustScore och etiketter',
      'alerts.heading': 'Behöver din uppmärksamhet',
    },
    'nb-NO': {
      title: 'Oversikt',
      'period.label': 'Periode',
      'period.days': 'Siste {days} dager',
      'funnel.heading': 'Invitasjoner',
      'funnel.scheduled': 'Planlagt',
      'funnel.sent': 'Sendt',
      'funnel.delivered': 'Levert',
      'funnel.opened': 'Åpnet',
      'funnel.clicked': 'Klikket',
      'funnel.reviewed': 'Anmeldt',
      'funnel.conversion': 'Konvertering',
      'chart.heading': 'Per dag',
      'methods.heading': 'Etter metode',
      'methods.method': 'Metode',
      'reviews.heading': 'TrustScore og merker',
      'alerts.heading': 'Trenger din oppmerksomhet',
    },
    'fi-FI': {
      title: 'Yleiskatsaus',
      'period.label': 'Jakso',
      'period.days': 'Viimeiset {days} päivää',
      'funnel.heading': 'Kutsut',
      'funnel.scheduled': 'Ajastettu',
      'funnel.sent': 'Lähetetty',
      'funnel.delivered': 'Toimitettu',
      'funnel.opened': 'Avattu',
      'funnel.clicked': 'Klikattu',
      'funnel.reviewed': 'Arvosteltu',
      'funnel.conversion': 'Konversio',
      'chart.heading': 'Päivittäin',
      'methods.heading': 'Menetelmittäin',
      'methods.method': 'Menetelmä',
      'reviews.heading': 'TrustScore ja merkinnät',
      'alerts.heading': 'Vaatii huomiota',
    },
    'pl-PL': {
      title: 'Przegląd',
      'period.label': 'Okres',
      'period.days': 'Ostatnie {days} dni',
      'funnel.heading': 'Zaproszenia',
      'funnel.scheduled': 'Zaplanowane',
      'funnel.sent': 'Wysłane',
      'funnel.delivered': 'Dostarczone',
      'funnel.opened': 'Otwarte',
      'funnel.clicked': 'Kliknięte',
      'funnel.reviewed': 'Z opinią',
      'funnel.conversion': 'Konwersja',
      'chart.heading': 'Dziennie',
      'methods.heading': 'Według metody',
      'methods.method': 'Metoda',
      'reviews.heading': 'TrustScore i etykiety',
      'alerts.heading': 'Wymaga uwagi',
    },
    'pt-BR': {
      title: 'Visão geral',
      'period.label': 'Período',
      'period.days': 'Últimos {days} dias',
      'funnel.heading': 'Convites',
      'funnel.scheduled': 'Agendados',
      'funnel.sent': 'Enviados',
      'funnel.delivered': 'Entregues',
      'funnel.opened': 'Abertos',
      'funnel.clicked': 'Clicados',
      'funnel.reviewed': 'Avaliados',
      'funnel.conversion': 'Conversão',
      'chart.heading': 'Por dia',
      'methods.heading': 'Por método',
      'methods.method': 'Método',
      'reviews.heading': 'TrustScore e selos',
      'alerts.heading': 'Precisa da sua atenção',
    },
    'ja-JP': {
      title: '概要',
      'period.label': '期間',
      'period.days': '過去{days}日間',
      'funnel.heading': '招待',
      'funnel.scheduled': '予約済み',
      'funnel.sent': '送信済み',
      'funnel.delivered': '配信済み',
      'funnel.opened': '開封',
      'funnel.clicked': 'クリック',
      'funnel.reviewed': 'レビュー',
      'funnel.conversion': 'コンバージョン',
      'chart.heading': '日別',
      'methods.heading': '招待方法別',
      'methods.method': '招待方法',
      'reviews.heading': 'TrustScoreとラベル',
      'alerts.heading': '要対応',
    },
  },
);

type T = Translate<Parameters<ReturnType<typeof text.in>>[0]>;

const FUNNEL_KEYS = ['scheduled', 'sent', 'delivered', 'opened', 'clicked', 'reviewed'] as const;

/** The overview: `GET /app/{domain}?days=7|30|90`, for every member of the business. */
export function registerOverviewPage(router: DashboardRouter, runtime: Runtime): void {
  router.get('', 'member', async (request, _reply, context) => {
    const query = request.query as Record<string, unknown>;
    const asked = typeof query.days === 'string' ? Number(query.days) : undefined;
    const valid = asked === undefined || (OVERVIEW_PERIODS as readonly number[]).includes(asked);
    const view = await runtime.dashboardStats.overview(context.business.id, valid ? (asked ?? 0) : 0);
    const t = text.in(context.locale);
    return dashboardPage(context, {
      title: t('title'),
      active: 'overview',
      body: html`<h1>${t('title')}</h1>
        ${valid ? '' : notice('error', t('period.invalid', { days: view.days }))}
        ${periodNav(context, view, t)}
        ${alertsSection(context, view.alerts, t)} ${funnelSection(context.locale, view, t)}
        ${chartSection(context.locale, view, t)} ${methodsSection(context.locale, view, t)}
        ${reviewsSection(context, view, t)}`,
    });
  });
}

function periodNav(context: DashboardContext, view: OverviewView, t: T): SafeHtml {
  const periods = [...OVERVIEW_PERIODS].sort((a, b) => a - b);
  return html`<nav class="overview-periods" aria-label="${t('period.label')}">
    <ul>
      ${periods.map(
        (days) =>
          html`<li>
            <a href="${context.href()}?days=${days}" ${days === view.days ? html`aria-current="page"` : ''}
              >${t('period.days', { days })}</a
            >
          </li>`,
      )}
    </ul>
    <p class="hint">${t('period.range', { from: formatDay(view.from, context.locale) })}</p>
  </nav>`;
}

function alertsSection(context: DashboardContext, alerts: readonly OverviewAlert[], t: T): SafeHtml {
  return html`<section class="card overview-alerts" aria-labelledby="alerts-heading">
    <h2 id="alerts-heading">${t('alerts.heading')}</h2>
    ${
      alerts.length === 0
        ? html`<p>${t('alerts.none')}</p>`
        : html`<ul>
          ${alerts.map(
            (alert) =>
              html`<li class="alert alert-${alert.kind}">
                ${alertText(alert, context.locale, t)}
                <a href="${context.href(alert.href)}">${t('alert.open')}</a>
              </li>`,
          )}
        </ul>`
    }
  </section>`;
}

function alertText(alert: OverviewAlert, locale: Locale, t: T): string {
  switch (alert.kind) {
    case 'afs_new_sender':
      return t('alert.afs', { message: alert.message });
    case 'link_failures':
      return t('alert.links', {
        count: alert.count,
        entrance:
          alert.entrance === 'bgl'
            ? 'BGL'
            : alert.entrance === 'unique_link'
              ? 'Unique Link'
              : alert.entrance,
        code: alert.code,
        finding: alert.finding,
        at: formatTime(alert.lastAt, locale),
      });
    case 'bounces':
      return t('alert.bounces', { count: alert.count });
    case 'send_failures':
      return t('alert.failures', { count: alert.count });
    case 'shop_deliveries':
      return t('alert.shop', { count: alert.count, bad: alert.badSignature });
  }
}

function funnelSection(locale: Locale, view: OverviewView, t: T): SafeHtml {
  const totals = view.totals;
  return html`<section class="card" aria-labelledby="funnel-heading">
    <h2 id="funnel-heading">${t('funnel.heading')}</h2>
    <dl class="stats overview-funnel">
      ${FUNNEL_KEYS.map(
        (key) =>
          html`<div class="stat" data-stat="${key}">
            <dt>${t(`funnel.${key}`)}</dt>
            <dd>${formatNumber(totals[key], locale)}</dd>
          </div>`,
      )}
      <div class="stat" data-stat="conversion">
        <dt>${t('funnel.conversion')}</dt>
        <dd>${percent(totals.conversion, locale, t)}</dd>
      </div>
    </dl>
    ${totals.issued > 0 ? html`<p>${t('funnel.issued', { count: totals.issued })}</p>` : ''}
    <p class="hint">${t('funnel.explain')}</p>
  </section>`;
}

function chartSection(locale: Locale, view: OverviewView, t: T): SafeHtml {
  const sent = view.daily.map((day) => day.sent);
  const reviewed = view.daily.map((day) => day.reviewed);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const first = view.daily[0];
  const last = view.daily.at(-1);
  return html`<section class="card" aria-labelledby="chart-heading">
    <h2 id="chart-heading">${t('chart.heading')}</h2>
    ${svgChart({
      id: 'overview-chart',
      kind: view.days <= 7 ? 'bar' : 'line',
      title: t('chart.title', { days: view.days }),
      description: t('chart.desc', {
        sent: sum(sent),
        reviewed: sum(reviewed),
        from: first ? formatDay(first.day, locale) : '',
        to: last ? formatDay(last.day, locale) : '',
        max: Math.max(0, ...sent, ...reviewed),
      }),
      labels: view.daily.map((day) => formatDay(day.day, locale)),
      series: [
        { name: t('chart.sent'), className: 'chart-a', values: sent },
        { name: t('chart.reviewed'), className: 'chart-b', values: reviewed },
      ],
    })}
  </section>`;
}

function methodsSection(locale: Locale, view: OverviewView, t: T): SafeHtml {
  const row = (label: string, counts: FunnelCounts, method?: OverviewMethod) =>
    html`<tr ${method ? html`data-method="${method}"` : ''}>
      <th scope="row">${label}</th>
      ${FUNNEL_KEYS.map(
        (key) =>
          html`<td>
            ${formatNumber(key === 'scheduled' ? counts.scheduled + counts.issued : counts[key], locale)}
          </td>`,
      )}
      <td>${percent(counts.conversion, locale, t)}</td>
    </tr>`;
  return html`<section class="card" aria-labelledby="methods-heading">
    <h2 id="methods-heading">${t('methods.heading')}</h2>
    <table class="data overview-methods">
      <thead>
        <tr>
          <th scope="col">${t('methods.method')}</th>
          ${FUNNEL_KEYS.map((key) => html`<th scope="col">${t(`funnel.${key}`)}</th>`)}
          <th scope="col">${t('funnel.conversion')}</th>
        </tr>
      </thead>
      <tbody>
        ${view.byMethod.map(({ method, counts }) => row(t(`method.${method}`), counts, method))}
      </tbody>
    </table>
    ${view.byMethod.some(({ counts }) => counts.issued > 0) ? html`<p class="hint">${t('methods.issuedNote')}</p>` : ''}
  </section>`;
}

function reviewsSection(context: DashboardContext, view: OverviewView, t: T): SafeHtml {
  const locale = context.locale;
  const share = (count: number) => (view.reviewCount === 0 ? null : count / view.reviewCount);
  return html`<section class="card" aria-labelledby="reviews-heading">
    <h2 id="reviews-heading">${t('reviews.heading')}</h2>
    ${
      view.trustScore === null
        ? html`<p>${t('reviews.noScore')}</p>`
        : html`<p class="overview-score">
          <span>${t('reviews.trustScore')}</span>
          <strong data-stat="trustscore">${view.trustScore.toLocaleString(locale, { minimumFractionDigits: 1 })}</strong>
        </p>`
    }
    <p>${t('reviews.count', { count: view.reviewCount })}</p>
    <dl class="stats overview-labels">
      ${(['verified', 'invited', 'organic'] as const).map(
        (label) =>
          html`<div class="stat" data-stat="${label}">
            <dt>${t(`reviews.${label}`)}</dt>
            <dd>${formatNumber(view.labels[label], locale)} (${percent(share(view.labels[label]), locale, t)})</dd>
          </div>`,
      )}
    </dl>
    <p><a href="${context.href('reviews')}">${t('reviews.open')}</a></p>
  </section>`;
}

function percent(value: number | null, locale: Locale, t: T): string {
  if (value === null) return t('funnel.none');
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

function formatDay(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(ms);
}
