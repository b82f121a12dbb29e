import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock, RandomSource } from '../clock.js';
import { DAY_MS } from '../clock.js';
import {
  DEFAULT_FREQUENCY_DAYS,
  DEFAULT_INVITATION_DELAY_DAYS,
  DEFAULT_KEY_GRACE_DAYS,
  DEFAULT_PLAN,
  normalizeBusinessDomain,
  parseSenderDomains,
  validateBusinessName,
} from '../domain/businesses/business-rules.js';
import { cleanLine } from '../domain/display-text.js';
import { parseLocale, type Locale } from '../domain/locales.js';
import { describeEmailProblem, findEmailProblem, normalizeEmail } from '../domain/invitations/fields.js';
import { VouchError } from '../errors.js';
import { decodeBglKey, LinkKeyError, type BglKeyPair } from '../links.js';
import type { StoreCapabilities } from '../store/db.js';
import { ApiKeyRepository } from '../store/repositories/api-key.repository.js';
import { BusinessRepository } from '../store/repositories/business.repository.js';
import type { BusinessRow, Database, SecretKind } from '../store/schema.js';
import { iso } from './presenting.js';

export interface BusinessSettings {
  invitationDelayDays: number;
  /** At most one invitation per customer in this many days; null invites after every purchase. */
  frequencyDays: number | null;
  reminderDays: number | null;
  /** The hour of the day (UTC, 0-23) invitations go out at; null sends as soon as the delay is over. */
  sendHour: number | null;
  /** The From name of invitation emails; null uses the business name. */
  senderName: string | null;
  /** The From address; null uses the server's own address (VOUCH_MAIL_FROM). */
  senderEmail: string | null;
  replyTo: string | null;
  /** The footer of every invitation; null uses the localised default notice. */
  legalNotice: string | null;
  trackOpens: boolean;
  /**
   * Domains besides the business's own (and their subdomains) whose addresses an AFS snippet may make the
   * sender or reply-to of an invitation; any other address in a snippet is ignored.
   */
  afsSenderDomains: string[];
}

/** A change to some settings; `null` clears a setting back to its default. */
export type BusinessSettingsChange = Partial<BusinessSettings> & { defaultLocale?: string; plan?: string };

/** A business as callers see it: no secrets. */
export interface BusinessView {
  id: string;
  name: string;
  domain: string;
  plan: string;
  defaultLocale: Locale;
  settings: BusinessSettings;
  afsAddress: string;
  createdAt: string;
}

/** What `rotate-afs-address` answers: the business with its new address, and the one that stopped. */
export interface RotatedAfsAddress extends BusinessView {
  previousAfsAddress: string;
}

export interface BusinessSecrets {
  uniqueLinkSecret: string;
  bglEncryptKey: string;
  bglAuthKey: string;
}

/** What `business create` answers: the business, its secrets, and its first API key, shown this once. */
export interface CreatedBusiness extends BusinessView, BusinessSecrets {
  apiKey: string;
  /** The first key's secret: the OAuth client secret of the hosted platform's Invitation API. */
  apiSecret: string;
}

export interface CreateBusinessInput {
  name: string;
  domain: string;
  plan?: string | undefined;
  defaultLocale?: string | undefined;
  uniqueLinkSecret?: string | undefined;
  bglEncryptKey?: string | undefined;
  bglAuthKey?: string | undefined;
}

export interface RotateKeysInput {
  kinds: readonly SecretKind[];
  graceDays?: number | undefined;
  /** A secret to rotate to, instead of a fresh random one (a business that already chose its own). */
  uniqueLinkSecret?: string | undefined;
  bglEncryptKey?: string | undefined;
  bglAuthKey?: string | undefined;
}

export interface RotatedKeys {
  uniqueLinkSecret?: string;
  bglEncryptKey?: string;
  bglAuthKey?: string;
  previousAcceptedUntil: string;
}

/** The secrets a link is checked against: the current one first, then those in their grace period. */
export interface AcceptedLinkSecrets {
  uniqueLinkSecrets: string[];
  bglKeys: BglKeyPair[];
}

