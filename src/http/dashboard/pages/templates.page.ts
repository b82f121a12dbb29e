import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseLocale, SUPPORTED_LOCALES, type Locale } from '../../../domain/locales.js';
import {
  PLACEHOLDER_PATTERN,
  PLACEHOLDERS,
  type Placeholder,
} from '../../../domain/templates/placeholders.js';
import type { TemplateValues } from '../../../domain/templates/render.js';
import { isVouchError, type VouchError } from '../../../errors.js';
import { MailSendError } from '../../../mail/transport.js';
import type { Runtime } from '../../../runtime.js';
import {
  BUILT_IN_TEMPLATE_IDS,
  TEMPLATE_KINDS,
  type TemplateDraft,
  type TemplateKind,
  type TemplatePreview,
  type TemplateView,
} from '../../../services/template.service.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { defineMessages } from '../messages.js';
import type { DashboardContext, DashboardRouter } from '../router.js';
import { checkbox, dashboardPage, field, notice, postForm, select, textArea } from '../view.js';

const text = defineMessages(
  'templates',
  {
    title: 'Templates',
    intro:
      'Every email Vouch sends a customer is written from a template. For each email it uses the template the invitation names, else your default for the customer’s language, else your default for every language, else Vouch’s built-in text in the customer’s language.',
    'kind.invitation': 'Service invitation',
    'kind.product_invitation': 'Product invitation',
    'kind.reminder': 'Reminder',
    'kindHint.invitation': 'Asks a customer to review your business after a purchase.',
    'kindHint.product_invitation': 'Asks a customer to review the products they bought.',
    'kindHint.reminder': 'Sent once, some days after an invitation, when the customer has not reviewed yet.',
    'list.name': 'Name',
    'list.language': 'Language',
    'list.use': 'Used',
    'list.allLanguages': 'Every language',
    'list.default': 'By default',
    'list.named': 'Only when an invitation names it',
    'list.fallback': 'When none of yours applies',
    'list.builtIn': 'Vouch’s built-in text',
    'list.edit': 'Edit',
    'list.view': 'View',
    'new.title': 'New {kind} template',
    'new.language': 'Language of the new template',
    'new.submit': 'Start from the built-in text',
    'edit.name': 'Name',
    'edit.nameHint': 'For you and your team only; customers never see it.',
    'edit.kind': 'Kind of email',
    'edit.language': 'Language',
    'edit.languageHint':
      'Customers whose invitation is in this language get it. “Every language” serves the languages without a template of their own.',
    'edit.subject': 'Subject',
    'edit.body': 'Text',
    'edit.bodyHint':
      'Plain text; an empty line starts a new paragraph. Write placeholders in square brackets, exactly as listed below.',
    'edit.default': 'Use it by default for this kind of email in this language',
    'edit.defaultHint':
      'Otherwise it is used only for invitations that name it (by its id, through the API or a file).',
    'edit.save': 'Save',
    'edit.preview': 'Preview',
    'edit.test': 'Send a test to {email}',
    'edit.delete': 'Delete this template',
    'edit.back': 'All templates',
    'edit.customise': 'Write your own from this text',
    'edit.showIn': 'Show in',
    'edit.show': 'Show',
    'edit.readOnly': 'Only an owner of this business can change templates.',
    'edit.builtInNote':
      'This is Vouch’s own text. It cannot be changed, but you can write your own template from it.',
    'done.saved': 'The template is saved.',
    'done.deleted': 'The template is deleted.',
    'done.test': 'A test email was sent to {email}. Its links lead to a sample, not to a real review form.',
    'error.send': 'The test email could not be sent: {reason}',
    'placeholders.title': 'Placeholders',
    'placeholders.intro': 'Vouch replaces these with each customer’s details when it sends the email.',
    'placeholder.Name': 'The customer’s name.',
    'placeholder.CompanyIdentifier': 'Your business’s name.',
    'placeholder.Link': 'The link to the review form.',
    'placeholder.Stars':
      'Five stars; each opens the review form with that rating chosen. The body needs [Link] or [Stars].',
    'placeholder.Products': 'The list of products the customer bought.',
    'placeholder.DomainName': 'Your business’s domain.',
    'placeholder.Order': 'The order or reference number.',
    'placeholder.LegalNotice':
      'Your legal notice (Settings). Without it, the notice is added at the foot of the email.',
    'preview.title': 'Preview with sample data',
    'preview.intro':
      'As a customer called {name} would get it, for order {order}. Nothing here is saved until you press Save.',
    'preview.from': 'From',
    'preview.replyTo': 'Reply to',
    'preview.subject': 'Subject',
    'preview.plain': 'Plain-text version',
    'preview.none': 'Fix the template to see its preview.',
  },
  {
    'de-DE': {
      title: 'Vorlagen',
      'kind.invitation': 'Einladung (Service)',
      'kind.product_invitation': 'Einladung (Produkte)',
      'kind.reminder': 'Erinnerung',
      'new.submit': 'Mit dem mitgelieferten Text beginnen',
      'edit.save': 'Speichern',
      'edit.preview': 'Vorschau',
      'edit.test': 'Test an {email} senden',
      'edit.delete': 'Diese Vorlage löschen',
      'edit.back': 'Alle Vorlagen',
      'placeholders.title': 'Platzhalter',
      'preview.title': 'Vorschau mit Beispieldaten',
      'new.title': 'Neue Vorlage: {kind}',
      'edit.show': 'Anzeigen',
      'edit.customise': 'Eigene Vorlage aus diesem Text schreiben',
    },
    'fr-FR': {
      title: 'Modèles',
      'kind.invitation': 'Invitation (service)',
      'kind.product_invitation': 'Invitation (produits)',
      'kind.reminder': 'Relance',
      'new.submit': 'Partir du texte fourni',
      'edit.save': 'Enregistrer',
      'edit.preview': 'Aperçu',
      'edit.test': 'Envoyer un test à {email}',
      'edit.delete': 'Supprimer ce modèle',
      'edit.back': 'Tous les modèles',
      'placeholders.title': 'Champs variables',
      'preview.title': 'Aperçu avec des données d’exemple',
      'new.title': 'Nouveau modèle : {kind}',
      'edit.show': 'Afficher',
      'edit.customise': 'Écrire votre propre modèle à partir de ce texte',
    },
    'es-ES': {
      title: 'Plantillas',
      'kind.invitation': 'Invitación (servicio)',
      'kind.product_invitation': 'Invitación (productos)',
      'kind.reminder': 'Recordatorio',
      'new.submit': 'Empezar con el texto incluido',
      'edit.save': 'Guardar',
      'edit.preview': 'Vista previa',
      'edit.test': 'Enviar una prueba a {email}',
      'edit.delete': 'Eliminar esta plantilla',
      'edit.back': 'Todas las plantillas',
      'placeholders.title': 'Marcadores',
      'preview.title': 'Vista previa con datos de ejemplo',
      'new.title': 'Nueva plantilla: {kind}',
      'edit.show': 'Mostrar',
      'edit.customise': 'Escribir la tuya a partir de este texto',
    },
    'it-IT': {
      title: 'Modelli',
      'kind.invitation': 'Invito (servizio)',
      'kind.product_invitation': 'Invito (prodotti)',
      'kind.reminder': 'Promemoria',
      'edit.save': 'Salva',
      'edit.preview': 'Anteprima',
      'edit.test': 'Invia una prova a {email}',
      'edit.delete': 'Elimina questo modello',
      'placeholders.title': 'Segnaposto',
      'preview.title': 'Anteprima con dati di esempio',
      'new.title': 'Nuovo modello: {kind}',
      'new.submit': 'Parti dal testo predefinito',
      'edit.show': 'Mostra',
      'edit.customise': 'Scrivi il tuo a partire da questo testo',
      'edit.back': 'Tutti i modelli',
    },
    'nl-NL': {
      title: 'Sjablonen',
      'kind.invitation': 'Uitnodiging (service)',
      'kind.product_invitation': 'Uitnodiging (producten)',
      'kind.reminder': 'Herinnering',
      'edit.save': 'Opslaan',
      'edit.preview': 'Voorbeeld',
      'edit.test': 'Stuur een test naar {email}',
      'edit.delete': 'Dit sjabloon verwijderen',
      'placeholders.title': 'Plaatsaanduidingen',
      'preview.title': 'Voorbeeld met voorbeeldgegevens',
      'new.title': 'Nieuw sjabloon: {kind}',
      'new.submit': 'Begin met de standaardtekst',
      'edit.show': 'Tonen',
      'edit.customise': 'Schrijf je eigen sjabloon op basis van deze tekst',
      'edit.back': 'Alle sjablonen',
    },
    'da-DK': {
      title: 'Skabeloner',
      'kind.reminder': 'Påmindelse',
      'edit.save': 'Gem',
      'edit.preview': 'Forhåndsvisning',
      'edit.test': 'Send en test til {email}',
      'placeholders.title': 'Pladsholdere',
      'kind.invitation': 'Invitation (service)',
      'kind.product_invitation': 'Invitation (produkter)',
      'new.title': 'Ny skabelon: {kind}',
      'new.submit': 'Start med standardteksten',
      'edit.delete': 'Slet denne skabelon',
      'edit.back': 'Alle skabeloner',
      'edit.show': 'Vis',
      'edit.customise': 'Skriv din egen ud fra denne tekst',
      'preview.title': 'Forhåndsvisning med eksempeldata',
    },
    'sv-SE': {
      title: 'Mallar',
      'kind.reminder': 'Påminnelse',
      'edit.save': 'Spara',
      'edit.preview': 'Förhandsvisning',
      'edit.test': 'Skicka ett test till {email}',
      'placeholders.title': 'Platshållare',
      'kind.invitation': 'Inbjudan (tjänst)',
      'kind.product_invitation': 'Inbjudan (produkter)',
      'new.title': 'Ny mall: {kind}',
      'new.submit': 'Börja med standardtexten',
      'edit.delete': 'Ta bort den här mallen',
      'edit.back': 'Alla mallar',
      'edit.show': 'Visa',
      'edit.customise': 'Skriv en egen utifrån den här texten',
      'preview.title': 'Förhandsvisning med exempeldata',
    },
    'nb-NO': {
      title: 'Maler',
      'kind.reminder': 'Påminnelse',
      'edit.save': 'Lagre',
      'edit.preview': 'Forhåndsvisning',
      'edit.test': 'Send en test til {email}',
      'placeholders.title': 'Plassholdere',
      'kind.invitation': 'Invitasjon (tjeneste)',
      'kind.product_invitation': 'Invitasjon (produkter)',
      'new.title': 'Ny mal: {kind}',
      'new.submit': 'Start med standardteksten',
      'edit.delete': 'Slett denne malen',
      'edit.back': 'Alle maler',
      'edit.show': 'Vis',
      'edit.customise': 'Skriv din egen ut fra denne teksten',
      'preview.title': 'Forhåndsvisning med eksempeldata',
    },
    'fi-FI': {
      title: 'Mallit',
      'kind.reminder': 'Muistutus',
      'edit.save': 'Tallenna',
      'edit.preview': 'Esikatselu',
      'edit.test': 'Lähetä testi osoitteeseen {email}',
      'placeholders.title': 'Paikkamerkit',
      'kind.invitation': 'Kutsu (palvelu)',
      'kind.product_invitation': 'Kutsu (tuotteet)',
      'new.title': 'Uusi malli: {kind}',
      'new.submit': 'Aloita valmiista tekstistä',
      'edit.delete': 'Poista tämä malli',
      'edit.back': 'Kaikki mallit',
      'edit.show': 'Näytä',
      'edit.customise': 'Kirjoita oma tämän tekstin pohjalta',
      'preview.title': 'Esikatselu esimerkkitiedoilla',
    },
    'pl-PL': {
      title: 'Szablony',
      'kind.reminder': 'Przypomnienie',
      'edit.save': 'Zapisz',
      'edit.preview': 'Podgląd',
      'edit.test': 'Wyślij test na {email}',
      'placeholders.title': 'Symbole zastępcze',
      'kind.invitation': 'Zaproszenie (usługa)',
      'kind.product_invitation': 'Zaproszenie (produkty)',
      'new.title': 'Nowy szablon: {kind}',
      'new.submit': 'Zacznij od tekstu domyślnego',
      'edit.delete': 'Usuń ten szablon',
      'edit.back': 'Wszystkie szablony',
      'edit.show': 'Pokaż',
      'edit.customise': 'Napisz własny na podstawie tego tekstu',
      'preview.title': 'Podgląd z przykładowymi danymi',
    },
    'pt-BR': {
      title: 'Modelos',
      'kind.reminder': 'Lembrete',
      'edit.save': 'Salvar',
      'edit.preview': 'Pré-visualizar',
      'edit.test': 'Enviar um teste para {email}',
      'placeholders.title': 'Marcadores',
      'kind.invitation': 'Convite (serviço)',
      'kind.product_invitation': 'Convite (produtos)',
      'new.title': 'Novo modelo: {kind}',
      'new.submit': 'Começar com o texto padrão',
      'edit.delete': 'Excluir este modelo',
      'edit.back': 'Todos os modelos',
      'edit.show': 'Mostrar',
      'edit.customise': 'Escrever o seu a partir deste texto',
      'preview.title': 'Pré-visualização com dados de exemplo',
    },
    'ja-JP': {
      title: 'テンプレート',
      'kind.reminder': 'リマインダー',
      'edit.save': '保存',
      'edit.preview': 'プレビュー',
      'edit.test': '{email} にテスト送信',
      'placeholders.title': 'プレースホルダー',
      'kind.invitation': '招待（サービス）',
      'kind.product_invitation': '招待（商品）',
      'new.title': '新しいテンプレート：{kind}',
      'new.submit': '標準の文面から始める',
      'edit.delete': 'このテンプレートを削除',
      'edit.back': 'すべてのテンプレート',
      'edit.show': '表示',
      'edit.customise': 'この文面から独自のテンプレートを作成',
      'preview.title': 'サンプルデータでのプレビュー',
    },
  },
);

