import {
  describeEmailProblem,
  FIELD_LIMITS,
  findEmailProblem,
  normalizeEmail,
} from '../invitations/fields.js';
import { cleanLine } from '../display-text.js';
import type { Locale } from '../locales.js';
import { isAfsAddress, isAllowedSenderAddress, isOwnDomainAddress, ownDomainOf } from './addresses.js';
import type { AfsBusiness } from './addresses.js';
import type { MailAddress, ParsedInboundMail } from './inbound-mail.js';
import type { AfsReasonCode } from './reasons.js';
import { findSnippet, parseSnippet } from './snippet.js';
import type { AfsProduct, AfsSnippet } from './snippet.js';
import { referenceFromSubject } from './subject-reference.js';

/**
 * From one parsed AFS mail to the fields of one invitation, or the recorded reason there is none
 * (compat §4). Pure: no clock, no database; scheduling and the "new sender" alert happen elsewhere.
 *
 * Vouch decides:
 * - snippet fields win; a field the snippet leaves out comes from the headers: the customer from `To`,
 *   the name from the `To` display name (only when the snippet names no other customer), the reference
 *   from the subject (see `referenceFromSubject`);
 * - with several `To` addresses, the first one that is neither Vouch's AFS address nor on the business's
 *   own domain is the customer; `Cc` is never read for a customer;
 * - a customer on the business's own domain or a subdomain of it (`shop.example`, `mail.shop.example`;
 *   `www.` is ignored on the business's domain) makes the mail a test email: no invitation, and the reason
 *   says so;
 * - Vouch's AFS address (`{domain}+{token}@…`) in `To` or `Cc` is never a customer;
 * - the snippet's `senderEmail` and `replyTo` are taken only on the business's own domain (or a subdomain)
 *   or one it listed (`senderDomains`); another address is left out, the account's address is used, and
 *   `refused` says why;
 * - `source` is `snippet` when a readable snippet was in the mail, even if some fields came from headers
 *   (the notes say which), and `headers` otherwise;
 * - an unknown customer name is the empty string; templates then greet "customer" (compat §7).
 */

export interface AfsInvitation {
  source: 'snippet' | 'headers';
  consumerEmail: string;
  /** Empty when neither the snippet nor the `To` header gives a name. */
  consumerName: string;
  reference: string;
  locale?: Locale;
  templateId?: string;
  productTemplateId?: string;
  senderEmail?: string;
  senderName?: string;
  replyTo?: string;
  /** Epoch milliseconds, UTC. */
  preferredSendTime?: number;
  /** Epoch milliseconds, UTC. */
  productPreferredSendTime?: number;
  tags: string[];
  /** The snippet's `products`, then its `productSkus` not already among them. */
  products: AfsProduct[];
}

interface AfsOutcome {
  /** The `From` address, lower-cased, for the "first message from a new sender" alert; undefined if none. */
  sender: string | undefined;
  /** What was read, left out or fallen back on, in words for the business. */
  notes: string[];
  /** Snippet values refused for the business's safety (a sender outside its domains), in words for it. */
  refused: string[];
}

export type AfsExtraction =
  | ({ ok: true } & AfsInvitation & AfsOutcome)
  | ({
      ok: false;
      code: AfsReasonCode;
      reason: string;
      /** Whatever could be read before the mail was turned down. */
      partial: Partial<AfsInvitation>;
    } & AfsOutcome);

export interface ExtractInvitationOptions {
  /** Hosts Vouch receives AFS mail on; any `…+{token}` address there is an AFS address, not a customer. */
  afsMailDomains?: readonly string[];
}

type Step<T> = { ok: true; value: T } | { ok: false; code: AfsReasonCode; reason: string };

/**
 * Turns one parsed AFS mail into invitation fields, or a reason code and message.
 *
 * @example
 * const result = extractInvitation(await parseInboundMail(raw), { domain: 'shop.example' });
 * if (result.ok) schedule(result.consumerEmail, result.reference);
 * else record(result.code, result.reason);
 */
