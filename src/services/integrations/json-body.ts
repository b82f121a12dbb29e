import { VouchError } from '../../errors.js';

/** A verified body read as JSON; one that is not is refused (400), and nothing in it is acted on. */
export function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new VouchError(
      'integration_payload_invalid',
      'The body is not JSON. Choose the JSON format for this webhook in the shop (Shopify: Format JSON).',
    );
  }
}
