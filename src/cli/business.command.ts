import { Command, Option } from 'commander';
import type { BusinessSettingsChange, BusinessView } from '../services/business.service.js';
import { wholeNumber } from './invitations.command.js';
import type { SecretKind } from '../store/schema.js';
import { cell, CliExit, printJson, withRuntime, type CliIo } from './output.js';

function describe(business: BusinessView): string {
  const { settings } = business;
  return [
    `${cell(business.name)} (${business.domain})`,
    `  id:              ${business.id}`,
    `  plan:            ${business.plan}`,
    `  default locale:  ${business.defaultLocale}`,
    `  invite after:    ${settings.invitationDelayDays} day(s)`,
    `  frequency:       ${settings.frequencyDays === null ? 'after every purchase' : `at most once per ${settings.frequencyDays} days per customer`}`,
    `  reminder:        ${settings.reminderDays === null ? 'off' : `${settings.reminderDays} day(s) after sending`}`,
    `  send time:       ${settings.sendHour === null ? 'as soon as the delay is over' : `${String(settings.sendHour).padStart(2, '0')}:00 UTC`}`,
    `  sender:          ${cell(settings.senderName ?? business.name)} <${settings.senderEmail ?? 'the server address (VOUCH_MAIL_FROM)'}>${settings.replyTo ? `, reply to ${settings.replyTo}` : ''}`,
    `  legal notice:    ${settings.legalNotice ?? 'the localised default'}`,
    `  open tracking:   ${settings.trackOpens ? 'on' : 'off'}`,
    `  AFS address:     ${business.afsAddress}`,
    `  AFS senders:     ${business.domain} and its subdomains${settings.afsSenderDomains.map((domain) => `, ${domain}`).join('')}`,
    `  created:         ${business.createdAt}`,
  ].join('\n');
}

