import type { FastifyReply } from 'fastify';
import { SUPPORTED_LOCALES, type Locale } from '../../../domain/locales.js';
import { isVouchError } from '../../../errors.js';
import { t as emailText } from '../../../i18n/index.js';
import type { Runtime } from '../../../runtime.js';
import type { BusinessSettingsChange, BusinessView } from '../../../services/business.service.js';
import type { PlanUsage, PlanView } from '../../../services/plan.service.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { defineMessages } from '../messages.js';
import type { DashboardContext, DashboardRouter } from '../router.js';
import { checkbox, dashboardPage, formatNumber, notice, postForm, select } from '../view.js';

const text = defineMessages(
  'settings',
  {
    title: 'Settings',
    intro: 'How and when Vouch invites your customers. Changes apply to invitations planned from now on.',
    readOnly: 'Only an owner of this business can change these settings.',
    'timing.title': 'When invitations go out',
    'delay.label': 'Days to wait before inviting',
    'delay.hint':
      'Counted from the purchase (or the date your shop or file gives). Leave time for the order to arrive; 0 invites at once.',
    'delay.value': '{days} days after the purchase',
    'delay.zero': 'At once',
    'frequency.label': 'Invite one customer at most once every … days',
    'frequency.hint':
      'A customer who buys again within this many days is not invited again. Leave it empty to invite after every purchase.',
    'frequency.value': 'At most once every {days} days',
    'frequency.none': 'After every purchase',
    'reminder.label': 'Send a reminder after … days',
    'reminder.hint':
      'One reminder, this many days after the invitation, only to customers who have not written a review. Leave it empty for no reminder.',
    'reminder.value': '{days} days after the invitation',
    'reminder.none': 'No reminder',
    'sendTime.label': 'Send time',
    'sendTime.hint':
      'The hour of the day invitations go out, in UTC: one that is due earlier waits for this hour. A send time your shop, file or API call gives for an invitation comes first.',
    'sendTime.none': 'As soon as the delay is over',
    'sendTime.value': '{hour}:00 UTC',
    'sendTime.note':
      'Without a send time, the time of day an invitation goes out follows the purchase time, or the send time your shop, file or API call gives for it.',
    'sender.title': 'Who the email is from',
    'senderName.label': 'Sender name',
    'senderName.hint': 'The name customers see in their inbox. Empty uses your business name, {name}.',
    'senderEmail.label': 'Sender address',
    'senderEmail.hint':
      'Empty uses this server’s address, {address}. Use an address of your own domain only if your domain allows this server to send for it (SPF and DKIM); otherwise the email may land in spam.',
    'replyTo.label': 'Reply-to address',
    'replyTo.hint': 'Where customers’ answers to the email go. Empty: to the sender address.',
    'content.title': 'Language and small print',
    'locale.label': 'Default language',
    'locale.hint':
      'The language of invitations to customers whose language Vouch is not told, and of the templates list.',
    'legal.label': 'Legal notice',
    'legal.hint':
      'The small print at the foot of every invitation: who you are and why the customer gets this email. Empty uses the standard notice: “{notice}”',
    'trackOpens.label': 'Count opened emails',
    'trackOpens.hint':
      'Adds a tiny image to each invitation so you can see who opened it. Some customers’ mail programs block it, so the count is a minimum.',
    'trackOpens.on': 'On',
    'trackOpens.off': 'Off',
    'senderEmail.default': 'This server’s address, {address}',
    'replyTo.default': 'The sender address',
    save: 'Save the settings',
    saved: 'The settings are saved.',
    'error.fix': 'Nothing was saved: {message}',
    'plan.title': 'Plan and usage',
    'plan.name': 'Plan',
    'plan.used': 'Invitations planned or sent for {month}',
    'plan.usage': '{used} of {cap}',
    'plan.unlimited': '{used}; your plan has no monthly limit.',
    'plan.left': '{left} more can be planned this month.',
    'plan.full':
      'The cap is reached: further invitations for this month are not sent (they show “over the plan’s cap”). Ask the operator of this Vouch to raise it.',
    'plan.hint':
      'The plan is set by the operator of this Vouch. The cap counts invitations whose send time falls in the month (UTC).',
    'plan.change': 'Change the plan (operators only)',
    'plan.unlimitedChoice': '{name} (no limit)',
    'plan.cappedChoice': '{name} ({cap} a month)',
  },
  {
    'de-DE': {
      title: 'Einstellungen',
      'timing.title': 'Wann Einladungen verschickt werden',
      'sender.title': 'Absender',
      'content.title': 'Sprache und Rechtliches',
      'plan.title': 'Tarif und Nutzung',
      save: 'Einstellungen speichern',
      saved: 'Die Einstellungen sind gespeichert.',
      'plan.change': 'Tarif ändern (nur Betreiber)',
    },
    'fr-FR': {
      title: 'Réglages',
      'timing.title': 'Quand les invitations partent',
      'sender.title': 'Expéditeur',
      'content.title': 'Langue et mentions légales',
      'plan.title': 'Offre et utilisation',
      save: 'Enregistrer les réglages',
      saved: 'Les réglages sont enregistrés.',
      'plan.change': 'Changer d’offre (opérateurs seulement)',
    },
    'es-ES': {
      title: 'Ajustes',
      'timing.title': 'Cuándo se envían las invitaciones',
      'sender.title': 'Remitente',
      'content.title': 'Idioma y aviso legal',
      'plan.title': 'Plan y uso',
      save: 'Guardar los ajustes',
      saved: 'Los ajustes se han guardado.',
      'plan.change': 'Cambiar el plan (solo operadores)',
    },
    'it-IT': {
      title: 'Impostazioni',
      'sender.title': 'Mittente',
      'plan.title': 'Piano e utilizzo',
      save: 'Salva le impostazioni',
      'timing.title': 'Quando partono gli inviti',
      'content.title': 'Lingua e note legali',
      saved: 'Le impostazioni sono salvate.',
      'plan.change': 'Cambia piano (solo operatori)',
    },
    'nl-NL': {
      title: 'Instellingen',
      'sender.title': 'Afzender',
      'plan.title': 'Abonnement en gebruik',
      save: 'Instellingen opslaan',
      'timing.title': 'Wanneer uitnodigingen worden verstuurd',
      'content.title': 'Taal en juridische tekst',
      saved: 'De instellingen zijn opgeslagen.',
      'plan.change': 'Abonnement wijzigen (alleen beheerders)',
    },
    'da-DK': {
      title: 'Indstillinger',
      'sender.title': 'Afsender',
      save: 'Gem indstillingerne',
      'timing.title': 'Hvornår invitationer sendes',
      'content.title': 'Sprog og juridisk tekst',
      'plan.title': 'Abonnement og forbrug',
      saved: 'Indstillingerne er gemt.',
      'plan.change': 'Skift abonnement (kun operatører)',
    },
    'sv-SE': {
      title: 'Inställningar',
      'sender.title': 'Avsändare',
      save: 'Spara inställningarna',
      'timing.title': 'När inbjudningar skickas',
      'content.title': 'Språk och juridisk text',
      'plan.title': 'Abonnemang och användning',
      saved: 'Inställningarna är sparade.',
      'plan.change': 'Byt abonnemang (endast operatörer)',
    },
    'nb-NO': {
      title: 'Innstillinger',
      'sender.title': 'Avsender',
      save: 'Lagre innstillingene',
      'timing.title': 'Når invitasjoner sendes',
      'content.title': 'Språk og juridisk tekst',
      'plan.title': 'Abonnement og bruk',
      saved: 'Innstillingene er lagret.',
      'plan.change': 'Bytt abonnement (kun operatører)',
    },
    'fi-FI': {
      title: 'Asetukset',
      'sender.title': 'Lähettäjä',
      save: 'Tallenna asetukset',
      'timing.title': 'Milloin kutsut lähtevät',
      'content.title': 'Kieli ja oikeudellinen teksti',
      'plan.title': 'Tilaus ja käyttö',
      saved: 'Asetukset on tallennettu.',
      'plan.change': 'Vaihda tilaus (vain ylläpitäjät)',
    },
    'pl-PL': {
      title: 'Ustawienia',
      'sender.title': 'Nadawca',
      save: 'Zapisz ustawienia',
      'timing.title': 'Kiedy wysyłane są zaproszenia',
      'content.title': 'Język i nota prawna',
      'plan.title': 'Plan i wykorzystanie',
      saved: 'Ustawienia zostały zapisane.',
      'plan.change': 'Zmień plan (tylko operatorzy)',
    },
    'pt-BR': {
      title: 'Configurações',
      'sender.title': 'Remetente',
      save: 'Salvar as configurações',
      'timing.title': 'Quando os convites são enviados',
      'content.title': 'Idioma e aviso legal',
      'plan.title': 'Plano e uso',
      saved: 'As configurações foram salvas.',
      'plan.change': 'Mudar o plano (somente operadores)',
    },
    'ja-JP': {
      title: '設定',
      'sender.title': '送信者',
      save: '設定を保存',
      'timing.title': '招待の送信タイミング',
      'content.title': '言語と法的表示',
      'plan.title': 'プランと利用状況',
      saved: '設定を保存しました。',
      'plan.change': 'プランを変更（運用者のみ）',
    },
  },
);