type T = ReturnType<typeof text.in>;

/** What the editor shows: a saved template, a new one, or the text of a POST not saved yet. */
interface Draft {
  /** The saved template's id; undefined for a new one. */
  id: string | undefined;
  name: string;
  kind: TemplateKind;
  locale: string;
  subject: string;
  body: string;
  isDefault: boolean;
}

type Message = { kind: 'ok' | 'error'; text: string };

/**
 * The templates pages: the list per kind, an editor with its placeholders and a preview on sample data
 * (rendered on the server, so it works without script), a test send to the user's own address, and a
 * view of Vouch's built-in text in any language. Members read; owners change.
 */
export function registerTemplatePages(router: DashboardRouter, runtime: Runtime): void {
  const mailOptions = { publicUrl: runtime.config.publicUrl, mailFrom: runtime.config.mailFrom };

  const previewOf = async (context: DashboardContext, draft: Draft) => {
    try {
      return {
        preview: await runtime.templates.preview(context.business.domain, toServiceDraft(draft), mailOptions),
      };
    } catch (error) {
      return { error: expected(error) };
    }
  };

  /** The editor page; `checked` is a preview already made (or its error), so a POST does not make it twice. */
  const editor = async (
    context: DashboardContext,
    draft: Draft,
    options: { message?: Message | undefined; builtIn?: boolean; checked?: PreviewResult } = {},
  ) => {
    const t = text.in(context.locale);
    const checked = options.checked ?? (await previewOf(context, draft));
    const owner = context.role === 'owner';
    const title = draft.id === undefined ? t('new.title', { kind: t(`kind.${draft.kind}`) }) : draft.name;
    const action = context.href(`templates/${draft.id ?? 'new'}`);
    const error = options.message?.kind === 'error' ? options.message.text : checked.error?.message;
    // The editor's preview follows the typing when script runs; without it, the Preview button does the same.
    const live = owner && !options.builtIn;
    const body = html`<p><a href="${context.href('templates')}">${t('edit.back')}</a></p>
      <h1>${title}</h1>
      ${options.message?.kind === 'ok' ? notice('ok', options.message.text) : ''} ${notice('error', error)}
      <div class="template-editor">
        <section class="card">
          ${
            options.builtIn
              ? builtInView(context, t, draft)
              : owner
                ? postForm(context, action, editorFields(context, t, draft), { className: 'template-form' })
                : readOnlyView(context, t, draft)
          }
          ${placeholderList(t)}
        </section>
        ${
          live
            ? html`<section
                class="card template-preview"
                aria-labelledby="preview-title"
                aria-live="polite"
                data-preview-url="${context.href('templates/preview')}"
              >
                ${previewSection(t, checked)}
              </section>`
            : html`<section class="card template-preview" aria-labelledby="preview-title">
                ${previewSection(t, checked)}
              </section>`
        }
      </div>
      ${live ? html`<script src="/assets/template-preview.js" defer></script>` : ''}
      ${
        owner && draft.id !== undefined && !options.builtIn
          ? postForm(
              context,
              context.href(`templates/${draft.id}/delete`),
              html`<button type="submit" class="danger">${t('edit.delete')}</button>`,
            )
          : ''
      }`;
    return dashboardPage(context, { title: `${title} · ${t('title')}`, active: 'templates', body });
  };

  router.get('templates', 'member', async (request, _reply, context) => {
    const t = text.in(context.locale);
    const done = (request.query as Record<string, string | undefined>).done;
    const templates = await runtime.templates.list(context.business.domain);
    const owner = context.role === 'owner';
    const body = html`<h1>${t('title')}</h1>
      ${done === 'deleted' ? notice('ok', t('done.deleted')) : ''}
      <p>${t('intro')}</p>
      ${TEMPLATE_KINDS.map((kind) => {
        const ofKind = templates.filter((template) => template.kind === kind);
        return html`<section class="card" aria-labelledby="kind-${kind}">
          <h2 id="kind-${kind}">${t(`kind.${kind}`)}</h2>
          <p class="hint">${t(`kindHint.${kind}`)}</p>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">${t('list.name')}</th>
                <th scope="col">${t('list.language')}</th>
                <th scope="col">${t('list.use')}</th>
                <th scope="col"><span class="visually-hidden">${t('list.edit')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${ofKind.map((template) => templateRow(context, t, template, owner))}
            </tbody>
          </table>
          ${
            owner
              ? html`<form method="get" action="${context.href('templates/new')}" class="filters">
                <input type="hidden" name="kind" value="${kind}" />
                <div>
                  ${select({
                    id: `new-locale-${kind}`,
                    label: t('new.language'),
                    name: 'locale',
                    value: context.business.defaultLocale,
                    choices: localeChoices(context.locale, t),
                  })}
                </div>
                <button type="submit">${t('new.submit')}</button>
              </form>`
              : ''
          }
        </section>`;
      })}`;
    return dashboardPage(context, { title: t('title'), active: 'templates', body });
  });

  router.get('templates/new', 'owner', async (request, _reply, context) => {
    const query = request.query as Record<string, string | undefined>;
    const kind = TEMPLATE_KINDS.find((candidate) => candidate === query.kind) ?? 'invitation';
    const locale = query.locale ? parseLocale(query.locale) : undefined;
    const start = runtime.templates.builtIn(kind, locale ?? context.business.defaultLocale);
    const t = text.in(context.locale);
    return editor(context, {
      id: undefined,
      name: `${t(`kind.${kind}`)} (${locale ? languageName(context.locale, locale) : t('list.allLanguages')})`,
      kind,
      locale: locale ?? '',
      subject: start.subject,
      body: start.body,
      isDefault: true,
    });
  });

  router.get('templates/:id', 'member', async (request, _reply, context) => {
    const { id } = request.params as { id: string };
    const query = request.query as Record<string, string | undefined>;
    const locale = (query.locale ? parseLocale(query.locale) : undefined) ?? context.business.defaultLocale;
    const template = await runtime.templates.get(context.business.domain, id, locale);
    const t = text.in(context.locale);
    return editor(context, fromView(template), {
      builtIn: template.builtIn,
      ...(query.done === 'saved' ? { message: { kind: 'ok', text: t('done.saved') } } : {}),
    });
  });

  const submit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    context: DashboardContext,
    id?: string,
  ) => {
    const draft = fromForm(request, id);
    const intent = (request.body as Record<string, unknown> | undefined)?.intent;
    if (intent === 'save') {
      try {
        const saved = await runtime.templates.save(context.business.domain, {
          ...toServiceDraft(draft),
          id,
          name: draft.name,
          isDefault: draft.isDefault,
        });
        return reply.redirect(context.href(`templates/${saved.id}?done=saved`), 303);
      } catch (error) {
        const problem = expected(error);
        reply.status(problem.status);
        return editor(context, draft, { message: { kind: 'error', text: problem.message } });
      }
    }
    const checked = await previewOf(context, draft);
    if (checked.error) reply.status(checked.error.status);
    return editor(context, draft, { checked });
  };

  const sendTest = async (
    request: FastifyRequest,
    reply: FastifyReply,
    context: DashboardContext,
    id?: string,
  ) => {
    const t = text.in(context.locale);
    const draft = fromForm(request, id);
    try {
      const sent = await runtime.templates.sendTest(
        context.business.domain,
        toServiceDraft(draft),
        { name: context.user.name ?? '', address: context.user.email },
        { ...mailOptions, transport: runtime.mailTransport() },
      );
      return editor(context, draft, { message: { kind: 'ok', text: t('done.test', { email: sent.to }) } });
    } catch (error) {
      if (error instanceof MailSendError) {
        reply.status(502);
        return editor(context, draft, {
          message: { kind: 'error', text: t('error.send', { reason: error.failure.message }) },
        });
      }
      const problem = expected(error);
      reply.status(problem.status);
      return editor(context, draft, { message: { kind: 'error', text: problem.message } });
    }
  };

  // The live preview's endpoint (assets/template-preview.js): the preview section for the form as typed,
  // its error in words when the text cannot be sent, as JSON. The Preview button stays the way without script.
  router.post('templates/preview', 'owner', async (request, reply, context) => {
    const checked = await previewOf(context, fromForm(request, undefined));
    // A text with a mistake is a preview answered, not a failed request: 200, with `ok: false`.
    return reply.type('application/json; charset=utf-8').send({
      ok: checked.error === undefined,
      message: checked.error?.message ?? null,
      html: previewSection(text.in(context.locale), checked, { withError: true }).toString(),
    });
  });

  /** The template a POST names, looked up in this business: another business's id is not found (404). */
  const named = async (request: FastifyRequest, context: DashboardContext) => {
    const { id } = request.params as { id: string };
    return (await runtime.templates.get(context.business.domain, id)).id;
  };

  router.post('templates/new', 'owner', (request, reply, context) => submit(request, reply, context));
  router.post('templates/new/test', 'owner', (request, reply, context) => sendTest(request, reply, context));
  router.post('templates/:id', 'owner', async (request, reply, context) =>
    submit(request, reply, context, await named(request, context)),
  );
  router.post('templates/:id/test', 'owner', async (request, reply, context) =>
    sendTest(request, reply, context, await named(request, context)),
  );
  router.post('templates/:id/delete', 'owner', async (request, reply, context) => {
    await runtime.templates.remove(context.business.domain, await named(request, context));
    return reply.redirect(context.href('templates?done=deleted'), 303);
  });
}

