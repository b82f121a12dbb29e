import type { FastifyRequest } from 'fastify';
import { VouchError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import type { BusinessView } from '../../services/business.service.js';

/**
 * The business an API call acts for, from its API key: in the `apikey` header (as the hosted platform's
 * clients send it) or as `Authorization: Bearer vk_…`. The key is hashed before it is looked up.
 */
export async function authenticateBusiness(runtime: Runtime, request: FastifyRequest): Promise<BusinessView> {
  const header = request.headers.apikey;
  const bearer = /^Bearer\s+(vk_\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const key = (typeof header === 'string' ? header : undefined) ?? bearer;
  if (!key) {
    throw new VouchError(
      'unauthorized',
      'Send your API key in the apikey header (create one with: vouch api-key create --business DOMAIN).',
    );
  }
  const business = await runtime.businesses.authenticateApiKey(key.trim());
  if (!business) throw new VouchError('unauthorized', 'The API key is unknown or revoked.');
  return business;
}

/**
 * The business a call of the hosted platform's Invitation API acts for: an OAuth access token
 * (`Authorization: Bearer {access_token}`, from the token endpoint), or the business's API key alone (the
 * `apikey` header, or `Bearer vk_…`). With a token, the `apikey` header the platform's clients also send is
 * not needed. The path's `businessUnitId` must be that business's id; any other id answers 404, the same
 * whether or not such a business exists, so a caller learns nothing of other businesses.
 */
export async function authenticateBusinessUnit(
  runtime: Runtime,
  request: FastifyRequest,
  businessUnitId: string,
): Promise<BusinessView> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  let business: BusinessView;
  if (bearer !== undefined && !bearer.startsWith('vk_')) {
    const principal = await runtime.oauth.authenticateAccessToken(bearer);
    if (!principal) {
      throw new VouchError(
        'access_token_invalid',
        'The access token is unknown, expired or revoked (a revoked API key ends its tokens); get a new one from POST /v1/oauth/oauth-business-users-for-applications/accesstoken.',
      );
    }
    business = principal.business;
  } else {
    business = await authenticateBusiness(runtime, request);
  }
  if (business.id !== businessUnitId) {
    throw new VouchError(
      'business_not_found',
      `There is no business unit ${businessUnitId} for these credentials; your business unit id is the id that vouch business show DOMAIN prints.`,
    );
  }
  return business;
}
