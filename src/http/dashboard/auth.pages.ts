import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Locale } from '../../domain/locales.js';
import { isVouchError, VouchError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { SESSION_TTL_MS } from '../../services/account.service.js';
import { MIN_PASSWORD_LENGTH } from '../../shared/password.js';
import { html, type HtmlValue, type SafeHtml } from '../../views/html.js';
import { clientKey } from '../window-counter.js';
import { defineMessages } from './messages.js';
import { csrfCheck, dashboardLocale, formFields, SESSION_COOKIE } from './router.js';
import { field, notice, postForm, publicFormPage } from './view.js';

const text = defineMessages(
  'auth',
  {
    'login.title': 'Log in',
    'login.email': 'Email',
    'login.password': 'Password',
    'login.submit': 'Log in',
    'login.forgot': 'Forgot your password?',
    'login.failed': 'The email or password is wrong. Check both and try again.',
    'login.loggedOut': 'You are logged out.',
    'login.passwordSet': 'Your password is set. Log in with it.',
    'setup.title': 'Create the first operator',
    'setup.intro':
      'No one can log in to this Vouch yet. Create the operator account: it sets up businesses and invites their teams.',
    'setup.name': 'Your name',
    'setup.submit': 'Create the account',
    'password.hint': 'At least {min} characters. A few words make a good one.',
    'forgot.title': 'Reset your password',
    'forgot.intro': 'Give the email of your account; we send a link to choose a new password.',
    'forgot.submit': 'Send the link',
    'forgot.sent':
      'If that address has an account, an email with a link is on its way. The link works for an hour.',
    'link.title': 'Choose your password',
    'link.for': 'For {email}.',
    'link.new': 'New password',
    'link.submit': 'Save and log in',
    'link.invalid': 'This link was used or has expired. Ask for a new one.',
    limited: 'Too many attempts from your address. Wait a minute and try again.',
  },
  {
    'de-DE': {
      'login.title': 'Anmelden',
      'login.email': 'E-Mail',
      'login.password': 'Passwort',
      'login.submit': 'Anmelden',
      'login.forgot': 'Passwort vergessen?',
      'login.failed': 'E-Mail oder Passwort ist falsch. Prüfen Sie beides und versuchen Sie es erneut.',
      'login.loggedOut': 'Sie sind abgemeldet.',
      'forgot.title': 'Passwort zurücksetzen',
      'forgot.submit': 'Link senden',
      'link.title': 'Passwort wählen',
      'link.new': 'Neues Passwort',
    },
    'fr-FR': {
      'login.title': 'Connexion',
      'login.email': 'E-mail',
      'login.password': 'Mot de passe',
      'login.submit': 'Se connecter',
      'login.forgot': 'Mot de passe oublié ?',
      'login.failed': 'L’e-mail ou le mot de passe est incorrect. Vérifiez les deux et réessayez.',
      'login.loggedOut': 'Vous êtes déconnecté.',
      'forgot.title': 'Réinitialiser le mot de passe',
      'forgot.submit': 'Envoyer le lien',
      'link.title': 'Choisissez votre mot de passe',
      'link.new': 'Nouveau mot de passe',
    },
    'es-ES': {
      'login.title': 'Iniciar sesión',
      'login.email': 'Correo electrónico',
      'login.password': 'Contraseña',
      'login.submit': 'Entrar',
      'login.forgot': '¿Olvidaste tu contraseña?',
      'forgot.title': 'Restablecer la contraseña',
      'link.new': 'Nueva contraseña',
    },
    'it-IT': {
      'login.title': 'Accedi',
      'login.email': 'Email',
      'login.password': 'Password',
      'login.submit': 'Accedi',
      'login.forgot': 'Password dimenticata?',
    },
    'nl-NL': {
      'login.title': 'Inloggen',
      'login.email': 'E-mail',
      'login.password': 'Wachtwoord',
      'login.submit': 'Inloggen',
      'login.forgot': 'Wachtwoord vergeten?',
    },
    'da-DK': {
      'login.title': 'Log ind',
      'login.email': 'E-mail',
      'login.password': 'Adgangskode',
      'login.submit': 'Log ind',
      'login.forgot': 'Glemt adgangskode?',
    },
    'sv-SE': {
      'login.title': 'Logga in',
      'login.email': 'E-post',
      'login.password': 'Lösenord',
      'login.submit': 'Logga in',
      'login.forgot': 'Glömt lösenordet?',
    },
    'nb-NO': {
      'login.title': 'Logg inn',
      'login.email': 'E-post',
      'login.password': 'Passord',
      'login.submit': 'Logg inn',
      'login.forgot': 'Glemt passordet?',
    },
    'fi-FI': {
      'login.title': 'Kirjaudu sisään',
      'login.email': 'Sähköposti',
      'login.password': 'Salasana',
      'login.submit': 'Kirjaudu',
      'login.forgot': 'Unohditko salasanan?',
    },
    'pl-PL': {
      'login.title': 'Zaloguj się',
      'login.email': 'E-mail',
      'login.password': 'Hasło',
      'login.submit': 'Zaloguj',
      'login.forgot': 'Nie pamiętasz hasła?',
    },
    'pt-BR': {
      'login.title': 'Entrar',
      'login.email': 'E-mail',
      'login.password': 'Senha',
      'login.submit': 'Entrar',
      'login.forgot': 'Esqueceu a senha?',
    },
    'ja-JP': {
      'login.title': 'ログイン',
      'login.email': 'メールアドレス',
      'login.password': 'パスワード',
      'login.submit': 'ログイン',
      'login.forgot': 'パスワードをお忘れですか？',
    },
  },
);

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The headers a reverse proxy adds to say whom it forwards for. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/**
 * True when the request comes from this machine: only then may the first operator be made in a browser.
 * Behind a reverse proxy Vouch was not told to trust (VOUCH_TRUST_PROXY), every visitor arrives from
 * loopback; the proxy's forwarding headers then say the browser may be anywhere, so the answer is no.
 * With a trusted proxy, `request.ip` is already the browser's own address (and `request.ips` is set).
 */
export function fromLoopback(request: FastifyRequest): boolean {
  if (!LOOPBACK.has(request.ip)) return false;
  const proxied = FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined);
  return !proxied || request.ips !== undefined;
}