type PreviewResult = { preview?: TemplatePreview; error?: VouchError };

/** The errors a template's text can have: shown on the page. Anything else is not the user's to fix. */
function expected(error: unknown): VouchError {
  if (
    isVouchError(error) &&
    (error.code === 'template_invalid' ||
      error.code === 'template_placeholder_unknown' ||
      error.code === 'locale_invalid')
  ) {
    return error;
  }
  throw error;
}

function fromView(template: TemplateView): Draft {
  return {
    id: template.builtIn ? undefined : template.id,
    name: template.name,
    kind: template.kind,
    locale: template.locale ?? '',
    subject: template.subject,
    body: template.body,
    isDefault: template.isDefault,
  };
}

function fromForm(request: FastifyRequest, id: string | undefined): Draft {
  const form = (request.body ?? {}) as Record<string, string | undefined>;
  return {
    id,
    name: form.name ?? '',
    kind: TEMPLATE_KINDS.find((candidate) => candidate === form.kind) ?? 'invitation',
    locale: form.locale ?? '',
    subject: form.subject ?? '',
    body: form.body ?? '',
    isDefault: form.isDefault === 'on',
  };
}

function toServiceDraft(draft: Draft): TemplateDraft {
  return { kind: draft.kind, locale: draft.locale, subject: draft.subject, body: draft.body };
}

