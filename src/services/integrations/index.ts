import type { ProviderHandlers } from './handler.js';
import { pluginHandler } from './plugin.handler.js';
import { standardWebhookHandler } from './standard-webhook.handler.js';
import { shopifyHandler } from './shopify.handler.js';
import { wooCommerceHandler } from './woocommerce.handler.js';

/** Each provider's inbound protocol, by provider: the integration service's routing table. */
export const PROVIDER_HANDLERS: ProviderHandlers = {
  webhook: standardWebhookHandler,
  plugin: pluginHandler,
  shopify: shopifyHandler,
  woocommerce: wooCommerceHandler,
};