export interface ApiKeyView {
  id: string;
  label: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface BusinessServiceOptions {
  db: Kysely<Database>;
  capabilities: StoreCapabilities;
  clock: Clock;
  random: RandomSource;
  afsDomain: string;
}

const API_KEY_PREFIX = 'vk_';

export class BusinessService {
  private readonly businesses: BusinessRepository;
  private readonly apiKeys: ApiKeyRepository;

  constructor(private readonly options: BusinessServiceOptions) {
    this.businesses = new BusinessRepository(options.db);
    this.apiKeys = new ApiKeyRepository(options.db);
  }

  async create(input: CreateBusinessInput): Promise<CreatedBusiness> {
    const name = validateBusinessName(input.name);
    if (!name.ok) throw new VouchError('business_name_invalid', `The name is not valid: ${name.reason}.`);
    const domain = normalizeBusinessDomain(input.domain);
    if (!domain.ok)
      throw new VouchError('business_domain_invalid', `The domain is not valid: ${domain.reason}.`);
    const defaultLocale = this.resolveLocale(input.defaultLocale);
    const plan = (input.plan ?? DEFAULT_PLAN).trim() || DEFAULT_PLAN;
    const secrets = this.chooseSecrets(input);

    const { random } = this.options;
    const now = this.options.clock.now().getTime();
    const id = random.uuid();
    const apiKey = this.newApiKey();
    const apiSecret = newApiSecret(random);
    const row: BusinessRow = {
      id,
      name: name.name,
      domain: domain.domain,
      plan,
      default_locale: defaultLocale,
      invitation_delay_days: DEFAULT_INVITATION_DELAY_DAYS,
      frequency_days: DEFAULT_FREQUENCY_DAYS,
      reminder_days: null,
      send_hour: null,
      sender_name: null,
      sender_email: null,
      reply_to: null,
      legal_notice: null,
      track_opens: 0,
      afs_sender_domains: null,
      afs_token: this.newAfsToken(),
      created_at: now,
      updated_at: now,
    };

    try {
      await this.options.db.transaction().execute(async (trx) => {
        const businesses = this.businesses.withTransaction(trx);
        if (await businesses.findByDomain(row.domain)) throw domainTaken(row.domain);
        await businesses.insert(row);
        await businesses.insertSecret(id, {
          id: random.uuid(),
          kind: 'unique_link',
          secret: secrets.uniqueLinkSecret,
          createdAt: now,
        });
        await businesses.insertSecret(id, {
          id: random.uuid(),
          kind: 'bgl',
          encryptKey: secrets.bglEncryptKey,
          authKey: secrets.bglAuthKey,
          createdAt: now,
        });
        await this.apiKeys.withTransaction(trx).insert({
          id: random.uuid(),
          business_id: id,
          label: 'created with the business',
          prefix: apiKey.prefix,
          key_hash: apiKey.hash,
          secret_hash: apiSecret.hash,
          created_at: now,
        });
      });
    } catch (error) {
      // Two creations racing past the check above meet the unique index instead.
      if (this.options.capabilities.isUniqueViolation(error)) throw domainTaken(row.domain);
      throw error;
    }
    return { ...this.present(row), ...secrets, apiKey: apiKey.key, apiSecret: apiSecret.secret };
  }

  async list(): Promise<BusinessView[]> {
    return (await this.businesses.list()).map((row) => this.present(row));
  }

  /** Finds a business by its domain (any case, a pasted URL forgiven) or by its id. */
  async get(domainOrId: string): Promise<BusinessView> {
    return this.present(await this.requireRow(domainOrId));
  }

  /** The stored row, for services that apply the business's settings (the invitation funnel). */
  async row(domainOrId: string): Promise<BusinessRow> {
    return this.requireRow(domainOrId);
  }

