import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_KEY_GRACE_DAYS } from '../../../domain/businesses/business-rules.js';
import {
  buildBglLink,
  buildUniqueLink,
  diagnoseLink,
  LinkInputError,
  LinkKeyError,
  MAX_LINK_LENGTH,
  type LinkDiagnosis,
} from '../../../links.js';
import type { Runtime } from '../../../runtime.js';
import type { AfsMessageView } from '../../../services/afs.service.js';
import type { RotatedKeys } from '../../../services/business.service.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { FixedWindowCounter } from '../../window-counter.js';
import { defineMessages } from '../messages.js';
import type { DashboardContext, DashboardRouter } from '../router.js';
import { dashboardPage, field, formatTime, notice, postForm, select, textArea } from '../view.js';
import { registerApiKeyPages } from './methods.api-keys.page.js';
import { formOf, methodsNav, refusalOf, textOf, valuesOf, type FormBody } from './methods.common.page.js';
import { registerIntegrationPages } from './methods.integrations.page.js';

/** Wrong passwords a user may give to reveal or rotate link keys before the keys stay hidden a while. */
export const KEY_PASSWORD_ATTEMPTS = 5;
export const KEY_PASSWORD_WINDOW_MS = 15 * 60_000;
const RECENT_AFS_MESSAGES = 20;
const AFS_ALERTS_SHOWN = 5;
/** The snippet an order email may carry (docs/afs.md, "What is read"); its values win over what is guessed. */
const AFS_SNIPPET = `<script type="application/json+trustpilot">
  { "recipientEmail": "jane@example.com", "recipientName": "Jane Doe",
    "referenceId": "A-1001", "locale": "en-GB",
    "products": [{ "sku": "MUG-1", "name": "Mug" }] }
</script>`;

