import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Clock, RandomSource } from '../clock.js';
import {
  changeSettings,
  defaultSettings,
  isIntegrationProvider,
  readSettings,
  INTEGRATION_PROVIDERS,
  type IntegrationProvider,
  type IntegrationSettings,
  type SettingsChange,
} from '../domain/shops/integrations.js';
import { cleanLine } from '../domain/display-text.js';
import { ERRORS, VouchError, type ErrorCode } from '../errors.js';
import type { StoreCapabilities } from '../store/db.js';
import { BusinessRepository } from '../store/repositories/business.repository.js';
import { IntegrationRepository, type DeliveryOutcome } from '../store/repositories/integration.repository.js';
import type { BusinessRow, Database, IntegrationDeliveryRow, IntegrationRow } from '../store/schema.js';
import type { BusinessService } from './business.service.js';
import type { AlongsideWrite, InvitationService } from './invitation.service.js';
import type {
  HandlerOutcome,
  InboundRequest,
  IntegrationContext,
  OrderActions,
  ProviderHandlers,
  Verification,
} from './integrations/handler.js';

export interface IntegrationServiceOptions {
  db: Kysely<Database>;
  capabilities: StoreCapabilities;
  clock: Clock;
  random: RandomSource;
  businesses: BusinessService;
  invitations: InvitationService;
  publicUrl: URL;
  /** Each provider's inbound protocol; a provider without one answers 404 at its URL. */
  handlers: ProviderHandlers;
}

/** An integration as `add` and `rotate-secret` show it, once: its full URL and its secret. */
export interface CreatedIntegration {
  id: string;
  provider: IntegrationProvider;
  url: string;
  secret: string;
}

export interface IntegrationView {
  id: string;
  provider: IntegrationProvider;
  /** The inbound URL with its token cut after the first characters: the whole URL is shown only on add. */
  url: string;
  settings: IntegrationSettings;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryView {
  id: string;
  receivedAt: string;
  topic: string | null;
  signature: string;
  status: number;
  decision: string;
  reason: string | null;
  orderId: string | null;
  reference: string | null;
  invitationIds: string[];
}

/** What an inbound request is answered with (a refusal is thrown as a VouchError instead). */
export interface InboundAnswer {
  status: number;
  body: unknown;
}

const TOKEN_PREFIX_LENGTH = 6;
const RECENT_DELIVERIES = 20;
const REASON_LIMIT = 1000;

/**
 * A business's shop integrations: each has its own inbound URL (an unguessable token, stored as a hash),
 * its own signing secret, its settings and a delivery log. `receive` is the one door of every inbound
 * request: find the integration by its token, verify with the provider's handler, log, dedupe, and let
 * the handler act through the funnel.
 */
export class IntegrationService {
  private readonly integrations: IntegrationRepository;
  private readonly businessRows: BusinessRepository;

  constructor(private readonly options: IntegrationServiceOptions) {
    this.integrations = new IntegrationRepository(options.db);
    this.businessRows = new BusinessRepository(options.db);
  }

  async create(
    businessRef: string,
    input: { provider: string; secret?: string | undefined; settings?: SettingsChange | undefined },
  ): Promise<CreatedIntegration> {
    const business = await this.options.businesses.row(businessRef);
    const provider = this.provider(input.provider);
    const secret = this.secret(provider, input.secret);
    const settings = this.settings(provider, defaultSettings(provider), input.settings ?? {});
    const now = this.options.clock.now().getTime();
    const token = this.newToken();
    const row: IntegrationRow = {
      id: this.options.random.uuid(),
      business_id: business.id,
      provider,
      token_hash: hashToken(token),
      token_prefix: token.slice(0, TOKEN_PREFIX_LENGTH),
      secret,
      settings: JSON.stringify(settings),
      created_at: now,
      updated_at: now,
    };
    await this.integrations.insert(row);
    return { id: row.id, provider, url: this.inboundUrl(provider, token), secret };
  }

  async list(businessRef: string): Promise<IntegrationView[]> {
    const business = await this.options.businesses.row(businessRef);
    return (await this.integrations.list(business.id)).map((row) => this.present(row));
  }

  async show(
    businessRef: string,
    id: string,
    limit = RECENT_DELIVERIES,
  ): Promise<IntegrationView & { deliveries: DeliveryView[] }> {
    const business = await this.options.businesses.row(businessRef);
    const row = await this.require(business, id);
    const deliveries = await this.integrations.recentDeliveries(business.id, row.id, clamp(limit, 1, 1000));
    return { ...this.present(row), deliveries: deliveries.map(presentDelivery) };
  }

