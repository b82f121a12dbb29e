import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock, RandomSource } from '../clock.js';
import { DAY_MS } from '../clock.js';
import { findEmailProblem, normalizeEmail } from '../domain/invitations/fields.js';
import { parseLocale, type Locale } from '../domain/locales.js';
import { VouchError } from '../errors.js';
import type { MailTransport } from '../mail/transport.js';
import { escapeHtml } from '../shared/escape-html.js';
import {
  DECOY_HASH,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from '../shared/password.js';
import { AccountRepository, type MembershipWithBusiness } from '../store/repositories/account.repository.js';
import { OAuthTokenRepository } from '../store/repositories/oauth-token.repository.js';
import type { Database, UserRow } from '../store/schema.js';
import type { BusinessService } from './business.service.js';

export const ROLES = ['owner', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** How long a login lasts before the password is asked again. */
export const SESSION_TTL_MS = 14 * DAY_MS;
/** How long a one-time link works: a reset is urgent, a setup link or an invite may wait for the weekend. */
const LINK_TTL_MS: Record<LinkPurpose, number> = {
  reset: 60 * 60 * 1000,
  setup: 7 * DAY_MS,
  invite: 7 * DAY_MS,
};

const LINK_PURPOSES = ['setup', 'reset', 'invite'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

export interface UserView {
  id: string;
  email: string;
  name: string;
  operator: boolean;
  /** True once a password is set; an invited user who has not followed the link has none. */
  hasPassword: boolean;
  locale: Locale | null;
  createdAt: string;
}

export interface UserWithMemberships extends UserView {
  memberships: { businessId: string; domain: string; name: string; role: Role }[];
}

/** A logged-in browser's user, as every dashboard request sees it. */
export interface SessionUser {
  sessionId: string;
  user: UserView;
  memberships: MembershipWithBusiness[];
}

export interface CreateUserInput {
  email: string;
  name?: string | undefined;
  /** Without one, the answer carries a one-time link where the user chooses it. */
  password?: string | undefined;
  operator?: boolean | undefined;
  business?: string | undefined;
  role?: string | undefined;
}

export interface CreatedUser {
  user: UserWithMemberships;
  /** The one-time link to choose a password, when none was given. */
  setupLink?: string;
}

export interface AccountServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  random: RandomSource;
  businesses: BusinessService;
  mailTransport: () => MailTransport;
  publicUrl: URL;
  mailFrom: string;
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new VouchError(
      'password_too_short',
      `The password has ${password.length} characters; choose one of at least ${MIN_PASSWORD_LENGTH} (a few words make a good one).`,
    );
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new VouchError(
      'password_too_long',
      `The password has ${password.length} characters; at most ${MAX_PASSWORD_LENGTH} are accepted.`,
    );
  }
}

export function parseRole(role: string): Role {
  if ((ROLES as readonly string[]).includes(role)) return role as Role;
  throw new VouchError('user_role_invalid', `"${role}" is not a role; use owner or member.`);
}

/**
 * Dashboard accounts: users and their passwords (scrypt), memberships of businesses, server-side sessions,
 * and one-time links (first-run setup, password reset, team invite) sent through the mail transport.
 * Session and link tokens are random and stored only as SHA-256 digests.
 */
export class AccountService {
  private readonly accounts: AccountRepository;

  constructor(private readonly options: AccountServiceOptions) {
    this.accounts = new AccountRepository(options.db);
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  async hasUsers(): Promise<boolean> {
    return (await this.accounts.countUsers()) > 0;
  }

  async createUser(input: CreateUserInput): Promise<CreatedUser> {
    const email = this.checkEmail(input.email);
    if (input.password !== undefined) checkPassword(input.password);
    const role = input.business === undefined ? undefined : parseRole(input.role ?? 'owner');
    const business =
      input.business === undefined ? undefined : await this.options.businesses.row(input.business);
    if (await this.accounts.findUserByEmail(email)) {
      throw new VouchError('user_email_taken', `${email} already has an account; use another address.`);
    }
    const now = this.now();
    const id = this.options.random.uuid();
    const passwordHash =
      input.password === undefined ? null : await hashPassword(input.password, this.options.random.bytes(16));
    await this.options.db.transaction().execute(async (trx) => {
      const accounts = this.accounts.withTransaction(trx);
      await accounts.insertUser({
        id,
        email,
        name: (input.name ?? '').trim().slice(0, 200),
        password_hash: passwordHash,
        operator: input.operator ? 1 : 0,
        locale: null,
        created_at: now,
        updated_at: now,
      });
      if (business && role) {
        await accounts.upsertMembership({ user_id: id, business_id: business.id, role, created_at: now });
      }
    });
    const user = await this.userWithMemberships(id);
    if (passwordHash !== null) return { user };
    return { user, setupLink: await this.issueLink(id, 'setup') };
  }

  /**
   * The first operator, made from the home page of a fresh installation. Refused once any user exists, so
   * the form cannot be replayed to add a second operator.
   */
  async createFirstOperator(input: { email: string; password: string; name?: string }): Promise<UserView> {
    if (await this.hasUsers()) {
      throw new VouchError('setup_not_allowed', 'Vouch already has a user; log in instead.');
    }
    const created = await this.createUser({ ...input, operator: true });
    return created.user;
  }

  async listUsers(): Promise<UserWithMemberships[]> {
    const rows = await this.accounts.listUsers();
    return Promise.all(rows.map((row) => this.userWithMemberships(row.id)));
  }

  async findUser(emailOrId: string): Promise<UserWithMemberships> {
    const row =
      (await this.accounts.findUserByEmail(normalizeEmail(emailOrId))) ??
      (await this.accounts.findUserById(emailOrId.trim()));
    if (!row) throw new VouchError('user_not_found', `No user has the email or id "${emailOrId}".`);
    return this.userWithMemberships(row.id);
  }

  /**
   * The CLI's reset: sets the given password (and ends the user's sessions), or answers a one-time link to
   * choose one.
   */
  async resetPassword(emailOrId: string, password?: string): Promise<{ user: UserView; link?: string }> {
    const user = await this.findUser(emailOrId);
    if (password === undefined) return { user, link: await this.issueLink(user.id, 'reset') };
    await this.setPassword(user.id, password);
    return { user };
  }

  /** Checks an email and password; the same time and answer whether the email is unknown or the password wrong. */
  async login(
    email: string,
    password: string,
    userAgent?: string,
  ): Promise<{ token: string; user: UserView }> {
    const user = await this.checkCredentials(email, password);
    if (!user)
      throw new VouchError('login_failed', 'The email or password is wrong. Check both and try again.');
    const token = this.options.random.bytes(32).toString('base64url');
    const now = this.now();
    await this.accounts.insertSession({
      id: digest(token),
      user_id: user.id,
      created_at: now,
      expires_at: now + SESSION_TTL_MS,
      user_agent: userAgent?.slice(0, 300) ?? null,
    });
    return { token, user: this.present(user) };
  }

  /** The user of a password grant (the hosted platform's OAuth), when they belong to the business. */
  async authenticateForBusiness(
    email: string,
    password: string,
    businessId: string,
  ): Promise<UserView | undefined> {
    const user = await this.checkCredentials(email, password);
    if (!user) return undefined;
    if (user.operator === 1 || (await this.accounts.findMembership(user.id, businessId)))
      return this.present(user);
    return undefined;
  }

  /** Re-asks the password of a logged-in user before showing a secret. */
  async confirmPassword(userId: string, password: string): Promise<boolean> {
    const user = await this.accounts.findUserById(userId);
    if (!user?.password_hash || password.length > MAX_PASSWORD_LENGTH) {
      await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH), DECOY_HASH);
      return false;
    }
    return verifyPassword(password, user.password_hash);
  }

  private async checkCredentials(email: string, password: string): Promise<UserRow | undefined> {
    const user = await this.accounts.findUserByEmail(normalizeEmail(email));
    if (!user?.password_hash || password.length > MAX_PASSWORD_LENGTH) {
      // The same work as a real check, so the answer's timing does not tell which emails have accounts.
      await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH), DECOY_HASH);
      return undefined;
    }
    return (await verifyPassword(password, user.password_hash)) ? user : undefined;
  }

  async session(token: string): Promise<SessionUser | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const row = await this.accounts.findSession(digest(token), this.now());
    if (!row) return undefined;
    return {
      sessionId: row.session_id,
      user: this.present({ ...row, created_at: 0 }),
      memberships: await this.accounts.membershipsOfUser(row.id),
    };
  }

  async logout(token: string): Promise<void> {
    await this.accounts.deleteSession(digest(token));
  }

  /** Ends every session of the user, this browser's included. */
  async logoutEverywhere(userId: string): Promise<number> {
    return this.accounts.deleteSessionsOfUser(userId);
  }

  /** The role a user has in a business: operators act as owners of every business. */
  async roleIn(user: UserView, businessId: string): Promise<Role | undefined> {
    if (user.operator) return 'owner';
    const membership = await this.accounts.findMembership(user.id, businessId);
    return membership ? parseRole(membership.role) : undefined;
  }

  async setLocale(userId: string, locale: string | null): Promise<void> {
    await this.accounts.updateUser(userId, {
      locale: locale === null ? null : (parseLocale(locale) ?? null),
      updated_at: this.now(),
    });
  }

  /**
   * "Forgot your password": mails a one-time link when the address has an account, and answers the same
   * either way, so the form does not tell who has an account.
   */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.accounts.findUserByEmail(normalizeEmail(email));
    if (!user) return;
    const link = await this.issueLink(user.id, 'reset');
    await this.mail(user.email, 'Reset your Vouch password', [
      'Someone (we hope you) asked to reset the password of your Vouch account.',
      `Choose a new password here within the hour: ${link}`,
      'If it was not you, ignore this email: your password stays as it is.',
    ]);
  }

  /** What a one-time link is for, while it still works. */
  async peekLink(token: string): Promise<{ purpose: LinkPurpose; email: string } | undefined> {
    const found = await this.usableLink(token);
    if (!found) return undefined;
    const user = await this.accounts.findUserById(found.user_id);
    return user && { purpose: found.purpose as LinkPurpose, email: user.email };
  }

  /** Follows a one-time link: sets the password, ends older sessions, and answers the user. */
  async usePasswordLink(token: string, password: string): Promise<UserView> {
    checkPassword(password);
    const found = await this.usableLink(token);
    if (!found || !(await this.accounts.useToken(found.id, this.now()))) {
      throw new VouchError('password_link_invalid', 'This link was used or has expired; ask for a new one.');
    }
    await this.setPassword(found.user_id, password);
    const user = await this.accounts.findUserById(found.user_id);
    if (!user) throw new VouchError('password_link_invalid', 'This link names no user any more.');
    return this.present(user);
  }

  async changePassword(userId: string, current: string, next: string): Promise<void> {
    if (!(await this.confirmPassword(userId, current))) {
      throw new VouchError('login_failed', 'The current password is wrong.');
    }
    await this.setPassword(userId, next);
  }

  private async setPassword(userId: string, password: string): Promise<void> {
    checkPassword(password);
    const hash = await hashPassword(password, this.options.random.bytes(16));
    const now = this.now();
    await this.accounts.updateUser(userId, { password_hash: hash, updated_at: now });
    // A new password ends every session and every unused link: whoever knew the old one, or holds a link
    // mailed or printed before, is out.
    await this.accounts.deleteSessionsOfUser(userId);
    for (const purpose of LINK_PURPOSES) await this.accounts.expireTokens(userId, purpose, now);
    // And the API tokens a password grant gave them.
    await new OAuthTokenRepository(this.options.db).revokeAllForUser(userId, now);
  }

  // The team of one business.

  async members(businessId: string) {
    const rows = await this.accounts.membersOfBusiness(businessId);
    return rows.map((row) => ({
      userId: row.user_id,
      email: row.email,
      name: row.name,
      role: parseRole(row.role),
      pending: row.password_hash === null,
      since: new Date(row.created_at).toISOString(),
    }));
  }

  /**
   * Invites someone to a business: their account is made if they have none, and they get an email with a
   * link (to choose a password, or to log in when they already have one).
   */
  async invite(businessId: string, input: { email: string; role: string; invitedBy: string }): Promise<void> {
    const email = this.checkEmail(input.email);
    const role = parseRole(input.role);
    const business = await this.options.businesses.row(businessId);
    const now = this.now();
    let user = await this.accounts.findUserByEmail(email);
    if (!user) {
      await this.accounts.insertUser({
        id: this.options.random.uuid(),
        email,
        password_hash: null,
        locale: null,
        created_at: now,
        updated_at: now,
      });
      user = await this.accounts.findUserByEmail(email);
    }
    if (!user) throw new VouchError('user_not_found', `Could not make an account for ${email}.`);
    await this.accounts.upsertMembership({
      user_id: user.id,
      business_id: business.id,
      role,
      created_at: now,
    });
    const link =
      user.password_hash === null ? await this.issueLink(user.id, 'invite') : `${this.base()}/login`;
    await this.mail(email, `${input.invitedBy} invited you to ${business.name} on Vouch`, [
      `${input.invitedBy} invited you to see ${business.name}'s reviews and invitations on Vouch, as ${role}.`,
      user.password_hash === null
        ? `Choose your password here (the link works for 7 days): ${link}`
        : `Log in with your existing account: ${link}`,
    ]);
  }

  async setRole(businessId: string, userId: string, role: string): Promise<void> {
    const next = parseRole(role);
    const current = await this.accounts.findMembership(userId, businessId);
    if (!current) throw new VouchError('user_not_found', 'That user is not in this business.');
    if (current.role === 'owner' && next !== 'owner') await this.keepAnOwner(businessId);
    await this.accounts.upsertMembership({ ...current, role: next });
  }

  async removeMember(businessId: string, userId: string): Promise<void> {
    const current = await this.accounts.findMembership(userId, businessId);
    if (!current) throw new VouchError('user_not_found', 'That user is not in this business.');
    if (current.role === 'owner') await this.keepAnOwner(businessId);
    await this.accounts.deleteMembership(userId, businessId);
    // Their password-grant tokens for this business end with their place in it.
    await new OAuthTokenRepository(this.options.db).revokeAllForUser(userId, this.now(), businessId);
  }

  /** Adds a user to a business directly (the operator making a business for themselves). */
  async addMembership(userId: string, businessId: string, role: Role): Promise<void> {
    await this.accounts.upsertMembership({
      user_id: userId,
      business_id: businessId,
      role,
      created_at: this.now(),
    });
  }

  private async keepAnOwner(businessId: string): Promise<void> {
    if ((await this.accounts.countOwners(businessId)) <= 1) {
      throw new VouchError(
        'last_owner',
        'This is the last owner of the business; make someone else owner first.',
      );
    }
  }

  private checkEmail(raw: string): string {
    const email = normalizeEmail(raw);
    const problem = findEmailProblem(email);
    if (problem) {
      throw new VouchError(
        'user_email_invalid',
        `"${raw}" is not an email address, such as jane@example.com.`,
      );
    }
    return email;
  }

  private async issueLink(userId: string, purpose: LinkPurpose): Promise<string> {
    const token = this.options.random.bytes(32).toString('base64url');
    const now = this.now();
    await this.accounts.expireTokens(userId, purpose, now);
    await this.accounts.insertToken({
      id: digest(token),
      user_id: userId,
      purpose,
      created_at: now,
      expires_at: now + LINK_TTL_MS[purpose],
      used_at: null,
    });
    return `${this.base()}/password/${token}`;
  }

  private async usableLink(token: string) {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    return this.accounts.findUsableToken(digest(token), this.now());
  }

  private base(): string {
    return this.options.publicUrl.href.replace(/\/$/, '');
  }

  private async mail(to: string, subject: string, paragraphs: string[]): Promise<void> {
    await this.options.mailTransport().send({
      from: { name: 'Vouch', address: this.options.mailFrom },
      to: { name: '', address: to },
      subject,
      text: paragraphs.join('\n\n'),
      html: `<!doctype html><html><body>${paragraphs
        .map(
          (paragraph) =>
            `<p>${escapeHtml(paragraph).replace(/(https?:\/\/\S+)/g, '<a href="$1">$1</a>')}</p>`,
        )
        .join('')}</body></html>`,
      messageId: `account-${this.options.random.uuid()}@${this.options.publicUrl.hostname}`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  }

  private async userWithMemberships(id: string): Promise<UserWithMemberships> {
    const row = await this.accounts.findUserById(id);
    if (!row) throw new VouchError('user_not_found', `No user has the id "${id}".`);
    const memberships = await this.accounts.membershipsOfUser(id);
    return {
      ...this.present(row),
      memberships: memberships.map((m) => ({
        businessId: m.business_id,
        domain: m.business_domain,
        name: m.business_name,
        role: parseRole(m.role),
      })),
    };
  }

  private present(
    row: Pick<UserRow, 'id' | 'email' | 'name' | 'operator' | 'password_hash' | 'locale' | 'created_at'>,
  ): UserView {
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      operator: row.operator === 1,
      hasPassword: row.password_hash !== null,
      locale: row.locale === null ? null : (parseLocale(row.locale) ?? null),
      createdAt: new Date(row.created_at).toISOString(),
    };
  }
}
