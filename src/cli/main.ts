import { Command, CommanderError } from 'commander';
import { apiKeyCommand } from './api-key.command.js';
import { backupCommand } from './backup.command.js';
import { integrationCommand } from './integration.command.js';
import { businessCommand } from './business.command.js';
import { linkCommand } from './link.command.js';
import { migrateCommand } from './migrate.command.js';
import { CliExit, processIo, terminalIo, type CliIo } from './output.js';
import { serveCommand } from './serve.command.js';
import { invitationsCommand, suppressionCommand } from './invitations.command.js';
import { planCommand } from './plan.command.js';
import { importCommand } from './import.command.js';
import { afsCommand } from './afs.command.js';
import { templateCommand } from './template.command.js';
import { workerCommand } from './worker.command.js';
import { webhookCommand } from './webhook.command.js';
import { userCommand } from './user.command.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('vouch')
    .description('Vouch: verified customer reviews through invitations, on your own machine')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
    .exitOverride();
  const groups = [
    serveCommand,
    migrateCommand,
    backupCommand,
    businessCommand,
    apiKeyCommand,
    linkCommand,
    importCommand,
    afsCommand,
    invitationsCommand,
    workerCommand,
    templateCommand,
    planCommand,
    suppressionCommand,
    webhookCommand,
    integrationCommand,
    userCommand,
  ];
  for (const group of groups) program.addCommand(group(io));
  for (const command of program.commands)
    applyToTree(command, (c) => c.exitOverride().configureOutput(program.configureOutput()));
  return program;
}

function applyToTree(command: Command, apply: (command: Command) => void): void {
  apply(command);
  for (const child of command.commands) applyToTree(child, apply);
}

/** Runs the CLI and answers its exit code, printing errors instead of stack traces. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  // Every command's output reaches the terminal with control characters escaped (see terminalIo).
  const safe = terminalIo(io);
  const program = buildProgram(safe);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode;
    if (error instanceof CommanderError) return error.exitCode;
    safe.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
