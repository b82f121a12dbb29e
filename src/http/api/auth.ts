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
