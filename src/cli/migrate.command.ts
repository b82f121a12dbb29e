import { Command } from 'commander';
import { migrateToLatest, openStore } from '../store/db.js';
import { readConfig, type CliIo } from './output.js';

export function migrateCommand(io: CliIo): Command {
  return new Command('migrate')
    .description('bring the database schema up to date (also done at every start)')
    .action(async () => {
      const config = readConfig(io);
      const store = openStore(config.database);
      try {
        const applied = await migrateToLatest(store, { info: (message) => io.out(message) });
        if (applied.length === 0) io.out('The database is up to date; no migration to apply.');
      } finally {
        await store.close();
      }
    });
}
