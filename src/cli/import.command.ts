import fs from 'node:fs';
import { Command, Option } from 'commander';
import type { ImportProgress, ImportReport } from '../services/import.service.js';
import { CliExit, printJson, withRuntime, type CliIo } from './output.js';

/** A one-line progress bar on a terminal: rows, rows per second and time left, redrawn in place. */
function progressPrinter(io: CliIo, started: number): (progress: ImportProgress) => void {
  let lastDraw = 0;
  return (progress) => {
    const now = Date.now();
    if (now - lastDraw < 100 && progress.bytesRead < progress.bytesTotal) return;
    lastDraw = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    const fraction = progress.bytesTotal === 0 ? 1 : Math.min(progress.bytesRead / progress.bytesTotal, 1);
    const width = 24;
    const filled = Math.round(fraction * width);
    const left = fraction > 0 ? (seconds / fraction) * (1 - fraction) : 0;
    io.progress?.(
      `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ` +
        `${progress.rows.toLocaleString('en-US')} rows  ${Math.round(progress.rows / seconds).toLocaleString('en-US')} rows/s  ` +
        `${left < 1 ? '<1' : Math.round(left)} s left`,
    );
  };
}

function summaryTable(report: ImportReport): string {
  const lines: [string, string][] = [
    [
      'file',
      `${report.file.name} (${report.file.encoding ?? 'unknown encoding'}${report.file.converted ? ', converted to UTF-8' : ''}, ${report.file.type ?? '?'} invitations)`,
    ],
    ['rows', String(report.rows)],
    ['accepted', String(report.accepted)],
    ['rejected', String(report.rejected)],
    ...Object.entries(report.decisions)
      .sort()
      .map(([decision, count]): [string, string] => [`  ${decision.replace('_', ' ')}`, String(count)]),
  ];
  const width = Math.max(...lines.map(([label]) => label.length));
  const out = [`Import ${report.importId}${report.dryRun ? ' (dry run: nobody was invited)' : ''}`];
  for (const [label, value] of lines) out.push(`  ${label.padEnd(width)}  ${value}`);
  for (const warning of report.warnings) out.push(`  warning [${warning.code}]: ${warning.message}`);
  const shown = report.errors.slice(0, 20);
  if (shown.length > 0) {
    out.push('', 'Rejected rows:');
    for (const error of shown) {
      out.push(
        `  line ${error.line}${error.column ? `, ${error.column}` : ''}: [${error.code}] ${error.message}`,
      );
    }
    if (report.errors.length > shown.length || report.errorsTruncated) {
      out.push(
        `  … and more: vouch import --json, or download the rejected rows with their reasons from the API.`,
      );
    }
  }
  return out.join('\n');
}

export function importCommand(io: CliIo): Command {
  return new Command('import')
    .description(
      'invite the customers in a CSV or TXT file (service or product format); every row is accounted for',
    )
    .argument('<file>', 'the file: UTF-8, UTF-16 or Windows-1252; comma, semicolon, tab or pipe')
    .requiredOption('--business <domain>', 'the business, by domain or id')
    .addOption(
      new Option('--type <type>', 'the file format (default: read from the header or the columns)').choices([
        'service',
        'product',
      ]),
    )
    .option('--dry-run', 'read and decide every row, invite nobody')
    .option('--json', 'print the report as JSON')
    .action(
      async (
        file: string,
        options: { business: string; type?: 'service' | 'product'; dryRun?: boolean; json?: boolean },
      ) => {
        if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
          io.err(`error [import_file_missing]: there is no file at ${file}.`);
          throw new CliExit(2);
        }
        const started = Date.now();
        const report = await withRuntime(io, (runtime) =>
          runtime.imports.run(options.business, file, {
            type: options.type,
            dryRun: options.dryRun,
            onProgress: io.progress ? progressPrinter(io, started) : undefined,
          }),
        );
        io.progress?.('');
        if (options.json) {
          printJson(io, {
            ...report,
            errors: report.errors.map(({ line, column, code, message, hint }) => ({
              line,
              column,
              code,
              message,
              hint,
            })),
          });
        } else {
          io.out(summaryTable(report));
        }
        if (report.status === 'unreadable') {
          io.err(
            `error [${report.failure?.code ?? 'csv_unreadable'}]: ${report.failure?.message ?? 'the file could not be read'} ${report.failure?.hint ?? ''}`.trim(),
          );
          throw new CliExit(2);
        }
      },
    );
}