export function extractInvitation(
  mail: ParsedInboundMail,
  business: AfsBusiness,
  options: ExtractInvitationOptions = {},
): AfsExtraction {
  const notes = mail.problems.map((problem) => `Mail: ${problem}`);
  const sender = readSender(mail.from, notes);
  const refused: string[] = [];
  const partial: Partial<AfsInvitation> = {};
  const fail = (step: { code: AfsReasonCode; reason: string }): AfsExtraction => ({
    ok: false,
    code: step.code,
    reason: step.reason,
    partial,
    sender,
    notes,
    refused,
  });

  if (!mail.readable) {
    return fail({
      code: 'afs_unreadable',
      reason: `The email could not be read. ${mail.problems.join(' ')}`.trim(),
    });
  }

  const snippetStep = readSnippet(mail.html, notes);
  const snippet = snippetStep.ok ? snippetStep.value : undefined;
  partial.source = snippet === undefined ? 'headers' : 'snippet';

  const recipient = findRecipient(mail, snippet, business, options.afsMailDomains ?? [], notes);
  if (recipient.ok) {
    partial.consumerEmail = recipient.value.email;
    partial.consumerName = recipient.value.name;
  }
  const reference = findReference(mail.subject, snippet);
  if (reference.ok) partial.reference = reference.value;

  if (snippet !== undefined) Object.assign(partial, snippetSettings(snippet, notes));
  else Object.assign(partial, { tags: [], products: [] });
  for (const [field, fallback] of [
    ['senderEmail', 'sender address'],
    ['replyTo', 'reply-to address'],
  ] as const) {
    const address = partial[field];
    if (address === undefined || isAllowedSenderAddress(address, business)) continue;
    delete partial[field];
    const listed = business.senderDomains?.length ? ` or ${business.senderDomains.join(', ')}` : '';
    refused.push(
      `The snippet's ${field} ${address} is not on ${ownDomainOf(business)}${listed}, so the account's ` +
        `${fallback} is used; allow its domain with: vouch business settings ${business.domain} ` +
        '--afs-sender-domains DOMAIN.',
    );
  }
  notes.push(...refused);

  if (!snippetStep.ok) return fail(snippetStep);
  if (!recipient.ok) return fail(recipient);
  if (!reference.ok) return fail(reference);
  if (recipient.value.name === '') {
    notes.push(`No name for ${recipient.value.email}: the invitation greets the customer without one.`);
  }

  return {
    ok: true,
    ...partial,
    source: partial.source,
    consumerEmail: recipient.value.email,
    consumerName: recipient.value.name,
    reference: reference.value,
    tags: partial.tags ?? [],
    products: partial.products ?? [],
    sender,
    notes,
    refused,
  };
}

function readSender(from: MailAddress | undefined, notes: string[]): string | undefined {
  if (from === undefined) return undefined;
  const address = from.address.trim().toLowerCase();
  if (findEmailProblem(address) === undefined) return address;
  notes.push(`The From address "${from.address}" is not an email address, so the sender is unknown.`);
  return undefined;
}

function readSnippet(html: string | undefined, notes: string[]): Step<AfsSnippet | undefined> {
  if (html === undefined) return { ok: true, value: undefined };
  const location = findSnippet(html);
  if (!location.found) return { ok: true, value: undefined };
  if (!location.closed) {
    return {
      ok: false,
      code: 'afs_snippet_invalid',
      reason: 'The snippet <script type="application/json+trustpilot"> is never closed with </script>.',
    };
  }
  if (location.inComment) notes.push('The snippet was read from inside an HTML comment.');
  if (location.ignored > 0) {
    notes.push(`The email holds ${location.ignored + 1} snippets; only the first one was read.`);
  }
  const parsed = parseSnippet(location.json);
  notes.push(...parsed.notes);
  return parsed.ok ? { ok: true, value: parsed.snippet } : parsed;
}

interface Recipient {
  email: string;
  name: string;
}

