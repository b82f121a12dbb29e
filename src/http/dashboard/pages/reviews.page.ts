import type { FastifyReply, FastifyRequest } from 'fastify';
import { findEmailProblem } from '../../../domain/invitations/fields.js';
import { VouchError } from '../../../errors.js';
import { translator } from '../../../i18n/index.js';
import type { Runtime } from '../../../runtime.js';
import {
  MODERATION_LIMITS,
  REVIEW_LABELS,
  REVIEW_STATUSES,
  type DashboardReview,
  type DashboardReviewQuery,
  type ReviewStatus,
} from '../../../services/review.service.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { labelBadge } from '../../../views/review-views.js';
import { defineMessages } from '../messages.js';
import { formFields, type DashboardContext, type DashboardRouter } from '../router.js';
import {
  dashboardPage,
  field,
  formatNumber,
  formatTime,
  notice,
  postForm,
  select,
  textArea,
} from '../view.js';

const text = defineMessages(
  'reviews',
  {
    title: 'Reviews',
    intro:
      'Every review of your business, with every label: verified (an order vouches for it), invited and organic. Hidden and unconfirmed ones are listed here but not on your public page.',
    'filter.label': 'Label',
    'filter.rating': 'Rating',
    'filter.status': 'Status',
    'filter.any': 'Any',
    'filter.submit': 'Filter',
    'filter.clear': 'Clear the filters',
    'label.verified': 'Verified',
    'label.invited': 'Invited',
    'label.organic': 'Organic',
    'rating.n': '{n} stars',
    'rating.one': '1 star',
    'status.published': 'Published',
    'status.pending': 'Waiting for the writer to confirm',
    'status.pendingExpired': 'Never confirmed (the link has expired)',
    'status.hidden': 'Hidden',
    empty: 'No review matches these filters.',
    emptyAll: 'No reviews yet. They appear here as customers write them.',
    'page.older': 'Older reviews',
    'page.first': 'Newest reviews',
    'page.label': 'Pages of reviews',
    'review.by': '{name} · {email}',
    'review.anonymous': 'No name',
    'review.erased': 'personal data erased',
    'review.reference': 'Order {reference}',
    'review.written': 'Written {date}',
    'review.products': 'Products: {products}',
    'review.open': 'Hide or reply',
    'review.source': 'Came through: {source}',
    'source.unique_link': 'a Unique Link',
    'source.bgl': 'a Business Generated Link',
    'source.invitation': 'a Vouch invitation email',
    'source.organic': 'the form on your public page',
    'review.hiddenBecause': 'Hidden {date}. Reason given to the reviewer: {reason}',
    'review.reply': 'Your public reply ({date}):',
    'detail.back': 'All reviews',
    'detail.title': 'Review “{title}”',
    'hide.title': 'Hide this review',
    'hide.intro':
      'A hidden review leaves your public page, the widget, the public API and your TrustScore. The reviewer is emailed your reason, with a link to a page that shows it beside their review.',
    'hide.reason': 'Reason (the reviewer reads it)',
    'hide.hint': 'Say what in the review breaks which rule, in a sentence or two; at most {max} characters.',
    'hide.submit': 'Hide and tell the reviewer',
    'unhide.title': 'Show it again',
    'unhide.intro': 'Puts the review back on your public page and into your TrustScore.',
    'unhide.submit': 'Show it again',
    'pending.intro':
      'This review waits for its writer to confirm their email address; it can be hidden or answered once it is published.',
    'reply.title': 'Public reply',
    'reply.intro': 'Shown under the review on your public page, signed with your business’s name.',
    'reply.text': 'Reply',
    'reply.hint': 'Leave it empty and save to remove the reply. At most {max} characters.',
    'reply.submit': 'Save the reply',
    'done.hidden': 'The review is hidden. The reviewer was emailed at {email}.',
    'done.hiddenErased':
      'The review is hidden. Its writer’s personal data was erased, so nobody could be emailed.',
    'done.hiddenFailed':
      'The review is hidden, but the email to the reviewer could not be sent. Check the mail settings, or tell them another way.',
    'done.unhidden': 'The review is published again.',
    'done.replied': 'Your reply is on the public page.',
    'done.replyRemoved': 'Your reply is removed.',
    'erase.title': 'Delete a customer’s personal data',
    'erase.intro':
      'For a request under data-protection law: the customer’s email and name are erased from their invitations and reviews, queued invitations are cancelled. Ratings and counts stay, anonymised. This cannot be undone.',
    'erase.email': 'The customer’s email address',
    'erase.submit': 'Erase their personal data',
    'erase.done': 'Done. Invitations anonymised: {invitations}. Reviews anonymised: {reviews}.',
    'erase.none': 'Nothing to erase: no invitation or review of this business has that address.',
    'erase.invalid': '“{email}” is not an email address, such as jane@example.com.',
  },
  {
    'de-DE': {
      title: 'Bewertungen',
      'filter.label': 'Label',
      'filter.rating': 'Sterne',
      'filter.status': 'Status',
      'filter.any': 'Alle',
      'filter.submit': 'Filtern',
      'status.published': 'Veröffentlicht',
      'status.hidden': 'Ausgeblendet',
      'page.older': 'Ältere Bewertungen',
      'review.open': 'Ausblenden oder antworten',
      'detail.back': 'Alle Bewertungen',
      'hide.title': 'Bewertung ausblenden',
      'hide.reason': 'Begründung (die Person liest sie)',
      'hide.submit': 'Ausblenden und Person benachrichtigen',
      'unhide.title': 'Wieder anzeigen',
      'unhide.submit': 'Wieder anzeigen',
      'reply.title': 'Öffentliche Antwort',
      'reply.text': 'Antwort',
      'reply.submit': 'Antwort speichern',
      'erase.title': 'Personenbezogene Daten eines Kunden löschen',
      'erase.email': 'E-Mail-Adresse des Kunden',
      'erase.submit': 'Daten löschen',
    },
    'fr-FR': {
      title: 'Avis',
      'filter.label': 'Label',
      'filter.rating': 'Note',
      'filter.status': 'Statut',
      'filter.any': 'Tous',
      'filter.submit': 'Filtrer',
      'status.published': 'Publié',
      'status.hidden': 'Masqué',
      'page.older': 'Avis plus anciens',
      'review.open': 'Masquer ou répondre',
      'detail.back': 'Tous les avis',
      'hide.title': 'Masquer cet avis',
      'hide.reason': 'Raison (l’auteur la lit)',
      'hide.submit': 'Masquer et prévenir l’auteur',
      'unhide.title': 'Afficher de nouveau',
      'unhide.submit': 'Afficher de nouveau',
      'reply.title': 'Réponse publique',
      'reply.text': 'Réponse',
      'reply.submit': 'Enregistrer la réponse',
      'erase.title': 'Supprimer les données personnelles d’un client',
      'erase.email': 'Adresse e-mail du client',
      'erase.submit': 'Effacer ses données',
    },
    'es-ES': {
      title: 'Opiniones',
      'filter.label': 'Etiqueta',
      'filter.rating': 'Estrellas',
      'filter.status': 'Estado',
      'filter.any': 'Todas',
      'filter.submit': 'Filtrar',
      'status.published': 'Publicada',
      'status.hidden': 'Oculta',
      'page.older': 'Opiniones anteriores',
      'review.open': 'Ocultar o responder',
      'detail.back': 'Todas las opiniones',
      'hide.title': 'Ocultar esta opinión',
      'hide.reason': 'Motivo (el autor lo lee)',
      'hide.submit': 'Ocultar y avisar al autor',
      'unhide.title': 'Mostrar de nuevo',
      'unhide.submit': 'Mostrar de nuevo',
      'reply.title': 'Respuesta pública',
      'reply.text': 'Respuesta',
      'reply.submit': 'Guardar la respuesta',
      'erase.title': 'Borrar los datos personales de un cliente',
      'erase.email': 'Correo electrónico del cliente',
      'erase.submit': 'Borrar sus datos',
    },
    'it-IT': {
      title: 'Recensioni',
      'filter.submit': 'Filtra',
      'status.published': 'Pubblicata',
      'status.hidden': 'Nascosta',
      'hide.title': 'Nascondi questa recensione',
      'hide.submit': 'Nascondi e avvisa l’autore',
      'unhide.submit': 'Mostra di nuovo',
      'reply.title': 'Risposta pubblica',
      'reply.submit': 'Salva la risposta',
      'erase.title': 'Cancella i dati personali di un cliente',
      'erase.submit': 'Cancella i suoi dati',
    },
    'nl-NL': {
      title: 'Beoordelingen',
      'filter.submit': 'Filteren',
      'status.published': 'Gepubliceerd',
      'status.hidden': 'Verborgen',
      'hide.title': 'Deze beoordeling verbergen',
      'hide.submit': 'Verbergen en de schrijver laten weten',
      'unhide.submit': 'Weer tonen',
      'reply.title': 'Openbare reactie',
      'reply.submit': 'Reactie opslaan',
      'erase.title': 'Persoonsgegevens van een klant wissen',
      'erase.submit': 'Gegevens wissen',
    },
    'da-DK': {
      title: 'Anmeldelser',
      'filter.submit': 'Filtrér',
      'hide.title': 'Skjul anmeldelsen',
      'hide.submit': 'Skjul og giv anmelderen besked',
      'unhide.submit': 'Vis igen',
      'reply.title': 'Offentligt svar',
      'reply.submit': 'Gem svaret',
      'erase.title': 'Slet en kundes persondata',
      'erase.submit': 'Slet data',
    },
    'sv-SE': {
      title: 'Omdömen',
      'filter.submit': 'Filtrera',
      'hide.title': 'Dölj omdömet',
      'hide.submit': 'Dölj och meddela skribenten',
      'unhide.submit': 'Visa igen',
      'reply.title': 'Offentligt svar',
      'reply.submit': 'Spara svaret',
      'erase.title': 'Radera en kunds personuppgifter',
      'erase.submit': 'Radera uppgifterna',
    },
    'nb-NO': {
      title: 'Anmeldelser',
      'filter.submit': 'Filtrer',
      'hide.title': 'Skjul anmeldelsen',
      'hide.submit': 'Skjul og gi anmelderen beskjed',
      'unhide.submit': 'Vis igjen',
      'reply.title': 'Offentlig svar',
      'reply.submit': 'Lagre svaret',
      'erase.title': 'Slett en kundes personopplysninger',
      'erase.submit': 'Slett opplysningene',
    },
    'fi-FI': {
      title: 'Arvostelut',
      'filter.submit': 'Suodata',
      'hide.title': 'Piilota arvostelu',
      'hide.submit': 'Piilota ja ilmoita kirjoittajalle',
      'unhide.submit': 'Näytä uudelleen',
      'reply.title': 'Julkinen vastaus',
      'reply.submit': 'Tallenna vastaus',
      'erase.title': 'Poista asiakkaan henkilötiedot',
      'erase.submit': 'Poista tiedot',
    },
    'pl-PL': {
      title: 'Opinie',
      'filter.submit': 'Filtruj',
      'hide.title': 'Ukryj opinię',
      'hide.submit': 'Ukryj i powiadom autora',
      'unhide.submit': 'Pokaż ponownie',
      'reply.title': 'Odpowiedź publiczna',
      'reply.submit': 'Zapisz odpowiedź',
      'erase.title': 'Usuń dane osobowe klienta',
      'erase.submit': 'Usuń dane',
    },
    'pt-BR': {
      title: 'Avaliações',
      'filter.submit': 'Filtrar',
      'hide.title': 'Ocultar esta avaliação',
      'hide.submit': 'Ocultar e avisar o autor',
      'unhide.submit': 'Mostrar de novo',
      'reply.title': 'Resposta pública',
      'reply.submit': 'Salvar a resposta',
      'erase.title': 'Apagar os dados pessoais de um cliente',
      'erase.submit': 'Apagar os dados',
    },
    'ja-JP': {
      title: 'レビュー',
      'filter.submit': '絞り込む',
      'hide.title': 'このレビューを非表示にする',
      'hide.submit': '非表示にして投稿者に知らせる',
      'unhide.submit': '再表示する',
      'reply.title': '公開返信',
      'reply.submit': '返信を保存',
      'erase.title': '顧客の個人データを削除',
      'erase.submit': 'データを削除',
    },
  },
);