function languageName(display: Locale, locale: string): string {
  return new Intl.DisplayNames([display], { type: 'language' }).of(locale) ?? locale;
}

function localeChoices(display: Locale, t: T): { value: string; label: string }[] {
  return [
    { value: '', label: t('list.allLanguages') },
    ...SUPPORTED_LOCALES.map((locale) => ({ value: locale, label: languageName(display, locale) })),
  ];
}

function templateRow(context: DashboardContext, t: T, template: TemplateView, owner: boolean): SafeHtml {
  const href = template.builtIn
    ? context.href(`templates/${BUILT_IN_TEMPLATE_IDS[template.kind]}`)
    : context.href(`templates/${template.id}`);
  return html`<tr>
    <td>${template.builtIn ? t('list.builtIn') : template.name}</td>
    <td>
      ${
        template.builtIn || template.locale === null
          ? t('list.allLanguages')
          : languageName(context.locale, template.locale)
      }
    </td>
    <td>${template.builtIn ? t('list.fallback') : template.isDefault ? t('list.default') : t('list.named')}</td>
    <td><a href="${href}">${owner && !template.builtIn ? t('list.edit') : t('list.view')}</a></td>
  </tr>`;
}

function editorFields(context: DashboardContext, t: T, draft: Draft): SafeHtml {
  return html`${field({ label: t('edit.name'), name: 'name', value: draft.name, required: true, hint: t('edit.nameHint') })}
    ${select({
      label: t('edit.kind'),
      name: 'kind',
      value: draft.kind,
      choices: TEMPLATE_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) })),
    })}
    ${select({
      label: t('edit.language'),
      name: 'locale',
      value: draft.locale,
      choices: localeChoices(context.locale, t),
      hint: t('edit.languageHint'),
    })}
    ${field({ label: t('edit.subject'), name: 'subject', value: draft.subject, required: true })}
    ${textArea({ label: t('edit.body'), name: 'body', value: draft.body, rows: 14, hint: t('edit.bodyHint') })}
    ${checkbox({ label: t('edit.default'), name: 'isDefault', checked: draft.isDefault, hint: t('edit.defaultHint') })}
    <div class="actions">
      <button type="submit" name="intent" value="save">${t('edit.save')}</button>
      <button type="submit" name="intent" value="preview" class="secondary">${t('edit.preview')}</button>
      <button type="submit" formaction="${context.href(`templates/${draft.id ?? 'new'}/test`)}" class="secondary">
        ${t('edit.test', { email: context.user.email })}
      </button>
    </div>`;
}

