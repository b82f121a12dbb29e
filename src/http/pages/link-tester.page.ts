import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.js';
import {
  buildBglLink,
  buildUniqueLink,
  diagnoseLink,
  LinkInputError,
  LinkKeyError,
  type LinkDiagnosis,
} from '../../links.js';
import { html, type SafeHtml } from '../../views/html.js';
import { page } from '../../views/layout.js';

/** The form fields, all optional strings: the page accepts anything and explains what is missing. */
type TesterForm = Partial<
  Record<
    | 'action'
    | 'url'
    | 'kind'
    | 'domain'
    | 'secret'
    | 'encryptKey'
    | 'authKey'
    | 'email'
    | 'name'
    | 'reference'
    | 'skus'
    | 'country',
    string
  >
>;

const MAX_FIELD = 70_000;

function field(form: TesterForm, name: keyof TesterForm): string {
  const value = form[name];
  return typeof value === 'string' ? value.slice(0, MAX_FIELD).trim() : '';
}

function keysOf(form: TesterForm) {
  const encryptKey = field(form, 'encryptKey');
  const authKey = field(form, 'authKey');
  return encryptKey && authKey ? [{ encryptKey, authKey }] : [];
}

function renderDiagnosis(diagnosis: LinkDiagnosis): SafeHtml {
  return html`<div class="card" id="result">
    <h2>Result</h2>
    <p class="${diagnosis.valid ? 'ok' : 'bad'}" data-valid="${String(diagnosis.valid)}">
      ${diagnosis.valid ? `Valid ${diagnosis.kind} link` : `This ${diagnosis.kind === 'unknown' ? '' : `${diagnosis.kind} `}link does not work`}
    </p>
    ${
      diagnosis.consumer
        ? html`<p>
            For ${diagnosis.consumer.name} &lt;${diagnosis.consumer.email}&gt;, reference
            ${diagnosis.consumer.reference}
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

function buildFromForm(form: TesterForm, baseUrl: string): { url?: string; error?: string } {
  const domain = field(form, 'domain');
  const country = field(form, 'country');
  const common = { baseUrl, domain, ...(country ? { country } : {}) };
  try {
    if (field(form, 'kind') === 'bgl') {
      const [keys] = keysOf(form);
      if (!keys) return { error: 'Give both BGL keys to build a BGL link.' };
      const skus = field(form, 'skus')
        .split(/[\s,]+/)
        .filter((sku) => sku !== '');
      return {
        url: buildBglLink({
          ...common,
          keys,
          payload: {
            email: field(form, 'email'),
            name: field(form, 'name'),
            ref: field(form, 'reference'),
            ...(skus.length ? { skus } : {}),
          },
        }),
      };
    }
    return {
      url: buildUniqueLink({
        ...common,
        secret: field(form, 'secret'),
        email: field(form, 'email'),
        name: field(form, 'name'),
        reference: field(form, 'reference'),
      }),
    };
  } catch (error) {
    if (error instanceof LinkInputError || error instanceof LinkKeyError) return { error: error.message };
    throw error;
  }
}

interface TextFieldOptions {
  id: string;
  name: keyof TesterForm;
  label: string;
  value: string;
  required?: boolean;
  /** Secrets: no autofill, no saving by the browser. */
  secret?: boolean;
  inputMode?: 'email';
}

function textField(options: TextFieldOptions): SafeHtml {
  return html`<label for="${options.id}">${options.label}</label>
    <input type="text" id="${options.id}" name="${options.name}" value="${options.value}"${options.required ? html` required` : ''}${options.secret ? html` autocomplete="off"` : ''}${options.inputMode ? html` inputmode="${options.inputMode}"` : ''} />`;
}

function testerPage(form: TesterForm, result: SafeHtml | string): string {
  /** A form's fields are filled back only in the form that was sent. */
  const from = (action: 'check' | 'build', name: keyof TesterForm) =>
    form.action === action ? field(form, name) : '';
  const kind = field(form, 'kind') === 'bgl' ? 'bgl' : 'unique';
  return page({
    title: 'Link tester · Vouch',
    body: html`<h1>Link tester</h1>
      <p class="muted">
        Paste a Unique Link or a Business Generated Link with the keys it should verify with, and read exactly what is
        wrong with it; or build one. Nothing you enter here is stored or logged.
      </p>
      ${result}
      <form class="card" method="post" action="/tools/link-tester" id="check-form">
        <h2>Check a link</h2>
        <input type="hidden" name="action" value="check" />
        <label for="url">Link</label>
        <textarea id="url" name="url" rows="4" required>${from('check', 'url')}</textarea>
        ${textField({ id: 'check-domain', name: 'domain', label: 'Business domain (optional)', value: from('check', 'domain') })}
        ${textField({ id: 'check-secret', name: 'secret', label: 'Unique Link secret', value: from('check', 'secret'), secret: true })}
        ${textField({ id: 'check-encrypt', name: 'encryptKey', label: 'BGL encryption key (base64)', value: from('check', 'encryptKey'), secret: true })}
        ${textField({ id: 'check-auth', name: 'authKey', label: 'BGL authentication key (base64)', value: from('check', 'authKey'), secret: true })}
        <button type="submit">Check the link</button>
      </form>
      <form class="card" method="post" action="/tools/link-tester" id="build-form">
        <h2>Build a link</h2>
        <input type="hidden" name="action" value="build" />
        <label for="kind">Kind</label>
        <select id="kind" name="kind">
          <option value="unique" ${kind === 'unique' ? 'selected' : ''}>Unique Link (SHA-1 signed)</option>
          <option value="bgl" ${kind === 'bgl' ? 'selected' : ''}>Business Generated Link (encrypted)</option>
        </select>
        ${textField({ id: 'build-domain', name: 'domain', label: 'Business domain', value: from('build', 'domain'), required: true })}
        ${textField({ id: 'build-email', name: 'email', label: 'Customer email', value: from('build', 'email'), required: true, inputMode: 'email' })}
        ${textField({ id: 'build-name', name: 'name', label: 'Customer name', value: from('build', 'name'), required: true })}
        ${textField({ id: 'build-reference', name: 'reference', label: 'Order reference', value: from('build', 'reference'), required: true })}
        ${textField({ id: 'build-skus', name: 'skus', label: 'Product SKUs, for a BGL link (optional, comma-separated)', value: from('build', 'skus') })}
        ${textField({ id: 'build-country', name: 'country', label: 'Country host (optional, such as de)', value: from('build', 'country') })}
        ${textField({ id: 'build-secret', name: 'secret', label: 'Unique Link secret', value: from('build', 'secret'), secret: true })}
        ${textField({ id: 'build-encrypt', name: 'encryptKey', label: 'BGL encryption key (base64)', value: from('build', 'encryptKey'), secret: true })}
        ${textField({ id: 'build-auth', name: 'authKey', label: 'BGL authentication key (base64)', value: from('build', 'authKey'), secret: true })}
        <button type="submit">Build the link</button>
      </form>
      <p class="hint">The same checks run from a terminal: <code>npx vouch link check 'URL' --secret S</code>.</p>`,
  }).toString();
}

export function registerLinkTesterPage(app: FastifyInstance, runtime: Runtime): void {
  const baseUrl = runtime.config.publicUrl.origin;
  app.get('/tools/link-tester', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(testerPage({}, '')),
  );
  app.post<{ Body: TesterForm | undefined }>('/tools/link-tester', async (request, reply) => {
    const form: TesterForm = typeof request.body === 'object' && request.body !== null ? request.body : {};
    let result: SafeHtml;
    if (form.action === 'build') {
      const built = buildFromForm(form, baseUrl);
      result = built.url
        ? html`<div class="card" id="result">
            <h2>Your link</h2>
            <pre id="built-link">${built.url}</pre>
            <p><a href="${built.url}">Open it</a></p>
          </div>`
        : html`<div class="card" id="result"><p class="bad">${built.error ?? ''}</p></div>`;
    } else {
      const secret = field(form, 'secret');
      const domain = field(form, 'domain').toLowerCase();
      result = renderDiagnosis(
        diagnoseLink(field(form, 'url'), {
          uniqueLinkSecrets: secret ? [secret] : [],
          bglKeys: keysOf(form),
          ...(domain ? { domain } : {}),
        }),
      );
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(testerPage(form, result));
  });
}
