import { Command } from 'commander';
import { wholeNumber } from './invitations.command.js';
import { CliExit, printJson, withRuntime, type CliIo } from './output.js';

export function planCommand(io: CliIo): Command {
  const plan = new Command('plan').description(
    'plans and their monthly invitation caps (the default is unlimited)',
  );
  plan
    .command('set')
    .description('define a plan or change its cap')
    .argument('<name>', 'the plan name, as given to `business create --plan`')
    .option(
      '--monthly-cap <n>',
      'invitations a business on this plan may send per calendar month (UTC)',
      wholeNumber,
    )
    .option('--unlimited', 'no cap')
    .option('--json', 'print one JSON object')
    .action(async (name: string, options: { monthlyCap?: number; unlimited?: boolean; json?: boolean }) => {
      if ((options.monthlyCap === undefined) === (options.unlimited !== true)) {
        io.err('error [plan_invalid]: give either --monthly-cap N or --unlimited.');
        throw new CliExit(1);
      }
      const saved = await withRuntime(io, (runtime) => runtime.plans.set(name, options.monthlyCap ?? null));
      if (options.json) return printJson(io, saved);
      io.out(
        `${saved.name}: ${saved.monthlyCap === null ? 'unlimited' : `${saved.monthlyCap} invitations a month`}`,
      );
    });
  plan
    .command('list')
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }) => {
      const plans = await withRuntime(io, (runtime) => runtime.plans.list());
      if (options.json) return printJson(io, plans);
      io.out(
        plans.length === 0
          ? 'No plans defined: every business is unlimited.'
          : plans
              .map((p) => `${p.name}: ${p.monthlyCap === null ? 'unlimited' : `${p.monthlyCap} a month`}`)
              .join('\n'),
      );
    });
  return plan;
}
