import { createHash, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock, RandomSource } from '../clock.js';
import { VouchError, type ErrorCode } from '../errors.js';
import { ApiKeyRepository } from '../store/repositories/api-key.repository.js';
import { OAuthTokenRepository } from '../store/repositories/oauth-token.repository.js';
import type { ApiKeyRow, Database } from '../store/schema.js';
import { newApiSecret, type BusinessService, type BusinessView } from './business.service.js';
import type { AccountService } from './account.service.js';

/** How long an access token works: 100 hours, as the hosted platform's. */
export const ACCESS_TOKEN_TTL_MS = 100 * 60 * 60 * 1000;
/** How long a refresh token can be exchanged for a new pair (Vouch decides: 30 days). */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** The grant types the token endpoint knows; `password` is a dashboard user's of the key's business. */
export const GRANT_TYPES = ['client_credentials', 'refresh_token', 'password'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** A token request as the HTTP adapter read it: the client from Basic auth (or the form), the form's fields. */
export interface TokenRequest {
  clientId: string | undefined;
  clientSecret: string | undefined;
  grantType: string | undefined;
  refreshToken?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

/**
 * The token endpoint's answer, in the hosted platform's shape: `issued_at` in epoch milliseconds and
 * `expires_in` in seconds, both as strings.
 */
export interface TokenGrant {
  access_token: string;
  refresh_token: string;
  issued_at: string;
  expires_in: string;
  refresh_token_expires_in: string;
  token_type: 'BearerToken';
}

/** Who a valid access token acts for. */
export interface TokenPrincipal {
  business: BusinessView;
  apiKeyId: string;
}

export interface RotatedSecret {
  id: string;
  prefix: string;
  secret: string;
}

export interface OAuthServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  random: RandomSource;
  businesses: BusinessService;
  /** Dashboard users, for the password grant. */
  accounts: AccountService;
}

/** RFC 6749 §5.2's error for each of Vouch's OAuth codes. */
const RFC_ERRORS = {
  oauth_invalid_request: 'invalid_request',
  oauth_invalid_client: 'invalid_client',
  oauth_invalid_grant: 'invalid_grant',
  oauth_unsupported_grant_type: 'unsupported_grant_type',
} as const satisfies Partial<Record<ErrorCode, string>>;

type OAuthCode = keyof typeof RFC_ERRORS;

/**
 * An OAuth error: a Vouch problem whose body also carries RFC 6749's `error` and `error_description`, so
 * an OAuth library and a reader of Vouch's problems both understand it.
 */
export function oauthError(code: OAuthCode, description: string): VouchError {
  return new VouchError(code, description, { error: RFC_ERRORS[code], error_description: description });
}

/**
 * The OAuth side of the hosted platform's Invitation API: API secrets, the token endpoint's grants, and
 * access tokens. Secrets and tokens are kept only as SHA-256 digests; a secret is compared in constant time.
 */
export class OAuthService {
  private readonly apiKeys: ApiKeyRepository;
  private readonly tokens: OAuthTokenRepository;

  constructor(private readonly options: OAuthServiceOptions) {
    this.apiKeys = new ApiKeyRepository(options.db);
    this.tokens = new OAuthTokenRepository(options.db);
  }

  /**
   * Gives a key (one made before secrets existed, or any other) a new secret. The old secret stops at once,
   * and so do the tokens issued with it: a secret is replaced because it may have leaked.
   */
  async rotateSecret(domainOrId: string, keyIdOrPrefix: string): Promise<RotatedSecret> {
    const business = await this.options.businesses.row(domainOrId);
    const { secret, hash } = newApiSecret(this.options.random);
    const key = await this.apiKeys.setSecret(business.id, keyIdOrPrefix.replace(/…$/, ''), hash);
    if (!key) {
      throw new VouchError(
        'api_key_not_found',
        `${business.domain} has no active API key "${keyIdOrPrefix}"; list them with: vouch api-key list --business ${business.domain}`,
      );
    }
    await this.tokens.revokeAllForKey(key.id, this.options.clock.now().getTime());
    return { id: key.id, prefix: key.prefix, secret };
  }

  /** The token endpoint: one branch per grant type. */
  async issueToken(request: TokenRequest): Promise<TokenGrant> {
    const grantType = request.grantType?.trim();
    if (!grantType) {
      throw oauthError(
        'oauth_invalid_request',
        "The form body needs grant_type: client_credentials (with your API key and secret in Basic auth), refresh_token, or password (with a dashboard user's username and password).",
      );
    }
    if (!isGrantType(grantType)) {
      throw oauthError(
        'oauth_unsupported_grant_type',
        `grant_type "${grantType}" is not supported; use client_credentials, refresh_token or password.`,
      );
    }
    switch (grantType) {
      case 'client_credentials': {
        const key = await this.authenticateClient(request);
        return this.grant(key, 'client_credentials', null);
      }
      case 'refresh_token': {
        const key = await this.authenticateClient(request);
        return this.refresh(key, request.refreshToken);
      }
      case 'password': {
        // A business user's login, through the API key of the business they belong to (the hosted
        // platform's "business user" flow): the key and secret in Basic auth, the user in the form.
        const key = await this.authenticateClient(request);
        if (!request.username || !request.password) {
          throw oauthError(
            'oauth_invalid_request',
            "grant_type=password needs the username (the dashboard user's email) and password fields.",
          );
        }
        const user = await this.options.accounts.authenticateForBusiness(
          request.username,
          request.password,
          key.business_id,
        );
        if (!user) {
          throw oauthError(
            'oauth_invalid_grant',
            "The username or password is wrong, or the user is not a member of this API key's business.",
          );
        }
        return this.grant(key, 'password', user.id);
      }
    }
  }

  /** The business and key an access token acts for; undefined when it is unknown, expired or revoked. */
  async authenticateAccessToken(token: string): Promise<TokenPrincipal | undefined> {
    if (token.length < 16 || token.length > 200) return undefined;
    const grant = await this.tokens.findByAccessHash(sha256(token));
    const now = this.options.clock.now().getTime();
    if (!grant || grant.revoked_at !== null || grant.key_revoked_at !== null || grant.expires_at <= now) {
      return undefined;
    }
    return {
      business: await this.options.businesses.get(grant.business_id),
      apiKeyId: grant.api_key_id,
    };
  }

  /** The active API key whose secret the request carries; a wrong one is `invalid_client`. */
  private async authenticateClient(request: TokenRequest): Promise<ApiKeyRow> {
    const { clientId, clientSecret } = request;
    if (!clientId || !clientSecret) {
      throw oauthError(
        'oauth_invalid_client',
        'Send your API key and its secret as Basic auth: Authorization: Basic base64(key:secret).',
      );
    }
    const key = await this.apiKeys.findActiveByHash(sha256(clientId));
    // The same digest comparison runs whether or not the key exists, so the answer's timing says nothing.
    const expected = Buffer.from(key?.secret_hash ?? UNUSABLE_DIGEST, 'hex');
    const given = createHash('sha256').update(clientSecret).digest();
    const matches = expected.length === given.length && timingSafeEqual(expected, given);
    if (key?.secret_hash === null) {
      throw oauthError(
        'oauth_invalid_client',
        `The API key ${key.prefix}… was made before API secrets existed; give it one with: vouch api-key rotate-secret --business DOMAIN ${key.prefix}`,
      );
    }
    if (!key || !matches) {
      throw oauthError(
        'oauth_invalid_client',
        'The API key is unknown or revoked, or the secret is not its secret.',
      );
    }
    await this.apiKeys.touch(key.id, this.options.clock.now().getTime());
    return key;
  }

  private async refresh(key: ApiKeyRow, refreshToken: string | undefined): Promise<TokenGrant> {
    if (!refreshToken) {
      throw oauthError('oauth_invalid_request', 'grant_type=refresh_token needs the refresh_token field.');
    }
    const now = this.options.clock.now().getTime();
    const grant = await this.tokens.findByRefreshHash(sha256(refreshToken));
    const usable =
      grant !== undefined &&
      grant.api_key_id === key.id &&
      grant.revoked_at === null &&
      grant.key_revoked_at === null &&
      grant.refresh_expires_at > now;
    // A refresh token is used once: the pair it belongs to ends as the new pair begins.
    if (!usable || !(await this.tokens.revoke(grant.id, now))) {
      throw oauthError(
        'oauth_invalid_grant',
        'The refresh token is unknown, expired, already used, or was issued to another API key; get a new token with grant_type=client_credentials.',
      );
    }
    return this.grant(key, 'refresh_token', grant.user_id);
  }

  private async grant(key: ApiKeyRow, grantType: GrantType, userId: string | null): Promise<TokenGrant> {
    const { random } = this.options;
    const now = this.options.clock.now().getTime();
    const accessToken = random.bytes(32).toString('base64url');
    const refreshToken = random.bytes(32).toString('base64url');
    await this.tokens.insert({
      id: random.uuid(),
      business_id: key.business_id,
      api_key_id: key.id,
      access_token_hash: sha256(accessToken),
      refresh_token_hash: sha256(refreshToken),
      grant_type: grantType,
      issued_at: now,
      expires_at: now + ACCESS_TOKEN_TTL_MS,
      refresh_expires_at: now + REFRESH_TOKEN_TTL_MS,
      revoked_at: null,
      user_id: userId,
    });
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      issued_at: String(now),
      expires_in: String(ACCESS_TOKEN_TTL_MS / 1000),
      refresh_token_expires_in: String(REFRESH_TOKEN_TTL_MS / 1000),
      token_type: 'BearerToken',
    };
  }
}

/** A digest no secret has (its preimage is unknown), compared against when the key does not exist. */
const UNUSABLE_DIGEST = 'f'.repeat(64);

function isGrantType(value: string): value is GrantType {
  return (GRANT_TYPES as readonly string[]).includes(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
