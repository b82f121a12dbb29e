import { Command, InvalidArgumentError, Option } from 'commander';
import { normalizeEmail } from '../domain/invitations/fields.js';
import { INVITATION_KINDS, type InvitationKind } from '../domain/invitations/request.js';
import type { InvitationView } from '../services/invitation-presenter.js';
import { printJson, withRuntime, type CliIo } from './output.js';

export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number, such as 7');
  return Number(value);
}

function listLine(invitation: InvitationView): string {
  const when = invitation.sentAt
    ? `sent ${invitation.sentAt}`
    : invitation.sendAt
      ? `send ${invitation.sendAt}`
      : '';
  return `${invitation.id}  ${invitation.status.padEnd(12)} ${invitation.channel.padEnd(6)} ${invitation.email}  ${invitation.reference}  ${when}`;
}

export function invitationsCommand(io: CliIo): Command {
  const invitations = new Command('invitations').description(
    'invite customers by hand, and follow every invitation',
  );

  invitations
    .command('create')
    .description('invite one customer; goes through the same funnel as every channel (labelled Invited)')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .requiredOption('--email <email>', "the customer's email address")
    .option('--name <name>', 'the customer\'s name (the email says "customer" without one)', '')
    .requiredOption('--reference <reference>', 'the order reference')
    .addOption(
      new Option('--kind <kind>', 'a service or a product invitation')
        .choices(INVITATION_KINDS)
        .default('service'),
    )
    .option('--sku <sku...>', 'product SKUs (product invitations)')
    .option('--locale <locale>', "the customer's locale, e.g. de-DE (default: the business's)")
    .option('--delay <days>', "days to wait before sending (default: the business's delay)", wholeNumber)
    .option('--send-at <time>', 'send at this UTC time instead (ISO 8601)')
    .option('--json', 'print one JSON object')
    .action(
      async (options: {
        business: string;
        email: string;
        name: string;
        reference: string;
        kind: InvitationKind;
        sku?: string[];
        locale?: string;
        delay?: number;
        sendAt?: string;
        json?: boolean;
      }) => {
        const result = await withRuntime(io, (runtime) => {
          const sendAt = options.sendAt === undefined ? undefined : Date.parse(options.sendAt);
          return runtime.invitations.accept(options.business, {
            channel: 'manual',
            kind: options.kind,
            email: options.email,
            name: options.name,
            reference: options.reference,
            locale: options.locale,
            products: (options.sku ?? []).map((sku) => ({ sku })),
            delayDays: options.delay,
            preferredSendTime: sendAt,
          });
        });
        const summary = {
          id: result.invitation.id,
          status: result.decision,
          sendAt: result.invitation.sendAt,
          reason: result.reason,
        };
        if (options.json) return printJson(io, summary);
        io.out(`${summary.status}: ${summary.reason}\n  invitation ${summary.id}`);
      },
    );

  invitations
    .command('list')
    .description("list a business's invitations, newest first")
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--status <status>', 'only this status (scheduled, sent, failed, suppressed, …)')
    .option('--reference <reference>', 'only this order reference')
    .option('--limit <n>', 'at most this many', wholeNumber, 100)
    .option('--json', 'print a JSON array')
    .action(
      async (options: {
        business: string;
        status?: string;
        reference?: string;
        limit: number;
        json?: boolean;
      }) => {
        const list = await withRuntime(io, (runtime) =>
          runtime.invitationQueries.list(options.business, {
            limit: options.limit,
            status: options.status,
            reference: options.reference,
          }),
        );
        if (options.json) {
          return printJson(
            io,
            list.map((invitation) => ({
              id: invitation.id,
              channel: invitation.channel,
              kind: invitation.kind,
              email: invitation.email,
              name: invitation.name,
              reference: invitation.reference,
              status: invitation.status,
              sendAt: invitation.sendAt,
              reason: invitation.reason,
            })),
          );
        }
        io.out(list.length === 0 ? 'No invitations yet.' : list.map(listLine).join('\n'));
      },
    );

  invitations
    .command('show')
    .description('one invitation with its event log')
    .argument('<id>', 'the invitation id')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--json', 'print one JSON object')
    .action(async (id: string, options: { business: string; json?: boolean }) => {
      const invitation = await withRuntime(io, (runtime) =>
        runtime.invitationQueries.get(options.business, id),
      );
      if (options.json) return printJson(io, invitation);
      io.out(
        [
          listLine(invitation),
          `  label: ${invitation.label}  kind: ${invitation.kind}  attempts: ${invitation.attempts}`,
          ...(invitation.reason ? [`  reason: ${invitation.reason}`] : []),
          '  events:',
          ...invitation.events.map(
            (event) =>
              `    ${event.at}  ${event.type}${event.detail ? `  ${JSON.stringify(event.detail)}` : ''}`,
          ),
        ].join('\n'),
      );
    });

  invitations
    .command('cancel')
    .description('cancel queued invitations: one, every one of a reference, or every one of the business')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--id <id>', 'this invitation')
    .option(
      '--reference <reference>',
      'every queued invitation of this order (a cancelled or refunded order)',
    )
    .option('--all', 'every queued invitation of the business')
    .option('--json', 'print one JSON object')
    .action(
      async (options: {
        business: string;
        id?: string;
        reference?: string;
        all?: boolean;
        json?: boolean;
      }) => {
        const result = await withRuntime(io, (runtime) =>
          runtime.invitations.cancel(options.business, {
            id: options.id,
            reference: options.reference,
            all: options.all,
          }),
        );
        if (options.json) return printJson(io, result);
        io.out(`Cancelled ${result.cancelled.length} queued invitation(s).`);
      },
    );

  invitations
    .command('activity')
    .description('event counts per day: scheduled, sent, deferred, failed, clicked, reviewed, …')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--days <n>', 'how many days back', wholeNumber, 30)
    .option('--json', 'print a JSON array')
    .action(async (options: { business: string; days: number; json?: boolean }) => {
      const rows = await withRuntime(io, (runtime) =>
        runtime.invitationQueries.activity(options.business, options.days),
      );
      if (options.json) return printJson(io, rows);
      io.out(
        rows.length === 0
          ? 'No activity.'
          : rows.map((row) => `${row.day}  ${row.type.padEnd(14)} ${row.count}`).join('\n'),
      );
    });

  return invitations;
}

