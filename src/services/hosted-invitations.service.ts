import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { normalizeEmail } from '../domain/invitations/fields.js';
import {
  validateInvitationRequest,
  type InvitationProduct,
  type InvitationRequest,
} from '../domain/invitations/request.js';
import { parseSendTime } from '../domain/invitations/send-time.js';
import { VouchError } from '../errors.js';
import {
  InvitationDataRepository,
  type ErasedCounts,
} from '../store/repositories/invitation-data.repository.js';
import { InvitationRepository } from '../store/repositories/invitation.repository.js';
import type { Database } from '../store/schema.js';
import type { BusinessService } from './business.service.js';
import type { AcceptResult, InvitationService } from './invitation.service.js';
import type { TemplateService } from './template.service.js';

/** A product as the hosted platform's API names it. */
export interface HostedProduct {
  sku: string;
  name?: string | undefined;
  productUrl?: string | undefined;
  imageUrl?: string | undefined;
  gtin?: string | undefined;
  mpn?: string | undefined;
  brand?: string | undefined;
}

interface HostedInvitationPart {
  templateId?: string | undefined;
  preferredSendTime?: string | undefined;
  redirectUri?: string | undefined;
  tags?: readonly string[] | undefined;
}

/** The body of `POST …/email-invitations`, as the hosted platform takes it. */
export interface EmailInvitationsInput {
  consumerEmail: string;
  consumerName?: string | undefined;
  referenceNumber: string;
  locale?: string | undefined;
  senderEmail?: string | undefined;
  senderName?: string | undefined;
  replyTo?: string | undefined;
  /** The hosted platform's location reviews; Vouch has no locations and ignores it. */
  locationId?: string | undefined;
  type?: string | undefined;
  serviceReviewInvitation?: HostedInvitationPart | undefined;
  productReviewInvitation?:
    | (HostedInvitationPart & {
        products?: readonly HostedProduct[] | undefined;
        productSkus?: readonly string[] | undefined;
      })
    | undefined;
}

/** What the funnel decided for one invitation of the call. */
export interface DecidedInvitation {
  id: string;
  status: string;
  sendAt: string | null;
  reason: string;
}

export interface EmailInvitationsResult {
  serviceReviewInvitation?: DecidedInvitation;
  productReviewInvitation?: DecidedInvitation;
}

/** The body of `POST …/invitation-links`. */
export interface InvitationLinkInput {
  referenceId: string;
  email: string;
  name?: string | undefined;
  locale?: string | undefined;
  tags?: readonly string[] | undefined;
  redirectUri?: string | undefined;
  locationId?: string | undefined;
}

/** The body of the product review invitation link (the hosted platform's product reviews API). */
export interface ProductInvitationLinkInput {
  consumer: { email: string; name?: string | undefined };
  referenceId: string;
  locale?: string | undefined;
  redirectUri?: string | undefined;
  products?: readonly HostedProduct[] | undefined;
  productSkus?: readonly string[] | undefined;
}

export interface HostedTemplate {
  id: string;
  name: string;
  isDefaultTemplate: boolean;
  locale: string | null;
  /** service or product: which invitations it writes. */
  type: 'service' | 'product';
}

/** The body of `POST …/invitation-data/delete`: exactly one of the two. */
export interface InvitationDataDeleteInput {
  customerEmails?: readonly string[] | undefined;
  deleteOlderThan?: string | undefined;
}

export interface HostedInvitationServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  businesses: BusinessService;
  invitations: InvitationService;
  templates: TemplateService;
  publicUrl: URL;
}

/**
 * The hosted platform's Invitation API, translated: each call becomes InvitationRequests for the one
 * funnel (channel `api` for emails, `link` for links the business hands out itself), or a read of the
 * business's templates, or an erasure of invitation data. The business is always the one the caller
 * authenticated as.
 */
export class HostedInvitationService {
  private readonly invitationRows: InvitationRepository;

  constructor(private readonly options: HostedInvitationServiceOptions) {
    this.invitationRows = new InvitationRepository(options.db);
  }

