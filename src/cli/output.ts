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
  /** Writes the text exactly as given, for machine-readable output (JSON); `out` when absent. */
  exact?: (text: string) => void;
}

/**
 * What a terminal would act on or misshow: C0 controls but newline and tab (ESC starts the sequences that
 * recolour, retitle or rewrite the screen), DEL, C1 controls (0x9b is a one-byte CSI), the bidi overrides
 * and isolates, and lone surrogates.
 */
const TERMINAL_UNSAFE =
  // Control characters are what this pattern is for.
  // eslint-disable-next-line no-control-regex
  /[\0-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** In one value of a table line, line breaks and tabs too: they would break the line apart. */
const CELL_UNSAFE = new RegExp(`${TERMINAL_UNSAFE.source}|[\\t\\n]`, 'g');

function escapeCharacter(character: string): string {
  const code = character.charCodeAt(0);
  if (character === '\n') return '\\n';
  if (character === '\t') return '\\t';
  if (character === '\r') return '\\r';
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text for a terminal: every control character shown escaped (`\x1b`), line breaks and tabs kept. */
export function terminalText(text: string): string {
  return text.replace(TERMINAL_UNSAFE, escapeCharacter);
}

/** One value in a line of output (a subject, a name): its line breaks and tabs shown escaped as well. */
export function cell(value: string): string {
  return value.replace(CELL_UNSAFE, escapeCharacter);
}

/**
 * The CLI's output made safe for a terminal, once for every command: whatever a command prints (an email
 * subject, a customer name, an error quoting input) reaches the screen with its control characters shown
 * escaped, never run. JSON goes out exactly as written, through `exact` (JSON.stringify already escapes
 * what JSON must).
 */
export function terminalIo(io: CliIo): CliIo {
  return {
    ...io,
    out: (text) => io.out(terminalText(text)),
    err: (text) => io.err(terminalText(text)),
    exact: io.exact ?? ((text) => io.out(text)),
  };
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
  (io.exact ?? io.out)(JSON.stringify(value, null, 2));
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