function readOnlyView(context: DashboardContext, t: T, draft: Draft): SafeHtml {
  return html`<p class="muted">${t('edit.readOnly')}</p>
    <dl>
      <dt>${t('edit.kind')}</dt>
      <dd>${t(`kind.${draft.kind}`)}</dd>
      <dt>${t('edit.language')}</dt>
      <dd>${draft.locale === '' ? t('list.allLanguages') : languageName(context.locale, draft.locale)}</dd>
      <dt>${t('edit.subject')}</dt>
      <dd>${draft.subject}</dd>
      <dt>${t('edit.body')}</dt>
      <dd><pre>${draft.body}</pre></dd>
    </dl>`;
}

function builtInView(context: DashboardContext, t: T, draft: Draft): SafeHtml {
  const id = BUILT_IN_TEMPLATE_IDS[draft.kind];
  return html`<p>${t('edit.builtInNote')}</p>
    <form method="get" action="${context.href(`templates/${id}`)}" class="filters">
      <div>
        ${select({
          id: 'show-locale',
          label: t('edit.showIn'),
          name: 'locale',
          value: draft.locale,
          choices: SUPPORTED_LOCALES.map((locale) => ({
            value: locale,
            label: languageName(context.locale, locale),
          })),
        })}
      </div>
      <button type="submit" class="secondary">${t('edit.show')}</button>
    </form>
    <dl>
      <dt>${t('edit.subject')}</dt>
      <dd>${draft.subject}</dd>
      <dt>${t('edit.body')}</dt>
      <dd><pre>${draft.body}</pre></dd>
    </dl>
    ${
      context.role === 'owner'
        ? html`<p>
          <a class="button" href="${context.href(`templates/new?kind=${draft.kind}&locale=${draft.locale}`)}"
            >${t('edit.customise')}</a
          >
        </p>`
        : ''
    }`;
}