const text = defineMessages(
  'methods',
  {
    title: 'Methods',
    intro:
      'The ways invitations reach Vouch: BCC your order emails to a private address, send review links your own systems sign, or connect your shop and systems.',
    'afs.heading': 'BCC address (Automatic Feedback Service)',
    'afs.how':
      'Put this address in the BCC of your order-confirmation emails. Each such email becomes an invitation to the customer it was sent to, labelled Verified; your delay, frequency and unsubscribes apply as to every invitation.',
    'afs.snippet':
      'Vouch reads the recipient and the order number from the email itself. For exact control (name, reference, language, products), put a JSON snippet in the email’s HTML; it may sit inside an HTML comment.',
    'afs.snippetShow': 'Show the snippet',
    'afs.private':
      'Keep the address private: whoever can send mail to it schedules invitations in your name. If it may have leaked, make a new one.',
    'afs.rotate': 'Make a new BCC address',
    'afs.rotateHint':
      'The old address stops working at once: change the BCC in your shop system right after.',
    'afs.rotated':
      'A new BCC address is in place and the old one no longer works. Change the BCC in your shop system now.',
    'afs.recent': 'Recent messages',
    'afs.none': 'No email has arrived at this address yet.',
    'afs.alerts': 'Alerts',
    'afs.col.received': 'Received',
    'afs.col.from': 'From',
    'afs.col.subject': 'Subject',
    'afs.col.outcome': 'What became of it',
    'afs.col.invitation': 'Invitation',
    'afs.open': 'Open the invitation',
    'afs.status.processed': 'Invitation made',
    'afs.status.kept': 'Kept, no invitation',
    'afs.status.failed': 'Could not be read',
    'afs.status.received': 'Waiting to be read',
    'afs.decision': 'Decision: {decision}',
    'keys.heading': 'Unique Link and BGL keys',
    'keys.what':
      'Your systems sign Unique Links and encrypt Business Generated Links (BGL) with these keys. They stay hidden; enter your password to see them.',
    'keys.ownerOnly': 'Only an owner of this business can see or change the keys.',
    'keys.password': 'Your password',
    'keys.reveal': 'Reveal the keys',
    'keys.passwordMissing': 'Enter your password to continue.',
    'keys.wrongPassword':
      'That password is wrong, so nothing was revealed or changed. After {attempts} wrong passwords in {minutes} minutes the keys stay hidden for the rest of that time.',
    'keys.limited':
      'Too many wrong passwords: the keys cannot be revealed or rotated for about {minutes} more minutes, even with the right password.',
    'keys.unique': 'Unique Link secret',
    'keys.bglEncrypt': 'BGL encryption key (base64)',
    'keys.bglAuth': 'BGL authentication key (base64)',
    'keys.shownOnce':
      'Shown on this page only, which your browser does not keep. Reload and they are hidden again.',
    'keys.grace': 'Earlier keys still accepted during their grace period: {unique} Unique Link, {bgl} BGL.',
    'keys.rotate.heading': 'Rotate the keys',
    'keys.rotate.hint':
      'New keys at once. Links made with the old ones keep working for the grace days, so customers who already have one can still review while you deploy the new keys.',
    'keys.rotate.kinds': 'Which keys',
    'keys.rotate.unique': 'The Unique Link secret',
    'keys.rotate.bgl': 'The BGL key pair',
    'keys.rotate.grace': 'Grace days',
    'keys.rotate.graceHint': 'How long links made with the old keys are still accepted (0 ends them now).',
    'keys.rotate.submit': 'Rotate the keys',
    'keys.rotate.noKinds': 'Choose the keys to rotate.',
    'keys.rotated':
      'New keys are in place; the previous ones are accepted until {until}. They are shown only now: put them into your systems.',
    'links.heading': 'Link builder',
    'links.hint':
      'Build a review link for one customer with this business’s current keys: the same link your systems would make.',
    'links.kind': 'Kind of link',
    'links.kind.unique': 'Unique Link (signed)',
    'links.kind.bgl': 'Business Generated Link (encrypted)',
    'links.email': 'Customer email',
    'links.name': 'Customer name',
    'links.reference': 'Order reference',
    'links.skus': 'Product SKUs (BGL only, optional, comma-separated)',
    'links.build': 'Build the link',
    'links.built': 'The link',
    'links.open': 'Open it',
    'doctor.heading': 'Link doctor',
    'doctor.hint':
      'Paste a link your systems made: the doctor checks it with this business’s keys, the current ones and any still in their grace period, and says exactly what is wrong.',
    'doctor.url': 'Link',
    'doctor.check': 'Check the link',
    'doctor.valid': 'This link works.',
    'doctor.invalid': 'This link does not work.',
    'doctor.kind': 'Kind: {kind}',
    'doctor.for': 'For {name} <{email}>, order reference {reference}.',
    'doctor.empty': 'Paste a link to check.',
  },
  {
    'de-DE': {
      title: 'Methoden',
      'afs.heading': 'BCC-Adresse (Automatic Feedback Service)',
      'afs.rotate': 'Neue BCC-Adresse erstellen',
      'afs.recent': 'Letzte Nachrichten',
      'keys.heading': 'Unique-Link- und BGL-Schlüssel',
      'keys.password': 'Ihr Passwort',
      'keys.reveal': 'Schlüssel anzeigen',
      'keys.rotate.heading': 'Schlüssel wechseln',
      'keys.rotate.submit': 'Schlüssel wechseln',
      'links.heading': 'Link-Generator',
      'links.build': 'Link erstellen',
      'doctor.heading': 'Link-Doktor',
      'doctor.check': 'Link prüfen',
    },
    'fr-FR': {
      title: 'Méthodes',
      'afs.heading': 'Adresse en copie cachée (Automatic Feedback Service)',
      'afs.rotate': 'Créer une nouvelle adresse',
      'afs.recent': 'Messages récents',
      'keys.heading': 'Clés Unique Link et BGL',
      'keys.password': 'Votre mot de passe',
      'keys.reveal': 'Afficher les clés',
      'keys.rotate.heading': 'Renouveler les clés',
      'keys.rotate.submit': 'Renouveler les clés',
      'links.heading': 'Générateur de liens',
      'links.build': 'Créer le lien',
      'doctor.heading': 'Diagnostic de lien',
      'doctor.check': 'Vérifier le lien',
    },
    'es-ES': {
      title: 'Métodos',
      'afs.heading': 'Dirección CCO (Automatic Feedback Service)',
      'afs.rotate': 'Crear una nueva dirección',
      'afs.recent': 'Mensajes recientes',
      'keys.heading': 'Claves de Unique Link y BGL',
      'keys.password': 'Tu contraseña',
      'keys.reveal': 'Mostrar las claves',
      'keys.rotate.heading': 'Renovar las claves',
      'keys.rotate.submit': 'Renovar las claves',
      'links.heading': 'Generador de enlaces',
      'links.build': 'Crear el enlace',
      'doctor.heading': 'Diagnóstico de enlaces',
      'doctor.check': 'Comprobar el enlace',
    },
    'it-IT': {
      title: 'Metodi',
      'afs.heading': 'Indirizzo CCN (Automatic Feedback Service)',
      'afs.rotate': 'Crea un nuovo indirizzo',
      'afs.recent': 'Messaggi recenti',
      'keys.heading': 'Chiavi Unique Link e BGL',
      'keys.password': 'La tua password',
      'keys.reveal': 'Mostra le chiavi',
      'keys.rotate.heading': 'Rinnova le chiavi',
      'keys.rotate.submit': 'Rinnova le chiavi',
      'links.heading': 'Generatore di link',
      'links.build': 'Crea il link',
      'doctor.heading': 'Diagnosi dei link',
      'doctor.check': 'Controlla il link',
    },
    'nl-NL': {
      title: 'Methoden',
      'afs.heading': 'BCC-adres (Automatic Feedback Service)',
      'afs.rotate': 'Nieuw BCC-adres maken',
      'afs.recent': 'Recente berichten',
      'keys.heading': 'Unique Link- en BGL-sleutels',
      'keys.password': 'Uw wachtwoord',
      'keys.reveal': 'Sleutels tonen',
      'keys.rotate.heading': 'Sleutels vervangen',
      'keys.rotate.submit': 'Sleutels vervangen',
      'links.heading': 'Linkbouwer',
      'links.build': 'Link maken',
      'doctor.heading': 'Linkdokter',
      'doctor.check': 'Link controleren',
    },
    'da-DK': {
      title: 'Metoder',
      'afs.heading': 'BCC-adresse (Automatic Feedback Service)',
      'afs.rotate': 'Lav en ny BCC-adresse',
      'afs.recent': 'Seneste beskeder',
      'keys.heading': 'Unique Link- og BGL-nøgler',
      'keys.password': 'Din adgangskode',
      'keys.reveal': 'Vis nøglerne',
      'keys.rotate.heading': 'Skift nøglerne',
      'keys.rotate.submit': 'Skift nøglerne',
      'links.heading': 'Linkbygger',
      'links.build': 'Byg linket',
      'doctor.heading': 'Linklæge',
      'doctor.check': 'Tjek linket',
    },
    'sv-SE': {
      title: 'Metoder',
      'afs.heading': 'BCC-adress (Automatic Feedback Service)',
      'afs.rotate': 'Skapa en ny BCC-adress',
      'afs.recent': 'Senaste meddelanden',
      'keys.heading': 'Unique Link- och BGL-nycklar',
      'keys.password': 'Ditt lösenord',
      'keys.reveal': 'Visa nycklarna',
      'keys.rotate.heading': 'Byt nycklarna',
      'keys.rotate.submit': 'Byt nycklarna',
      'links.heading': 'Länkbyggare',
      'links.build': 'Skapa länken',
      'doctor.heading': 'Länkdoktor',
      'doctor.check': 'Kontrollera länken',
    },
    'nb-NO': {
      title: 'Metoder',
      'afs.heading': 'BCC-adresse (Automatic Feedback Service)',
      'afs.rotate': 'Lag en ny BCC-adresse',
      'afs.recent': 'Siste meldinger',
      'keys.heading': 'Unique Link- og BGL-nøkler',
      'keys.password': 'Passordet ditt',
      'keys.reveal': 'Vis nøklene',
      'keys.rotate.heading': 'Bytt nøklene',
      'keys.rotate.submit': 'Bytt nøklene',
      'links.heading': 'Lenkebygger',
      'links.build': 'Lag lenken',
      'doctor.heading': 'Lenkelege',
      'doctor.check': 'Sjekk lenken',
    },
    'fi-FI': {
      title: 'Menetelmät',
      'afs.heading': 'Piilokopio-osoite (Automatic Feedback Service)',
      'afs.rotate': 'Luo uusi osoite',
      'afs.recent': 'Viimeisimmät viestit',
      'keys.heading': 'Unique Link- ja BGL-avaimet',
      'keys.password': 'Salasanasi',
      'keys.reveal': 'Näytä avaimet',
      'keys.rotate.heading': 'Vaihda avaimet',
      'keys.rotate.submit': 'Vaihda avaimet',
      'links.heading': 'Linkkien luonti',
      'links.build': 'Luo linkki',
      'doctor.heading': 'Linkkitohtori',
      'doctor.check': 'Tarkista linkki',
    },
    'pl-PL': {
      title: 'Metody',
      'afs.heading': 'Adres UDW (Automatic Feedback Service)',
      'afs.rotate': 'Utwórz nowy adres',
      'afs.recent': 'Ostatnie wiadomości',
      'keys.heading': 'Klucze Unique Link i BGL',
      'keys.password': 'Twoje hasło',
      'keys.reveal': 'Pokaż klucze',
      'keys.rotate.heading': 'Wymień klucze',
      'keys.rotate.submit': 'Wymień klucze',
      'links.heading': 'Kreator linków',
      'links.build': 'Utwórz link',
      'doctor.heading': 'Diagnostyka linków',
      'doctor.check': 'Sprawdź link',
    },
    'pt-BR': {
      title: 'Métodos',
      'afs.heading': 'Endereço CCO (Automatic Feedback Service)',
      'afs.rotate': 'Criar um novo endereço',
      'afs.recent': 'Mensagens recentes',
      'keys.heading': 'Chaves Unique Link e BGL',
      'keys.password': 'Sua senha',
      'keys.reveal': 'Mostrar as chaves',
      'keys.rotate.heading': 'Trocar as chaves',
      'keys.rotate.submit': 'Trocar as chaves',
      'links.heading': 'Gerador de links',
      'links.build': 'Gerar o link',
      'doctor.heading': 'Diagnóstico de links',
      'doctor.check': 'Verificar o link',
    },
    'ja-JP': {
      title: '招待方法',
      'afs.heading': 'BCCアドレス（Automatic Feedback Service）',
      'afs.rotate': '新しいBCCアドレスを作成',
      'afs.recent': '最近のメッセージ',
      'keys.heading': 'Unique LinkとBGLの鍵',
      'keys.password': 'パスワード',
      'keys.reveal': '鍵を表示',
      'keys.rotate.heading': '鍵を更新',
      'keys.rotate.submit': '鍵を更新',
      'links.heading': 'リンク作成',
      'links.build': 'リンクを作成',
      'doctor.heading': 'リンク診断',
      'doctor.check': 'リンクを確認',
    },
  },
);