  /** Changes what the integration decides: which events invite or cancel, the kinds, the delay. */
  async configure(businessRef: string, id: string, change: SettingsChange): Promise<IntegrationView> {
    const business = await this.options.businesses.row(businessRef);
    const row = await this.require(business, id);
    const provider = this.provider(row.provider);
    const settings = this.settings(provider, readSettings(provider, row.settings), change);
    const now = this.options.clock.now().getTime();
    await this.integrations.update(business.id, row.id, {
      settings: JSON.stringify(settings),
      updated_at: now,
    });
    return this.present({ ...row, settings: JSON.stringify(settings), updated_at: now });
  }

  /**
   * A new signing secret (made by Vouch, or the one given: Shopify's admin shows the key it signs with),
   * and with `newUrl` a new inbound URL, the old one answering 404 from then on. The plugin's URL key is its
   * only credential, so rotating it always makes a new URL.
   */
  async rotateSecret(
    businessRef: string,
    id: string,
    options: { secret?: string | undefined; newUrl?: boolean | undefined } = {},
  ): Promise<CreatedIntegration> {
    const business = await this.options.businesses.row(businessRef);
    const row = await this.require(business, id);
    const provider = this.provider(row.provider);
    const secret = this.secret(provider, options.secret);
    const now = this.options.clock.now().getTime();
    const newUrl = options.newUrl === true || provider === 'plugin';
    const token = newUrl ? this.newToken() : undefined;
    await this.integrations.update(business.id, row.id, {
      secret,
      updated_at: now,
      ...(token === undefined
        ? {}
        : { token_hash: hashToken(token), token_prefix: token.slice(0, TOKEN_PREFIX_LENGTH) }),
    });
    const url = token === undefined ? this.present(row).url : this.inboundUrl(provider, token);
    return { id: row.id, provider, url, secret };
  }

  async remove(businessRef: string, id: string): Promise<void> {
    const business = await this.options.businesses.row(businessRef);
    const row = await this.require(business, id);
    await this.integrations.remove(business.id, row.id);
  }

  /** The integration an inbound URL's token names, if it is of this provider. */
  async findByToken(provider: string, token: string): Promise<IntegrationContext | undefined> {
    if (!isIntegrationProvider(provider) || token.length === 0 || token.length > 200) return undefined;
    const row = await this.integrations.findByTokenHash(hashToken(token));
    if (!row || row.provider !== provider) return undefined;
    return context(row);
  }

  /**
   * One inbound request. Unknown URL: 404. A refused signature: logged (never the body) and thrown with
   * its problem code. A delivery seen before: logged as a duplicate and answered 200, acting on nothing.
   * Otherwise the provider's handler acts through the funnel and the log records its decision.
   */
  async receive(request: InboundRequest): Promise<InboundAnswer> {
    const handler = this.options.handlers[request.provider];
    const integration = await this.findByToken(request.provider, request.token);
    if (!handler || !integration) {
      throw new VouchError(
        'integration_not_found',
        'No integration has this URL. Check it against `vouch integration list`; a removed integration, or one whose URL was rotated, answers 404.',
      );
    }
    const now = this.options.clock.now().getTime();
    const verification = handler.verify(integration, request, now);
    if (!verification.ok) {
      await this.log(integration, now, verification, {
        status_code: errorStatus(verification.code),
        decision: 'rejected',
        reason: verification.message,
      });
      throw new VouchError(verification.code, verification.message);
    }
    const business = await this.businessRows.findById(integration.businessId);
    if (!business) throw new VouchError('integration_not_found', 'The business of this integration is gone.');
    const claim = new DeliveryClaim(
      {
        ...this.deliveryRow(integration, now, verification),
        id: this.options.random.uuid(),
        delivery_id: verification.deliveryId ?? null,
        status_code: 202,
        decision: 'received',
      },
      this.options.capabilities,
    );
    let outcome: HandlerOutcome;
    try {
      outcome = await handler.handle({
        integration,
        business,
        request,
        topic: verification.topic,
        now,
        orders: this.orderActions(business, integration, claim),
      });
      // An outcome that changed nothing in the funnel claims its delivery id now.
      if (!claim.committed) await claim.write(this.options.db);
    } catch (error) {
      if (error instanceof DuplicateDelivery) return this.duplicate(integration, now, verification);
      const refused = error instanceof VouchError;
      const failed: DeliveryOutcome = {
        status_code: refused ? error.status : 500,
        decision: refused ? 'rejected' : 'failed',
        reason: limit(
          refused ? error.message : 'Vouch could not process the delivery; the shop will retry it.',
        ),
        order_id: null,
        reference: null,
        invitation_ids: '[]',
      };
      // A delivery Vouch failed on is not a duplicate when the shop retries it: its id is not kept.
      if (claim.committed) await this.integrations.releaseDelivery(integration.businessId, claim.id, failed);
      else {
        await this.log(integration, now, verification, {
          status_code: failed.status_code,
          decision: failed.decision,
          reason: failed.reason ?? '',
        });
      }
      throw error;
    }
    await this.integrations.finishDelivery(integration.businessId, claim.id, {
      status_code: outcome.status,
      decision: outcome.decision,
      reason: limit(outcome.reason),
      order_id: outcome.orderId ?? null,
      reference: outcome.reference ?? null,
      invitation_ids: JSON.stringify(outcome.invitationIds),
    });
    return { status: outcome.status, body: outcome.body };
  }

