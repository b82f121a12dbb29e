import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { backupSqlite } from '../store/backup.js';
import { CliExit, readConfig, type CliIo } from './output.js';

/** `vouch backup --to FILE`: an online copy of the SQLite database; PostgreSQL has pg_dump. */
export function backupCommand(io: CliIo): Command {
  return new Command('backup')
    .description('copy the SQLite database to a file, safely while Vouch runs (on PostgreSQL, use pg_dump)')
    .requiredOption('--to <file>', 'the file to write; it must not exist yet')
    .action(async (options: { to: string }) => {
      const { database } = readConfig(io);
      if (database.engine !== 'sqlite' || database.path === ':memory:') {
        io.err(
          'vouch backup copies a SQLite database file. On PostgreSQL, back up with pg_dump ' +
            '(pg_dump --format=custom --file=vouch.dump "$VOUCH_DATABASE_URL"; see docs/deployment.md).',
        );
        throw new CliExit(2);
      }
      const to = path.resolve(options.to);
      if (fs.existsSync(to)) {
        io.err(`${to} already exists; give a new file name (a backup never overwrites one).`);
        throw new CliExit(1);
      }
      if (!fs.existsSync(database.path)) {
        io.err(`There is no database at ${database.path} yet; check VOUCH_DATA_DIR or VOUCH_DATABASE_URL.`);
        throw new CliExit(1);
      }
      const { bytes } = await backupSqlite(database.path, to);
      io.out(`Backed up ${database.path} to ${to} (${(bytes / 1024 / 1024).toFixed(1)} MB).`);
    });
}
