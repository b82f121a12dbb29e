import { Command, InvalidArgumentError } from 'commander';
import {
  INTEGRATION_KINDS,
  INTEGRATION_PROVIDERS,
  type IntegrationProvider,
  type SettingsChange,
} from '../domain/shops/integrations.js';
import type { CreatedIntegration, DeliveryView, IntegrationView } from '../services/integration.service.js';
import { wholeNumber } from './invitations.command.js';
import { cell, printJson, withRuntime, type CliIo } from './output.js';

/** The Shopify Admin API version to pick in the webhook form: the stable one the fixtures are written in. */
const SHOPIFY_API_VERSION = '2025-10';

interface SettingsOptions {
  inviteOn?: string;
  cancelOn?: string;
  kinds?: string;
  delay?: string;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function settingsChange(options: SettingsOptions): SettingsChange {
  const delay = options.delay?.trim();
  return {
    ...(options.inviteOn === undefined ? {} : { inviteOn: list(options.inviteOn) }),
    ...(options.cancelOn === undefined ? {} : { cancelOn: list(options.cancelOn) }),
    ...(options.kinds === undefined ? {} : { kinds: options.kinds }),
    ...(delay === undefined ? {} : { delayDays: delay === 'business' ? null : wholeNumberOrBusiness(delay) }),
  };
}

function wholeNumberOrBusiness(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError(
      'expected a whole number of days, or "business" for the business\'s delay',
    );
  }
  return Number(value);
}

function withSettingsOptions(command: Command): Command {
  return command
    .option(
      '--invite-on <list>',
      'comma-separated events (Shopify topics, webhook events) or order statuses (WooCommerce) that invite',
    )
    .option(
      '--cancel-on <list>',
      "comma-separated events or statuses that cancel the order's queued invitations",
    )
    .option('--kinds <kinds>', `which invitations an order makes: ${INTEGRATION_KINDS.join(', ')}`)
    .option('--delay <days>', 'days after the trigger to send; "business" uses the business\'s delay');
}

/** The exact steps to paste the URL into the shop's admin, in its own menu names. */
export function setupSteps(created: CreatedIntegration, domain: string, secretGiven: boolean): string {
  const { id, url, secret } = created;
  const rotate = `npx vouch integration rotate-secret ${id} --business ${domain} --secret KEY`;
  const steps: Record<IntegrationProvider, string[]> = {
    shopify: [
      'In your Shopify admin, open Settings → Notifications → Webhooks, and click Create webhook.',
      '  Event: Order fulfillment (orders/fulfilled; or Order payment, if you chose orders/paid)',
      '  Format: JSON',
      `  URL: ${url}`,
      `  Webhook API version: ${SHOPIFY_API_VERSION} (the latest stable version)`,
      '  Click Save.',
      'Create two more webhooks with the same URL, format and version, so cancelled and refunded orders get no invitation:',
      '  Event: Order cancellation (orders/cancelled)',
      '  Event: Refund create (refunds/create)',
      secretGiven
        ? 'Vouch checks each webhook with the key you gave, the one shown under the webhooks list ("Your webhooks will be signed with …").'
        : `Shopify signs with a key of its own, shown under the webhooks list ("Your webhooks will be signed with …"). Give it to Vouch:\n  ${rotate}`,
      'Test: click ⋯ → Send test notification next to the Order fulfillment webhook, then run',
      `  npx vouch integration show ${id} --business ${domain}`,
    ],
    woocommerce: [
      'In your WordPress admin, open WooCommerce → Settings → Advanced → Webhooks, and click Add webhook.',
      '  Name: Vouch',
      '  Status: Active',
      '  Topic: Order updated',
      `  Delivery URL: ${url}`,
      `  Secret: ${secret}`,
      '  API Version: WP REST API Integration v3',
      '  Click Save webhook. WooCommerce then pings the URL; Vouch answers 200 and logs the ping.',
      'An order invites when it reaches Completed, and its queued invitations are cancelled when it becomes Cancelled, Refunded or Failed.',
      'Check what arrived with',
      `  npx vouch integration show ${id} --business ${domain}`,
    ],
    webhook: [
      'Sign each POST with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature) using the secret below,',
      `and send the order events of docs/integrations.md to ${url}`,
      `Secret: ${secret}`,
    ],
    // The plugins post to API_URL . key . '/invitation': the URL's last segment is the key.
    plugin: [
      "In your fork of the hosted platform's plugin, set the API URL constant to",
      `  ${url.slice(0, url.lastIndexOf('/') + 1)}`,
      '  (WooCommerce: TRUSTPILOT_API_URL in Trustpilot/config.php; Magento 2: TRUSTPILOT_API_URL in Model/Config.php)',
      "and the plugin's integration key (general.key in its settings) to",
      `  ${url.slice(url.lastIndexOf('/') + 1)}`,
      'It then posts to …/api/{key}/invitation and /batchinvitations. The key is its only credential: keep it private.',
      'See "A fork of the hosted platform\'s plugin" in docs/integrations.md.',
    ],
  };
  return [
    `Integration ${id} (${created.provider}) added.`,
    `Inbound URL: ${url}`,
    '',
    ...steps[created.provider],
  ].join('\n');
}

