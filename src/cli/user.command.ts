import { Command, Option } from 'commander';
import { VouchError } from '../errors.js';
import { ROLES, type UserWithMemberships } from '../services/account.service.js';
import { cell, printJson, withRuntime, type CliIo } from './output.js';

/**
 * The password `--password` names: itself, or with `-` what standard input carries (one line typed
 * without echo on a terminal; everything up to the end when piped, less one final line break), so it
 * stays out of the shell's history and the process list.
 */
async function passwordFrom(io: CliIo, given: string | undefined): Promise<string | undefined> {
  if (given !== '-') return given;
  const stdin = process.stdin;
  if (stdin.isTTY) return readHidden(io);
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** One line from the terminal, not echoed; Ctrl-C gives up. */
function readHidden(io: CliIo): Promise<string> {
  const stdin = process.stdin;
  io.err('Password (not shown), then Enter:');
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (finish: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      finish();
    };
    const onData = (data: Buffer) => {
      for (const character of data.toString('utf8')) {
        if (character === '\r' || character === '\n' || character === '\x04')
          return done(() => resolve(typed));
        if (character === '\x03') return done(() => reject(new Error('cancelled; no password was set')));
        typed = character === '\x7f' || character === '\b' ? typed.slice(0, -1) : typed + character;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

function describeUser(user: UserWithMemberships): string {
  const memberships = user.memberships.map((m) => `${m.role} of ${m.domain}`);
  return [
    user.email,
    user.operator ? 'operator' : undefined,
    memberships.length > 0 ? memberships.join(', ') : user.operator ? undefined : 'no business',
    user.hasPassword ? 'password set' : 'no password yet',
  ]
    .filter((part) => part !== undefined)
    .map(cell)
    .join('  ·  ');
}

export function userCommand(io: CliIo): Command {
  const user = new Command('user').description(
    'manage the dashboard users: create them, list them, reset a password (passwords are never printed)',
  );

  user
    .command('create')
    .description(
      'create a dashboard user; without --password, prints a one-time link where they choose it (shown once)',
    )
    .requiredOption('--email <email>', 'their email, which is also their login')
    .option('--password <password>', "their password, or '-' to read it from standard input")
    .option('--name <name>', 'their name, shown to their team')
    .option('--operator', 'an operator of the whole installation (sets up businesses, acts as owner of each)')
    .option('--business <domain>', 'make them a member of this business (domain or id)')
    .addOption(
      new Option('--role <role>', 'their role in --business (owner when left out)').choices(
        ROLES as unknown as string[],
      ),
    )
    .option('--json', 'print one JSON object')
    .action(
      async (options: {
        email: string;
        password?: string;
        name?: string;
        operator?: boolean;
        business?: string;
        role?: string;
        json?: boolean;
      }) => {
        const password = await passwordFrom(io, options.password);
        let loginUrl = '/login';
        const created = await withRuntime(io, (runtime) => {
          if (options.role !== undefined && options.business === undefined) {
            throw new VouchError(
              'user_role_invalid',
              '--role is the role in a business: add --business DOMAIN, or leave --role out.',
            );
          }
          loginUrl = `${runtime.config.publicUrl.href.replace(/\/$/, '')}/login`;
          return runtime.accounts.createUser({
            email: options.email,
            name: options.name,
            password,
            operator: options.operator,
            business: options.business,
            role: options.role,
          });
        });
        if (options.json) return printJson(io, { ...created.user, setupLink: created.setupLink });
        const lines = [`Created ${describeUser(created.user)}.`];
        if (created.setupLink) {
          lines.push(
            '',
            'Send them this one-time link to choose their password (it works once, for 7 days, and is shown this once):',
            created.setupLink,
          );
        } else {
          lines.push(`They can log in now at ${loginUrl}`);
        }
        io.out(lines.join('\n'));
      },
    );

  user
    .command('list')
    .description('list the dashboard users: email, operator, memberships, and whether a password is set')
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }) => {
      const users = await withRuntime(io, (runtime) => runtime.accounts.listUsers());
      if (options.json) return printJson(io, users);
      io.out(
        users.map(describeUser).join('\n') ||
          'No users yet. Create the first with: vouch user create --operator --email you@example.com',
      );
    });

  user
    .command('reset-password')
    .description(
      'set a new password and end their sessions, or without --password print a one-time reset link (shown once)',
    )
    .requiredOption('--email <email>', 'the email (or id) of the user')
    .option('--password <password>', "the new password, or '-' to read it from standard input")
    .option('--json', 'print one JSON object')
    .action(async (options: { email: string; password?: string; json?: boolean }) => {
      const password = await passwordFrom(io, options.password);
      const reset = await withRuntime(io, (runtime) =>
        runtime.accounts.resetPassword(options.email, password),
      );
      if (options.json) {
        return printJson(io, {
          id: reset.user.id,
          email: reset.user.email,
          ...(reset.link === undefined
            ? { passwordSet: true, sessionsEnded: true }
            : { resetLink: reset.link }),
        });
      }
      io.out(
        reset.link === undefined
          ? `New password set for ${cell(reset.user.email)}; their sessions have ended, so they log in again with it.`
          : [
              `One-time link for ${cell(reset.user.email)} to choose a new password (it works once, for an hour, and is shown this once):`,
              reset.link,
              'Their current password keeps working until they use it.',
            ].join('\n'),
      );
    });

  return user;
}