type T = ReturnType<typeof text.in>;

interface LinkForm {
  kind: 'unique' | 'bgl';
  email: string;
  name: string;
  reference: string;
  skus: string;
}

/** The link keys as an owner sees them after giving the password: the current ones, and how many earlier. */
interface ShownKeys {
  uniqueLinkSecret?: string | undefined;
  bglEncryptKey?: string | undefined;
  bglAuthKey?: string | undefined;
  earlier?: { unique: number; bgl: number };
  rotated?: RotatedKeys;
}

/** What one rendering of the page shows besides the AFS address and the forms: a POST's outcome. */
interface PageState {
  afsNotice?: SafeHtml;
  keysError?: string;
  keys?: ShownKeys;
  builder?: { form: LinkForm; url?: string; error?: string };
  doctor?: { url: string; diagnosis?: LinkDiagnosis; error?: string };
}

/**
 * The Methods section: the BCC (AFS) address with its recent messages, the link keys (hidden until the
 * owner gives the password again), the link builder and doctor with the business's own keys; then the API
 * keys and the shop integrations and webhooks on their own pages.
 */
export function registerMethodPages(router: DashboardRouter, runtime: Runtime): void {
  // Per user, not per address: the threat is a session taken over, whose holder would guess the password.
  const wrongPasswords = new FixedWindowCounter({
    limit: KEY_PASSWORD_ATTEMPTS,
    windowMs: KEY_PASSWORD_WINDOW_MS,
    maxKeys: 10_000,
    now: () => runtime.clock.now().getTime(),
  });

  const render = async (context: DashboardContext, state: PageState = {}) =>
    methodsPage(context, state, await runtime.afs.list(context.business.id, RECENT_AFS_MESSAGES), [
      ...(await runtime.afs.alerts(context.business.id)),
    ]);

  router.get('methods', 'member', async (request, _reply, context) => {
    const { done } = request.query as { done?: unknown };
    const t = text.in(context.locale);
    return render(context, done === 'afs' ? { afsNotice: notice('ok', t('afs.rotated')) } : {});
  });

  router.post('methods/afs/rotate', 'owner', async (_request, reply, context) => {
    // The address is a capability: the old one stops here, so a leaked one is worth nothing from now on.
    await runtime.businesses.rotateAfsAddress(context.business.id);
    return reply.redirect(`${context.href('methods')}?done=afs#afs`, 303);
  });

  /**
   * The password check before anything shows or changes link keys: a wrong one counts against the user's
   * limit, and while the user is over it even the right one is refused. Answers the refusal, if any.
   */
  const passwordRefusal = async (
    request: FastifyRequest,
    reply: FastifyReply,
    context: DashboardContext,
    password: string,
  ): Promise<string | undefined> => {
    const t = text.in(context.locale);
    const minutes = Math.round(KEY_PASSWORD_WINDOW_MS / 60_000);
    const wait = wrongPasswords.blockedFor(context.user.id);
    if (wait > 0) {
      reply.status(429).header('retry-after', String(Math.ceil(wait / 1000)));
      return t('keys.limited', { minutes: Math.max(1, Math.ceil(wait / 60_000)) });
    }
    if (password === '') {
      reply.status(400);
      return t('keys.passwordMissing');
    }
    if (!(await runtime.accounts.confirmPassword(context.user.id, password))) {
      wrongPasswords.add(context.user.id);
      request.log.warn(
        { userId: context.user.id, businessId: context.business.id },
        'a wrong password was given to reveal or rotate link keys',
      );
      reply.status(400);
      return t('keys.wrongPassword', { attempts: KEY_PASSWORD_ATTEMPTS, minutes });
    }
    return undefined;
  };

  router.post('methods/keys/reveal', 'owner', async (request, reply, context) => {
    const refusal = await passwordRefusal(request, reply, context, passwordOf(formOf(request)));
    if (refusal !== undefined) return render(context, { keysError: refusal });
    const secrets = await runtime.businesses.secretsOf(context.business.id);
    request.log.info({ userId: context.user.id, businessId: context.business.id }, 'link keys revealed');
    return render(context, {
      keys: {
        uniqueLinkSecret: secrets.uniqueLinkSecret,
        bglEncryptKey: secrets.bglEncryptKey,
        bglAuthKey: secrets.bglAuthKey,
        earlier: {
          unique: Math.max(0, secrets.uniqueLinkSecrets.length - 1),
          bgl: Math.max(0, secrets.bglKeys.length - 1),
        },
      },
    });
  });

  router.post('methods/keys/rotate', 'owner', async (request, reply, context) => {
    const t = text.in(context.locale);
    const form = formOf(request);
    const kinds = valuesOf(form, 'kinds').filter(
      (kind): kind is 'unique_link' | 'bgl' => kind === 'unique_link' || kind === 'bgl',
    );
    if (kinds.length === 0) {
      reply.status(400);
      return render(context, { keysError: t('keys.rotate.noKinds') });
    }
    const graceText = textOf(form, 'graceDays', 20);
    const graceDays = graceText === '' ? DEFAULT_KEY_GRACE_DAYS : Number(graceText);
    const refusal = await passwordRefusal(request, reply, context, passwordOf(form));
    if (refusal !== undefined) return render(context, { keysError: refusal });
    try {
      const rotated = await runtime.businesses.rotateKeys(context.business.id, { kinds, graceDays });
      request.log.info(
        { userId: context.user.id, businessId: context.business.id, kinds, graceDays },
        'link keys rotated',
      );
      return render(context, { keys: { ...rotated, rotated } });
    } catch (error) {
      reply.status(400);
      return render(context, { keysError: refusalOf(error) });
    }
  });

  router.post('methods/links/build', 'member', async (request, reply, context) => {
    const form = formOf(request);
    const linkForm: LinkForm = {
      kind: textOf(form, 'kind') === 'bgl' ? 'bgl' : 'unique',
      email: textOf(form, 'email', 1000),
      name: textOf(form, 'name', 1000),
      reference: textOf(form, 'reference', 1000),
      skus: textOf(form, 'skus', 5000),
    };
    const secrets = await runtime.businesses.secretsOf(context.business.id);
    const common = { baseUrl: runtime.config.publicUrl.origin, domain: context.business.domain };
    try {
      const skus = linkForm.skus.split(/[\s,]+/).filter((sku) => sku !== '');
      const url =
        linkForm.kind === 'bgl'
          ? buildBglLink({
              ...common,
              keys: { encryptKey: secrets.bglEncryptKey, authKey: secrets.bglAuthKey },
              payload: {
                email: linkForm.email,
                name: linkForm.name,
                ref: linkForm.reference,
                ...(skus.length > 0 ? { skus } : {}),
              },
            })
          : buildUniqueLink({
              ...common,
              secret: secrets.uniqueLinkSecret,
              email: linkForm.email,
              name: linkForm.name,
              reference: linkForm.reference,
            });
      return render(context, { builder: { form: linkForm, url } });
    } catch (error) {
      if (!(error instanceof LinkInputError || error instanceof LinkKeyError)) throw error;
      reply.status(400);
      return render(context, { builder: { form: linkForm, error: error.message } });
    }
  });

  router.post('methods/links/check', 'member', async (request, reply, context) => {
    const url = textOf(formOf(request), 'url', MAX_LINK_LENGTH + 1);
    if (url === '') {
      reply.status(400);
      return render(context, { doctor: { url, error: text.in(context.locale)('doctor.empty') } });
    }
    const secrets = await runtime.businesses.secretsOf(context.business.id);
    const diagnosis = diagnoseLink(url, {
      domain: context.business.domain,
      uniqueLinkSecrets: secrets.uniqueLinkSecrets,
      bglKeys: secrets.bglKeys,
    });
    return render(context, { doctor: { url, diagnosis } });
  });

  registerApiKeyPages(router, runtime);
  registerIntegrationPages(router, runtime);
}

