import type { ProviderHandlers } from './handler.js';

/** Each provider's inbound protocol, by provider: the integration service's routing table. */
export const PROVIDER_HANDLERS: ProviderHandlers = {};