type Text = ReturnType<typeof text.in>;
type Form = Readonly<Record<string, string | undefined>>;

/** One text field as sent, cut to a length no real value reaches; '' when missing or repeated. */
function fieldOf(form: Form, name: string, max: number): string {
  return (form[name] ?? '').slice(0, max);
}

function starsOf(rating: number): string {
  return '★'.repeat(rating) + '☆'.repeat(5 - rating);
}

const SOURCES = ['unique_link', 'bgl', 'invitation', 'organic'] as const;

function sourceText(t: Text, source: string): string {
  const known = SOURCES.find((candidate) => candidate === source);
  return known ? t(`source.${known}`) : source;
}

function statusText(t: Text, review: DashboardReview): string {
  if (review.status === 'pending')
    return t(review.confirmationExpired ? 'status.pendingExpired' : 'status.pending');
  return t(`status.${review.status}`);
}

/** A 4xx from the service is a message beside the form; a 404 is the page's own; anything else goes on. */
function refusal(error: unknown): VouchError {
  if (error instanceof VouchError && error.status === 404) {
    throw new VouchError('not_found', 'There is no such page in your dashboard.');
  }
  if (error instanceof VouchError && error.status >= 400 && error.status < 500) return error;
  throw error;
}

/**
 * The Reviews section: every review of the business with its label, filtered and paged newest first;
 * hiding one with a reason (the reviewer is emailed), showing it again, a public reply, and (owners) erasing
 * a customer's personal data.
 */
