import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { orderWebhookJsonSchema } from '../src/domain/shops/order-webhook.js';

/**
 * Writes docs/schemas/order-webhook.schema.json from the zod schema the webhook validates with, formatted
 * as the repository's prettier formats it. Run it after changing src/domain/shops/order-webhook.ts
 * (`npx tsx scripts/order-webhook-schema.ts`); test/unit/shops/order-webhook.test.ts fails while the
 * committed file says something else.
 */
export const ORDER_WEBHOOK_SCHEMA_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../docs/schemas/order-webhook.schema.json',
);

export async function renderOrderWebhookSchema(): Promise<string> {
  const options = (await prettier.resolveConfig(ORDER_WEBHOOK_SCHEMA_FILE)) ?? {};
  return prettier.format(JSON.stringify(orderWebhookJsonSchema()), {
    ...options,
    filepath: ORDER_WEBHOOK_SCHEMA_FILE,
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(ORDER_WEBHOOK_SCHEMA_FILE, await renderOrderWebhookSchema());
  console.log(`wrote ${path.relative(process.cwd(), ORDER_WEBHOOK_SCHEMA_FILE)}`);
}