export function businessCommand(io: CliIo): Command {
  const business = new Command('business').description(
    'create and inspect businesses and their link secrets',
  );

  business
    .command('create')
    .description('create a business; prints its link secrets, BCC address and first API key (shown once)')
    .requiredOption('--name <name>', 'the business name shown to customers')
    .requiredOption('--domain <domain>', 'its web domain, e.g. acme.example (unique)')
    .option('--plan <plan>', 'the plan, which sets the monthly invitation cap', 'unlimited')
    .option('--locale <locale>', 'the default locale of its pages and emails', 'en-US')
    .option(
      '--unique-link-secret <secret>',
      'keep an existing Unique Link secret, so existing links keep working',
    )
    .option('--bgl-encrypt-key <base64>', 'keep an existing BGL encryption key (32 bytes, base64)')
    .option('--bgl-auth-key <base64>', 'keep an existing BGL authentication key (32 bytes, base64)')
    .option('--json', 'print one JSON object')
    .action(
      async (options: {
        name: string;
        domain: string;
        plan: string;
        locale: string;
        uniqueLinkSecret?: string;
        bglEncryptKey?: string;
        bglAuthKey?: string;
        json?: boolean;
      }) => {
        const created = await withRuntime(io, (runtime) =>
          runtime.businesses.create({
            name: options.name,
            domain: options.domain,
            plan: options.plan,
            defaultLocale: options.locale,
            uniqueLinkSecret: options.uniqueLinkSecret,
            bglEncryptKey: options.bglEncryptKey,
            bglAuthKey: options.bglAuthKey,
          }),
        );
        if (options.json) return printJson(io, created);
        io.out(
          [
            describe(created),
            '',
            'Link secrets (keep them private; `vouch business show --secrets` prints them again):',
            `  Unique Link secret:  ${created.uniqueLinkSecret}`,
            `  BGL encryption key:  ${created.bglEncryptKey}`,
            `  BGL auth key:        ${created.bglAuthKey}`,
            '',
            `API key (shown this once; store it now): ${created.apiKey}`,
            `API secret (the OAuth client secret, shown this once): ${created.apiSecret}`,
          ].join('\n'),
        );
      },
    );

  business
    .command('list')
    .description('list every business')
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }) => {
      const all = await withRuntime(io, (runtime) => runtime.businesses.list());
      if (options.json) return printJson(io, all);
      if (all.length === 0)
        return io.out('No businesses yet. Create one with: vouch business create --name N --domain D');
      io.out(
        all
          .map((b) => `${b.domain.padEnd(32)} ${cell(b.name).padEnd(28)} ${cell(b.plan).padEnd(12)} ${b.id}`)
          .join('\n'),
      );
    });

  business
    .command('show')
    .description('show one business by domain or id')
    .argument('<domain>', 'the business domain or id')
    .option('--secrets', 'also print the link secrets accepted now (current first)')
    .option('--json', 'print one JSON object')
    .action(async (domain: string, options: { secrets?: boolean; json?: boolean }) => {
      const shown = await withRuntime(io, async (runtime) => ({
        ...(await runtime.businesses.get(domain)),
        ...(options.secrets ? await runtime.businesses.secretsOf(domain) : {}),
      }));
      if (options.json) return printJson(io, shown);
      const lines = [describe(shown)];
      if (shown.uniqueLinkSecrets && shown.bglKeys) {
        lines.push(
          '',
          'Accepted Unique Link secrets (current first):',
          ...shown.uniqueLinkSecrets.map((s) => `  ${s}`),
        );
        lines.push(
          'Accepted BGL key pairs (current first):',
          ...shown.bglKeys.map((k) => `  encrypt ${k.encryptKey}  auth ${k.authKey}`),
        );
      }
      io.out(lines.join('\n'));
    });

  business
    .command('settings')
    .description('change delay, frequency, reminder, sender and footer; prints the business afterwards')
    .argument('<domain>', 'the business domain or id')
    .option(
      '--delay-days <days>',
      'days after the purchase before the invitation goes out (0 = at once)',
      wholeNumber,
    )
    .option('--frequency-days <days>', 'invite a customer at most once in this many days', wholeNumber)
    .option('--every-purchase', 'invite after every purchase (no frequency limit)')
    .option(
      '--reminder-days <days>',
      'remind once, this many days after sending, if no review came',
      wholeNumber,
    )
    .option('--no-reminder', 'send no reminder')
    .option('--send-hour <hour>', 'the hour of the day (UTC, 0-23) invitations go out at', wholeNumber)
    .option('--no-send-hour', 'send as soon as the delay is over, at any hour')
    .option('--sender-name <name>', 'the From name (empty: the business name)')
    .option('--sender-email <email>', 'the From address (empty: the server address)')
    .option('--reply-to <email>', 'where replies go (empty: nowhere special)')
    .option('--legal-notice <text>', 'the footer of every invitation (empty: the localised default)')
    .option('--track-opens', 'add an open-tracking pixel to invitation emails')
    .option('--no-track-opens', 'no open-tracking pixel')
    .option('--locale <locale>', 'the default locale of pages and emails')
    .option('--plan <plan>', 'move the business to another plan')
    .option(
      '--afs-sender-domains <domains>',
      'domains (comma-separated) besides its own whose addresses an AFS snippet may use as sender or reply-to (empty: none)',
    )
    .option('--json', 'print one JSON object')
    .action(
      async (
        domain: string,
        options: {
          delayDays?: number;
          frequencyDays?: number;
          everyPurchase?: boolean;
          reminderDays?: number;
          reminder?: boolean;
          sendHour?: number | false;
          senderName?: string;
          senderEmail?: string;
          replyTo?: string;
          legalNotice?: string;
          trackOpens?: boolean;
          locale?: string;
          plan?: string;
          afsSenderDomains?: string;
          json?: boolean;
        },
      ) => {
        const change: BusinessSettingsChange = {};
        if (options.afsSenderDomains !== undefined) change.afsSenderDomains = [options.afsSenderDomains];
        if (options.delayDays !== undefined) change.invitationDelayDays = options.delayDays;
        if (options.everyPurchase) change.frequencyDays = null;
        else if (options.frequencyDays !== undefined) change.frequencyDays = options.frequencyDays;
        if (options.reminder === false) change.reminderDays = null;
        else if (options.reminderDays !== undefined) change.reminderDays = options.reminderDays;
        if (options.sendHour !== undefined)
          change.sendHour = options.sendHour === false ? null : options.sendHour;
        if (options.senderName !== undefined) change.senderName = options.senderName;
        if (options.senderEmail !== undefined) change.senderEmail = options.senderEmail;
        if (options.replyTo !== undefined) change.replyTo = options.replyTo;
        if (options.legalNotice !== undefined) change.legalNotice = options.legalNotice;
        if (options.trackOpens !== undefined) change.trackOpens = options.trackOpens;
        if (options.locale !== undefined) change.defaultLocale = options.locale;
        if (options.plan !== undefined) change.plan = options.plan;
        const updated = await withRuntime(io, (runtime) => runtime.businesses.updateSettings(domain, change));
        if (options.json) return printJson(io, updated);
        io.out(describe(updated));
      },
    );

  business
    .command('rotate-afs-address')
    .description('give the business a new AFS (BCC) address; the old one stops working at once')
    .argument('[domain]', 'the business domain or id (or --business)')
    .option('--business <domain>', 'the business, by domain or id')
    .option('--json', 'print one JSON object')
    .action(async (domain: string | undefined, options: { business?: string; json?: boolean }) => {
      const which = options.business ?? domain;
      if (which === undefined) {
        io.err('Name the business: vouch business rotate-afs-address --business DOMAIN');
        throw new CliExit(1);
      }
      const rotated = await withRuntime(io, (runtime) => runtime.businesses.rotateAfsAddress(which));
      if (options.json) return printJson(io, rotated);
      io.out(
        [
          `New AFS address: ${rotated.afsAddress}`,
          `The previous address ${rotated.previousAfsAddress} no longer accepts mail.`,
          'BCC the new address from your shop system now; mail to the old one is refused.',
        ].join('\n'),
      );
    });

  business
    .command('rotate-keys')
    .description('replace link secrets; the previous ones keep working for the grace period')
    .argument('<domain>', 'the business domain or id')
    .addOption(new Option('--only <kind>', 'rotate only one kind').choices(['unique-link', 'bgl']))
    .option('--grace-days <days>', 'days the previous secrets stay accepted', '30')
    .option('--unique-link-secret <secret>', 'rotate to this secret instead of a random one')
    .option('--bgl-encrypt-key <base64>', 'rotate to this encryption key instead of a random one')
    .option('--bgl-auth-key <base64>', 'rotate to this auth key instead of a random one')
    .option('--json', 'print one JSON object')
    .action(
      async (
        domain: string,
        options: {
          only?: 'unique-link' | 'bgl';
          graceDays: string;
          uniqueLinkSecret?: string;
          bglEncryptKey?: string;
          bglAuthKey?: string;
          json?: boolean;
        },
      ) => {
        const kinds: SecretKind[] =
          options.only === undefined
            ? ['unique_link', 'bgl']
            : [options.only === 'bgl' ? 'bgl' : 'unique_link'];
        const rotated = await withRuntime(io, (runtime) =>
          runtime.businesses.rotateKeys(domain, {
            kinds,
            graceDays: /^\d+$/.test(options.graceDays) ? Number(options.graceDays) : Number.NaN,
            uniqueLinkSecret: options.uniqueLinkSecret,
            bglEncryptKey: options.bglEncryptKey,
            bglAuthKey: options.bglAuthKey,
          }),
        );
        if (options.json) return printJson(io, rotated);
        const lines = ['New secrets:'];
        if (rotated.uniqueLinkSecret) lines.push(`  Unique Link secret:  ${rotated.uniqueLinkSecret}`);
        if (rotated.bglEncryptKey) lines.push(`  BGL encryption key:  ${rotated.bglEncryptKey}`);
        if (rotated.bglAuthKey) lines.push(`  BGL auth key:        ${rotated.bglAuthKey}`);
        lines.push(`The previous secrets are accepted until ${rotated.previousAcceptedUntil}.`);
        io.out(lines.join('\n'));
      },
    );

  return business;
}
