import { SUPPORTED_LOCALES } from '../../../domain/locales.js';
import { isVouchError, VouchError } from '../../../errors.js';
import type { Runtime } from '../../../runtime.js';
import type { CreatedBusiness } from '../../../services/business.service.js';
import { MIN_PASSWORD_LENGTH } from '../../../shared/password.js';
import { html } from '../../../views/html.js';
import { defineMessages } from '../messages.js';
import { formFields, type AccountContext, type DashboardRouter } from '../router.js';
import { accountPage, field, notice, postForm, select } from '../view.js';

const text = defineMessages(
  'account',
  {
    'businesses.title': 'Your businesses',
    'businesses.none':
      'You are not in any business yet. Ask an owner to invite you, or the operator of this Vouch to add you.',
    'businesses.role': '{role}',
    'create.title': 'Add a business',
    'create.intro':
      'As the operator you can add businesses. You become its owner; invite its team from its Team page.',
    'create.name': 'Name',
    'create.domain': 'Domain',
    'create.domainHint':
      'The shop’s own domain, such as yourshop.example. Its public page is /review/{domain}.',
    'create.submit': 'Add the business',
    'created.title': '{name} is set up',
    'created.intro':
      'These secrets are shown this once. Copy them into your shop or password manager now; you can rotate them later under Methods.',
    'created.apiKey': 'API key',
    'created.apiSecret': 'API secret',
    'created.uniqueLink': 'Unique Link secret',
    'created.bglEncrypt': 'BGL encryption key',
    'created.bglAuth': 'BGL authentication key',
    'created.afs': 'BCC address (Automatic Feedback Service)',
    'created.open': 'Open its dashboard',
    'account.title': 'Your account',
    'account.signedIn': 'Logged in as {email}.',
    'password.title': 'Change your password',
    'password.current': 'Current password',
    'password.new': 'New password',
    'password.hint':
      'At least {min} characters. Changing it logs you out everywhere, this browser too; then you log in with the new one.',
    'password.submit': 'Change the password',
    'locale.title': 'Language',
    'locale.label': 'Dashboard language',
    'locale.browser': 'As my browser asks',
    'locale.submit': 'Save',
    'locale.saved': 'Saved.',
    'everywhere.title': 'Log out everywhere',
    'everywhere.intro': 'Ends every session of your account, on every device, this one included.',
    'everywhere.submit': 'Log out everywhere',
  },
  {
    'de-DE': {
      'businesses.title': 'Ihre Unternehmen',
      'create.title': 'Unternehmen hinzufügen',
      'account.title': 'Ihr Konto',
      'password.title': 'Passwort ändern',
      'locale.title': 'Sprache',
      'everywhere.title': 'Überall abmelden',
    },
    'fr-FR': {
      'businesses.title': 'Vos entreprises',
      'create.title': 'Ajouter une entreprise',
      'account.title': 'Votre compte',
      'password.title': 'Changer votre mot de passe',
      'locale.title': 'Langue',
      'everywhere.title': 'Se déconnecter partout',
    },
  },
);