type T = ReturnType<typeof text.in>;
type Key = Parameters<T>[0];

/** The form's fields as typed, kept when a save is refused so nothing the owner wrote is lost. */
interface SettingsForm {
  invitationDelayDays: string;
  frequencyDays: string;
  reminderDays: string;
  sendHour: string;
  senderName: string;
  senderEmail: string;
  replyTo: string;
  defaultLocale: string;
  legalNotice: string;
  trackOpens: boolean;
  plan: string;
}

/** A refused save: the service's message, and the field it is about when it names one. */
interface Problem {
  message: string;
  field: string | undefined;
}

/**
 * The settings page: delay, frequency, reminder, sender, reply-to, default language, legal notice and open
 * tracking, and the plan with this month's use against its cap. Members read it; owners change it, through
 * `businesses.updateSettings`, whose refusals are shown beside the form with what was typed kept.
 */
export function registerSettingsPages(router: DashboardRouter, runtime: Runtime): void {
  const render = async (
    context: DashboardContext,
    business: BusinessView,
    options: { form?: SettingsForm; problem?: Problem; saved?: boolean } = {},
  ) => {
    const t = text.in(context.locale);
    const [usage, plans] = await Promise.all([
      runtime.plans.usage(business),
      context.user.operator ? runtime.plans.list() : Promise.resolve([]),
    ]);
    const form = options.form ?? formOf(business);
    const owner = context.role === 'owner';
    const body = html`<h1>${t('title')}</h1>
      <p>${t('intro')}</p>
      ${options.saved ? notice('ok', t('saved')) : ''}
      ${options.problem ? notice('error', t('error.fix', { message: options.problem.message })) : ''}
      ${
        owner
          ? postForm(
              context,
              context.href('settings'),
              html`${editSections(context, t, business, form, options.problem, plans)}
              <button type="submit">${t('save')}</button>`,
              { className: 'settings-form' },
            )
          : html`<p class="muted">${t('readOnly')}</p>
            ${readSections(context, t, business, runtime.config.mailFrom)}`
      }
      ${planSection(context, t, usage)}`;
    return dashboardPage(context, { title: t('title'), active: 'settings', body });
  };

  router.get('settings', 'member', async (request, _reply, context) => {
    const done = (request.query as Record<string, string | undefined>).done;
    return render(context, context.business, { saved: done === 'saved' });
  });

  router.post('settings', 'owner', async (request, reply: FastifyReply, context) => {
    const form = readForm((request.body ?? {}) as Record<string, string | undefined>);
    try {
      await runtime.businesses.updateSettings(context.business.domain, changeOf(form, context.user.operator));
    } catch (error) {
      if (!isVouchError(error) || error.status >= 500) throw error;
      reply.status(error.status);
      const field = typeof error.details?.field === 'string' ? error.details.field : undefined;
      return render(context, context.business, { form, problem: { message: error.message, field } });
    }
    return reply.redirect(context.href('settings?done=saved'), 303);
  });

  function editSections(
    context: DashboardContext,
    t: T,
    business: BusinessView,
    form: SettingsForm,
    problem: Problem | undefined,
    plans: PlanView[],
  ): SafeHtml {
    const defaultNotice = emailText(business.defaultLocale, 'email.footer.legal', {
      business: business.name,
    });
    const input = (
      name: keyof typeof LABELS,
      type: 'number' | 'text' | 'email',
      hint: string,
      min?: number,
    ) =>
      control(
        t,
        name,
        problem,
        hint,
        (described) => html`<input
          id="f-${name}"
          name="${name}"
          type="${type}"
          value="${String(form[name])}"
          ${type === 'number' ? html`min="${min ?? 0}" max="3650" step="1" inputmode="numeric"` : ''}
          ${name === 'invitationDelayDays' ? html`required` : ''}
          aria-describedby="${described}"
          ${problem?.field === name ? html`aria-invalid="true"` : ''}
        />`,
      );
    return html`<fieldset class="card">
        <legend>${t('timing.title')}</legend>
        ${input('invitationDelayDays', 'number', t('delay.hint'))}
        ${input('frequencyDays', 'number', t('frequency.hint'), 1)}
        ${input('reminderDays', 'number', t('reminder.hint'), 1)}
        ${control(
          t,
          'sendHour',
          problem,
          t('sendTime.hint'),
          (described) => html`<select id="f-sendHour" name="sendHour" aria-describedby="${described}">
            <option value="" ${form.sendHour === '' ? html`selected` : ''}>${t('sendTime.none')}</option>
            ${Array.from({ length: 24 }, (_, hour) => String(hour)).map(
              (hour) =>
                html`<option value="${hour}" ${form.sendHour === hour ? html`selected` : ''}>
                  ${t('sendTime.value', { hour: hour.padStart(2, '0') })}
                </option>`,
            )}
          </select>`,
        )}
      </fieldset>
      <fieldset class="card">
        <legend>${t('sender.title')}</legend>
        ${input('senderName', 'text', t('senderName.hint', { name: business.name }))}
        ${input('senderEmail', 'email', t('senderEmail.hint', { address: runtime.config.mailFrom }))}
        ${input('replyTo', 'email', t('replyTo.hint'))}
      </fieldset>
      <fieldset class="card">
        <legend>${t('content.title')}</legend>
        ${select({
          label: t('locale.label'),
          name: 'defaultLocale',
          value: form.defaultLocale,
          hint: t('locale.hint'),
          choices: SUPPORTED_LOCALES.map((locale) => ({
            value: locale,
            label: languageName(context.locale, locale),
          })),
        })}
        ${problem?.field === 'defaultLocale' ? fieldError(problem) : ''}
        ${control(
          t,
          'legalNotice',
          problem,
          t('legal.hint', { notice: defaultNotice }),
          (described) => html`<textarea
            id="f-legalNotice"
            name="legalNotice"
            rows="3"
            aria-describedby="${described}"
            ${problem?.field === 'legalNotice' ? html`aria-invalid="true"` : ''}
          >${form.legalNotice}</textarea
          >`,
        )}
        ${checkbox({
          label: t('trackOpens.label'),
          name: 'trackOpens',
          checked: form.trackOpens,
          hint: t('trackOpens.hint'),
        })}
      </fieldset>
      ${
        context.user.operator
          ? html`<fieldset class="card">
            <legend>${t('plan.change')}</legend>
            ${select({
              label: t('plan.name'),
              name: 'plan',
              value: form.plan,
              hint: t('plan.hint'),
              choices: planChoices(t, business.plan, plans),
            })}
            ${problem?.field === 'plan' ? fieldError(problem) : ''}
          </fieldset>`
          : ''
      }`;
  }
}