  private async duplicate(
    integration: IntegrationContext,
    now: number,
    verification: Extract<Verification, { ok: true }>,
  ): Promise<InboundAnswer> {
    const first = await this.integrations.findDelivery(integration.id, verification.deliveryId ?? '');
    const reason = `Delivery ${verification.deliveryId ?? ''} arrived again${first ? ` (first received ${iso(first.received_at)}, ${first.decision})` : ''}; nothing was done a second time.`;
    await this.log(integration, now, verification, { status_code: 200, decision: 'duplicate', reason });
    return { status: 200, body: { status: 'duplicate', reason } };
  }

  /**
   * Logs a request refused before it was read (a body too large), when its URL names an integration;
   * answers whether it did.
   */
  async logRefusal(
    provider: string,
    token: string,
    refusal: { code: 'integration_payload_too_large'; message: string; topic?: string | undefined },
  ): Promise<boolean> {
    const integration = await this.findByToken(provider, token);
    if (!integration) return false;
    await this.log(
      integration,
      this.options.clock.now().getTime(),
      { signature: 'not_checked', topic: refusal.topic },
      { status_code: errorStatus(refusal.code), decision: 'rejected', reason: refusal.message },
    );
    return true;
  }

  /** The funnel, as a handler may use it: each write also claims the delivery, in the same transaction. */
  private orderActions(
    business: BusinessRow,
    integration: IntegrationContext,
    claim: DeliveryClaim,
  ): OrderActions {
    const channel = integration.provider;
    const { invitations } = this.options;
    return {
      invite: (requests) =>
        claim.within((alongside) => invitations.acceptBatch(business, requests, { alongside })),
      cancelOrder: (reference, reason) =>
        claim.within((alongside) =>
          invitations.cancelOrder(business, { reference, reason, channel }, { alongside }),
        ),
      referenceForOrder: (orderId) =>
        this.integrations.referenceForOrder(business.id, integration.id, orderId),
      pendingCancel: (orderId) => this.integrations.pendingCancel(business.id, integration.id, orderId),
    };
  }

  private async log(
    integration: IntegrationContext,
    now: number,
    verification: { signature: string; topic: string | undefined },
    outcome: { status_code: number; decision: string; reason: string },
  ): Promise<void> {
    await this.integrations.insertDelivery({
      ...this.deliveryRow(integration, now, verification),
      id: this.options.random.uuid(),
      delivery_id: null,
      ...outcome,
      reason: limit(outcome.reason),
    });
  }

  private deliveryRow(
    integration: IntegrationContext,
    now: number,
    verification: { signature: string; topic: string | undefined },
  ): Omit<IntegrationDeliveryRow, 'id' | 'delivery_id' | 'status_code' | 'decision'> {
    return {
      integration_id: integration.id,
      business_id: integration.businessId,
      received_at: now,
      topic: verification.topic === undefined ? null : cleanLine(verification.topic).slice(0, 100),
      signature: verification.signature,
      reason: null,
      order_id: null,
      reference: null,
      invitation_ids: '[]',
    };
  }

  private async require(business: BusinessRow, id: string): Promise<IntegrationRow> {
    const row = await this.integrations.find(business.id, id);
    if (!row) {
      throw new VouchError(
        'integration_not_found',
        `${business.domain} has no integration ${id}; \`vouch integration list --business ${business.domain}\` shows its integrations.`,
      );
    }
    return row;
  }

