import type { Kysely } from 'kysely';
import type { Clock, RandomSource } from '../clock.js';
import { DAY_MS } from '../clock.js';
import { AFS_TOKEN } from '../domain/afs/addresses.js';
import { extractInvitation, type AfsExtraction } from '../domain/afs/extraction.js';
import { parseInboundMail } from '../domain/afs/inbound-mail.js';
import type { InvitationRequest } from '../domain/invitations/request.js';
import { AfsRepository } from '../store/repositories/afs.repository.js';
import { BusinessRepository } from '../store/repositories/business.repository.js';
import type { AfsMessageRow, BusinessRow, Database } from '../store/schema.js';
import { cleanLine } from '../domain/display-text.js';
import { senderDomainsOf, type BusinessService } from './business.service.js';
import type { BatchOutcome, InvitationService } from './invitation.service.js';
import type { MetricsRecorder } from '../observability/metrics.js';

/** A message as stored, with its business: what processing needs. */
export interface StoredMessage {
  row: AfsMessageRow;
  business: BusinessRow;
}

/** What became of one message, as the business reads it in its list. */
export interface AfsMessageView {
  id: string;
  receivedAt: string;
  via: string;
  from: string | null;
  subject: string | null;
  status: string;
  extracted: Record<string, unknown> | null;
  decision: string | null;
  code: string | null;
  reason: string | null;
  invitationId: string | null;
}

export interface AfsServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  random: RandomSource;
  businesses: BusinessService;
  invitations: InvitationService;
  afsDomain: string;
  retentionDays: number;
  metrics?: MetricsRecorder;
}

/**
 * The Automatic Feedback Service: a business BCCs its order emails to its private address; each message
 * is stored before the sender hears 250, then read (the JSON snippet, else the To header and the subject)
 * and handed to the funnel as an `afs` invitation, labelled Verified. Whatever happens is kept with its
 * reason; nothing accepted is lost.
 */
export class AfsService {
  private readonly messages: AfsRepository;
  private readonly businessRows: BusinessRepository;
  private readonly knownSenders = new Set<string>();

  constructor(private readonly options: AfsServiceOptions) {
    this.messages = new AfsRepository(options.db);
    this.businessRows = new BusinessRepository(options.db);
  }

  /**
   * The business a recipient address belongs to: `{domain}+{token}@{afs domain}`, any case. The token is
   * 32 hex characters, or 10 for an address made before addresses had 128 bits (it works until rotated).
   */
  async businessForAddress(address: string): Promise<BusinessRow | undefined> {
    const match = /^(.+)\+([0-9a-f]+)@(.+)$/i.exec(address.trim());
    if (!match || match[3]?.toLowerCase() !== this.options.afsDomain) return undefined;
    const business = await this.businessForToken(match[2] ?? '');
    return business && business.domain === match[1]?.toLowerCase() ? business : undefined;
  }

  async businessForToken(token: string): Promise<BusinessRow | undefined> {
    return AFS_TOKEN.test(token) ? this.businessRows.findByAfsToken(token.toLowerCase()) : undefined;
  }

  /** Stores the raw message once per business it was addressed to, in one write, and answers the ids. */
  async store(
    businesses: readonly BusinessRow[],
    raw: Buffer,
    meta: { via: 'smtp' | 'http'; envelopeFrom: string | undefined },
  ): Promise<string[]> {
    return (await this.storeRows(businesses, raw, meta)).map((stored) => stored.row.id);
  }

  /** Stores like `store`, and hands back the rows with their businesses, so processing needs no reread. */
  async storeRows(
    businesses: readonly BusinessRow[],
    raw: Buffer,
    meta: { via: 'smtp' | 'http'; envelopeFrom: string | undefined },
  ): Promise<StoredMessage[]> {
    const [stored = []] = await this.storeMany([{ businesses, raw, ...meta }]);
    return stored;
  }

  /** Stores several messages in one write: the listener groups the messages that end at the same moment. */
  async storeMany(
    messages: readonly {
      businesses: readonly BusinessRow[];
      raw: Buffer;
      via: 'smtp' | 'http';
      envelopeFrom: string | undefined;
    }[],
  ): Promise<StoredMessage[][]> {
    const now = this.options.clock.now().getTime();
    const stored = messages.map((message) =>
      [...new Map(message.businesses.map((business) => [business.id, business])).values()].map(
        (business) => ({
          business,
          row: {
            id: this.options.random.uuid(),
            business_id: business.id,
            received_at: now,
            via: message.via,
            envelope_from: message.envelopeFrom?.slice(0, 254) ?? null,
            size: message.raw.length,
            raw: message.raw,
            status: 'received',
            sender: null,
            subject: null,
            extracted: null,
            decision: null,
            code: null,
            reason: null,
            invitation_id: null,
            processed_at: null,
          } satisfies AfsMessageRow,
        }),
      ),
    );
    await this.messages.insertMessages(stored.flat().map((item) => item.row));
    return stored;
  }

