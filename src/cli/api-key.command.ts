import { Command } from 'commander';
import { printJson, withRuntime, type CliIo } from './output.js';

export function apiKeyCommand(io: CliIo): Command {
  const apiKey = new Command('api-key').description(
    "manage a business's API keys and their secrets (stored as hashes, shown once)",
  );

  apiKey
    .command('create')
    .description('make a new API key and print it once')
    .requiredOption('--business <domain>', 'the business domain or id')
    .option('--label <label>', 'a name to tell keys apart', 'API key')
    .option('--json', 'print one JSON object')
    .action(async (options: { business: string; label: string; json?: boolean }) => {
      const created = await withRuntime(io, (runtime) =>
        runtime.businesses.createApiKey(options.business, options.label),
      );
      if (options.json) return printJson(io, created);
      io.out(
        [
          `API key ${created.prefix}… (${created.label}) and its secret, shown this once:`,
          `  key (OAuth client id, apikey header):  ${created.key}`,
          `  secret (OAuth client secret):          ${created.secret}`,
        ].join('\n'),
      );
    });

  apiKey
    .command('rotate-secret')
    .description(
      'give an API key a new secret (the OAuth client secret), shown once; a key made before secrets existed gets its first',
    )
    .requiredOption('--business <domain>', 'the business domain or id')
    .argument('<key>', 'the key id or its prefix (vk_…)')
    .option('--json', 'print one JSON object')
    .action(async (key: string, options: { business: string; json?: boolean }) => {
      const rotated = await withRuntime(io, (runtime) => runtime.oauth.rotateSecret(options.business, key));
      if (options.json) return printJson(io, rotated);
      io.out(
        `New secret of API key ${rotated.prefix}…, shown this once (the previous one and the tokens issued with it stopped working):\n${rotated.secret}`,
      );
    });

  apiKey
    .command('list')
    .description('list the API keys of a business (prefixes only)')
    .requiredOption('--business <domain>', 'the business domain or id')
    .option('--json', 'print a JSON array')
    .action(async (options: { business: string; json?: boolean }) => {
      const keys = await withRuntime(io, (runtime) => runtime.businesses.listApiKeys(options.business));
      if (options.json) return printJson(io, keys);
      io.out(
        keys
          .map(
            (k) =>
              `${k.prefix}…  ${k.revokedAt ? 'revoked' : 'active '}  ${k.label}  (id ${k.id}, created ${k.createdAt})`,
          )
          .join('\n') || 'No API keys.',
      );
    });

  apiKey
    .command('revoke')
    .description('revoke an API key at once')
    .requiredOption('--business <domain>', 'the business domain or id')
    .argument('<key>', 'the key id or its prefix (vk_…)')
    .action(async (key: string, options: { business: string }) => {
      await withRuntime(io, (runtime) =>
        runtime.businesses.revokeApiKey(options.business, key.replace(/…$/, '')),
      );
      io.out(`Revoked ${key}.`);
    });

  return apiKey;
}
