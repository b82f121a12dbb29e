import type { Kysely } from 'kysely';
import type { Clock, RandomSource } from '../clock.js';
import { parseLocale, type Locale } from '../domain/locales.js';
import { describeUnknownPlaceholders, findUnknownPlaceholders } from '../domain/templates/placeholders.js';
import type { TemplateText, TemplateValues } from '../domain/templates/render.js';
import { composeInvitationMail, invitationLinks } from '../mail/invitation-mail.js';
import type { MailTransport, OutgoingMail } from '../mail/transport.js';
import { VouchError } from '../errors.js';
import { TemplateRepository } from '../store/repositories/template.repository.js';
import type { BusinessRow, Database, InvitationRow, TemplateRow } from '../store/schema.js';
import { t, tCount } from '../i18n/index.js';
import type { BusinessService } from './business.service.js';

export const TEMPLATE_KINDS = ['invitation', 'product_invitation', 'reminder'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** The built-in templates, one per kind, written in every supported locale. */
export const BUILT_IN_TEMPLATE_IDS: Record<TemplateKind, string> = {
  invitation: 'default-invitation',
  product_invitation: 'default-product-invitation',
  reminder: 'default-reminder',
};

export interface TemplateView {
  id: string;
  name: string;
  kind: TemplateKind;
  locale: string | null;
  subject: string;
  body: string;
  isDefault: boolean;
  builtIn: boolean;
}

export interface SaveTemplateInput {
  /** Updates this template; absent creates a new one. */
  id?: string | undefined;
  name: string;
  kind: string;
  /** The template's language; absent serves every locale without a template of its own. */
  locale?: string | undefined;
  subject: string;
  body: string;
  /** Use it for every invitation of its kind (and locale) that names no template. */
  isDefault?: boolean | undefined;
}

/** Template text not saved yet: what the editor holds. */
export interface TemplateDraft {
  kind: string;
  locale?: string | undefined;
  subject: string;
  body: string;
}

/** Where a previewed email's links point and who it is from. */
export interface PreviewMailOptions {
  publicUrl: URL;
  mailFrom: string;
}

/** A draft as a customer would get it, filled with sample values, and those values. */
export interface TemplatePreview {
  kind: TemplateKind;
  locale: Locale;
  /** The draft's text as checked (the subject trimmed). */
  template: TemplateText;
  mail: OutgoingMail;
  values: TemplateValues;
  /** The footer line with the unsubscribe link every invitation ends with. */
  unsubscribeLine: string;
  /** The footer carries the legal notice because the body does not place [LegalNotice] itself. */
  showsLegalNotice: boolean;
}

export interface TemplateServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  random: RandomSource;
  businesses: BusinessService;
}

const SUBJECT_MAX = 300;
const BODY_MAX = 20_000;

/**
 * Email templates per business and locale. A template is checked when it is saved, so an unknown
 * placeholder is the business's error message today, not a broken email next week.
 */
export class TemplateService {
  private readonly templates: TemplateRepository;

  constructor(private readonly options: TemplateServiceOptions) {
    this.templates = new TemplateRepository(options.db);
  }

  async save(businessRef: string, input: SaveTemplateInput): Promise<TemplateView> {
    const business = await this.options.businesses.row(businessRef);
    parseKind(input.kind);
    const locale = input.locale === undefined || input.locale === '' ? null : requireLocale(input.locale);
    const name = input.name.trim();
    if (name === '' || name.length > 200) {
      throw new VouchError('template_invalid', 'A template needs a name of 1 to 200 characters.', {
        field: 'name',
      });
    }
    const { kind, subject } = checkText(input);
    const now = this.options.clock.now().getTime();
    const isDefault = input.isDefault === true;
    return this.options.db.transaction().execute(async (trx) => {
      const templates = new TemplateRepository(trx);
      if (isDefault) await templates.clearDefault(business.id, kind, locale);
      const fields = {
        name,
        kind,
        locale,
        subject,
        body: input.body,
        is_default: isDefault ? 1 : 0,
        updated_at: now,
      };
      if (input.id !== undefined) {
        const existing = await templates.findById(business.id, input.id);
        if (!existing) throw notFound(business, input.id);
        await templates.update(business.id, existing.id, fields);
        return present({ ...existing, ...fields });
      }
      const row: TemplateRow = {
        id: this.options.random.uuid(),
        business_id: business.id,
        ...fields,
        created_at: now,
      };
      await templates.insert(row);
      return present(row);
    });
  }

  /** The business's templates, and the built-in ones (in the business's default locale) after them. */
  async list(businessRef: string): Promise<TemplateView[]> {
    const business = await this.options.businesses.row(businessRef);
    const own = (await this.templates.list(business.id)).map(present);
    const locale = parseLocale(business.default_locale) ?? 'en-US';
    return [...own, ...TEMPLATE_KINDS.map((kind) => builtIn(kind, locale))];
  }