function placeholderList(t: T): SafeHtml {
  return html`<h2>${t('placeholders.title')}</h2>
    <p class="hint">${t('placeholders.intro')}</p>
    <dl class="placeholders">
      ${PLACEHOLDERS.map(
        (name) => html`<dt><code>[${name}]</code></dt>
          <dd>${t(`placeholder.${name}`)}</dd>`,
      )}
    </dl>`;
}

/** The preview's heading and the email, or the reason there is none (the text's error, when it has one). */
function previewSection(t: T, checked: PreviewResult, options: { withError?: boolean } = {}): SafeHtml {
  return html`<h2 id="preview-title">${t('preview.title')}</h2>
    ${
      checked.preview
        ? previewView(t, checked.preview)
        : html`${checked.error && options.withError ? html`<p class="field-error">${checked.error.message}</p>` : ''}
            <p class="muted">${t('preview.none')}</p>`
    }`;
}

function previewView(t: T, preview: TemplatePreview): SafeHtml {
  const { mail, values } = preview;
  return html`<p class="hint">${t('preview.intro', { name: values.name, order: values.order })}</p>
    <dl class="mail-headers">
      <dt>${t('preview.from')}</dt>
      <dd>${mail.from.name} &lt;${mail.from.address}&gt;</dd>
      ${
        mail.replyTo
          ? html`<dt>${t('preview.replyTo')}</dt>
            <dd>${mail.replyTo}</dd>`
          : ''
      }
      <dt>${t('preview.subject')}</dt>
      <dd class="mail-subject">${mail.subject}</dd>
    </dl>
    <div class="mail-body" lang="${preview.locale}">
      ${previewBody(preview.template.body, values)}
      <footer>
        ${preview.showsLegalNotice ? html`<p>${values.legalNotice}</p>` : ''}
        <p>${preview.unsubscribeLine}</p>
      </footer>
    </div>
    <details>
      <summary>${t('preview.plain')}</summary>
      <pre>${mail.text}</pre>
    </details>`;
}