  /** Changes the settings a business controls: delay, frequency, reminder, sender, footer, tracking. */
  async updateSettings(domainOrId: string, change: BusinessSettingsChange): Promise<BusinessView> {
    const business = await this.requireRow(domainOrId);
    const update: Partial<BusinessRow> = {};
    const days = (value: number, field: string, min: number) => {
      if (!Number.isInteger(value) || value < min || value > 3650) {
        throw new VouchError(
          'validation_failed',
          `${SETTING_NAMES[field] ?? field} (${field}) must be a whole number of days from ${min} to 3650.`,
          { field },
        );
      }
      return value;
    };
    if (change.invitationDelayDays !== undefined) {
      update.invitation_delay_days = days(change.invitationDelayDays, 'invitationDelayDays', 0);
    }
    if (change.frequencyDays !== undefined) {
      update.frequency_days =
        change.frequencyDays === null ? null : days(change.frequencyDays, 'frequencyDays', 1);
    }
    if (change.reminderDays !== undefined) {
      update.reminder_days =
        change.reminderDays === null ? null : days(change.reminderDays, 'reminderDays', 1);
    }
    if (change.sendHour !== undefined) {
      if (
        change.sendHour !== null &&
        (!Number.isInteger(change.sendHour) || change.sendHour < 0 || change.sendHour > 23)
      ) {
        throw new VouchError(
          'validation_failed',
          `${SETTING_NAMES.sendHour} (sendHour) must be a whole hour from 0 to 23 (UTC), or empty to send as soon as the delay is over.`,
          { field: 'sendHour' },
        );
      }
      update.send_hour = change.sendHour;
    }
    if (change.senderEmail !== undefined)
      update.sender_email = this.optionalEmail(change.senderEmail, 'senderEmail');
    if (change.replyTo !== undefined) update.reply_to = this.optionalEmail(change.replyTo, 'replyTo');
    if (change.senderName !== undefined) {
      update.sender_name = optionalText(
        change.senderName === null ? null : cleanLine(change.senderName),
        'senderName',
        200,
      );
    }
    if (change.legalNotice !== undefined) {
      update.legal_notice = optionalText(change.legalNotice, 'legalNotice', 2000);
    }
    if (change.trackOpens !== undefined) update.track_opens = change.trackOpens ? 1 : 0;
    if (change.afsSenderDomains !== undefined) {
      const parsed = parseSenderDomains(change.afsSenderDomains);
      if (!parsed.ok) {
        throw new VouchError('validation_failed', `The AFS sender domains are not valid: ${parsed.reason}.`, {
          field: 'afsSenderDomains',
        });
      }
      update.afs_sender_domains = parsed.domains.length === 0 ? null : parsed.domains.join(' ');
    }
    if (change.defaultLocale !== undefined) update.default_locale = this.resolveLocale(change.defaultLocale);
    if (change.plan !== undefined) {
      const plan = change.plan.trim();
      if (plan === '' || plan.length > 64) {
        throw new VouchError('validation_failed', 'The plan name must be 1 to 64 characters.', {
          field: 'plan',
        });
      }
      update.plan = plan;
    }
    update.updated_at = this.options.clock.now().getTime();
    await this.businesses.update(business.id, update);
    return this.present({ ...business, ...update });
  }

  /**
   * Gives the business a new AFS address. The old one stops working at once: mail to it is refused (550)
   * and posts to its token answer 404. Also how an address of the old, shorter form (40 bits) gets the
   * 128 bits every new address has.
   */
  async rotateAfsAddress(domainOrId: string): Promise<RotatedAfsAddress> {
    const business = await this.requireRow(domainOrId);
    const token = this.newAfsToken();
    const now = this.options.clock.now().getTime();
    await this.businesses.replaceAfsToken(business.id, token, now);
    return {
      ...this.present({ ...business, afs_token: token, updated_at: now }),
      previousAfsAddress: this.afsAddressOf(business),
    };
  }

  private optionalEmail(value: string | null, field: string): string | null {
    if (value === null || value.trim() === '') return null;
    const email = value.trim();
    const problem = findEmailProblem(email);
    if (problem) throw new VouchError('validation_failed', describeEmailProblem(email, problem), { field });
    return normalizeEmail(email);
  }