/**
 * Only a path inside the dashboard: `?next=https://evil.example` must not send a user away, and a line
 * break or any character a Location header cannot carry is refused rather than answered with a 500.
 */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/app\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/.test(next) ? next : '/app/';
}

type AuthKey = Parameters<ReturnType<typeof text.in>>[0];

/** The home page's first-run form, shown when no user exists and the visitor is on this machine. */
export function setupForm(locale: Locale, csrfToken: string, error?: string): SafeHtml {
  const t = text.in(locale);
  return html`<div class="card">
    <h1>${t('setup.title')}</h1>
    <p>${t('setup.intro')}</p>
    ${notice('error', error)}
    ${postForm(
      { csrfToken },
      '/setup',
      html`${field({ label: t('setup.name'), name: 'name', autocomplete: 'name' })}
        ${field({ label: t('login.email'), name: 'email', type: 'email', required: true, autocomplete: 'username' })}
        ${field({
          label: t('login.password'),
          name: 'password',
          type: 'password',
          required: true,
          autocomplete: 'new-password',
          hint: t('password.hint', { min: MIN_PASSWORD_LENGTH }),
        })}
        <button type="submit">${t('setup.submit')}</button>`,
    )}
  </div>`;
}

/**
 * Logging in and out, the first-run operator, and the one-time password links. Login, setup and the
 * reset form are limited per client address (VOUCH_LOGIN_LIMIT_PER_ADDRESS a minute).
 */
