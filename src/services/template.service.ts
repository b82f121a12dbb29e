import type { Kysely } from 'kysely';
import type { Clock, RandomSource } from '../clock.js';
import { parseLocale, type Locale } from '../domain/locales.js';
import { describeUnknownPlaceholders, findUnknownPlaceholders } from '../domain/templates/placeholders.js';
import type { TemplateText } from '../domain/templates/render.js';
import { VouchError } from '../errors.js';
import { TemplateRepository } from '../store/repositories/template.repository.js';
import type { BusinessRow, Database, TemplateRow } from '../store/schema.js';
import { t } from '../i18n/index.js';
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
    const kind = parseKind(input.kind);
    const locale = input.locale === undefined || input.locale === '' ? null : requireLocale(input.locale);
    const name = input.name.trim();
    if (name === '' || name.length > 200) {
      throw new VouchError('template_invalid', 'A template needs a name of 1 to 200 characters.', {
        field: 'name',
      });
    }
    const subject = input.subject.trim();
    if (subject === '' || subject.length > SUBJECT_MAX || /[\r\n]/.test(subject)) {
      throw new VouchError(
        'template_invalid',
        `The subject must be one line of 1 to ${SUBJECT_MAX} characters.`,
        { field: 'subject' },
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