const LABELS: Record<Exclude<keyof SettingsForm, 'trackOpens' | 'plan' | 'defaultLocale'>, Key> = {
  invitationDelayDays: 'delay.label',
  frequencyDays: 'frequency.label',
  reminderDays: 'reminder.label',
  sendHour: 'sendTime.label',
  senderName: 'senderName.label',
  senderEmail: 'senderEmail.label',
  replyTo: 'replyTo.label',
  legalNotice: 'legal.label',
};

/** A labelled control with its hint, and the service's message under it when the refusal is about it. */
function control(
  t: T,
  name: keyof typeof LABELS,
  problem: Problem | undefined,
  hint: string,
  input: (describedBy: string) => SafeHtml,
): SafeHtml {
  const failed = problem?.field === name;
  const described = failed ? `f-${name}-hint f-${name}-error` : `f-${name}-hint`;
  return html`<label for="f-${name}">${t(LABELS[name])}</label>
    ${input(described)}
    <p class="hint" id="f-${name}-hint">${hint}</p>
    ${failed && problem ? fieldError(problem) : ''}`;
}

function fieldError(problem: Problem): SafeHtml {
  return html`<p class="field-error" id="f-${problem.field ?? ''}-error">${problem.message}</p>`;
}

function readSections(context: DashboardContext, t: T, business: BusinessView, mailFrom: string): SafeHtml {
  const settings = business.settings;
  const row = (label: string, value: string, hint?: string) => html`<dt>${label}</dt>
    <dd>${value}${hint ? html`<br /><span class="hint">${hint}</span>` : ''}</dd>`;
  return html`<section class="card">
    <dl class="settings-view">
      ${row(
        t('delay.label'),
        settings.invitationDelayDays === 0
          ? t('delay.zero')
          : t('delay.value', { days: settings.invitationDelayDays }),
      )}
      ${row(
        t('frequency.label'),
        settings.frequencyDays === null
          ? t('frequency.none')
          : t('frequency.value', { days: settings.frequencyDays }),
      )}
      ${row(
        t('reminder.label'),
        settings.reminderDays === null
          ? t('reminder.none')
          : t('reminder.value', { days: settings.reminderDays }),
      )}
      ${row(
        t('sendTime.label'),
        settings.sendHour === null
          ? t('sendTime.none')
          : t('sendTime.value', { hour: String(settings.sendHour).padStart(2, '0') }),
      )}
      ${row(t('senderName.label'), settings.senderName ?? business.name)}
      ${row(t('senderEmail.label'), settings.senderEmail ?? t('senderEmail.default', { address: mailFrom }))}
      ${row(t('replyTo.label'), settings.replyTo ?? t('replyTo.default'))}
      ${row(t('locale.label'), languageName(context.locale, business.defaultLocale))}
      ${row(
        t('legal.label'),
        settings.legalNotice ??
          emailText(business.defaultLocale, 'email.footer.legal', { business: business.name }),
      )}
      ${row(t('trackOpens.label'), settings.trackOpens ? t('trackOpens.on') : t('trackOpens.off'))}
    </dl>
    <p class="hint">${t('sendTime.note')}</p>
  </section>`;
}

