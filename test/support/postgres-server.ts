import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL for the test suite, started from the machine's own binaries (Debian's
 * postgresql package). initdb refuses to run as root, so as root the server runs as the `postgres` user.
 */
export interface PostgresServer {
  adminUrl: string;
  stop(): Promise<void>;
  /** Stops the server as an outage would (connections cut), keeping its data for `restart`. */
  halt(): Promise<void>;
  /** Starts the halted server again on the same port and data. */
  restart(): Promise<void>;
}

function findBinDir(): string {
  const fromEnv = process.env.VOUCH_TEST_PG_BINDIR;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((name) => fs.existsSync(path.join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (!newest) {
    throw new Error(
      'PostgreSQL binaries were not found under /usr/lib/postgresql; the tests run on PostgreSQL too. ' +
        'Install them with: apt-get install -y postgresql (or set VOUCH_TEST_PG_BINDIR).',
    );
  }
  return path.join(root, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `superuser` names the role initdb makes (the suite's is `vouch`; a test of role setup needs another). */
export async function startPostgres(options: { superuser?: string } = {}): Promise<PostgresServer> {
  const superuser = options.superuser ?? 'vouch';
  const binDir = findBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-pg-'));
  const dataDir = path.join(dir, 'data');
  if (asRoot) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  const run = (command: string, args: string[]) =>
    asRoot ? { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] } : { command, args };

  const init = run(path.join(binDir, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    superuser,
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const initResult = spawnSync(init.command, init.args, { encoding: 'utf8' });
  if (initResult.status !== 0) {
    throw new Error(`initdb failed: ${initResult.stderr || initResult.stdout || String(initResult.error)}`);
  }

  const port = await freePort();
  const start = run(path.join(binDir, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ]);
  const adminUrl = `postgres://${superuser}@127.0.0.1:${port}/postgres`;
  const launch = async (): Promise<ChildProcess> => {
    const child: ChildProcess = spawn(start.command, start.args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new pg.Client({ connectionString: adminUrl });
      try {
        await client.connect();
        await client.end();
        return child;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (child.exitCode !== null || Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`PostgreSQL did not start: ${String(error)}\n${log}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  let child = await launch();

  const halt = async () => {
    // pg_ctl stops the whole server whoever started it; a signal to runuser would not reach postgres.
    const stopCommand = run(path.join(binDir, 'pg_ctl'), ['-D', dataDir, 'stop', '-m', 'immediate', '-w']);
    spawnSync(stopCommand.command, stopCommand.args, { stdio: 'ignore', timeout: 20_000 });
    if (child.exitCode === null) {
      await Promise.race([
        new Promise((resolve) => child.once('exit', resolve)),
        new Promise((resolve) => setTimeout(resolve, 5_000)),
      ]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  };
  return {
    adminUrl,
    stop: async () => {
      await halt();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    halt,
    restart: async () => {
      child = await launch();
    },
  };
}
