import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';
import { startPostgres, type PostgresServer } from '../support/postgres-server.js';

/**
 * Runs docs/deployment.md's commands: every fenced block marked ```sh test:NAME, as written, in bash with
 * `vouch` on the PATH (the built one), against a throwaway PostgreSQL whose superuser is `postgres` (so the
 * guide's CREATE ROLE vouch runs as it would on a server) and a SQLite data folder. The blocks are found in
 * the guide, and the set of names is held equal to the steps below, so a block added to or dropped from the
 * guide fails here until this test runs it. systemd and DNS are not run: a test machine has neither.
 */
const GUIDE = path.join(repoRoot, 'docs/deployment.md');
const STEPS = [
  'pg-setup',
  'migrate',
  'tls-cert',
  'tls-check',
  'sqlite-backup',
  'sqlite-restore',
  'pg-backup',
  'pg-restore',
] as const;
type Step = (typeof STEPS)[number];

function guideBlocks(): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of fs.readFileSync(GUIDE, 'utf8').matchAll(/^```sh test:([\w-]+)\n([\s\S]*?)^```$/gm)) {
    const [, name = '', body = ''] = match;
    expect(blocks.has(name), `two blocks are named ${name}`).toBe(false);
    blocks.set(name, body);
  }
  return blocks;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('docs/deployment.md, run', () => {
  const blocks = guideBlocks();
  let server: PostgresServer;
  let work: string;
  let baseEnv: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    server = await startPostgres({ superuser: 'postgres' });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-guide-'));
    const bin = path.join(work, 'bin');
    fs.mkdirSync(bin);
    // `vouch` as the guide's alias makes it: the built CLI of this checkout.
    fs.writeFileSync(
      path.join(bin, 'vouch'),
      `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoRoot, 'bin/vouch.js')}" "$@"\n`,
      { mode: 0o755 },
    );
    const admin = new URL(server.adminUrl);
    baseEnv = {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      HOME: work,
      // psql, createdb and pg_restore connect as the guide's superuser, as `sudo -u postgres` would.
      PGHOST: admin.hostname,
      PGPORT: admin.port,
      PGUSER: 'postgres',
      BACKUPS: path.join(work, 'backups'),
      TLS_DIR: path.join(work, 'tls'),
      VOUCH_LOG_LEVEL: 'warn',
      VOUCH_AFS_PORT: '0',
    };
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await server?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  function run(step: Step, env: NodeJS.ProcessEnv): { stdout: string; stderr: string } {
    const script = blocks.get(step);
    if (script === undefined) throw new Error(`docs/deployment.md has no block marked sh test:${step}`);
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: work,
      env: { ...baseEnv, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, `${step} failed:\n${script}\n${result.stdout}\n${result.stderr}`).toBe(0);
    return { stdout: result.stdout, stderr: result.stderr };
  }

  function vouch(args: string[], env: NodeJS.ProcessEnv): string {
    const result = spawnSync('vouch', args, {
      env: { ...baseEnv, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, `vouch ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  }

  function domains(env: NodeJS.ProcessEnv): string[] {
    return (JSON.parse(vouch(['business', 'list', '--json'], env)) as { domain: string }[]).map(
      (business) => business.domain,
    );
  }

  /** Starts a long-running `vouch` command and waits for the line that says it is ready. */
  async function start(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<ChildProcess> {
    const child = spawn('vouch', args, { env: { ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`vouch ${args.join(' ')} did not start:\n${output}`)),
        20_000,
      );
      const look = (chunk: Buffer) => {
        output += chunk.toString();
        if (ready.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', look);
      child.stderr?.on('data', look);
      child.once('exit', (code) => reject(new Error(`vouch ${args.join(' ')} exited ${code}:\n${output}`)));
    });
    return child;
  }

  async function stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  it('marks exactly the blocks this test runs', () => {
    expect([...blocks.keys()].sort()).toEqual([...STEPS].sort());
  });

  it('sets PostgreSQL up, migrates, backs up with pg_dump and restores into a new database', () => {
    run('pg-setup', {});
    const url = `postgres://vouch:change-me@${baseEnv.PGHOST}:${baseEnv.PGPORT}/vouch`;
    const env = { VOUCH_DATABASE_URL: url, VOUCH_DATA_DIR: path.join(work, 'pg-data') };
    expect(run('migrate', env).stdout).toMatch(/migration \S+ applied/);
    expect(run('migrate', env).stdout).toMatch(/up to date/);
    vouch(['business', 'create', '--name', 'Dumped', '--domain', 'dumped.example'], env);

    run('pg-backup', env);
    expect(fs.readdirSync(path.join(work, 'backups')).filter((name) => name.endsWith('.dump'))).toHaveLength(
      1,
    );
    run('pg-restore', env);
    const restored = { ...env, VOUCH_DATABASE_URL: url.replace(/\/vouch$/, '/vouch_restored') };
    expect(domains(restored)).toEqual(['dumped.example']);
    // Restored as the vouch role's own: Vouch can write to it, not only read.
    vouch(['business', 'create', '--name', 'After', '--domain', 'after-restore.example'], restored);
  }, 60_000);

  it('backs SQLite up while Vouch serves, and restores it', async () => {
    const env = { VOUCH_DATA_DIR: path.join(work, 'sqlite-data'), PORT: String(await freePort()) };
    run('migrate', env);
    vouch(['business', 'create', '--name', 'Before', '--domain', 'before.example'], env);
    const serving = await start(['serve'], env, /Vouch is listening/);
    try {
      run('sqlite-backup', env);
      vouch(['business', 'create', '--name', 'Later', '--domain', 'later.example'], env);
    } finally {
      await stop(serving);
    }
    expect(domains(env).sort()).toEqual(['before.example', 'later.example']);
    run('sqlite-restore', env);
    expect(domains(env)).toEqual(['before.example']);
  }, 60_000);

  it('offers STARTTLS on the AFS listener with the certificate the guide makes', async () => {
    run('tls-cert', {});
    const tls = path.join(work, 'tls');
    const afsPort = String(await freePort());
    const env = {
      VOUCH_DATA_DIR: path.join(work, 'afs-data'),
      VOUCH_AFS_PORT: afsPort,
      VOUCH_AFS_DOMAIN: 'afs.reviews.example.com',
      VOUCH_AFS_TLS_CERT: path.join(tls, 'afs-cert.pem'),
      VOUCH_AFS_TLS_KEY: path.join(tls, 'afs-key.pem'),
    };
    const listening = await start(['afs', 'listen'], env, /\(STARTTLS\)/);
    try {
      const { stdout, stderr } = run('tls-check', env);
      const said = stdout + stderr;
      expect(said).toMatch(/CONNECTION ESTABLISHED/);
      expect(said).toMatch(/Protocol version: TLSv1\.[23]/);
      expect(said).toMatch(/CN ?= ?mx\.reviews\.example\.com/);
    } finally {
      await stop(listening);
    }
  }, 60_000);

  // nginx comes from Debian through scripts/install-system-deps.sh, which CI runs first.
  const nginx = spawnSync('nginx', ['-v']).error === undefined;
  if (!nginx) console.warn('nginx -t of deploy/nginx/vouch.conf skipped: nginx is not installed here');
  it.skipIf(!nginx)('ships an nginx site that nginx -t accepts', () => {
    const dir = path.join(work, 'nginx');
    fs.mkdirSync(dir);
    // The guide's certificate paths exist only on a server; a self-signed pair stands in for them.
    const certificate = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=reviews.example.com',
      ].concat(['-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]),
      { encoding: 'utf8' },
    );
    expect(certificate.status, certificate.stderr).toBe(0);
    const site = fs
      .readFileSync(path.join(repoRoot, 'deploy/nginx/vouch.conf'), 'utf8')
      .replace('/etc/letsencrypt/live/reviews.example.com/fullchain.pem', path.join(dir, 'cert.pem'))
      .replace('/etc/letsencrypt/live/reviews.example.com/privkey.pem', path.join(dir, 'key.pem'));
    fs.writeFileSync(path.join(dir, 'vouch.conf'), site);
    fs.writeFileSync(
      path.join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  access_log off;\n  include ${dir}/vouch.conf;\n}\n`,
    );
    const checked = spawnSync('nginx', ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], {
      encoding: 'utf8',
    });
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stderr).toMatch(/test is successful/);
  });
});