  async remove(businessRef: string, id: string): Promise<void> {
    const business = await this.options.businesses.row(businessRef);
    if (!(await this.templates.remove(business.id, id))) throw notFound(business, id);
  }

  /** One template of the business, or a built-in one by its id (in `locale`, else the business's own). */
  async get(businessRef: string, id: string, locale?: Locale): Promise<TemplateView> {
    const business = await this.options.businesses.row(businessRef);
    const builtInKind = TEMPLATE_KINDS.find((candidate) => BUILT_IN_TEMPLATE_IDS[candidate] === id);
    if (builtInKind) return builtIn(builtInKind, locale ?? parseLocale(business.default_locale) ?? 'en-US');
    const row = await this.templates.findById(business.id, id);
    if (!row) throw notFound(business, id);
    return present(row);
  }

  /** Vouch's own text for a kind in a locale: where a business's own template starts from. */
  builtIn(kind: TemplateKind, locale: Locale): TemplateView {
    return builtIn(kind, locale);
  }

  /**
   * A draft filled with sample values, as a customer would get it, checked as `save` checks it (an unknown
   * placeholder is the same error), so a business sees the email before anything is saved or sent.
   */
  async preview(
    businessRef: string,
    draft: TemplateDraft,
    mail: PreviewMailOptions,
  ): Promise<TemplatePreview> {
    const business = await this.options.businesses.row(businessRef);
    const { kind, subject, body } = checkText(draft);
    const locale =
      (draft.locale ? requireLocale(draft.locale) : undefined) ??
      parseLocale(business.default_locale) ??
      'en-US';
    const invitation = sampleInvitation(business, kind, locale, this.options.clock.now().getTime());
    const composed = composeInvitationMail({
      invitation,
      business,
      template: { subject, body },
      locale,
      publicUrl: mail.publicUrl,
      mailFrom: mail.mailFrom,
      purpose: kind === 'reminder' ? 'reminder' : 'invitation',
    });
    const links = invitationLinks(mail.publicUrl, invitation.token);
    return {
      kind,
      locale,
      template: { subject, body },
      mail: composed,
      values: {
        name: invitation.name,
        companyIdentifier: business.name,
        link: links.review,
        starLinks: [links.star(1), links.star(2), links.star(3), links.star(4), links.star(5)],
        starLabels: [1, 2, 3, 4, 5].map((n) => tCount(locale, 'email.stars.label', n)) as [
          string,
          string,
          string,
          string,
          string,
        ],
        products: SAMPLE_PRODUCTS,
        domainName: business.domain,
        order: invitation.reference,
        legalNotice: business.legal_notice ?? t(locale, 'email.footer.legal', { business: business.name }),
      },
      unsubscribeLine: t(locale, 'email.footer.unsubscribe', { url: links.unsubscribe }),
      showsLegalNotice: !body.includes('[LegalNotice]'),
    };
  }

  /**
   * Sends a draft, filled with sample values, to one person (the business's user trying it), marked as a
   * test in its subject and headers. It goes through the same transport as invitations.
   */
  async sendTest(
    businessRef: string,
    draft: TemplateDraft,
    to: { name: string; address: string },
    mail: PreviewMailOptions & { transport: MailTransport },
  ): Promise<{ to: string; response: string }> {
    const preview = await this.preview(businessRef, draft, mail);
    const host = mail.publicUrl.hostname;
    const receipt = await mail.transport.send({
      ...preview.mail,
      to,
      subject: `[Test] ${preview.mail.subject}`,
      messageId: `template-test-${this.options.random.uuid()}@${host}`,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Vouch-Test': 'template' },
    });
    return { to: to.address, response: receipt.response };
  }

  /**
   * The text an email is written from: the template the invitation names, else the business's default for
   * the kind and locale, else the built-in one. A named template that no longer exists falls back too, and
   * says so, so the customer still gets their invitation.
   */
  async resolve(
    business: BusinessRow,
    kind: TemplateKind,
    locale: Locale,
    templateId: string | null,
  ): Promise<TemplateText & { templateId: string; fallback?: string }> {
    let fallback: string | undefined;
    if (templateId !== null && kind !== 'reminder') {
      const builtInKind = TEMPLATE_KINDS.find((candidate) => BUILT_IN_TEMPLATE_IDS[candidate] === templateId);
      if (builtInKind) return { ...builtIn(builtInKind, locale), templateId };
      const named = await this.templates.findById(business.id, templateId);
      if (named) return { subject: named.subject, body: named.body, templateId: named.id };
      fallback = `the template ${templateId} does not exist; the default was used`;
    }
    const own = await this.templates.findDefault(business.id, kind, locale);
    if (own)
      return { subject: own.subject, body: own.body, templateId: own.id, ...(fallback ? { fallback } : {}) };
    return { ...builtIn(kind, locale), ...(fallback ? { fallback } : {}) };
  }
}