function planSection(context: DashboardContext, t: T, usage: PlanUsage): SafeHtml {
  const month = new Intl.DateTimeFormat(context.locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(usage.monthStart));
  const used = formatNumber(usage.used, context.locale);
  const cap = usage.monthlyCap;
  return html`<section class="card" aria-labelledby="plan-title">
    <h2 id="plan-title">${t('plan.title')}</h2>
    <dl class="settings-view">
      <dt>${t('plan.name')}</dt>
      <dd>${usage.name}</dd>
      <dt>${t('plan.used', { month })}</dt>
      <dd class="plan-usage">
        ${
          cap === null
            ? t('plan.unlimited', { used })
            : html`${t('plan.usage', { used, cap: formatNumber(cap, context.locale) })}
              <meter min="0" max="${cap}" value="${Math.min(usage.used, cap)}" aria-label="${t('plan.used', { month })}">
                ${used}
              </meter>
              <br />
              ${
                usage.used >= cap
                  ? html`<strong>${t('plan.full')}</strong>`
                  : t('plan.left', { left: formatNumber(cap - usage.used, context.locale) })
              }`
        }
      </dd>
    </dl>
    <p class="hint">${t('plan.hint')}</p>
  </section>`;
}

function planChoices(t: T, current: string, plans: PlanView[]): { value: string; label: string }[] {
  const choices = plans.map((plan) => ({
    value: plan.name,
    label:
      plan.monthlyCap === null
        ? t('plan.unlimitedChoice', { name: plan.name })
        : t('plan.cappedChoice', { name: plan.name, cap: plan.monthlyCap }),
  }));
  // A business may be on a plan the operator never defined (it caps nothing): keep it choosable.
  if (!plans.some((plan) => plan.name === current)) {
    choices.unshift({ value: current, label: t('plan.unlimitedChoice', { name: current }) });
  }
  return choices;
}