function findRecipient(
  mail: ParsedInboundMail,
  snippet: AfsSnippet | undefined,
  business: AfsBusiness,
  afsMailDomains: readonly string[],
  notes: string[],
): Step<Recipient> {
  const isAfs = (address: string): boolean => isAfsAddress(address, business, afsMailDomains);
  const ownDomain = ownDomainOf(business);
  const testEmail = (address: string): Step<Recipient> => ({
    ok: false,
    code: 'afs_own_domain_recipient',
    reason:
      `The recipient ${normalizeEmail(address)} is on the business's own domain ${ownDomain}, so this is taken as a test ` +
      'email and no invitation is sent.',
  });

  const candidates = mail.to.filter((entry) => !isAfs(entry.address));
  const ignoredAfs = [...mail.to, ...mail.cc].filter((entry) => isAfs(entry.address));
  if (ignoredAfs.length > 0) {
    notes.push(
      `Vouch's AFS address ${ignoredAfs[0]?.address ?? ''} is in To or Cc; it is never taken as the customer ` +
        '(put it in Bcc).',
    );
  }

  if (snippet?.recipientEmail !== undefined) {
    const email = snippet.recipientEmail;
    if (isAfs(email)) {
      return {
        ok: false,
        code: 'afs_bad_recipient',
        reason: `The snippet's recipientEmail ${email} is Vouch's AFS address, not the customer's.`,
      };
    }
    if (isOwnDomainAddress(email, business)) return testEmail(email);
    const toEntry = candidates.find((entry) => normalizeEmail(entry.address) === email);
    return { ok: true, value: { email, name: snippet.recipientName ?? displayName(toEntry, notes) } };
  }

  if (mail.to.length === 0) {
    return {
      ok: false,
      code: 'afs_no_recipient',
      reason:
        'The email has no To address and no snippet recipientEmail; send the order confirmation to the ' +
        'customer and put the AFS address in Bcc.',
    };
  }
  if (candidates.length === 0) {
    return {
      ok: false,
      code: 'afs_no_recipient',
      reason:
        "The To header holds only Vouch's AFS address; put the customer in To and the AFS address in Bcc.",
    };
  }
  const external = candidates.filter((entry) => !isOwnDomainAddress(entry.address, business));
  const first = external[0];
  if (first === undefined) return testEmail(candidates[0]?.address ?? '');
  const chosen = external.find((entry) => findEmailProblem(normalizeEmail(entry.address)) === undefined);
  if (chosen === undefined) {
    const address = normalizeEmail(first.address);
    const problem = findEmailProblem(address) ?? 'syntax';
    return {
      ok: false,
      code: 'afs_bad_recipient',
      reason: `The To address: ${describeEmailProblem(address, problem)}`,
    };
  }
  const email = normalizeEmail(chosen.address);
  if (candidates.length > 1) {
    notes.push(
      `The To header holds ${candidates.length} addresses; the customer is taken to be ${email}, the first ` +
        `one not on ${ownDomain}.`,
    );
  }
  return { ok: true, value: { email, name: snippet?.recipientName ?? displayName(chosen, notes) } };
}

/** The To display name as a customer name: not an address, not over the limit, spaces collapsed. */
function displayName(entry: MailAddress | undefined, notes: string[]): string {
  if (entry === undefined) return '';
  const name = cleanLine(entry.name);
  if (name === '' || findEmailProblem(name) === undefined) return '';
  if (name.length > FIELD_LIMITS.name) {
    notes.push(
      `The To display name is ${name.length} characters long, over ${FIELD_LIMITS.name}; it was left out.`,
    );
    return '';
  }
  return name;
}

function findReference(subject: string | undefined, snippet: AfsSnippet | undefined): Step<string> {
  if (snippet?.referenceId !== undefined) return { ok: true, value: snippet.referenceId };
  const where =
    snippet === undefined
      ? 'put the order number in the subject, or a referenceId in a snippet'
      : 'the snippet has no referenceId; add one, or put the order number in the subject';
  if (subject === undefined || subject.trim() === '') {
    return {
      ok: false,
      code: 'afs_no_reference',
      reason: `The email has no subject to take a reference from; ${where}.`,
    };
  }
  const read = referenceFromSubject(subject);
  if ('reference' in read) return { ok: true, value: read.reference };
  const hint = read.hint === undefined ? '' : ` (${read.hint})`;
  return { ok: false, code: 'afs_no_reference', reason: `${read.reason}${hint}; ${where}.` };
}

/** The snippet's fields that are not the customer or the reference, under the invitation's names. */
function snippetSettings(snippet: AfsSnippet, notes: string[]): Partial<AfsInvitation> {
  const products = [
    ...snippet.products,
    ...snippet.productSkus
      .filter((sku) => !snippet.products.some((product) => product.sku === sku))
      .map((sku) => ({ sku })),
  ];
  if (products.length > FIELD_LIMITS.products) {
    notes.push(
      `The snippet's products and productSkus name ${products.length} products; only the first ` +
        `${FIELD_LIMITS.products} are kept.`,
    );
  }
  const settings: Partial<AfsInvitation> = {
    tags: snippet.tags,
    products: products.slice(0, FIELD_LIMITS.products),
  };
  const copy = <K extends keyof AfsInvitation>(key: K, value: AfsInvitation[K] | undefined): void => {
    if (value !== undefined) settings[key] = value;
  };
  copy('locale', snippet.locale);
  copy('templateId', snippet.templateId);
  copy('productTemplateId', snippet.productReviewInvitationTemplateId);
  copy('senderEmail', snippet.senderEmail);
  copy('senderName', snippet.senderName);
  copy('replyTo', snippet.replyTo);
  copy('preferredSendTime', snippet.preferredSendTime);
  copy('productPreferredSendTime', snippet.productReviewInvitationPreferredSendTime);
  return settings;
}