/** The checks of a template's text: one-line subject, a body within bounds, known placeholders, a way in. */
function checkText(input: { kind: string; subject: string; body: string }): {
  kind: TemplateKind;
  subject: string;
  body: string;
} {
  const kind = parseKind(input.kind);
  const subject = input.subject.trim();
  if (subject === '' || subject.length > SUBJECT_MAX || /[\r\n]/.test(subject)) {
    throw new VouchError(
      'template_invalid',
      `The subject must be one line of 1 to ${SUBJECT_MAX} characters.`,
      {
        field: 'subject',
      },
    );
  }
  if (input.body.trim() === '' || input.body.length > BODY_MAX) {
    throw new VouchError('template_invalid', `The body must have 1 to ${BODY_MAX} characters.`, {
      field: 'body',
    });
  }
  for (const [field, text] of [
    ['subject', subject],
    ['body', input.body],
  ] as const) {
    const unknown = findUnknownPlaceholders(text);
    if (unknown.length > 0) {
      throw new VouchError(
        'template_placeholder_unknown',
        `In the ${field}: ${describeUnknownPlaceholders(unknown)}`,
        {
          field,
          placeholders: unknown.map((item) => item.found),
        },
      );
    }
  }
  if (!input.body.includes('[Link]') && !input.body.includes('[Stars]') && kind !== 'reminder') {
    throw new VouchError(
      'template_invalid',
      'The body must contain [Link] or [Stars]; without one the customer has no way to the review form.',
      { field: 'body' },
    );
  }
  return { kind, subject, body: input.body };
}

const SAMPLE_PRODUCTS = [
  { name: 'Sample product', sku: 'SAMPLE-1' },
  { name: 'Another product', sku: 'SAMPLE-2' },
];

/** An invitation that exists nowhere, for previews and test sends: its links lead to no review form. */
function sampleInvitation(
  business: BusinessRow,
  kind: TemplateKind,
  locale: Locale,
  now: number,
): InvitationRow {
  return {
    id: 'sample',
    business_id: business.id,
    channel: 'api',
    kind: kind === 'product_invitation' ? 'product' : 'service',
    label: '',
    email: 'customer@example.com',
    name: 'Alex Sample',
    reference: 'ORDER-1001',
    locale,
    products: JSON.stringify(SAMPLE_PRODUCTS),
    tags: '[]',
    template_id: null,
    sender_name: null,
    sender_email: null,
    reply_to: null,
    redirect_uri: null,
    token: 'sample-preview',
    import_id: null,
    status: 'scheduled',
    reason: null,
    trigger_at: now,
    send_at: now,
    due_at: null,
    lease_owner: null,
    lease_until: null,
    attempts: 0,
    sent_at: null,
    message_id: null,
    reminder_sent_at: null,
    reviewed_at: null,
    opened_at: null,
    clicked_at: null,
    created_at: now,
    updated_at: now,
  };
}

function builtIn(kind: TemplateKind, locale: Locale): TemplateView & { templateId: string } {
  const key =
    kind === 'invitation' ? 'invitation' : kind === 'product_invitation' ? 'productInvitation' : 'reminder';
  const id = BUILT_IN_TEMPLATE_IDS[kind];
  return {
    id,
    templateId: id,
    name: `Vouch default (${kind.replace('_', ' ')})`,
    kind,
    locale,
    subject: t(locale, `email.${key}.subject`),
    body: t(locale, `email.${key}.body`),
    isDefault: false,
    builtIn: true,
  };
}

function present(row: TemplateRow): TemplateView {
  return {
    id: row.id,
    name: row.name,
    kind: parseKind(row.kind),
    locale: row.locale,
    subject: row.subject,
    body: row.body,
    isDefault: row.is_default === 1,
    builtIn: false,
  };
}

function parseKind(value: string): TemplateKind {
  const kind = TEMPLATE_KINDS.find((candidate) => candidate === value.trim());
  if (!kind) {
    throw new VouchError(
      'template_invalid',
      `The kind "${value}" is not one of ${TEMPLATE_KINDS.join(', ')}.`,
      { field: 'kind' },
    );
  }
  return kind;
}

function requireLocale(value: string): Locale {
  const locale = parseLocale(value);
  if (!locale)
    throw new VouchError(
      'locale_invalid',
      `The locale "${value}" is not supported; use one such as en-GB or de-DE.`,
    );
  return locale;
}

function notFound(business: BusinessRow, id: string): VouchError {
  return new VouchError(
    'template_not_found',
    `${business.domain} has no template ${id}; list them with: vouch template list --business ${business.domain}`,
  );
}
