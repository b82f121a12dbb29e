import type { Locale } from '../../domain/locales.js';
import { html, type HtmlValue, type SafeHtml } from '../../views/html.js';
import { page } from '../../views/layout.js';
import { defineMessages } from './messages.js';
import type { AccountContext, DashboardContext } from './router.js';

/** The dashboard's sections, in menu order; `path` is under `/app/{domain}/`. */
export const SECTIONS = [
  { key: 'overview', path: '' },
  { key: 'invitations', path: 'invitations' },
  { key: 'import', path: 'import' },
  { key: 'methods', path: 'methods' },
  { key: 'templates', path: 'templates' },
  { key: 'settings', path: 'settings' },
  { key: 'reviews', path: 'reviews' },
  { key: 'team', path: 'team' },
] as const;

export type Section = (typeof SECTIONS)[number]['key'];

const text = defineMessages(
  'layout',
  {
    'nav.overview': 'Overview',
    'nav.invitations': 'Invitations',
    'nav.import': 'Import',
    'nav.methods': 'Methods',
    'nav.templates': 'Templates',
    'nav.settings': 'Settings',
    'nav.reviews': 'Reviews',
    'nav.team': 'Team',
    'nav.label': 'Dashboard sections',
    'nav.businesses': 'Your businesses',
    'nav.account': 'Account',
    'nav.logout': 'Log out',
    'nav.publicPage': 'Public page',
    skip: 'Skip to the content',
  },
  {
    'de-DE': {
      'nav.overview': 'Übersicht',
      'nav.invitations': 'Einladungen',
      'nav.import': 'Import',
      'nav.methods': 'Methoden',
      'nav.templates': 'Vorlagen',
      'nav.settings': 'Einstellungen',
      'nav.reviews': 'Bewertungen',
      'nav.team': 'Team',
      'nav.label': 'Bereiche des Dashboards',
      'nav.businesses': 'Ihre Unternehmen',
      'nav.account': 'Konto',
      'nav.logout': 'Abmelden',
      'nav.publicPage': 'Öffentliche Seite',
      skip: 'Zum Inhalt springen',
    },
    'fr-FR': {
      'nav.overview': 'Vue d’ensemble',
      'nav.invitations': 'Invitations',
      'nav.import': 'Import',
      'nav.methods': 'Méthodes',
      'nav.templates': 'Modèles',
      'nav.settings': 'Réglages',
      'nav.reviews': 'Avis',
      'nav.team': 'Équipe',
      'nav.label': 'Sections du tableau de bord',
      'nav.businesses': 'Vos entreprises',
      'nav.account': 'Compte',
      'nav.logout': 'Se déconnecter',
      'nav.publicPage': 'Page publique',
      skip: 'Aller au contenu',
    },
    'es-ES': {
      'nav.overview': 'Resumen',
      'nav.invitations': 'Invitaciones',
      'nav.import': 'Importar',
      'nav.methods': 'Métodos',
      'nav.templates': 'Plantillas',
      'nav.settings': 'Ajustes',
      'nav.reviews': 'Opiniones',
      'nav.team': 'Equipo',
      'nav.label': 'Secciones del panel',
      'nav.businesses': 'Tus empresas',
      'nav.account': 'Cuenta',
      'nav.logout': 'Cerrar sesión',
      'nav.publicPage': 'Página pública',
      skip: 'Saltar al contenido',
    },
    'it-IT': {
      'nav.overview': 'Panoramica',
      'nav.invitations': 'Inviti',
      'nav.import': 'Importa',
      'nav.methods': 'Metodi',
      'nav.templates': 'Modelli',
      'nav.settings': 'Impostazioni',
      'nav.reviews': 'Recensioni',
      'nav.team': 'Team',
      'nav.account': 'Account',
      'nav.logout': 'Esci',
      'nav.publicPage': 'Pagina pubblica',
      skip: 'Vai al contenuto',
    },
    'nl-NL': {
      'nav.overview': 'Overzicht',
      'nav.invitations': 'Uitnodigingen',
      'nav.import': 'Importeren',
      'nav.methods': 'Methoden',
      'nav.templates': 'Sjablonen',
      'nav.settings': 'Instellingen',
      'nav.reviews': 'Beoordelingen',
      'nav.team': 'Team',
      'nav.account': 'Account',
      'nav.logout': 'Uitloggen',
      'nav.publicPage': 'Openbare pagina',
      skip: 'Naar de inhoud',
    },
    'da-DK': {
      'nav.overview': 'Oversigt',
      'nav.invitations': 'Invitationer',
      'nav.import': 'Import',
      'nav.methods': 'Metoder',
      'nav.templates': 'Skabeloner',
      'nav.settings': 'Indstillinger',
      'nav.reviews': 'Anmeldelser',
      'nav.team': 'Team',
      'nav.account': 'Konto',
      'nav.logout': 'Log ud',
      'nav.publicPage': 'Offentlig side',
    },
    'sv-SE': {
      'nav.overview': 'Översikt',
      'nav.invitations': 'Inbjudningar',
      'nav.import': 'Import',
      'nav.methods': 'Metoder',
      'nav.templates': 'Mallar',
      'nav.settings': 'Inställningar',
      'nav.reviews': 'Omdömen',
      'nav.team': 'Team',
      'nav.account': 'Konto',
      'nav.logout': 'Logga ut',
      'nav.publicPage': 'Offentlig sida',
    },
    'nb-NO': {
      'nav.overview': 'Oversikt',
      'nav.invitations': 'Invitasjoner',
      'nav.import': 'Import',
      'nav.methods': 'Metoder',
      'nav.templates': 'Maler',
      'nav.settings': 'Innstillinger',
      'nav.reviews': 'Anmeldelser',
      'nav.team': 'Team',
      'nav.account': 'Konto',
      'nav.logout': 'Logg ut',
      'nav.publicPage': 'Offentlig side',
    },
    'fi-FI': {
      'nav.overview': 'Yleiskatsaus',
      'nav.invitations': 'Kutsut',
      'nav.import': 'Tuonti',
      'nav.methods': 'Menetelmät',
      'nav.templates': 'Mallit',
      'nav.settings': 'Asetukset',
      'nav.reviews': 'Arvostelut',
      'nav.team': 'Tiimi',
      'nav.account': 'Tili',
      'nav.logout': 'Kirjaudu ulos',
      'nav.publicPage': 'Julkinen sivu',
    },
    'pl-PL': {
      'nav.overview': 'Przegląd',
      'nav.invitations': 'Zaproszenia',
      'nav.import': 'Import',
      'nav.methods': 'Metody',
      'nav.templates': 'Szablony',
      'nav.settings': 'Ustawienia',
      'nav.reviews': 'Opinie',
      'nav.team': 'Zespół',
      'nav.account': 'Konto',
      'nav.logout': 'Wyloguj',
      'nav.publicPage': 'Strona publiczna',
    },
    'pt-BR': {
      'nav.overview': 'Visão geral',
      'nav.invitations': 'Convites',
      'nav.import': 'Importar',
      'nav.methods': 'Métodos',
      'nav.templates': 'Modelos',
      'nav.settings': 'Configurações',
      'nav.reviews': 'Avaliações',
      'nav.team': 'Equipe',
      'nav.account': 'Conta',
      'nav.logout': 'Sair',
      'nav.publicPage': 'Página pública',
    },
    'ja-JP': {
      'nav.overview': '概要',
      'nav.invitations': '招待',
      'nav.import': 'インポート',
      'nav.methods': '招待方法',
      'nav.templates': 'テンプレート',
      'nav.settings': '設定',
      'nav.reviews': 'レビュー',
      'nav.team': 'チーム',
      'nav.account': 'アカウント',
      'nav.logout': 'ログアウト',
      'nav.publicPage': '公開ページ',
    },
  },
);