/**
 * The email's HTML part drawn with the page's own markup: paragraphs, links, stars and the product list,
 * as renderTemplate draws them, but escaped by the `html` tag and styled by the dashboard's stylesheet
 * (the email's inline styles would break the page's CSP).
 */
function previewBody(body: string, values: TemplateValues): SafeHtml {
  const paragraphs = body
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
  return html`${paragraphs.map((paragraph) =>
    paragraph === '[Stars]' || paragraph === '[Products]'
      ? fill(paragraph, values)
      : html`<p>${fill(paragraph, values)}</p>`,
  )}`;
}

function fill(paragraph: string, values: TemplateValues): SafeHtml {
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const match of paragraph.matchAll(PLACEHOLDER_PATTERN)) {
    parts.push(lines(paragraph.slice(last, match.index)));
    parts.push(placeholderHtml(match[1] as Placeholder, values) ?? html`${match[0]}`);
    last = match.index + match[0].length;
  }
  parts.push(lines(paragraph.slice(last)));
  return html`${parts}`;
}

function lines(textPart: string): SafeHtml {
  return html`${textPart.split('\n').map((line, index) => (index === 0 ? html`${line}` : html`<br />${line}`))}`;
}

function placeholderHtml(name: Placeholder, values: TemplateValues): SafeHtml | undefined {
  switch (name) {
    case 'Name':
      return html`${values.name}`;
    case 'CompanyIdentifier':
      return html`${values.companyIdentifier}`;
    case 'DomainName':
      return html`${values.domainName}`;
    case 'Order':
      return html`${values.order}`;
    case 'Link':
      return html`<a href="${values.link}">${values.link}</a>`;
    case 'Stars':
      return html`<span class="mail-stars"
        >${values.starLinks.map(
          (link, index) => html`<a href="${link}" aria-label="${values.starLabels[index] ?? ''}">★</a>`,
        )}</span
      >`;
    case 'Products':
      return html`<ul>
        ${values.products.map((product) => html`<li>${product.name || product.sku}</li>`)}
      </ul>`;
    case 'LegalNotice':
      return html`<small>${values.legalNotice}</small>`;
  }
  return undefined;
}