  /** Service, product, or both invitations for one purchase; both are checked before either is accepted. */
  async createEmailInvitations(
    businessId: string,
    input: EmailInvitationsInput,
  ): Promise<EmailInvitationsResult> {
    const shared = {
      channel: 'api' as const,
      email: input.consumerEmail,
      name: input.consumerName,
      reference: input.referenceNumber,
      locale: input.locale,
      senderEmail: input.senderEmail,
      senderName: input.senderName,
      replyTo: input.replyTo,
    };
    const parts: { key: keyof EmailInvitationsResult; request: InvitationRequest }[] = [];
    const service = input.serviceReviewInvitation;
    const product = input.productReviewInvitation;
    // A body with neither part asks for the service invitation the platform sends by default.
    if (service !== undefined || product === undefined) {
      parts.push({
        key: 'serviceReviewInvitation',
        request: { ...shared, ...partFields(service ?? {}, 'serviceReviewInvitation'), kind: 'service' },
      });
    }
    if (product !== undefined) {
      parts.push({
        key: 'productReviewInvitation',
        request: {
          ...shared,
          ...partFields(product, 'productReviewInvitation'),
          kind: 'product',
          products: productsOf(product, 'productReviewInvitation'),
        },
      });
    }
    for (const { key, request } of parts) assertValid(request, key);
    const result: EmailInvitationsResult = {};
    for (const { key, request } of parts) {
      result[key] = presentDecision(await this.options.invitations.accept(businessId, request));
    }
    return result;
  }

  /** A service review link (`/r/{token}`) for the business to hand out itself; Vouch sends nothing. */
  async createInvitationLink(
    businessId: string,
    input: InvitationLinkInput,
  ): Promise<{ id: string; url: string }> {
    return this.issueLink(businessId, {
      channel: 'link',
      kind: 'service',
      email: input.email,
      name: input.name,
      reference: input.referenceId,
      locale: input.locale,
      tags: input.tags,
      redirectUri: input.redirectUri,
    });
  }

  /** A product review link, answered in the product reviews API's shape. */
  async createProductInvitationLink(
    businessId: string,
    input: ProductInvitationLinkInput,
  ): Promise<{ reviewLinkId: string; reviewUrl: string }> {
    const link = await this.issueLink(businessId, {
      channel: 'link',
      kind: 'product',
      email: input.consumer.email,
      name: input.consumer.name,
      reference: input.referenceId,
      locale: input.locale,
      redirectUri: input.redirectUri,
      products: productsOf(input, ''),
    });
    return { reviewLinkId: link.id, reviewUrl: link.url };
  }

  /** The templates an invitation's templateId may name: the business's own, then the built-in ones. */
  async listTemplates(businessId: string): Promise<HostedTemplate[]> {
    const templates = await this.options.templates.list(businessId);
    return templates.flatMap((template) =>
      template.kind === 'reminder'
        ? []
        : [
            {
              id: template.id,
              name: template.name,
              isDefaultTemplate: template.isDefault,
              locale: template.locale,
              type: template.kind === 'product_invitation' ? ('product' as const) : ('service' as const),
            },
          ],
    );
  }

  /**
   * Erases the personal data of the business's invitations of these customers, or of those made before a
   * time, and the reviewer identity of the reviews written through them, in one transaction. The rows
   * stay (anonymised), so counts and ratings do not change; queued ones are cancelled.
   */
  async deleteInvitationData(businessId: string, input: InvitationDataDeleteInput): Promise<ErasedCounts> {
    const { customerEmails, deleteOlderThan } = input;
    if ((customerEmails === undefined) === (deleteOlderThan === undefined)) {
      throw new VouchError(
        'invitation_data_selector_invalid',
        customerEmails === undefined
          ? 'Say whose data to delete: customerEmails (a list of addresses) or deleteOlderThan (a UTC time).'
          : 'Give customerEmails or deleteOlderThan, not both: the hosted platform refuses both in one call, and so does Vouch.',
      );
    }
    let selector: { emails: string[] } | { createdBefore: number };
    if (deleteOlderThan !== undefined) {
      selector = { createdBefore: sendTimeOf(deleteOlderThan, 'deleteOlderThan') };
    } else {
      selector = {
        emails: [...new Set((customerEmails ?? []).map((email) => normalizeEmail(email.trim())))],
      };
    }
    const now = this.options.clock.now().getTime();
    return this.options.db
      .transaction()
      .execute((trx) => new InvitationDataRepository(trx).erase(businessId, selector, now));
  }