function viewLine(view: IntegrationView): string {
  const { settings } = view;
  const delay = settings.delayDays === null ? "business's delay" : `${settings.delayDays} day(s)`;
  return `${view.id}  ${view.provider.padEnd(11)} ${view.url}\n    invites on ${settings.inviteOn.join(',') || '-'}; cancels on ${settings.cancelOn.join(',') || '-'}; ${settings.kinds}; ${delay}`;
}

function deliveryLine(delivery: DeliveryView): string {
  const order = delivery.reference ?? delivery.orderId ?? '';
  return `  ${delivery.receivedAt}  ${String(delivery.status).padEnd(3)} ${delivery.signature.padEnd(12)} ${delivery.decision.padEnd(14)} ${cell(delivery.topic ?? '-')}  ${cell(order)}\n      ${cell(delivery.reason ?? '')}`;
}

export function integrationCommand(io: CliIo): Command {
  const integration = new Command('integration').description(
    "connect a shop (Shopify, WooCommerce, a signed webhook, the hosted platform's plugin) so its orders invite",
  );

  withSettingsOptions(
    integration
      .command('add')
      .description('make an inbound URL and secret for a shop; prints the steps to paste them in its admin')
      .requiredOption('--business <domain>', 'the business, by domain or id')
      .requiredOption('--provider <provider>', INTEGRATION_PROVIDERS.join('|'))
      .option(
        '--secret <secret>',
        "keep a signing key the platform made (Shopify's admin shows the one it signs with)",
      )
      .option('--json', 'print one JSON object: { id, provider, url, secret }'),
  ).action(
    async (
      options: SettingsOptions & { business: string; provider: string; secret?: string; json?: boolean },
    ) => {
      const created = await withRuntime(io, (runtime) =>
        runtime.integrations.create(options.business, {
          provider: options.provider,
          secret: options.secret,
          settings: settingsChange(options),
        }),
      );
      if (options.json) {
        const { id, provider, url, secret } = created;
        return printJson(io, { id, provider, url, secret });
      }
      io.out(setupSteps(created, options.business, options.secret !== undefined));
    },
  );

  integration
    .command('list')
    .description("list a business's integrations (URLs cut after their first characters)")
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--json', 'print a JSON array')
    .action(async (options: { business: string; json?: boolean }) => {
      const rows = await withRuntime(io, (runtime) => runtime.integrations.list(options.business));
      if (options.json) return printJson(io, rows);
      io.out(rows.map(viewLine).join('\n') || 'No integrations.');
    });

  integration
    .command('show')
    .description(
      'show one integration and its recent deliveries: what arrived, its signature, what it became',
    )
    .argument('<id>', 'the integration id')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--limit <n>', 'how many recent deliveries', wholeNumber, 20)
    .option('--json', 'print one JSON object with its deliveries')
    .action(async (id: string, options: { business: string; limit: number; json?: boolean }) => {
      const shown = await withRuntime(io, (runtime) =>
        runtime.integrations.show(options.business, id, options.limit),
      );
      if (options.json) return printJson(io, shown);
      io.out(
        [viewLine(shown), 'Recent deliveries:', ...shown.deliveries.map(deliveryLine)].join('\n') +
          (shown.deliveries.length === 0 ? '\n  none yet' : ''),
      );
    });

  withSettingsOptions(
    integration
      .command('set')
      .description('change what an integration decides: which events invite or cancel, the kinds, the delay')
      .argument('<id>', 'the integration id')
      .requiredOption('--business <domain>', 'the business, by domain or id')
      .option('--json', 'print one JSON object'),
  ).action(async (id: string, options: SettingsOptions & { business: string; json?: boolean }) => {
    const view = await withRuntime(io, (runtime) =>
      runtime.integrations.configure(options.business, id, settingsChange(options)),
    );
    if (options.json) return printJson(io, view);
    io.out(viewLine(view));
  });

  integration
    .command('rotate-secret')
    .description(
      'give an integration a new signing secret (or the one the platform shows), and optionally a new URL',
    )
    .argument('<id>', 'the integration id')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--secret <secret>', 'the key the platform signs with, instead of a new one made by Vouch')
    .option('--new-url', 'make a new inbound URL too; the old one answers 404 from then on')
    .option('--json', 'print one JSON object: { id, provider, url, secret }')
    .action(
      async (
        id: string,
        options: { business: string; secret?: string; newUrl?: boolean; json?: boolean },
      ) => {
        const rotated = await withRuntime(io, (runtime) =>
          runtime.integrations.rotateSecret(options.business, id, {
            secret: options.secret,
            newUrl: options.newUrl,
          }),
        );
        if (options.json) return printJson(io, rotated);
        io.out(
          `Integration ${rotated.id}: new signing secret, shown this once:\n${rotated.secret}\nInbound URL: ${rotated.url}`,
        );
      },
    );

  integration
    .command('remove')
    .description('remove an integration and its delivery log; its URL answers 404 from then on')
    .argument('<id>', 'the integration id')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--json', 'print { "removed": id }')
    .action(async (id: string, options: { business: string; json?: boolean }) => {
      await withRuntime(io, (runtime) => runtime.integrations.remove(options.business, id));
      if (options.json) return printJson(io, { removed: id });
      io.out(`Removed integration ${id}.`);
    });

  return integration;
}