export function suppressionCommand(io: CliIo): Command {
  const suppression = new Command('suppression').description(
    'addresses that get no invitations: unsubscribed or bounced',
  );
  suppression
    .command('list')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--json', 'print a JSON array')
    .action(async (options: { business: string; json?: boolean }) => {
      const list = await withRuntime(io, (runtime) => runtime.suppressions.list(options.business));
      if (options.json) return printJson(io, list);
      io.out(
        list.length === 0
          ? 'No suppressed addresses.'
          : list
              .map(
                (row) =>
                  `${row.email}  ${row.reason}  (${row.global ? 'global: every business on this server' : 'this business'}, since ${row.since})`,
              )
              .join('\n'),
      );
    });
  suppression
    .command('remove')
    .description("lift this business's suppression of an address (the customer asked to be invited again)")
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .requiredOption('--email <email>', 'the address')
    .action(async (options: { business: string; email: string }) => {
      const { removed, global } = await withRuntime(io, async (runtime) => ({
        removed: await runtime.suppressions.remove(options.business, options.email),
        global: (await runtime.suppressions.list(options.business)).some(
          (row) => row.global && row.email === normalizeEmail(options.email),
        ),
      }));
      const everywhere = `${options.email} is suppressed for every business on this server (an unsubscribe from all, or a bounce), which a business cannot lift.`;
      io.out(
        global
          ? removed
            ? `This business's own suppression is lifted, but ${everywhere}`
            : everywhere
          : removed
            ? `${options.email} can be invited again.`
            : `${options.email} was not suppressed by this business.`,
      );
    });
  return suppression;
}