/** The hidden field every dashboard form carries; the router refuses a POST without it (403). */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

/** A form that posts, with its CSRF field. `action` is a path; `multipart` for file uploads. */
export function postForm(
  context: { csrfToken: string },
  action: string,
  body: HtmlValue,
  options: { multipart?: boolean; className?: string } = {},
): SafeHtml {
  // A multipart body is read by the handler, after the CSRF check: the token rides in the query string.
  const target = options.multipart
    ? `${action}${action.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(context.csrfToken)}`
    : action;
  return html`<form
    method="post"
    action="${target}"
    class="${options.className ?? ''}"
    ${options.multipart ? html`enctype="multipart/form-data"` : ''}
  >
    ${options.multipart ? '' : csrfField(context.csrfToken)} ${body}
  </form>`;
}

export interface FieldOptions {
  label: string;
  name: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'url' | 'date' | 'time' | 'file' | 'search';
  value?: string | number | null | undefined;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  min?: number;
  max?: number;
  /** An id of its own when a page has two fields of one name. */
  id?: string;
}

/** A labelled input, its hint tied to it for screen readers. */
export function field(options: FieldOptions): SafeHtml {
  const id = options.id ?? `f-${options.name}`;
  return html`<label for="${id}">${options.label}</label>
    <input
      id="${id}"
      name="${options.name}"
      type="${options.type ?? 'text'}"
      ${options.value === undefined || options.value === null ? '' : html`value="${String(options.value)}"`}
      ${options.required ? html`required` : ''}
      ${options.autocomplete ? html`autocomplete="${options.autocomplete}"` : ''}
      ${options.min === undefined ? '' : html`min="${options.min}"`}
      ${options.max === undefined ? '' : html`max="${options.max}"`}
      ${options.hint ? html`aria-describedby="${id}-hint"` : ''}
    />
    ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}`;
}

export function textArea(options: {
  label: string;
  name: string;
  value?: string;
  rows?: number;
  hint?: string;
}): SafeHtml {
  const id = `f-${options.name}`;
  return html`<label for="${id}">${options.label}</label>
    <textarea id="${id}" name="${options.name}" rows="${options.rows ?? 6}" ${options.hint ? html`aria-describedby="${id}-hint"` : ''}>${options.value ?? ''}</textarea>
    ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}`;
}