  async secretsOf(domainOrId: string): Promise<BusinessSecrets & AcceptedLinkSecrets> {
    const business = await this.requireRow(domainOrId);
    const accepted = await this.acceptedLinkSecrets(business.id);
    return {
      uniqueLinkSecret: accepted.uniqueLinkSecrets[0] ?? '',
      bglEncryptKey: accepted.bglKeys[0]?.encryptKey ?? '',
      bglAuthKey: accepted.bglKeys[0]?.authKey ?? '',
      ...accepted,
    };
  }

  async acceptedLinkSecrets(businessId: string): Promise<AcceptedLinkSecrets> {
    const now = this.options.clock.now().getTime();
    const accepted = await this.businesses.acceptedSecrets(businessId, now);
    const unique = accepted.filter((row) => row.kind === 'unique_link');
    const bgl = accepted.filter((row) => row.kind === 'bgl');
    return {
      uniqueLinkSecrets: unique.flatMap((row) => (row.secret === null ? [] : [row.secret])),
      bglKeys: bgl.flatMap((row) =>
        row.encrypt_key === null || row.auth_key === null
          ? []
          : [{ encryptKey: row.encrypt_key, authKey: row.auth_key }],
      ),
    };
  }

  /**
   * Replaces link secrets. The previous secret keeps working for the grace period, so links already in
   * customers' mailboxes stay valid while the business deploys the new one.
   */
  async rotateKeys(domainOrId: string, input: RotateKeysInput): Promise<RotatedKeys> {
    const business = await this.requireRow(domainOrId);
    const graceDays = input.graceDays ?? DEFAULT_KEY_GRACE_DAYS;
    if (!Number.isInteger(graceDays) || graceDays < 0 || graceDays > 3650) {
      throw new VouchError(
        'validation_failed',
        'The grace period must be a whole number of days from 0 to 3650.',
        {
          field: 'graceDays',
        },
      );
    }
    const rotateUnique = input.kinds.includes('unique_link');
    const rotateBgl = input.kinds.includes('bgl');
    const fresh = this.chooseSecrets({
      uniqueLinkSecret: input.uniqueLinkSecret,
      bglEncryptKey: input.bglEncryptKey,
      bglAuthKey: input.bglAuthKey,
    });
    const now = this.options.clock.now().getTime();
    const expiresAt = now + graceDays * DAY_MS;
    const { random } = this.options;
    await this.options.db.transaction().execute(async (trx) => {
      const businesses = this.businesses.withTransaction(trx);
      if (rotateUnique) {
        await businesses.retireCurrentSecret(business.id, 'unique_link', now, expiresAt);
        await businesses.insertSecret(business.id, {
          id: random.uuid(),
          kind: 'unique_link',
          secret: fresh.uniqueLinkSecret,
          createdAt: now,
        });
      }
      if (rotateBgl) {
        await businesses.retireCurrentSecret(business.id, 'bgl', now, expiresAt);
        await businesses.insertSecret(business.id, {
          id: random.uuid(),
          kind: 'bgl',
          encryptKey: fresh.bglEncryptKey,
          authKey: fresh.bglAuthKey,
          createdAt: now,
        });
      }
    });
    return {
      ...(rotateUnique ? { uniqueLinkSecret: fresh.uniqueLinkSecret } : {}),
      ...(rotateBgl ? { bglEncryptKey: fresh.bglEncryptKey, bglAuthKey: fresh.bglAuthKey } : {}),
      previousAcceptedUntil: new Date(expiresAt).toISOString(),
    };
  }