  /** Reads one stored message and decides; a message already processed is left as it is. */
  async process(id: string): Promise<AfsMessageView | undefined> {
    const row = await this.messages.findById(id);
    if (!row) return undefined;
    if (row.status !== 'received') return present(row);
    if (row.raw === null) {
      // Left as received, it would be picked up again at every start, for ever.
      return this.markFailed(row, 'The stored message is gone, so it cannot be read.');
    }
    const business = await this.businessRows.findById(row.business_id);
    if (!business) return undefined;
    return this.processStored({ row, business });
  }

  /** Processes a message just stored, from memory. */
  async processStored(message: StoredMessage): Promise<AfsMessageView> {
    const [view] = await this.processStoredBatch([message]);
    if (!view) throw new Error('a stored message was left unprocessed');
    return view;
  }

  /**
   * Processes messages just stored, from memory: each is read on its own, then the invitations of a
   * business are decided in one funnel batch and the results recorded in one transaction, so a burst of
   * order emails costs a few transactions, not three per message.
   */
  async processStoredBatch(messages: readonly StoredMessage[]): Promise<AfsMessageView[]> {
    const now = this.options.clock.now().getTime();
    const read = await Promise.all(
      messages.map(async (message) => {
        const mail = await parseInboundMail(message.row.raw ?? Buffer.alloc(0));
        const extraction = extractInvitation(
          mail,
          {
            domain: message.business.domain,
            afsAddress: `${message.business.domain}+${message.business.afs_token}@${this.options.afsDomain}`,
            senderDomains: senderDomainsOf(message.business),
          },
          { afsMailDomains: [this.options.afsDomain] },
        );
        return { message, mail, extraction };
      }),
    );
    for (const { message, mail, extraction } of read) {
      if (extraction.sender && (await this.isNewSender(message.business.id, extraction.sender, now))) {
        await this.messages.addAlert(
          message.business.id,
          'afs_new_sender',
          `Order emails from ${extraction.sender} now schedule invitations (first message: "${(mail.subject ?? '').slice(0, 120)}"). If you do not recognise this sender, rotate your AFS address.`,
          now,
        );
      }
    }

    // The funnel decides each business's invitations in one batch, in the order the mail arrived.
    const groups = new Map<string, { business: BusinessRow; requests: InvitationRequest[] }>();
    const slots = read.map(({ message, extraction }) => {
      if (!extraction.ok) return undefined;
      const group = groups.get(message.business.id) ?? { business: message.business, requests: [] };
      groups.set(message.business.id, group);
      const service = group.requests.push(this.request(extraction, 'service')) - 1;
      const product =
        extraction.products.length > 0
          ? group.requests.push(this.request(extraction, 'product')) - 1
          : undefined;
      return { service, product };
    });
    const outcomes = new Map<string, BatchOutcome[]>();
    for (const [businessId, group] of groups) {
      outcomes.set(businessId, await this.options.invitations.acceptBatch(group.business, group.requests));
    }

    const changes = read.map(({ message, mail, extraction }, index) => {
      const base = {
        sender: extraction.sender ?? null,
        subject: mail.subject?.slice(0, 1000) ?? null,
        processed_at: now,
      };
      const notes = [...extraction.notes, ...mail.problems];
      // What the snippet asked for and was refused (a sender outside the business's domains) is part of
      // the outcome the business reads, not only a note.
      const refused = extraction.refused.map((text) => ` ${text}`).join('');
      if (!extraction.ok) {
        return {
          row: message.row,
          change: {
            ...base,
            status: 'kept',
            code: extraction.code,
            reason: extraction.reason,
            extracted: JSON.stringify({ ...extraction.partial, notes }),
          },
        };
      }
      const extracted = JSON.stringify({ ...describe(extraction), notes });
      const slot = slots[index];
      const decided = outcomes.get(message.business.id) ?? [];
      const service = slot && decided[slot.service];
      const product = slot?.product === undefined ? undefined : decided[slot.product];
      if (!service?.ok) {
        const problem = service?.problems[0];
        return {
          row: message.row,
          change: {
            ...base,
            status: 'kept',
            extracted,
            code: problem?.code ?? 'invitation_field_invalid',
            reason: problem?.message ?? 'The invitation is not valid.',
          },
        };
      }
      const productNote =
        product === undefined
          ? ''
          : product.ok
            ? ` Product invitation: ${product.result.decision}, ${product.result.reason}`
            : ` Product invitation refused: ${product.problems[0]?.message ?? ''}`;
      return {
        row: message.row,
        change: {
          ...base,
          status: 'processed',
          extracted,
          decision: service.result.decision,
          reason: service.result.reason + productNote + refused,
          code: null,
          invitation_id: service.result.invitation.id,
        },
      };
    });
    await this.messages.updateMany(changes.map(({ row, change }) => ({ id: row.id, change })));
    const metrics = this.options.metrics;
    if (metrics?.enabled) {
      const processed = changes.filter(({ change }) => change.status === 'processed').length;
      metrics.afsMessages('processed', processed);
      metrics.afsMessages('kept', changes.length - processed);
    }
    return changes.map(({ row, change }) => present({ ...row, ...change }));
  }

