import { Command } from 'commander';
import { WEBHOOK_EVENTS } from '../domain/webhooks/webhooks.js';
import type {
  WebhookDeliveryView,
  WebhookSecretView,
  WebhookSubscriptionView,
} from '../services/webhook.service.js';
import { wholeNumber } from './invitations.command.js';
import { CliExit, cell, printJson, withRuntime, type CliIo } from './output.js';

function subscriptionLine(row: WebhookSubscriptionView): string {
  const status = row.status === 'active' ? 'active  ' : `${row.status}`;
  return `${row.id}  ${status}  ${cell(row.url)}  ${row.events.join(',')}${row.disabledReason ? `\n    ${cell(row.disabledReason)}` : ''}`;
}

function secretText(row: WebhookSecretView, heading: string): string {
  return `${heading}\n${subscriptionLine(row)}\nSigning secret (Standard Webhooks), shown this once; verify every delivery with it:\n${row.secret}`;
}

function deliveryLines(row: WebhookDeliveryView): string {
  const next = row.nextAttemptAt ? `  next ${row.nextAttemptAt}` : '';
  const head = `${row.id}  ${row.status.padEnd(9)} ${row.type.padEnd(21)} ${row.eventId}  ${row.attempts} attempt(s)${next}`;
  const attempts = row.log.map(
    (attempt) =>
      `    #${attempt.attempt} ${attempt.at}  ${attempt.statusCode ?? '---'}  ${attempt.durationMs} ms${attempt.replay ? '  replay' : ''}${attempt.error ? `  ${cell(attempt.error)}` : ''}`,
  );
  return [head, ...attempts].join('\n');
}

export function webhookCommand(io: CliIo): Command {
  const webhook = new Command('webhook').description(
    'send events (reviews, invitations, unsubscribes) to URLs of a business, signed with Standard Webhooks',
  );

  webhook
    .command('add')
    .description('subscribe a URL to events; prints its signing secret once')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .requiredOption('--url <url>', 'the http:// or https:// URL to POST events to')
    .requiredOption('--events <list>', `comma-separated events: ${WEBHOOK_EVENTS.join(',')}`)
    .option('--json', 'print one JSON object: { id, url, events, secret, status, createdAt }')
    .action(async (options: { business: string; url: string; events: string; json?: boolean }) => {
      const created = await withRuntime(io, (runtime) =>
        runtime.webhooks.add(options.business, { url: options.url, events: options.events }),
      );
      if (options.json) return printJson(io, created);
      io.out(secretText(created, 'Subscribed.'));
    });

  webhook
    .command('list')
    .description("list a business's webhook subscriptions (secrets are not shown)")
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--json', 'print a JSON array')
    .action(async (options: { business: string; json?: boolean }) => {
      const rows = await withRuntime(io, (runtime) => runtime.webhooks.list(options.business));
      if (options.json) return printJson(io, rows);
      io.out(rows.map(subscriptionLine).join('\n') || 'No webhook subscriptions.');
    });

  webhook
    .command('remove')
    .description('remove a subscription, with its pending deliveries and their log')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .argument('<id>', 'the subscription id (see `vouch webhook list`)')
    .action(async (id: string, options: { business: string }) => {
      await withRuntime(io, (runtime) => runtime.webhooks.remove(options.business, id));
      io.out(`Removed webhook subscription ${id}.`);
    });

  webhook
    .command('rotate-secret')
    .description('give a subscription a new signing secret; the old one also signs for 24 hours')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .argument('<id>', 'the subscription id (see `vouch webhook list`)')
    .option('--json', 'print one JSON object: { id, url, events, secret, status, createdAt }')
    .action(async (id: string, options: { business: string; json?: boolean }) => {
      const rotated = await withRuntime(io, (runtime) => runtime.webhooks.rotateSecret(options.business, id));
      if (options.json) return printJson(io, rotated);
      io.out(
        secretText(
          rotated,
          'New secret in use. For 24 hours every delivery is also signed with the old one, so switch your receiver over within a day.',
        ),
      );
    });

  webhook
    .command('deliveries')
    .description('the delivery log: events sent to the business’s URLs, newest first, with every attempt')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--subscription <id>', 'only the deliveries of this subscription')
    .option('--limit <n>', 'how many deliveries to show (at most 1000)', wholeNumber, 50)
    .option('--json', 'print a JSON array')
    .action(async (options: { business: string; subscription?: string; limit: number; json?: boolean }) => {
      const rows = await withRuntime(io, (runtime) =>
        runtime.webhooks.deliveries(options.business, {
          subscriptionId: options.subscription,
          limit: options.limit,
        }),
      );
      if (options.json) return printJson(io, rows);
      io.out(rows.map(deliveryLines).join('\n') || 'No deliveries.');
    });

  webhook
    .command('replay')
    .description('send a delivery again now, with the same webhook-id so the receiver can dedupe it')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .argument('<delivery>', 'the delivery id (see `vouch webhook deliveries`)')
    .option('--json', 'print the delivery with its log as one JSON object')
    .action(async (id: string, options: { business: string; json?: boolean }) => {
      const row = await withRuntime(io, (runtime) => runtime.webhooks.replay(options.business, id));
      const last = row.log.at(-1);
      const status = last?.statusCode ?? null;
      const delivered = status !== null && status >= 200 && status < 300;
      if (options.json) printJson(io, row);
      else
        io.out(
          `${delivered ? 'Delivered' : 'Not delivered'}: ${status ?? 'no answer'}${last?.error ? ` (${cell(last.error)})` : ''}\n${deliveryLines(row)}`,
        );
      // A script can tell from the exit code whether the receiver took it.
      if (!delivered) throw new CliExit(1);
    });

  return webhook;
}