/** The pages outside any business: the list of the user's businesses (and, for operators, adding one), and the account. */
export function registerAccountPages(router: DashboardRouter, runtime: Runtime): void {
  const businessList = async (context: AccountContext, error?: string) => {
    const t = text.in(context.locale);
    const businesses = context.user.operator
      ? (await runtime.businesses.list()).map((b) => ({ domain: b.domain, name: b.name, role: 'owner' }))
      : context.session.memberships.map((m) => ({
          domain: m.business_domain,
          name: m.business_name,
          role: m.role,
        }));
    return accountPage(context, {
      title: t('businesses.title'),
      body: html`<h1>${t('businesses.title')}</h1>
        ${
          businesses.length === 0
            ? html`<p class="card">${t('businesses.none')}</p>`
            : html`<ul class="business-list">
              ${businesses.map(
                (b) => html`<li class="card">
                  <a href="/app/${b.domain}"><strong>${b.name}</strong></a>
                  <span class="muted">${b.domain} · ${b.role}</span>
                </li>`,
              )}
            </ul>`
        }
        ${
          context.user.operator
            ? html`<section class="card">
              <h2>${t('create.title')}</h2>
              <p>${t('create.intro')}</p>
              ${notice('error', error)}
              ${postForm(
                context,
                '/app/businesses',
                html`${field({ label: t('create.name'), name: 'name', required: true })}
                  ${field({
                    label: t('create.domain'),
                    name: 'domain',
                    required: true,
                    hint: t('create.domainHint'),
                  })}
                  <button type="submit">${t('create.submit')}</button>`,
              )}
            </section>`
            : ''
        }`,
    });
  };

  router.account('GET', '/', async (_request, reply, context) => {
    // A user of one business goes straight to it.
    if (!context.user.operator && context.session.memberships.length === 1) {
      return reply.redirect(`/app/${context.session.memberships[0]?.business_domain ?? ''}`, 303);
    }
    return businessList(context);
  });

  router.account('POST', '/businesses', async (request, reply, context) => {
    if (!context.user.operator) {
      throw new VouchError('forbidden', 'Only an operator of this Vouch can add businesses.');
    }
    const form = formFields(request);
    let created: CreatedBusiness;
    try {
      created = await runtime.businesses.create({ name: form.name ?? '', domain: form.domain ?? '' });
    } catch (error) {
      if (!isVouchError(error) || error.status >= 500) throw error;
      reply.status(error.status);
      return businessList(context, error.message);
    }
    await runtime.accounts.addMembership(context.user.id, created.id, 'owner');
    reply.header('cache-control', 'no-store');
    const t = text.in(context.locale);
    const secret = (label: string, value: string) => html`<dt>${label}</dt>
      <dd><code>${value}</code></dd>`;
    return accountPage(context, {
      title: t('created.title', { name: created.name }),
      body: html`<div class="card">
        <h1>${t('created.title', { name: created.name })}</h1>
        <p>${t('created.intro')}</p>
        <dl class="secrets">
          ${secret(t('created.afs'), created.afsAddress)} ${secret(t('created.apiKey'), created.apiKey)}
          ${secret(t('created.apiSecret'), created.apiSecret)}
          ${secret(t('created.uniqueLink'), created.uniqueLinkSecret)}
          ${secret(t('created.bglEncrypt'), created.bglEncryptKey)}
          ${secret(t('created.bglAuth'), created.bglAuthKey)}
        </dl>
        <p><a class="button" href="/app/${created.domain}">${t('created.open')}</a></p>
      </div>`,
    });
  });

  const accountSettings = (context: AccountContext, message?: { kind: 'ok' | 'error'; text: string }) => {
    const t = text.in(context.locale);
    return accountPage(context, {
      title: t('account.title'),
      body: html`<h1>${t('account.title')}</h1>
        <p>${t('account.signedIn', { email: context.user.email })}</p>
        ${message ? notice(message.kind, message.text) : ''}
        <section class="card">
          <h2>${t('password.title')}</h2>
          ${postForm(
            context,
            '/app/account/password',
            html`<input type="hidden" name="email" value="${context.user.email}" autocomplete="username" />
              ${field({
                label: t('password.current'),
                name: 'current',
                type: 'password',
                required: true,
                autocomplete: 'current-password',
              })}
              ${field({
                label: t('password.new'),
                name: 'password',
                type: 'password',
                required: true,
                autocomplete: 'new-password',
                hint: t('password.hint', { min: MIN_PASSWORD_LENGTH }),
              })}
              <button type="submit">${t('password.submit')}</button>`,
          )}
        </section>
        <section class="card">
          <h2>${t('locale.title')}</h2>
          ${postForm(
            context,
            '/app/account/locale',
            html`${select({
              label: t('locale.label'),
              name: 'locale',
              value: context.user.locale ?? '',
              choices: [
                { value: '', label: t('locale.browser') },
                ...SUPPORTED_LOCALES.map((locale) => ({
                  value: locale,
                  label: new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale,
                })),
              ],
            })}
              <button type="submit">${t('locale.submit')}</button>`,
          )}
        </section>
        <section class="card">
          <h2>${t('everywhere.title')}</h2>
          <p>${t('everywhere.intro')}</p>
          ${postForm(
            context,
            '/app/account/logout-everywhere',
            html`<button type="submit" class="danger">${t('everywhere.submit')}</button>`,
          )}
        </section>`,
    });
  };

  router.account('GET', '/account', async (request, _reply, context) => {
    const done = (request.query as Record<string, string | undefined>).done;
    return accountSettings(
      context,
      done === 'locale' ? { kind: 'ok', text: text.in(context.locale)('locale.saved') } : undefined,
    );
  });

  router.account('POST', '/account/password', async (request, reply, context) => {
    const form = formFields(request);
    try {
      await runtime.accounts.changePassword(context.user.id, form.current ?? '', form.password ?? '');
    } catch (error) {
      if (!isVouchError(error) || error.status >= 500) throw error;
      reply.status(400);
      return accountSettings(context, { kind: 'error', text: error.message });
    }
    return reply.redirect('/login?done=password', 303);
  });

  router.account('POST', '/account/locale', async (request, reply, context) => {
    const form = formFields(request);
    await runtime.accounts.setLocale(context.user.id, form.locale ? form.locale : null);
    return reply.redirect('/app/account?done=locale', 303);
  });

  router.account('POST', '/account/logout-everywhere', async (_request, reply, context) => {
    await runtime.accounts.logoutEverywhere(context.user.id);
    return reply.redirect('/login?done=logout', 303);
  });
}