export function select(options: {
  label: string;
  name: string;
  value?: string | undefined;
  choices: readonly { value: string; label: string }[];
  hint?: string;
  id?: string;
}): SafeHtml {
  const id = options.id ?? `f-${options.name}`;
  return html`<label for="${id}">${options.label}</label>
    <select id="${id}" name="${options.name}" ${options.hint ? html`aria-describedby="${id}-hint"` : ''}>
      ${options.choices.map(
        (choice) =>
          html`<option value="${choice.value}" ${choice.value === options.value ? html`selected` : ''}>
            ${choice.label}
          </option>`,
      )}
    </select>
    ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}`;
}

/** A checkbox with its label after it, its hint tied to it for screen readers. */
export function checkbox(options: {
  label: string;
  name: string;
  checked: boolean;
  hint?: string;
}): SafeHtml {
  const id = `f-${options.name}`;
  return html`<p class="checkbox">
      <input
        type="checkbox"
        id="${id}"
        name="${options.name}"
        ${options.checked ? html`checked` : ''}
        ${options.hint ? html`aria-describedby="${id}-hint"` : ''}
      />
      <label for="${id}">${options.label}</label>
    </p>
    ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}`;
}

/** A message at the top of a page after a POST redirected to it (`?done=`), or an error. */
export function notice(kind: 'ok' | 'error', message: string | undefined): SafeHtml {
  if (!message) return html``;
  return html`<p class="notice ${kind === 'error' ? 'notice-error' : 'notice-ok'}" role="${kind === 'error' ? 'alert' : 'status'}">
    ${message}
  </p>`;
}

/** A date and time in the user's locale, UTC (the dashboard does not know the user's zone). */
export function formatTime(ms: number | null | undefined, locale: Locale): string {
  if (ms === null || ms === undefined) return '';
  return (
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(ms) +
    ' UTC'
  );
}

export function formatNumber(value: number, locale: Locale): string {
  return value.toLocaleString(locale);
}

/** A business's dashboard page: the menu, the business switcher, the account links and the page. */
export function dashboardPage(
  context: DashboardContext,
  options: { title: string; active: Section; body: HtmlValue },
): SafeHtml {
  const t = text.in(context.locale);
  const others = context.session.memberships.filter((m) => m.business_id !== context.business.id);
  const header = html`<header class="dash">
    <a class="skip" href="#content">${t('skip')}</a>
    <div class="dash-top">
      <a class="brand" href="/app/">Vouch</a>
      <span class="business">${context.business.name}</span>
      <span class="spacer"></span>
      ${others.length > 0 || context.user.operator ? html`<a href="/app/">${t('nav.businesses')}</a>` : ''}
      <a href="/review/${context.business.domain}">${t('nav.publicPage')}</a>
      <a href="/app/account">${t('nav.account')}</a>
      ${postForm(context, '/logout', html`<button type="submit" class="link">${t('nav.logout')}</button>`, { className: 'inline' })}
    </div>
    <nav aria-label="${t('nav.label')}">
      <ul>
        ${SECTIONS.filter((section) => section.key !== 'team' || context.role === 'owner').map(
          (section) =>
            html`<li>
              <a href="${context.href(section.path)}" ${section.key === options.active ? html`aria-current="page"` : ''}
                >${t(`nav.${section.key}`)}</a
              >
            </li>`,
        )}
      </ul>
    </nav>
  </header>`;
  return page({
    title: `${options.title} · ${context.business.name} · Vouch`,
    lang: context.locale,
    header,
    stylesheets: ['dashboard.css'],
    bodyClass: 'dashboard',
    body: html`<div id="content">${options.body}</div>`,
  });
}

/** A page outside any business (the business list, the account). */
export function accountPage(context: AccountContext, options: { title: string; body: HtmlValue }): SafeHtml {
  const t = text.in(context.locale);
  const header = html`<header class="dash">
    <a class="skip" href="#content">${t('skip')}</a>
    <div class="dash-top">
      <a class="brand" href="/app/">Vouch</a>
      <span class="spacer"></span>
      <a href="/app/account">${t('nav.account')}</a>
      ${postForm(context, '/logout', html`<button type="submit" class="link">${t('nav.logout')}</button>`, { className: 'inline' })}
    </div>
  </header>`;
  return page({
    title: `${options.title} · Vouch`,
    lang: context.locale,
    header,
    stylesheets: ['dashboard.css'],
    bodyClass: 'dashboard',
    body: html`<div id="content">${options.body}</div>`,
  });
}

/** A page for a visitor who is not logged in (login, setup, password links). */
export function publicFormPage(locale: Locale, title: string, body: HtmlValue): SafeHtml {
  return page({
    title: `${title} · Vouch`,
    lang: locale,
    stylesheets: ['dashboard.css'],
    bodyClass: 'dashboard auth',
    body,
  });
}
