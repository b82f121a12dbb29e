import {
  describeEmailProblem,
  FIELD_LIMITS,
  findEmailProblem,
  findReferenceProblem,
  isHttpUrl,
  normalizeEmail,
} from './fields.js';
import { cleanLine } from '../display-text.js';
import { parseLocale, type Locale } from '../locales.js';

/** The doors an invitation comes through. Only the funnel's label rule looks at it. */
export const INVITATION_CHANNELS = [
  'manual',
  'csv',
  'api',
  'afs',
  'shopify',
  'woocommerce',
  'webhook',
  'plugin',
  'link',
] as const;
export type InvitationChannel = (typeof INVITATION_CHANNELS)[number];

export const INVITATION_KINDS = ['service', 'product'] as const;
export type InvitationKind = (typeof INVITATION_KINDS)[number];

/** How a review that answers this invitation is labelled (compat §8). */
export type ReviewLabel = 'verified' | 'invited' | 'organic';

/** Manual methods (a file, a person typing an address) give `invited`; automatic ones give `verified`. */
export function labelForChannel(channel: InvitationChannel): 'verified' | 'invited' {
  return channel === 'csv' || channel === 'manual' ? 'invited' : 'verified';
}

export interface InvitationProduct {
  sku: string;
  name?: string | undefined;
  productUrl?: string | undefined;
  imageUrl?: string | undefined;
  gtin?: string | undefined;
  mpn?: string | undefined;
  brand?: string | undefined;
}

/**
 * What every channel hands the funnel. Channels only translate their input into this; the funnel decides.
 * Optional fields left out take the business's settings.
 */
export interface InvitationRequest {
  channel: InvitationChannel;
  kind: InvitationKind;
  email: string;
  name?: string | undefined;
  reference: string;
  locale?: string | undefined;
  products?: readonly InvitationProduct[] | undefined;
  tags?: readonly string[] | undefined;
  templateId?: string | undefined;
  /** When to send, epoch ms UTC; overrides the delay. */
  preferredSendTime?: number | undefined;
  /** Days after the trigger; overrides the business's delay (manual entry's `--delay`). */
  delayDays?: number | undefined;
  senderName?: string | undefined;
  senderEmail?: string | undefined;
  replyTo?: string | undefined;
  redirectUri?: string | undefined;
  /** The import job a file row came from. */
  importId?: string | undefined;
  /** When the purchase happened (or the request arrived); defaults to now. */
  triggerAt?: number | undefined;
}

/** A request that passed validation: trimmed, the email normalised, the locale canonical. */
export interface ValidInvitationRequest {
  channel: InvitationChannel;
  kind: InvitationKind;
  email: string;
  name: string;
  reference: string;
  locale: Locale | undefined;
  products: InvitationProduct[];
  tags: string[];
  templateId: string | undefined;
  preferredSendTime: number | undefined;
  delayDays: number | undefined;
  senderName: string | undefined;
  senderEmail: string | undefined;
  replyTo: string | undefined;
  redirectUri: string | undefined;
  importId: string | undefined;
  triggerAt: number | undefined;
}

export type InvitationProblemCode =
  'invitation_email_invalid' | 'invitation_reference_invalid' | 'invitation_field_invalid';

export interface InvitationProblem {
  field: string;
  code: InvitationProblemCode;
  message: string;
}

export type RequestCheck =
  { ok: true; request: ValidInvitationRequest } | { ok: false; problems: InvitationProblem[] };