/** The password as typed: not trimmed, since spaces at its ends are part of it (as at login). */
function passwordOf(form: FormBody): string {
  const value = form.password;
  return typeof value === 'string' ? value.slice(0, 1024) : '';
}

function methodsPage(
  context: DashboardContext,
  state: PageState,
  messages: readonly AfsMessageView[],
  alerts: readonly { type: string; message: string; createdAt: string }[],
): SafeHtml {
  const t = text.in(context.locale);
  return dashboardPage(context, {
    title: t('title'),
    active: 'methods',
    body: html`<h1>${t('title')}</h1>
      ${methodsNav(context, 'overview')}
      <p class="muted">${t('intro')}</p>
      ${afsCard(context, t, state, messages, alerts)} ${keysCard(context, t, state)} ${builderCard(context, t, state)}
      ${doctorCard(context, t, state)}`,
  });
}

function afsCard(
  context: DashboardContext,
  t: T,
  state: PageState,
  messages: readonly AfsMessageView[],
  alerts: readonly { type: string; message: string; createdAt: string }[],
): SafeHtml {
  const senderAlerts = alerts.filter((alert) => alert.type === 'afs_new_sender').slice(0, AFS_ALERTS_SHOWN);
  return html`<section class="card" id="afs" aria-labelledby="afs-heading">
    <h2 id="afs-heading">${t('afs.heading')}</h2>
    ${state.afsNotice ?? ''}
    <p><code class="secret-value" id="afs-address">${context.business.afsAddress}</code></p>
    <p>${t('afs.how')}</p>
    <p class="hint">${t('afs.snippet')}</p>
    <details>
      <summary>${t('afs.snippetShow')}</summary>
      <pre>${AFS_SNIPPET}</pre>
    </details>
    <p class="hint">${t('afs.private')}</p>
    ${
      context.role === 'owner'
        ? postForm(
            context,
            `${context.href('methods/afs/rotate')}#afs`,
            html`<p class="hint" id="afs-rotate-hint">${t('afs.rotateHint')}</p>
            <button type="submit" aria-describedby="afs-rotate-hint">${t('afs.rotate')}</button>`,
          )
        : ''
    }
    ${
      senderAlerts.length > 0
        ? html`<h3>${t('afs.alerts')}</h3>
          <ul>
            ${senderAlerts.map(
              (alert) =>
                html`<li>${formatTime(Date.parse(alert.createdAt), context.locale)}: ${alert.message}</li>`,
            )}
          </ul>`
        : ''
    }
    <h3>${t('afs.recent')}</h3>
    ${
      messages.length === 0
        ? html`<p class="muted">${t('afs.none')}</p>`
        : html`<table class="data" id="afs-messages">
          <thead>
            <tr>
              <th scope="col">${t('afs.col.received')}</th>
              <th scope="col">${t('afs.col.from')}</th>
              <th scope="col">${t('afs.col.subject')}</th>
              <th scope="col">${t('afs.col.outcome')}</th>
              <th scope="col">${t('afs.col.invitation')}</th>
            </tr>
          </thead>
          <tbody>
            ${messages.map((message) => afsRow(context, t, message))}
          </tbody>
        </table>`
    }
  </section>`;
}

function afsStatus(t: T, status: string): string {
  switch (status) {
    case 'processed':
      return t('afs.status.processed');
    case 'kept':
      return t('afs.status.kept');
    case 'failed':
      return t('afs.status.failed');
    case 'received':
      return t('afs.status.received');
    default:
      return status;
  }
}

function afsRow(context: DashboardContext, t: T, message: AfsMessageView): SafeHtml {
  return html`<tr data-afs-message="${message.id}">
    <td>${formatTime(Date.parse(message.receivedAt), context.locale)}</td>
    <td>${message.from ?? ''}</td>
    <td>${message.subject ?? ''}</td>
    <td>
      <strong>${afsStatus(t, message.status)}</strong>
      ${message.decision ? html`<br /><span class="muted">${t('afs.decision', { decision: message.decision })}</span>` : ''}
      ${message.reason ? html`<br />${message.reason}` : ''}
      ${message.code ? html`<br /><code>${message.code}</code>` : ''}
    </td>
    <td>
      ${
        message.invitationId
          ? html`<a href="${context.href(`invitations/${encodeURIComponent(message.invitationId)}`)}"
            >${t('afs.open')}</a
          >`
          : ''
      }
    </td>
  </tr>`;
}

function keysCard(context: DashboardContext, t: T, state: PageState): SafeHtml {
  if (context.role !== 'owner') {
    return html`<section class="card" id="keys" aria-labelledby="keys-heading">
      <h2 id="keys-heading">${t('keys.heading')}</h2>
      <p>${t('keys.what')}</p>
      <p class="muted">${t('keys.ownerOnly')}</p>
    </section>`;
  }
  const shown = state.keys;
  const password = (id: string) =>
    field({
      label: t('keys.password'),
      name: 'password',
      type: 'password',
      required: true,
      autocomplete: 'current-password',
      id,
    });
  return html`<section class="card" id="keys" aria-labelledby="keys-heading">
    <h2 id="keys-heading">${t('keys.heading')}</h2>
    <p>${t('keys.what')}</p>
    ${notice('error', state.keysError)}
    ${
      shown?.rotated
        ? notice(
            'ok',
            t('keys.rotated', {
              until: formatTime(Date.parse(shown.rotated.previousAcceptedUntil), context.locale),
            }),
          )
        : ''
    }
    ${shown ? shownKeys(t, shown) : ''}
    ${
      shown && !shown.rotated
        ? ''
        : postForm(
            context,
            `${context.href('methods/keys/reveal')}#keys`,
            html`${password('f-reveal-password')} <button type="submit">${t('keys.reveal')}</button>`,
          )
    }
    <h3>${t('keys.rotate.heading')}</h3>
    <p class="hint">${t('keys.rotate.hint')}</p>
    ${postForm(
      context,
      `${context.href('methods/keys/rotate')}#keys`,
      html`<fieldset>
          <legend>${t('keys.rotate.kinds')}</legend>
          <label><input type="checkbox" name="kinds" value="unique_link" /> ${t('keys.rotate.unique')}</label>
          <label><input type="checkbox" name="kinds" value="bgl" /> ${t('keys.rotate.bgl')}</label>
        </fieldset>
        ${field({
          label: t('keys.rotate.grace'),
          name: 'graceDays',
          type: 'number',
          value: DEFAULT_KEY_GRACE_DAYS,
          min: 0,
          max: 3650,
          hint: t('keys.rotate.graceHint'),
        })}
        ${password('f-rotate-password')}
        <button type="submit" class="danger">${t('keys.rotate.submit')}</button>`,
    )}
  </section>`;
}

function shownKeys(t: T, keys: ShownKeys): SafeHtml {
  const entries: [string, string, string | undefined][] = [
    ['unique', t('keys.unique'), keys.uniqueLinkSecret],
    ['bgl-encrypt', t('keys.bglEncrypt'), keys.bglEncryptKey],
    ['bgl-auth', t('keys.bglAuth'), keys.bglAuthKey],
  ];
  return html`<dl class="secrets" id="shown-keys">
      ${entries.map(([id, label, value]) =>
        value === undefined
          ? ''
          : html`<dt>${label}</dt>
              <dd><code id="key-${id}">${value}</code></dd>`,
      )}
    </dl>
    ${
      keys.earlier && keys.earlier.unique + keys.earlier.bgl > 0
        ? html`<p class="hint">${t('keys.grace', { unique: keys.earlier.unique, bgl: keys.earlier.bgl })}</p>`
        : ''
    }
    <p class="hint">${t('keys.shownOnce')}</p>`;
}

function builderCard(context: DashboardContext, t: T, state: PageState): SafeHtml {
  const form = state.builder?.form;
  return html`<section class="card" id="builder" aria-labelledby="builder-heading">
    <h2 id="builder-heading">${t('links.heading')}</h2>
    <p class="hint">${t('links.hint')}</p>
    ${notice('error', state.builder?.error)}
    ${
      state.builder?.url
        ? html`<h3>${t('links.built')}</h3>
          <pre id="built-link">${state.builder.url}</pre>
          <p><a href="${state.builder.url}">${t('links.open')}</a></p>`
        : ''
    }
    ${postForm(
      context,
      `${context.href('methods/links/build')}#builder`,
      html`${select({
        label: t('links.kind'),
        name: 'kind',
        value: form?.kind ?? 'unique',
        choices: [
          { value: 'unique', label: t('links.kind.unique') },
          { value: 'bgl', label: t('links.kind.bgl') },
        ],
      })}
        ${field({ label: t('links.email'), name: 'email', type: 'email', required: true, value: form?.email })}
        ${field({ label: t('links.name'), name: 'name', required: true, value: form?.name })}
        ${field({ label: t('links.reference'), name: 'reference', required: true, value: form?.reference })}
        ${field({ label: t('links.skus'), name: 'skus', value: form?.skus })}
        <button type="submit">${t('links.build')}</button>`,
    )}
  </section>`;
}

function doctorCard(context: DashboardContext, t: T, state: PageState): SafeHtml {
  const diagnosis = state.doctor?.diagnosis;
  return html`<section class="card" id="doctor" aria-labelledby="doctor-heading">
    <h2 id="doctor-heading">${t('doctor.heading')}</h2>
    <p class="hint">${t('doctor.hint')}</p>
    ${notice('error', state.doctor?.error)} ${diagnosis ? diagnosisOf(t, diagnosis) : ''}
    ${postForm(
      context,
      `${context.href('methods/links/check')}#doctor`,
      html`${textArea({ label: t('doctor.url'), name: 'url', rows: 4, value: state.doctor?.url ?? '' })}
        <button type="submit">${t('doctor.check')}</button>`,
    )}
  </section>`;
}

function diagnosisOf(t: T, diagnosis: LinkDiagnosis): SafeHtml {
  return html`<div id="diagnosis" data-valid="${String(diagnosis.valid)}">
    <p class="${diagnosis.valid ? 'ok' : 'bad'}">
      <strong>${diagnosis.valid ? t('doctor.valid') : t('doctor.invalid')}</strong>
      <span class="muted">${t('doctor.kind', { kind: diagnosis.kind })}</span>
    </p>
    ${
      diagnosis.consumer
        ? html`<p>
          ${t('doctor.for', {
            name: diagnosis.consumer.name,
            email: diagnosis.consumer.email,
            reference: diagnosis.consumer.reference,
          })}
        </p>`
        : ''
    }
    ${diagnosis.findings.map(
      (finding) =>
        html`<div class="finding ${finding.severity}">
          <code>${finding.code}</code> <span class="muted">(${finding.severity})</span>
          <div>${finding.message}</div>
        </div>`,
    )}
  </div>`;
}