export function registerReviewPages(router: DashboardRouter, runtime: Runtime): void {
  const reviewCard = (context: DashboardContext, review: DashboardReview, linked: boolean): SafeHtml => {
    const t = text.in(context.locale);
    const tr = translator(context.locale);
    const who = review.erased
      ? t('review.erased')
      : t('review.by', { name: review.reviewerName || t('review.anonymous'), email: review.email });
    return html`<article class="card review-row review-${review.status}" data-review-id="${review.id}">
      <p class="review-meta">
        <span class="stars-text" role="img" aria-label="${t(review.rating === 1 ? 'rating.one' : 'rating.n', { n: review.rating })}"
          >${starsOf(review.rating)}</span
        >
        ${labelBadge(review.label, tr)}
        <span class="state-tag state-${review.status}">${statusText(t, review)}</span>
      </p>
      <h2 class="review-title">
        ${linked ? html`<a href="${context.href(`reviews/${review.id}`)}">${review.title}</a>` : review.title}
      </h2>
      <p class="review-text">${review.text}</p>
      ${
        review.products.length > 0
          ? html`<p class="muted">
              ${t('review.products', { products: review.products.map((p) => p.name || p.sku).join(', ') })}
            </p>`
          : ''
      }
      <p class="muted">
        ${who}${review.reference ? html` · ${t('review.reference', { reference: review.reference })}` : ''} ·
        ${t('review.written', { date: formatTime(review.createdAt, context.locale) })} ·
        ${t('review.source', { source: sourceText(t, review.source) })}
      </p>
      ${
        review.status === 'hidden'
          ? html`<p class="hidden-reason">
              ${t('review.hiddenBecause', {
                date: formatTime(review.hiddenAt, context.locale),
                reason: review.hiddenReason ?? '',
              })}
            </p>`
          : ''
      }
      ${
        review.reply
          ? html`<div class="review-reply">
              <p class="muted">${t('review.reply', { date: formatTime(review.repliedAt, context.locale) })}</p>
              <p class="review-text">${review.reply}</p>
            </div>`
          : ''
      }
      ${linked ? html`<p><a href="${context.href(`reviews/${review.id}`)}">${t('review.open')}</a></p>` : ''}
    </article>`;
  };

  const eraseSection = (context: DashboardContext, message?: SafeHtml): SafeHtml => {
    if (context.role !== 'owner') return html``;
    const t = text.in(context.locale);
    return html`<section class="card" id="erase">
      <h2>${t('erase.title')}</h2>
      <p>${t('erase.intro')}</p>
      ${message ?? ''}
      ${postForm(
        context,
        context.href('reviews/erase'),
        html`${field({ label: t('erase.email'), name: 'email', type: 'email', required: true })}
          <button type="submit" class="danger">${t('erase.submit')}</button>`,
      )}
    </section>`;
  };

  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    context: DashboardContext,
    eraseMessage?: SafeHtml,
  ): Promise<SafeHtml> => {
    const t = text.in(context.locale);
    const raw = request.query as Record<string, unknown>;
    const param = (name: string) => (typeof raw[name] === 'string' ? raw[name].slice(0, 200) : '');
    const query: DashboardReviewQuery = {
      label: param('label'),
      rating: param('rating'),
      status: param('status'),
      cursor: param('cursor'),
    };
    let listing: { reviews: DashboardReview[]; next: string | null } = { reviews: [], next: null };
    let problem: string | undefined;
    try {
      listing = await runtime.reviews.listForDashboard(context.business.id, query);
    } catch (error) {
      problem = refusal(error).message;
      reply.status(400);
    }
    const filters = new URLSearchParams();
    for (const name of ['label', 'rating', 'status'] as const) {
      if (query[name]) filters.set(name, query[name]);
    }
    const filtered = filters.size > 0;
    const nextHref = (cursor: string) => {
      const next = new URLSearchParams(filters);
      next.set('cursor', cursor);
      return `${context.href('reviews')}?${next.toString()}`;
    };
    const filterForm = html`<form method="get" action="${context.href('reviews')}" class="filters">
      <div>
        ${select({
          label: t('filter.label'),
          name: 'label',
          value: query.label,
          choices: [
            { value: '', label: t('filter.any') },
            ...REVIEW_LABELS.map((label) => ({ value: label, label: t(`label.${label}`) })),
          ],
        })}
      </div>
      <div>
        ${select({
          label: t('filter.rating'),
          name: 'rating',
          value: query.rating,
          choices: [
            { value: '', label: t('filter.any') },
            ...[5, 4, 3, 2, 1].map((n) => ({
              value: String(n),
              label: t(n === 1 ? 'rating.one' : 'rating.n', { n }),
            })),
          ],
        })}
      </div>
      <div>
        ${select({
          label: t('filter.status'),
          name: 'status',
          value: query.status,
          choices: [
            { value: '', label: t('filter.any') },
            ...REVIEW_STATUSES.map((status: ReviewStatus) => ({
              value: status,
              label: t(`status.${status}`),
            })),
          ],
        })}
      </div>
      <div>
        <button type="submit">${t('filter.submit')}</button>
        ${filtered ? html`<a href="${context.href('reviews')}">${t('filter.clear')}</a>` : ''}
      </div>
    </form>`;
    return dashboardPage(context, {
      title: t('title'),
      active: 'reviews',
      body: html`<h1>${t('title')}</h1>
        <p>${t('intro')}</p>
        ${filterForm} ${notice('error', problem)}
        ${
          listing.reviews.length === 0 && problem === undefined
            ? html`<p class="card">${t(filtered ? 'empty' : 'emptyAll')}</p>`
            : listing.reviews.map((review) => reviewCard(context, review, true))
        }
        <nav class="pagination" aria-label="${t('page.label')}">
          ${query.cursor ? html`<a href="${filtered ? `${context.href('reviews')}?${filters.toString()}` : context.href('reviews')}">${t('page.first')}</a>` : ''}
          ${listing.next ? html`<a href="${nextHref(listing.next)}" rel="next">${t('page.older')}</a>` : ''}
        </nav>
        ${eraseSection(context, eraseMessage)}`,
    });
  };

  const DONE = ['hidden', 'hiddenErased', 'hiddenFailed', 'unhidden', 'replied', 'replyRemoved'] as const;

  const detailPage = async (
    context: DashboardContext,
    id: string,
    message: { done?: string | undefined; error?: string } = {},
    typed: { reason?: string; reply?: string } = {},
  ): Promise<SafeHtml> => {
    const t = text.in(context.locale);
    const review = await runtime.reviews.dashboardReview(context.business.id, id).catch((error: unknown) => {
      throw refusal(error);
    });
    const base = `reviews/${review.id}`;
    const done = DONE.find((key) => key === message.done);
    const moderation =
      review.status === 'published'
        ? html`<section class="card">
            <h2>${t('hide.title')}</h2>
            <p>${t('hide.intro')}</p>
            ${postForm(
              context,
              context.href(`${base}/hide`),
              html`${textArea({
                label: t('hide.reason'),
                name: 'reason',
                rows: 3,
                value: typed.reason ?? '',
                hint: t('hide.hint', { max: formatNumber(MODERATION_LIMITS.reasonMax, context.locale) }),
              })}
                <button type="submit" class="danger">${t('hide.submit')}</button>`,
            )}
          </section>`
        : review.status === 'hidden'
          ? html`<section class="card">
              <h2>${t('unhide.title')}</h2>
              <p>${t('unhide.intro')}</p>
              ${postForm(context, context.href(`${base}/unhide`), html`<button type="submit">${t('unhide.submit')}</button>`)}
            </section>`
          : html`<p class="card">${t('pending.intro')}</p>`;
    const replyForm =
      review.status === 'pending'
        ? ''
        : html`<section class="card">
            <h2>${t('reply.title')}</h2>
            <p>${t('reply.intro')}</p>
            ${postForm(
              context,
              context.href(`${base}/reply`),
              html`${textArea({
                label: t('reply.text'),
                name: 'text',
                rows: 5,
                value: typed.reply ?? review.reply ?? '',
                hint: t('reply.hint', { max: formatNumber(MODERATION_LIMITS.replyMax, context.locale) }),
              })}
                <button type="submit">${t('reply.submit')}</button>`,
            )}
          </section>`;
    return dashboardPage(context, {
      title: t('detail.title', { title: review.title }),
      active: 'reviews',
      body: html`<p><a href="${context.href('reviews')}">← ${t('detail.back')}</a></p>
        <h1>${t('detail.title', { title: review.title })}</h1>
        ${done ? notice(done === 'hiddenFailed' ? 'error' : 'ok', t(`done.${done}`, { email: review.email })) : ''}
        ${notice('error', message.error)} ${reviewCard(context, review, false)} ${moderation} ${replyForm}`,
    });
  };

  router.get('reviews', 'member', (request, reply, context) => listPage(request, reply, context));

  router.get('reviews/:id', 'member', async (request, _reply, context) => {
    const { id } = request.params as { id: string };
    const query = request.query as Record<string, unknown>;
    return detailPage(context, id, { done: typeof query.done === 'string' ? query.done : undefined });
  });

  router.post('reviews/:id/hide', 'member', async (request, reply, context) => {
    const { id } = request.params as { id: string };
    const reason = fieldOf(formFields(request), 'reason', MODERATION_LIMITS.reasonMax * 4);
    try {
      const outcome = await runtime.reviews.hide(context.business.id, id, reason, runtime.formTokens);
      const done = outcome.emailed ? 'hidden' : outcome.why === 'erased' ? 'hiddenErased' : 'hiddenFailed';
      if (!outcome.emailed && outcome.why === 'failed') request.log.warn({ reviewId: id }, outcome.message);
      return reply.redirect(`${context.href(`reviews/${id}`)}?done=${done}`, 303);
    } catch (error) {
      const refused = refusal(error);
      reply.status(refused.status);
      return detailPage(context, id, { error: refused.message }, { reason });
    }
  });

  router.post('reviews/:id/unhide', 'member', async (request, reply, context) => {
    const { id } = request.params as { id: string };
    try {
      await runtime.reviews.unhide(context.business.id, id);
      return reply.redirect(`${context.href(`reviews/${id}`)}?done=unhidden`, 303);
    } catch (error) {
      const refused = refusal(error);
      reply.status(refused.status);
      return detailPage(context, id, { error: refused.message });
    }
  });

  router.post('reviews/:id/reply', 'member', async (request, reply, context) => {
    const { id } = request.params as { id: string };
    const typed = fieldOf(formFields(request), 'text', MODERATION_LIMITS.replyMax * 4);
    try {
      const result = await runtime.reviews.reply(context.business.id, id, typed);
      return reply.redirect(
        `${context.href(`reviews/${id}`)}?done=${result === 'saved' ? 'replied' : 'replyRemoved'}`,
        303,
      );
    } catch (error) {
      const refused = refusal(error);
      reply.status(refused.status);
      return detailPage(context, id, { error: refused.message }, { reply: typed });
    }
  });

  router.post('reviews/erase', 'owner', async (request, reply, context) => {
    const t = text.in(context.locale);
    const email = fieldOf(formFields(request), 'email', 400).trim();
    if (email === '' || findEmailProblem(email) !== undefined) {
      reply.status(400);
      return listPage(request, reply, context, notice('error', t('erase.invalid', { email })));
    }
    const erased = await runtime.hostedInvitations.deleteInvitationData(context.business.id, {
      customerEmails: [email],
    });
    const message =
      erased.invitations + erased.reviews === 0
        ? notice('ok', t('erase.none'))
        : notice(
            'ok',
            t('erase.done', {
              invitations: formatNumber(erased.invitations, context.locale),
              reviews: formatNumber(erased.reviews, context.locale),
            }),
          );
    return listPage(request, reply, context, message);
  });
}