/** Checks a request the same way for every channel; lists every problem, not just the first. */
export function validateInvitationRequest(input: InvitationRequest): RequestCheck {
  const problems: InvitationProblem[] = [];
  const field = (name: string, message: string, code: InvitationProblemCode = 'invitation_field_invalid') =>
    problems.push({ field: name, code, message });

  const email = input.email.trim();
  const emailProblem = findEmailProblem(email);
  if (emailProblem) field('email', describeEmailProblem(email, emailProblem), 'invitation_email_invalid');

  const reference = input.reference.trim();
  const referenceProblem = findReferenceProblem(reference);
  if (referenceProblem) {
    const message =
      referenceProblem.kind === 'missing'
        ? 'The reference (the order number) is empty; every invitation needs one.'
        : referenceProblem.kind === 'too_long'
          ? `The reference is ${reference.length} characters long; at most ${FIELD_LIMITS.reference} are allowed.`
          : `The reference "${reference}" contains '${referenceProblem.character}', which a reference must not contain (#, *, +, ", % and & are refused); remove it or use another separator such as '-'.`;
    field('reference', message, 'invitation_reference_invalid');
  }

  const name = cleanLine(input.name ?? '');
  if (name.length > FIELD_LIMITS.name)
    field('name', `The name is longer than ${FIELD_LIMITS.name} characters.`);

  let locale: Locale | undefined;
  if (input.locale !== undefined && input.locale.trim() !== '') {
    locale = parseLocale(input.locale);
    if (!locale)
      field('locale', `The locale "${input.locale}" is not supported; use one such as en-GB or de-DE.`);
  }

  const products: InvitationProduct[] = [];
  for (const [index, product] of (input.products ?? []).entries()) {
    const at = `products[${index}]`;
    const sku = product.sku.trim();
    if (sku === '') field(`${at}.sku`, 'A product needs its SKU.');
    else if (sku.length > FIELD_LIMITS.sku)
      field(`${at}.sku`, `The SKU is longer than ${FIELD_LIMITS.sku} characters.`);
    const productName = product.name?.trim();
    if (productName !== undefined && productName.length > FIELD_LIMITS.productName) {
      field(`${at}.name`, `The product name is longer than ${FIELD_LIMITS.productName} characters.`);
    }
    for (const key of ['productUrl', 'imageUrl'] as const) {
      const url = product[key]?.trim();
      if (url !== undefined && url !== '' && (!isHttpUrl(url) || url.length > FIELD_LIMITS.url)) {
        field(`${at}.${key}`, `"${url}" is not an http(s) URL of at most ${FIELD_LIMITS.url} characters.`);
      }
    }
    products.push(compactProduct({ ...product, sku, name: productName }));
  }
  if (products.length > FIELD_LIMITS.products) {
    field('products', `An invitation names at most ${FIELD_LIMITS.products} products.`);
  }
  if (input.kind === 'product' && products.length === 0) {
    field('products', 'A product invitation needs at least one product with its SKU.');
  }

  const tags = (input.tags ?? []).map((tag) => tag.trim()).filter((tag) => tag !== '');
  for (const tag of tags) {
    if (/\s/.test(tag))
      field('tags', `The tag "${tag}" contains a space; a tag is one word, such as summer-sale.`);
    else if (tag.length > FIELD_LIMITS.tag)
      field('tags', `The tag "${tag}" is longer than ${FIELD_LIMITS.tag} characters.`);
  }
  if (tags.length > FIELD_LIMITS.tags)
    field('tags', `An invitation carries at most ${FIELD_LIMITS.tags} tags.`);

  const senderEmail = optionalEmail(input.senderEmail, 'senderEmail', field);
  const replyTo = optionalEmail(input.replyTo, 'replyTo', field);
  const senderName = cleanLine(input.senderName ?? '') || undefined;
  if (senderName !== undefined && senderName.length > FIELD_LIMITS.name) {
    field('senderName', `The sender name is longer than ${FIELD_LIMITS.name} characters.`);
  }
  const redirectUri = input.redirectUri?.trim() || undefined;
  if (redirectUri !== undefined && (!isHttpUrl(redirectUri) || redirectUri.length > FIELD_LIMITS.url)) {
    field('redirectUri', `The redirect URI "${redirectUri}" is not an http(s) URL.`);
  }
  const templateId = input.templateId?.trim() || undefined;
  if (templateId !== undefined && templateId.length > FIELD_LIMITS.templateId) {
    field('templateId', `The template id is longer than ${FIELD_LIMITS.templateId} characters.`);
  }
  if (
    input.delayDays !== undefined &&
    (!Number.isInteger(input.delayDays) || input.delayDays < 0 || input.delayDays > 3650)
  ) {
    field('delayDays', 'The delay must be a whole number of days from 0 to 3650.');
  }
  if (input.preferredSendTime !== undefined && !Number.isFinite(input.preferredSendTime)) {
    field('preferredSendTime', 'The preferred send time is not a valid time.');
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      channel: input.channel,
      kind: input.kind,
      email: normalizeEmail(email),
      name,
      reference,
      locale,
      products,
      tags,
      templateId,
      preferredSendTime: input.preferredSendTime,
      delayDays: input.delayDays,
      senderName,
      senderEmail,
      replyTo,
      redirectUri,
      importId: input.importId,
      triggerAt: input.triggerAt,
    },
  };
}

function optionalEmail(
  value: string | undefined,
  name: string,
  field: (name: string, message: string, code?: InvitationProblemCode) => void,
): string | undefined {
  const email = value?.trim();
  if (email === undefined || email === '') return undefined;
  const problem = findEmailProblem(email);
  if (problem) {
    field(name, describeEmailProblem(email, problem));
    return undefined;
  }
  return normalizeEmail(email);
}

function compactProduct(product: InvitationProduct): InvitationProduct {
  const compact: InvitationProduct = { sku: product.sku };
  for (const key of ['name', 'productUrl', 'imageUrl', 'gtin', 'mpn', 'brand'] as const) {
    const value = product[key]?.trim();
    if (value) compact[key] = value;
  }
  return compact;
}
