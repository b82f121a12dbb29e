import { hmacSha256Base64Matches, singleHeader } from '../../domain/shops/signatures.js';
import type { InboundRequest, IntegrationContext, Verification } from './handler.js';

/** Where a shop puts its topic, signature and delivery id, and what to tell a sender whose signature fails. */
export interface HmacHeaders {
  topic: string;
  signature: string;
  deliveryId: string;
  /** Said when the signature header is absent. */
  missing: string;
  /** Said when the signature does not match the body. */
  mismatch: string;
}

/**
 * Shopify and WooCommerce sign alike: a base64 HMAC-SHA256 of the raw body in one header, compared in
 * constant time. Only the header names and the advice differ.
 */
export function verifyHmacHeaders(
  headers: HmacHeaders,
  integration: IntegrationContext,
  request: InboundRequest,
): Verification {
  const topic = singleHeader(request.headers[headers.topic]);
  const signature = singleHeader(request.headers[headers.signature]);
  if (signature === undefined) {
    return {
      ok: false,
      signature: 'missing',
      topic,
      code: 'integration_signature_missing',
      message: headers.missing,
    };
  }
  if (!hmacSha256Base64Matches(integration.secret, request.body, signature)) {
    return {
      ok: false,
      signature: 'invalid',
      topic,
      code: 'integration_signature_invalid',
      message: headers.mismatch,
    };
  }
  return {
    ok: true,
    signature: 'valid',
    topic,
    deliveryId: singleHeader(request.headers[headers.deliveryId]),
  };
}
