import fs from 'node:fs';
import { Command, Option } from 'commander';
import { TEMPLATE_KINDS, type TemplateView } from '../services/template.service.js';
import { CliExit, printJson, withRuntime, type CliIo } from './output.js';

function describe(template: TemplateView): string {
  const flags = [template.builtIn ? 'built-in' : '', template.isDefault ? 'default' : '']
    .filter(Boolean)
    .join(', ');
  return `${template.id}  ${template.kind.padEnd(18)} ${(template.locale ?? 'any').padEnd(6)} ${template.name}${flags ? ` (${flags})` : ''}`;
}

export function templateCommand(io: CliIo): Command {
  const template = new Command('template').description(
    'email templates per business and locale, with [Name], [Link], [Stars], [Products], [Order], …',
  );

  template
    .command('set')
    .description('create a template, or update one with --id; unknown placeholders are refused')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--id <id>', 'update this template')
    .requiredOption('--name <name>', 'a name to tell templates apart')
    .addOption(
      new Option('--kind <kind>', 'which email it writes').choices(TEMPLATE_KINDS).default('invitation'),
    )
    .option('--locale <locale>', 'the language it is written in (default: every locale without its own)')
    .requiredOption('--subject <subject>', 'the subject line')
    .option('--body <text>', 'the body (plain text; blank lines make paragraphs)')
    .option('--body-file <path>', 'read the body from a file')
    .option('--default', 'use it for invitations that name no template')
    .option('--json', 'print one JSON object')
    .action(
      async (options: {
        business: string;
        id?: string;
        name: string;
        kind: string;
        locale?: string;
        subject: string;
        body?: string;
        bodyFile?: string;
        default?: boolean;
        json?: boolean;
      }) => {
        if ((options.body === undefined) === (options.bodyFile === undefined)) {
          io.err(
            'error [template_invalid]: give the body with --body TEXT or --body-file PATH (one of them).',
          );
          throw new CliExit(1);
        }
        const body = options.body ?? fs.readFileSync(options.bodyFile ?? '', 'utf8');
        const saved = await withRuntime(io, (runtime) =>
          runtime.templates.save(options.business, {
            id: options.id,
            name: options.name,
            kind: options.kind,
            locale: options.locale,
            subject: options.subject,
            body,
            isDefault: options.default,
          }),
        );
        if (options.json) return printJson(io, saved);
        io.out(`Saved: ${describe(saved)}`);
      },
    );

  template
    .command('list')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .option('--json', 'print a JSON array')
    .action(async (options: { business: string; json?: boolean }) => {
      const list = await withRuntime(io, (runtime) => runtime.templates.list(options.business));
      if (options.json) return printJson(io, list);
      io.out(list.map(describe).join('\n'));
    });

  template
    .command('remove')
    .argument('<id>', 'the template id')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .action(async (id: string, options: { business: string }) => {
      await withRuntime(io, (runtime) => runtime.templates.remove(options.business, id));
      io.out(`Removed template ${id}.`);
    });

  return template;
}