  /**
   * Makes a new API key and its secret (the OAuth client id and secret); both are in the answer and
   * nowhere else, ever.
   */
  async createApiKey(
    domainOrId: string,
    label = 'API key',
  ): Promise<ApiKeyView & { key: string; secret: string }> {
    const business = await this.requireRow(domainOrId);
    const apiKey = this.newApiKey();
    const apiSecret = newApiSecret(this.options.random);
    const now = this.options.clock.now().getTime();
    const id = this.options.random.uuid();
    await this.apiKeys.insert({
      id,
      business_id: business.id,
      label: label.trim().slice(0, 200) || 'API key',
      prefix: apiKey.prefix,
      key_hash: apiKey.hash,
      secret_hash: apiSecret.hash,
      created_at: now,
    });
    return {
      id,
      label,
      prefix: apiKey.prefix,
      createdAt: new Date(now).toISOString(),
      lastUsedAt: null,
      revokedAt: null,
      key: apiKey.key,
      secret: apiSecret.secret,
    };
  }

  async listApiKeys(domainOrId: string): Promise<ApiKeyView[]> {
    const business = await this.requireRow(domainOrId);
    return (await this.apiKeys.listForBusiness(business.id)).map((row) => ({
      id: row.id,
      label: row.label,
      prefix: row.prefix,
      createdAt: iso(row.created_at),
      lastUsedAt: row.last_used_at === null ? null : iso(row.last_used_at),
      revokedAt: row.revoked_at === null ? null : iso(row.revoked_at),
    }));
  }

  /** Revokes a key of this business, named by its id or its prefix. */
  async revokeApiKey(domainOrId: string, keyIdOrPrefix: string): Promise<void> {
    const business = await this.requireRow(domainOrId);
    const revoked = await this.apiKeys.revoke(business.id, keyIdOrPrefix, this.options.clock.now().getTime());
    if (!revoked) {
      throw new VouchError(
        'api_key_not_found',
        `${business.domain} has no active API key "${keyIdOrPrefix}"; list them with: vouch api-key list --business ${business.domain}`,
      );
    }
  }

  /**
   * Finds the business an API key belongs to. The key is hashed before the lookup, so the comparison is
   * between digests in an index and leaks nothing about the key through timing.
   */
  async authenticateApiKey(key: string): Promise<BusinessView | undefined> {
    if (!key.startsWith(API_KEY_PREFIX)) return undefined;
    const row = await this.apiKeys.findActiveByHash(hashApiKey(key));
    if (!row) return undefined;
    // "Last used" to the minute: a write on every API call would queue behind the funnel's transactions.
    const now = this.options.clock.now().getTime();
    if (row.last_used_at === null || now - row.last_used_at >= 60_000) await this.apiKeys.touch(row.id, now);
    const business = await this.businesses.findById(row.business_id);
    return business && this.present(business);
  }

  private async requireRow(domainOrId: string): Promise<BusinessRow> {
    const normalized = normalizeBusinessDomain(domainOrId);
    const row =
      (normalized.ok ? await this.businesses.findByDomain(normalized.domain) : undefined) ??
      (await this.businesses.findById(domainOrId.trim()));
    if (!row) {
      throw new VouchError(
        'business_not_found',
        `There is no business "${domainOrId}". List them with: vouch business list`,
      );
    }
    return row;
  }

  private resolveLocale(value: string | undefined): Locale {
    if (value === undefined) return 'en-US';
    const locale = parseLocale(value);
    if (!locale) {
      throw new VouchError(
        'locale_invalid',
        `The locale "${value}" is not supported; use one such as en-GB or de-DE.`,
      );
    }
    return locale;
  }

