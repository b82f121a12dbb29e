import { ConfigError, loadConfig, type Config } from '../config.js';
import { isVouchError } from '../errors.js';
import { openRuntime, type Runtime } from '../runtime.js';

/** What the CLI writes to; tests run commands in-process with their own streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Redraws a one-line progress display; only present when stderr is a terminal. */
  progress?: (line: string) => void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  env: process.env,
  ...(process.stderr.isTTY
    ? {
        progress: (line: string) => {
          process.stderr.write(`\r\x1b[2K${line}`);
          if (line === '') process.stderr.write('\r');
        },
      }
    : {}),
};

/** A failure already explained to the user: the CLI exits with its code and prints nothing more. */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

export function readConfig(io: CliIo): Config {
  try {
    return loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      throw new CliExit(1);
    }
    throw error;
  }
}

/** Opens the database (migrating it first, so a fresh data dir just works), runs `work`, closes. */
export async function withRuntime<T>(io: CliIo, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const config = readConfig(io);
  const runtime = await openRuntime(config, { logger: { info: (message) => io.err(message) } });
  try {
    return await work(runtime);
  } catch (error) {
    if (isVouchError(error)) {
      io.err(`error [${error.code}]: ${error.message}`);
      throw new CliExit(1);
    }
    throw error;
  } finally {
    await runtime.close();
  }
}