  private async issueLink(
    businessId: string,
    request: InvitationRequest,
  ): Promise<{ id: string; url: string }> {
    assertValid(request, '', LINK_FIELDS);
    const accepted = await this.options.invitations.accept(businessId, request);
    const row = await this.invitationRows.findById(businessId, accepted.invitation.id);
    if (!row) throw new Error(`invitation ${accepted.invitation.id} vanished after it was accepted`);
    return { id: row.id, url: new URL(`/r/${row.token}`, this.options.publicUrl).href };
  }
}

function partFields(part: HostedInvitationPart, at: string) {
  return {
    templateId: part.templateId,
    redirectUri: part.redirectUri,
    tags: part.tags,
    preferredSendTime:
      part.preferredSendTime === undefined || part.preferredSendTime.trim() === ''
        ? undefined
        : sendTimeOf(part.preferredSendTime, `${at}.preferredSendTime`),
  };
}

function sendTimeOf(text: string, field: string): number {
  const at = parseSendTime(text);
  if (at === undefined) {
    throw new VouchError(
      'send_time_invalid',
      `${field} "${text}" is not a time Vouch reads: write it in UTC as MM/DD/YYYY HH:mm:ss (09/07/2026 13:37:00) or ISO 8601 (2026-09-07T13:37:00Z).`,
      { field },
    );
  }
  return at;
}

function productsOf(
  input: { products?: readonly HostedProduct[] | undefined; productSkus?: readonly string[] | undefined },
  at: string,
): InvitationProduct[] {
  const prefix = at === '' ? '' : `${at}.`;
  if (input.products !== undefined && input.productSkus !== undefined) {
    throw new VouchError(
      'invitation_products_conflict',
      `Give ${prefix}products or ${prefix}productSkus, not both: products describes each product, productSkus names them by SKU alone.`,
      { field: `${prefix}productSkus` },
    );
  }
  if (input.productSkus !== undefined) return input.productSkus.map((sku) => ({ sku }));
  return (input.products ?? []).map((product) => ({ ...product }));
}

/** The funnel's field names, as `email-invitations` spells them. */
const EMAIL_INVITATION_FIELDS: Partial<Record<string, string>> = {
  email: 'consumerEmail',
  name: 'consumerName',
  reference: 'referenceNumber',
  locale: 'locale',
  senderEmail: 'senderEmail',
  senderName: 'senderName',
  replyTo: 'replyTo',
};

/** The funnel's field names, as the invitation-links bodies spell them. */
const LINK_FIELDS: Partial<Record<string, string>> = {
  email: 'email',
  name: 'name',
  reference: 'referenceId',
  locale: 'locale',
};

/** Refuses an invalid request with the funnel's own code, naming the field as the caller wrote it. */
function assertValid(
  request: InvitationRequest,
  part: string,
  fields: Partial<Record<string, string>> = EMAIL_INVITATION_FIELDS,
): void {
  const check = validateInvitationRequest(request);
  if (check.ok) return;
  const hosted = (field: string) => fields[field] ?? (part === '' ? field : `${part}.${field}`);
  const [first] = check.problems;
  throw new VouchError(
    first?.code ?? 'invitation_field_invalid',
    first?.message ?? 'The invitation is not valid.',
    {
      field: first ? hosted(first.field) : part,
      problems: check.problems.map((problem) => ({ ...problem, field: hosted(problem.field) })),
    },
  );
}

function presentDecision(result: AcceptResult): DecidedInvitation {
  return {
    id: result.invitation.id,
    status: result.decision,
    sendAt: result.invitation.sendAt,
    reason: result.reason,
  };
}