  private chooseSecrets(input: {
    uniqueLinkSecret?: string | undefined;
    bglEncryptKey?: string | undefined;
    bglAuthKey?: string | undefined;
  }): BusinessSecrets {
    const { random } = this.options;
    if ((input.bglEncryptKey === undefined) !== (input.bglAuthKey === undefined)) {
      throw new VouchError(
        'bgl_keys_incomplete',
        'Give both BGL keys (--bgl-encrypt-key and --bgl-auth-key) or neither: a link needs the pair.',
      );
    }
    for (const [value, which] of [
      [input.bglEncryptKey, 'encrypt'],
      [input.bglAuthKey, 'auth'],
    ] as const) {
      if (value === undefined) continue;
      try {
        decodeBglKey(value, which);
      } catch (error) {
        if (error instanceof LinkKeyError) throw new VouchError('bgl_key_invalid', error.message);
        throw error;
      }
    }
    const uniqueLinkSecret = input.uniqueLinkSecret;
    if (
      uniqueLinkSecret !== undefined &&
      (uniqueLinkSecret.trim() !== uniqueLinkSecret || uniqueLinkSecret === '')
    ) {
      throw new VouchError(
        'unique_link_secret_invalid',
        'The Unique Link secret is empty or has spaces around it; give the secret exactly as your code uses it.',
      );
    }
    return {
      uniqueLinkSecret: uniqueLinkSecret ?? random.bytes(24).toString('base64url'),
      bglEncryptKey: input.bglEncryptKey ?? random.bytes(32).toString('base64'),
      bglAuthKey: input.bglAuthKey ?? random.bytes(32).toString('base64'),
    };
  }

  /** 128 random bits, hex: an AFS address is a capability, so it must not be guessable. */
  private newAfsToken(): string {
    return this.options.random.bytes(16).toString('hex');
  }

  private afsAddressOf(row: BusinessRow): string {
    return `${row.domain}+${row.afs_token}@${this.options.afsDomain}`;
  }

  private newApiKey(): { key: string; prefix: string; hash: string } {
    const key = API_KEY_PREFIX + this.options.random.bytes(32).toString('base64url');
    return { key, prefix: key.slice(0, API_KEY_PREFIX.length + 8), hash: hashApiKey(key) };
  }

  private present(row: BusinessRow): BusinessView {
    return {
      id: row.id,
      name: row.name,
      domain: row.domain,
      plan: row.plan,
      defaultLocale: parseLocale(row.default_locale) ?? 'en-US',
      settings: {
        invitationDelayDays: row.invitation_delay_days,
        frequencyDays: row.frequency_days,
        reminderDays: row.reminder_days,
        sendHour: row.send_hour,
        senderName: row.sender_name,
        senderEmail: row.sender_email,
        replyTo: row.reply_to,
        legalNotice: row.legal_notice,
        trackOpens: row.track_opens === 1,
        afsSenderDomains: senderDomainsOf(row),
      },
      afsAddress: this.afsAddressOf(row),
      createdAt: iso(row.created_at),
    };
  }
}

/** The settings in words, for messages a shop owner reads (the dashboard) beside the API's field name. */
const SETTING_NAMES: Readonly<Record<string, string>> = {
  invitationDelayDays: 'The delay before inviting',
  frequencyDays: 'The time between two invitations to one customer',
  reminderDays: 'The delay before the reminder',
  sendHour: 'The send time',
  senderName: 'The sender name',
  legalNotice: 'The legal notice',
};

function optionalText(value: string | null, field: string, max: number): string | null {
  if (value === null || value.trim() === '') return null;
  if (value.length > max) {
    throw new VouchError(
      'validation_failed',
      `${SETTING_NAMES[field] ?? field} (${field}) is longer than ${max} characters.`,
      { field },
    );
  }
  return value.trim();
}

/** The further domains a business lets AFS snippets send as, from its stored list. */
export function senderDomainsOf(row: BusinessRow): string[] {
  return (row.afs_sender_domains ?? '').split(' ').filter((domain) => domain !== '');
}

function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const API_SECRET_PREFIX = 'vs_';

/** A new API secret and the digest that is all Vouch keeps of it. */
export function newApiSecret(random: RandomSource): { secret: string; hash: string } {
  const secret = API_SECRET_PREFIX + random.bytes(32).toString('base64url');
  return { secret, hash: createHash('sha256').update(secret).digest('hex') };
}

function domainTaken(domain: string): VouchError {
  return new VouchError(
    'business_domain_taken',
    `A business with the domain ${domain} already exists; see it with: vouch business show ${domain}`,
    { domain },
  );
}