  private provider(value: string): IntegrationProvider {
    if (!isIntegrationProvider(value)) {
      throw new VouchError(
        'integration_provider_invalid',
        `"${value}" is not a provider; use ${INTEGRATION_PROVIDERS.join(', ')}.`,
      );
    }
    return value;
  }

  private secret(provider: IntegrationProvider, given: string | undefined): string {
    const handler = this.options.handlers[provider];
    if (given === undefined) {
      return handler?.newSecret?.(this.options.random) ?? this.options.random.bytes(32).toString('base64url');
    }
    const secret = given.trim();
    const problem =
      secret.length < 8 || secret.length > 512 || /\s/.test(secret)
        ? 'A signing secret is 8 to 512 characters without spaces; paste it exactly as the shop shows it.'
        : handler?.secretProblem?.(secret);
    if (problem) throw new VouchError('integration_secret_invalid', problem);
    return secret;
  }

  private settings(
    provider: IntegrationProvider,
    current: IntegrationSettings,
    change: SettingsChange,
  ): IntegrationSettings {
    const checked = changeSettings(provider, current, change);
    if (!checked.ok) {
      throw new VouchError('integration_settings_invalid', checked.message, { field: checked.field });
    }
    return checked.settings;
  }

  private newToken(): string {
    return this.options.random.bytes(24).toString('base64url');
  }

  /** Where the shop posts: `/integrations/{provider}/{token}`; the plugin's base, to which it appends
   * `/invitation`, is `/api/{token}`. */
  private inboundUrl(provider: IntegrationProvider, token: string): string {
    const path = provider === 'plugin' ? `/api/${token}` : `/integrations/${provider}/${token}`;
    return new URL(path, this.options.publicUrl).href;
  }

  private present(row: IntegrationRow): IntegrationView {
    const provider = this.provider(row.provider);
    return {
      id: row.id,
      provider,
      url: this.inboundUrl(provider, `${row.token_prefix}…`),
      settings: readSettings(provider, row.settings),
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    };
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function context(row: IntegrationRow): IntegrationContext | undefined {
  if (!isIntegrationProvider(row.provider)) return undefined;
  return {
    id: row.id,
    businessId: row.business_id,
    provider: row.provider,
    secret: row.secret,
    settings: readSettings(row.provider, row.settings),
  };
}

function presentDelivery(row: IntegrationDeliveryRow): DeliveryView {
  let invitationIds: string[] = [];
  try {
    invitationIds = JSON.parse(row.invitation_ids) as string[];
  } catch {
    invitationIds = [];
  }
  return {
    id: row.id,
    receivedAt: iso(row.received_at),
    topic: row.topic,
    signature: row.signature,
    status: row.status_code,
    decision: row.decision,
    reason: row.reason,
    orderId: row.order_id,
    reference: row.reference,
    invitationIds,
  };
}

function errorStatus(code: ErrorCode): number {
  return ERRORS[code].status;
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(Math.trunc(value), min), max);
}

function limit(text: string): string {
  return text.length > REASON_LIMIT ? `${text.slice(0, REASON_LIMIT)}…` : text;
}

/** A delivery whose platform id was recorded before: nothing it carried is acted on again. */
class DuplicateDelivery extends Error {}

/**
 * A verified delivery's log row, written in the transaction of the first funnel write it causes (so the
 * decisions and the claim on the platform's delivery id commit together, or neither does), or on its own
 * when it causes none. The delivery id's unique index makes a repeat a DuplicateDelivery.
 */
class DeliveryClaim {
  committed = false;

  constructor(
    private readonly row: IntegrationDeliveryRow,
    private readonly capabilities: StoreCapabilities,
  ) {}

  get id(): string {
    return this.row.id;
  }

  async write(db: Kysely<Database> | Transaction<Database>): Promise<void> {
    try {
      await new IntegrationRepository(db).insertDelivery(this.row);
    } catch (error) {
      if (this.row.delivery_id !== null && this.capabilities.isUniqueViolation(error)) {
        throw new DuplicateDelivery();
      }
      throw error;
    }
  }

  /** Runs a funnel write that carries the claim along, once; later writes of the same delivery do not. */
  async within<T>(work: (alongside: AlongsideWrite | undefined) => Promise<T>): Promise<T> {
    if (this.committed) return work(undefined);
    let wrote = false;
    const result = await work(async (trx) => {
      await this.write(trx);
      wrote = true;
    });
    // A batch with no valid request opens no transaction, so nothing was written.
    if (wrote) this.committed = true;
    return result;
  }
}