function formOf(business: BusinessView): SettingsForm {
  const settings = business.settings;
  return {
    invitationDelayDays: String(settings.invitationDelayDays),
    frequencyDays: settings.frequencyDays === null ? '' : String(settings.frequencyDays),
    reminderDays: settings.reminderDays === null ? '' : String(settings.reminderDays),
    sendHour: settings.sendHour === null ? '' : String(settings.sendHour),
    senderName: settings.senderName ?? '',
    senderEmail: settings.senderEmail ?? '',
    replyTo: settings.replyTo ?? '',
    defaultLocale: business.defaultLocale,
    legalNotice: settings.legalNotice ?? '',
    trackOpens: settings.trackOpens,
    plan: business.plan,
  };
}

function readForm(body: Record<string, string | undefined>): SettingsForm {
  return {
    invitationDelayDays: (body.invitationDelayDays ?? '').trim(),
    frequencyDays: (body.frequencyDays ?? '').trim(),
    reminderDays: (body.reminderDays ?? '').trim(),
    sendHour: (body.sendHour ?? '').trim(),
    senderName: body.senderName ?? '',
    senderEmail: body.senderEmail ?? '',
    replyTo: body.replyTo ?? '',
    defaultLocale: body.defaultLocale ?? '',
    legalNotice: body.legalNotice ?? '',
    trackOpens: body.trackOpens === 'on',
    plan: body.plan ?? '',
  };
}

