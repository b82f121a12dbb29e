import type { IntegrationProvider, IntegrationSettings } from '../../domain/shops/integrations.js';
import type { InvitationRequest } from '../../domain/invitations/request.js';
import type { ErrorCode } from '../../errors.js';
import type { RandomSource } from '../../clock.js';
import type { BusinessRow } from '../../store/schema.js';
import type { BatchOutcome } from '../invitation.service.js';

/** One request a shop posted to an integration's inbound URL, as received: the raw bytes it signed. */
export interface InboundRequest {
  provider: IntegrationProvider;
  token: string;
  /** Header names lower-cased, as Node gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
  /** What follows the token in the path, where a provider has more than one (the plugin's `invitation`). */
  action?: string | undefined;
}

/** An integration as its handler sees it: its secret to verify with, and its settings. */
export interface IntegrationContext {
  id: string;
  businessId: string;
  provider: IntegrationProvider;
  secret: string;
  settings: IntegrationSettings;
}

export type SignatureResult = 'valid' | 'not_required' | 'missing' | 'invalid' | 'stale';

/**
 * The first step, before anything in the body is read: does the request come from the shop? A refusal
 * names its problem code and is logged without the body.
 */
export type Verification =
  | {
      ok: true;
      signature: 'valid' | 'not_required';
      topic: string | undefined;
      /** The platform's id of this delivery: a second delivery with the same id is a duplicate. */
      deliveryId: string | undefined;
    }
  | {
      ok: false;
      signature: 'missing' | 'invalid' | 'stale';
      topic: string | undefined;
      code: ErrorCode;
      message: string;
    };

/** What the handler did with a verified request: the answer to send, and the delivery log's entry. */
export interface HandlerOutcome {
  status: number;
  body: unknown;
  /** invited, cancelled, duplicate, ignored (an event the settings do not act on), skipped (nothing to
   * invite: no email, an invalid field), or ping. */
  decision: string;
  reason: string;
  invitationIds: string[];
  /** The shop's own id of the order, when it has one besides the reference (Shopify's refunds need it). */
  orderId?: string | undefined;
  reference?: string | undefined;
}

/** What a handler may do to the business's invitations: only through the funnel. */
export interface OrderActions {
  /** Hands requests to the funnel (one transaction, decided in order). */
  invite(requests: readonly InvitationRequest[]): Promise<BatchOutcome[]>;
  /** Cancels the order's queued invitations and remembers the cancel (see InvitationService.cancelOrder). */
  cancelOrder(reference: string, reason: string): Promise<{ cancelled: string[]; reason: string }>;
  /** The reference an earlier delivery of this integration recorded for the shop's order id. */
  referenceForOrder(orderId: string): Promise<string | undefined>;
  /** The reason of a cancel this integration logged as `cancel_pending` for the shop's order id (it came
   * before any event that named the order's reference). */
  pendingCancel(orderId: string): Promise<string | undefined>;
}

export interface HandlerContext {
  integration: IntegrationContext;
  business: BusinessRow;
  request: InboundRequest;
  topic: string | undefined;
  now: number;
  orders: OrderActions;
}

/** One provider's inbound protocol: how it signs, and what its events mean. */
export interface ProviderHandler {
  verify(integration: IntegrationContext, request: InboundRequest, now: number): Verification;
  handle(context: HandlerContext): Promise<HandlerOutcome>;
  /** A new signing secret when the business gives none (default: 32 random bytes, base64url). */
  newSecret?(random: RandomSource): string;
  /** Why a given secret cannot be used, or undefined when it can. */
  secretProblem?(secret: string): string | undefined;
}

export type ProviderHandlers = Partial<Record<IntegrationProvider, ProviderHandler>>;