export function registerAuthPages(app: FastifyInstance, runtime: Runtime): void {
  const secure = runtime.config.publicUrl.protocol === 'https:';
  const limit = runtime.config.loginRateLimit;
  const check =
    limit > 0
      ? app.createRateLimit({
          max: limit,
          timeWindow: 60_000,
          keyGenerator: (request) => `login:${clientKey(request.ip)}`,
        })
      : undefined;
  const html200 = (reply: FastifyReply, body: SafeHtml) =>
    reply.type('text/html; charset=utf-8').send(body.toString());
  /** A public page of one card under its heading: every page here is one. */
  const cardPage = (reply: FastifyReply, locale: Locale, title: string, content: HtmlValue) =>
    html200(
      reply,
      publicFormPage(
        locale,
        title,
        html`<div class="card narrow">
          <h1>${title}</h1>
          ${content}
        </div>`,
      ),
    );
  /**
   * Counts an attempt from the client's address, after the CSRF check; over the limit, answers 429 with
   * the page titled `title` saying to wait, and the handler does not run.
   */
  const attemptLimit =
    (title: AuthKey): preHandlerAsyncHookHandler =>
    async (request, reply) => {
      if (!check) return;
      const state = await check(request);
      if (state.isAllowed || !state.isExceeded) return;
      const locale = dashboardLocale(request);
      const t = text.in(locale);
      reply.status(429).header('retry-after', String(Math.max(1, state.ttlInSeconds)));
      return cardPage(reply, locale, t(title), notice('error', t('limited')));
    };

  const startSession = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });

  const loginPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { error?: string; email?: string } = {},
  ) => {
    const locale = dashboardLocale(request);
    const t = text.in(locale);
    const query = request.query as Record<string, string | undefined>;
    const info =
      query.done === 'logout'
        ? t('login.loggedOut')
        : query.done === 'password'
          ? t('login.passwordSet')
          : undefined;
    return cardPage(
      reply,
      locale,
      t('login.title'),
      html`${notice('ok', info)} ${notice('error', options.error)}
          ${postForm(
            { csrfToken: reply.generateCsrf() },
            '/login',
            html`<input type="hidden" name="next" value="${safeNext(query.next ?? formFields(request).next)}" />
              ${field({ label: t('login.email'), name: 'email', type: 'email', required: true, autocomplete: 'username', value: options.email })}
              ${field({ label: t('login.password'), name: 'password', type: 'password', required: true, autocomplete: 'current-password' })}
              <button type="submit">${t('login.submit')}</button>`,
          )}
          <p><a href="/password/forgot">${t('login.forgot')}</a></p>`,
    );
  };

  app.get('/login', async (request, reply) => loginPage(request, reply));

  app.post(
    '/login',
    { preHandler: [csrfCheck(app), attemptLimit('login.title')] },
    async (request, reply) => {
      const locale = dashboardLocale(request);
      const form = formFields(request);
      try {
        const { token } = await runtime.accounts.login(
          form.email ?? '',
          form.password ?? '',
          request.headers['user-agent'],
        );
        startSession(reply, token);
        return reply.redirect(safeNext(form.next), 303);
      } catch (error) {
        if (!isVouchError(error) || error.code !== 'login_failed') throw error;
        reply.status(401);
        return loginPage(request, reply, { error: text.in(locale)('login.failed'), email: form.email ?? '' });
      }
    },
  );

  app.post('/logout', { preHandler: csrfCheck(app) }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await runtime.accounts.logout(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login?done=logout', 303);
  });

  app.post(
    '/setup',
    { preHandler: [csrfCheck(app), attemptLimit('setup.title')] },
    async (request, reply) => {
      const locale = dashboardLocale(request);
      const t = text.in(locale);
      if (!fromLoopback(request) || (await runtime.accounts.hasUsers())) {
        throw new VouchError(
          'setup_not_allowed',
          'The first operator is created from this machine only, and only once. Use: npx vouch user create --operator --email you@example.com',
        );
      }
      const form = formFields(request);
      try {
        await runtime.accounts.createFirstOperator({
          email: form.email ?? '',
          password: form.password ?? '',
          name: form.name ?? '',
        });
      } catch (error) {
        if (!isVouchError(error) || error.status >= 500 || error.code === 'setup_not_allowed') throw error;
        reply.status(400);
        return html200(
          reply,
          publicFormPage(locale, t('setup.title'), setupForm(locale, reply.generateCsrf(), error.message)),
        );
      }
      const { token } = await runtime.accounts.login(
        form.email ?? '',
        form.password ?? '',
        request.headers['user-agent'],
      );
      startSession(reply, token);
      return reply.redirect('/app/', 303);
    },
  );

  const forgotPage = (request: FastifyRequest, reply: FastifyReply, sent: boolean) => {
    const locale = dashboardLocale(request);
    const t = text.in(locale);
    return cardPage(
      reply,
      locale,
      t('forgot.title'),
      html`${
        sent
          ? notice('ok', t('forgot.sent'))
          : html`<p>${t('forgot.intro')}</p>
                ${postForm(
                  { csrfToken: reply.generateCsrf() },
                  '/password/forgot',
                  html`${field({ label: t('login.email'), name: 'email', type: 'email', required: true, autocomplete: 'username' })}
                    <button type="submit">${t('forgot.submit')}</button>`,
                )}`
      }
        <p><a href="/login">${t('login.title')}</a></p>`,
    );
  };

  app.get('/password/forgot', async (request, reply) => forgotPage(request, reply, false));
  app.post(
    '/password/forgot',
    { preHandler: [csrfCheck(app), attemptLimit('forgot.title')] },
    async (request, reply) => {
      try {
        await runtime.accounts.requestPasswordReset(formFields(request).email ?? '');
      } catch (error) {
        // The same page as for an unknown address: a failure only for known ones would tell who has an
        // account. The operator finds the cause (a mail relay down) in the log.
        request.log.error({ err: error }, 'the password reset email could not be sent');
      }
      return forgotPage(request, reply, true);
    },
  );

  const linkPage = async (request: FastifyRequest, reply: FastifyReply, error?: string) => {
    const locale = dashboardLocale(request);
    const t = text.in(locale);
    const { token } = request.params as { token: string };
    const link = await runtime.accounts.peekLink(token);
    if (!link) {
      reply.status(404);
      return cardPage(
        reply,
        locale,
        t('link.title'),
        html`${notice('error', t('link.invalid'))}
          <p><a href="/password/forgot">${t('forgot.title')}</a></p>`,
      );
    }
    return cardPage(
      reply,
      locale,
      t('link.title'),
      html`<p>${t('link.for', { email: link.email })}</p>
          ${notice('error', error)}
          ${postForm(
            { csrfToken: reply.generateCsrf() },
            `/password/${encodeURIComponent(token)}`,
            html`<input type="hidden" name="email" value="${link.email}" autocomplete="username" />
              ${field({
                label: t('link.new'),
                name: 'password',
                type: 'password',
                required: true,
                autocomplete: 'new-password',
                hint: t('password.hint', { min: MIN_PASSWORD_LENGTH }),
              })}
              <button type="submit">${t('link.submit')}</button>`,
          )}`,
    );
  };

  app.get('/password/:token', async (request, reply) => linkPage(request, reply));
  app.post(
    '/password/:token',
    { preHandler: [csrfCheck(app), attemptLimit('link.title')] },
    async (request, reply) => {
      const { token } = request.params as { token: string };
      const password = formFields(request).password ?? '';
      try {
        const user = await runtime.accounts.usePasswordLink(token, password);
        const session = await runtime.accounts.login(user.email, password, request.headers['user-agent']);
        startSession(reply, session.token);
        return reply.redirect('/app/', 303);
      } catch (error) {
        if (!isVouchError(error) || error.status >= 500 || error.code === 'password_link_invalid')
          throw error;
        reply.status(400);
        return linkPage(request, reply, error.message);
      }
    },
  );
}