  /** True the first time a business's mail comes from this address; known senders are kept in memory. */
  private async isNewSender(businessId: string, sender: string, now: number): Promise<boolean> {
    const key = `${businessId} ${sender}`;
    if (this.knownSenders.has(key)) return false;
    const first = await this.messages.rememberSender(businessId, sender, now);
    if (this.knownSenders.size >= 100_000) this.knownSenders.clear();
    this.knownSenders.add(key);
    return first;
  }

  /**
   * Processes what was stored but never processed (a stop after 250), oldest first. A message that cannot
   * be processed is marked failed with the reason and skipped: one bad message must not keep Vouch from
   * starting, which a message retried (and failing) at every start would.
   */
  async processPending(): Promise<PendingOutcome> {
    const outcome: PendingOutcome = { processed: 0, failed: [] };
    // Messages whose failure could not even be recorded; passed over so the loop ends.
    const skipped = new Set<string>();
    for (;;) {
      const ids = (await this.messages.unprocessedIds(100 + skipped.size)).filter((id) => !skipped.has(id));
      if (ids.length === 0) return outcome;
      for (const id of ids) {
        try {
          await this.process(id);
          outcome.processed++;
        } catch (error) {
          const reason = `Vouch could not process this message: ${describeError(error)}`;
          outcome.failed.push({ id, reason });
          try {
            const row = await this.messages.findById(id);
            if (row) await this.markFailed(row, reason);
            else skipped.add(id);
          } catch {
            skipped.add(id);
          }
        }
      }
      if (skipped.size > 1000) return outcome;
    }
  }

  private async markFailed(row: AfsMessageRow, reason: string): Promise<AfsMessageView> {
    const change = {
      status: 'failed',
      code: 'afs_processing_failed',
      reason,
      processed_at: this.options.clock.now().getTime(),
    };
    await this.messages.update(row.id, change);
    this.options.metrics?.afsMessages('failed', 1);
    return present({ ...row, ...change });
  }

  async list(businessRef: string, limit = 50): Promise<AfsMessageView[]> {
    const business = await this.options.businesses.row(businessRef);
    return (await this.messages.list(business.id, Math.min(Math.max(limit, 1), 1000))).map((row) =>
      present({ ...row, raw: null }),
    );
  }

  async alerts(businessRef: string) {
    const business = await this.options.businesses.row(businessRef);
    return (await this.messages.alerts(business.id, 100)).map((alert) => ({
      type: alert.type,
      message: alert.message,
      createdAt: new Date(alert.created_at).toISOString(),
    }));
  }

  /** Forgets raw messages older than the retention period. */
  purgeRaw(): Promise<number> {
    return this.messages.forgetRawBefore(
      this.options.clock.now().getTime() - this.options.retentionDays * DAY_MS,
    );
  }

  private request(
    extraction: Extract<AfsExtraction, { ok: true }>,
    kind: 'service' | 'product',
  ): InvitationRequest {
    const product = kind === 'product';
    return {
      channel: 'afs',
      kind,
      email: extraction.consumerEmail,
      name: extraction.consumerName,
      reference: extraction.reference,
      locale: extraction.locale,
      templateId: product ? extraction.productTemplateId : extraction.templateId,
      preferredSendTime: product
        ? (extraction.productPreferredSendTime ?? extraction.preferredSendTime)
        : extraction.preferredSendTime,
      senderName: extraction.senderName,
      senderEmail: extraction.senderEmail,
      replyTo: extraction.replyTo,
      tags: extraction.tags,
      products: product ? extraction.products : [],
    };
  }
}

/** What `processPending` did: how many it processed, and which it could not, with why. */
export interface PendingOutcome {
  processed: number;
  failed: { id: string; reason: string }[];
}

function describeError(error: unknown): string {
  const text = cleanLine(error instanceof Error ? error.message : String(error));
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

function describe(extraction: Extract<AfsExtraction, { ok: true }>) {
  return {
    source: extraction.source,
    consumerEmail: extraction.consumerEmail,
    consumerName: extraction.consumerName,
    reference: extraction.reference,
    locale: extraction.locale,
    templateId: extraction.templateId,
    preferredSendTime:
      extraction.preferredSendTime === undefined
        ? undefined
        : new Date(extraction.preferredSendTime).toISOString(),
    tags: extraction.tags,
    products: extraction.products,
  };
}

function present(row: AfsMessageRow): AfsMessageView {
  return {
    id: row.id,
    receivedAt: new Date(row.received_at).toISOString(),
    via: row.via,
    from: row.sender ?? row.envelope_from,
    subject: row.subject,
    status: row.status,
    extracted: row.extracted === null ? null : (JSON.parse(row.extracted) as Record<string, unknown>),
    decision: row.decision,
    code: row.code,
    reason: row.reason,
    invitationId: row.invitation_id,
  };
}