/**
 * The form as a change. A number field that is not a whole number goes to the service as NaN, so its one
 * message ("… must be a whole number of days …") is what the owner reads; an empty optional one clears it.
 */
function changeOf(form: SettingsForm, operator: boolean): BusinessSettingsChange {
  const days = (value: string) => (/^\d+$/.test(value) ? Number(value) : Number.NaN);
  return {
    invitationDelayDays: days(form.invitationDelayDays),
    frequencyDays: form.frequencyDays === '' ? null : days(form.frequencyDays),
    reminderDays: form.reminderDays === '' ? null : days(form.reminderDays),
    sendHour: form.sendHour === '' ? null : days(form.sendHour),
    senderName: form.senderName.trim() === '' ? null : form.senderName,
    senderEmail: form.senderEmail.trim() === '' ? null : form.senderEmail,
    replyTo: form.replyTo.trim() === '' ? null : form.replyTo,
    defaultLocale: form.defaultLocale,
    legalNotice: form.legalNotice.trim() === '' ? null : form.legalNotice,
    trackOpens: form.trackOpens,
    ...(operator && form.plan !== '' ? { plan: form.plan } : {}),
  };
}

function languageName(display: Locale, locale: string): string {
  return new Intl.DisplayNames([display], { type: 'language' }).of(locale) ?? locale;
}
