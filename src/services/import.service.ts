import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock, RandomSource } from '../clock.js';
import {
  COLUMN_NAMES,
  readInvitationFile,
  RejectedRowsCsv,
  type AcceptedRow,
  type FileWarning,
  type InvitationColumn,
  type InvitationFileMeta,
  type InvitationType,
  type RejectedRow,
  type RowResult,
} from '../domain/csv/index.js';
import type { InvitationRequest } from '../domain/invitations/request.js';
import { VouchError } from '../errors.js';
import {
  DRY_RUN_PREFIX,
  ImportRepository,
  type NewRejection,
} from '../store/repositories/import.repository.js';
import { InvitationRepository } from '../store/repositories/invitation.repository.js';
import type { BusinessRow, Database, ImportRow } from '../store/schema.js';
import type { BusinessService } from './business.service.js';
import { DryRun } from './invitation-dry-run.js';
import type { InvitationService } from './invitation.service.js';
import type { MetricsRecorder } from '../observability/metrics.js';

/** What a job records of the file it reads. */
interface ImportFileFacts {
  fileName: string;
  sha256: string;
  bytes: number;
  type: InvitationType | undefined;
}

export interface ImportError {
  /** The file's own line number. */
  line: number;
  column: string | null;
  code: string;
  message: string;
  hint: string;
}

/** What an import did with every row. `decisions` counts the funnel's answers to the accepted rows. */
export interface ImportReport {
  importId: string;
  /** `failed`: the import stopped on an error of ours (the report says which); run the file again. */
  status: 'running' | 'completed' | 'unreadable' | 'failed';
  dryRun: boolean;
  file: {
    name: string;
    bytes: number;
    encoding: string | null;
    converted: boolean;
    delimiter: string | null;
    header: boolean;
    type: InvitationType | null;
  };
  rows: number;
  accepted: number;
  rejected: number;
  decisions: Record<string, number>;
  errors: ImportError[];
  /** True when more rows were rejected than `errors` lists; the rejected-rows CSV has them all. */
  errorsTruncated: boolean;
  warnings: FileWarning[];
  /** Why the file could not be read at all (status `unreadable`). */
  failure: { code: string; message: string; hint: string } | null;
  /** How many times this file has been run for this business. */
  runs: number;
  durationMs: number;
}

export interface ImportProgress {
  rows: number;
  accepted: number;
  rejected: number;
  bytesRead: number;
  bytesTotal: number;
}

export interface ImportOptions {
  type?: InvitationType | undefined;
  dryRun?: boolean | undefined;
  /** The name shown in reports; defaults to the file's base name. */
  fileName?: string | undefined;
  onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** Each batch's decisions by file line (`rejected` for a refused row), for a caller keeping its own log. */
  onDecided?: ((rows: { line: number; decision: string }[]) => void) | undefined;
}

/** One line of the import history: a real import (dry runs are fetched by id only). */
export interface ImportSummary {
  id: string;
  fileName: string;
  status: ImportReport['status'];
  rows: number;
  accepted: number;
  rejected: number;
  runs: number;
  createdAt: number;
  finishedAt: number | null;
}

/** How a file reads and its first rows, before anything is decided or written. */
export type FilePeek =
  | { readable: false; code: string; message: string; hint: string }
  | {
      readable: true;
      type: InvitationType;
      header: boolean;
      /** Each field, its name in messages, and the file's column it comes from (1-based) with its header. */
      columns: { key: InvitationColumn; name: string; index: number; header: string | null }[];
      rows: RowResult[];
    };

export interface ImportServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  random: RandomSource;
  businesses: BusinessService;
  invitations: InvitationService;
  metrics?: MetricsRecorder;
}

/** The file column a funnel field came from, so an error names what the person sees in the file. */
const FIELD_COLUMNS: Record<string, string> = {
  email: 'customer email',
  name: 'customer name',
  reference: 'reference number',
  'products.sku': 'SKU',
  'products.name': 'product name',
  'products.productUrl': 'product URL',
  'products.imageUrl': 'image URL',
};

/** Rows decided and written per transaction: larger batches spread each commit's page writes wider. */
const IMPORT_BATCH_ROWS = 5000;

/** Errors listed in a report; the rejected-rows CSV always has every one. */
const MAX_REPORTED_ERRORS = 10_000;

/**
 * File imports: every row of the file is accepted (and goes through the funnel, labelled Invited) or
 * reported with its line, column, code and a fix. The file is streamed in batches, never held whole.
 * The same file again resumes or repeats the same import, and the funnel's duplicate rule means no row
 * ever makes a second invitation.
 */
export class ImportService {
  private readonly imports: ImportRepository;
  private readonly invitations: InvitationRepository;

  constructor(private readonly options: ImportServiceOptions) {
    this.imports = new ImportRepository(options.db);
    this.invitations = new InvitationRepository(options.db);
  }

  async run(
    businessRef: string | BusinessRow,
    filePath: string,
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    return (await this.start(businessRef, filePath, options)).done;
  }

  /**
   * Opens the job (so its id can be answered at once) and imports in the background; `done` settles with
   * the report. The file must stay in place until then.
   */
  async start(
    businessRef: string | BusinessRow,
    filePath: string,
    options: ImportOptions = {},
  ): Promise<{ importId: string; done: Promise<ImportReport> }> {
    const business =
      typeof businessRef === 'string' ? await this.options.businesses.row(businessRef) : businessRef;
    const started = this.now();
    const { sha256, bytes } = await hashFile(filePath);
    const fileName = (options.fileName ?? path.basename(filePath)).slice(0, 255);
    const dryRun = options.dryRun === true;
    const job = dryRun
      ? await this.openDryRunJob(business, { fileName, sha256, bytes, type: options.type })
      : await this.openJob(business, { fileName, sha256, bytes, type: options.type });
    const importId = job.id;
    // A dry run decides as the real run of this file would: under the import id that run would reuse, so
    // a product row joins the invitation of an earlier row exactly as it will for real.
    const decidingAs = dryRun
      ? ((await this.earlierJob(business, sha256, options.type))?.id ?? job.id)
      : job.id;
    const done = this.process(business, filePath, options, {
      job,
      importId,
      decidingAs,
      fileName,
      bytes,
      dryRun,
      started,
    });
    // A job that stopped must not say "running" forever; running the same file again resumes it.
    const recorded = done.catch(async (error: unknown) => {
      const failure = {
        code: 'import_failed',
        message: error instanceof Error ? error.message : String(error),
        hint: 'Run the same file again: rows already imported are not invited twice.',
      };
      await this.imports
        .update(business.id, job.id, {
          status: 'failed',
          failure: JSON.stringify(failure),
          finished_at: this.now(),
          updated_at: this.now(),
        })
        .catch(() => undefined);
      throw error;
    });
    return { importId, done: recorded };
  }

  private async process(
    business: BusinessRow,
    filePath: string,
    options: ImportOptions,
    context: {
      job: ImportRow;
      importId: string;
      decidingAs: string;
      fileName: string;
      bytes: number;
      dryRun: boolean;
      started: number;
    },
  ): Promise<ImportReport> {
    const { job, importId, decidingAs, fileName, bytes, dryRun, started } = context;
    // One for the whole run: no batch writes, and this carries each batch's decisions to the next.
    const dryRunState = dryRun ? new DryRun() : undefined;
    const report = blankReport({
      importId,
      status: 'running',
      dryRun,
      fileName,
      bytes,
      runs: job.runs,
    });

    let statisticsAt = IMPORT_BATCH_ROWS;
    let bytesRead = 0;
    const counted = async function* (stream: AsyncIterable<Buffer>) {
      for await (const chunk of stream) {
        bytesRead += chunk.length;
        yield chunk;
      }
    };
    let meta: InvitationFileMeta | undefined;
    const source = fs.createReadStream(filePath, { highWaterMark: 256 * 1024 });
    try {
      for await (const item of readInvitationFile(counted(source), {
        type: options.type,
        batchSize: IMPORT_BATCH_ROWS,
      })) {
        switch (item.kind) {
          case 'unreadable':
            report.status = 'unreadable';
            report.failure = { code: item.code, message: item.message, hint: item.hint };
            break;
          case 'meta':
            meta = item;
            report.file = {
              ...report.file,
              encoding: item.encodingLabel,
              converted: item.converted,
              delimiter: item.delimiter,
              header: item.header,
              type: item.type,
            };
            report.warnings.push(...item.warnings);
            break;
          case 'rows':
            await this.importBatch(business, importId, item.rows, meta?.type ?? 'service', report, {
              decidingAs,
              dryRun: dryRunState,
              onDecided: options.onDecided,
            });
            if (!dryRun && report.accepted >= statisticsAt) {
              // A database's statistics say how many invitations a business has; an import that has
              // doubled them since they were gathered gets them gathered again (about 8 times in 1M rows).
              await this.invitations.refreshStatistics();
              statisticsAt = report.accepted * 2;
            }
            options.onProgress?.({
              rows: report.rows,
              accepted: report.accepted,
              rejected: report.rejected,
              bytesRead,
              bytesTotal: bytes,
            });
            await this.imports.update(business.id, job.id, {
              report: JSON.stringify(report),
              updated_at: this.now(),
            });
            break;
          case 'summary':
            // The summary knows the final encoding: a file can turn out to be Windows-1252 after 64 KiB.
            report.file.encoding = item.encodingLabel;
            report.file.converted = item.converted;
            for (const warning of item.warnings) {
              if (
                !report.warnings.some(
                  (known) => known.code === warning.code && known.message === warning.message,
                )
              ) {
                report.warnings.push(warning);
              }
            }
            break;
        }
      }
    } finally {
      source.destroy();
    }
    if (report.status === 'running') report.status = 'completed';
    report.durationMs = this.now() - started;
    await this.imports.update(business.id, job.id, {
      status: report.status,
      report: JSON.stringify(report),
      failure: report.failure ? JSON.stringify(report.failure) : null,
      finished_at: this.now(),
      updated_at: this.now(),
    });
    return report;
  }

  async get(businessRef: string | BusinessRow, importId: string): Promise<ImportReport> {
    const business =
      typeof businessRef === 'string' ? await this.options.businesses.row(businessRef) : businessRef;
    const row = await this.imports.findById(business.id, importId);
    if (!row) throw new VouchError('import_not_found', `${business.domain} has no import ${importId}.`);
    return presentJob(row, this.now());
  }

  async list(businessRef: string | BusinessRow, limit = 50): Promise<ImportReport[]> {
    const business =
      typeof businessRef === 'string' ? await this.options.businesses.row(businessRef) : businessRef;
    return (await this.imports.list(business.id, limit)).map((row) => presentJob(row, this.now()));
  }

  /** The business's real imports, newest first, with when each started and finished. */
  async history(businessRef: string | BusinessRow, limit = 50): Promise<ImportSummary[]> {
    const business =
      typeof businessRef === 'string' ? await this.options.businesses.row(businessRef) : businessRef;
    return (await this.imports.list(business.id, limit)).map((row) => {
      const report = presentJob(row, this.now());
      return {
        id: row.id,
        fileName: row.file_name,
        status: report.status,
        rows: report.rows,
        accepted: report.accepted,
        rejected: report.rejected,
        runs: row.runs,
        createdAt: row.created_at,
        finishedAt: row.finished_at,
      };
    });
  }

  /**
   * Reads a file's layout and its first `rows` rows as an import would, deciding and writing nothing:
   * for a preview beside a dry run's report.
   */
  async peek(
    filePath: string,
    options: { type?: InvitationType | undefined; rows?: number } = {},
  ): Promise<FilePeek> {
    const wanted = options.rows ?? 10;
    const source = fs.createReadStream(filePath, { highWaterMark: 64 * 1024 });
    let peek: FilePeek | undefined;
    const rows: RowResult[] = [];
    try {
      for await (const item of readInvitationFile(source, { type: options.type, batchSize: wanted })) {
        if (item.kind === 'unreadable') {
          return { readable: false, code: item.code, message: item.message, hint: item.hint };
        }
        if (item.kind === 'meta') {
          peek = {
            readable: true,
            type: item.type,
            header: item.header,
            columns: item.columns.map((mapping) => ({
              key: mapping.column,
              name: COLUMN_NAMES[mapping.column],
              index: mapping.index,
              header: mapping.header,
            })),
            rows,
          };
        }
        if (item.kind === 'rows') rows.push(...item.rows.slice(0, wanted - rows.length));
        if (rows.length >= wanted) break;
      }
    } finally {
      source.destroy();
    }
    return peek ?? { readable: false, code: 'csv_empty_file', message: 'The file is empty.', hint: '' };
  }

  /**
   * The rejected rows as CSV, with `line` and `reason` before the original columns; cells that a
   * spreadsheet would run as a formula are neutralised. Fix the rows and upload the file again.
   */
  async *rejectedRowsCsv(businessRef: string | BusinessRow, importId: string): AsyncGenerator<string> {
    const report = await this.get(businessRef, importId);
    const columns =
      report.file.type === 'product'
        ? [
            'customer email',
            'customer name',
            'reference number',
            'SKU',
            'product name',
            'product URL',
            'image URL',
          ]
        : ['customer email', 'customer name', 'reference number'];
    const writer = new RejectedRowsCsv({ columns, delimiter: ',' });
    yield writer.header();
    for await (const row of this.imports.rejections(importId)) {
      yield writer.row({
        kind: 'rejected',
        line: row.line,
        cells: row.cells,
        errors: row.errors.map((error) => ({
          ...error,
          line: row.line,
          columnIndex: null,
          code: error.code as never,
        })),
      });
    }
  }

  private async importBatch(
    business: BusinessRow,
    importId: string,
    rows: readonly (AcceptedRow | RejectedRow)[],
    type: InvitationType,
    report: ImportReport,
    run: {
      decidingAs: string;
      dryRun: DryRun | undefined;
      onDecided: ImportOptions['onDecided'];
    },
  ): Promise<void> {
    const accepted: AcceptedRow[] = [];
    const rejections: NewRejection[] = [];
    for (const row of rows) {
      report.rows++;
      if (row.kind === 'accepted') accepted.push(row);
      else {
        rejections.push({
          line: row.line,
          cells: row.cells,
          errors: row.errors.map(({ column, code, message, hint }) => ({ column, code, message, hint })),
        });
      }
    }
    const requests: InvitationRequest[] = accepted.map((row) => ({
      channel: 'csv',
      kind: type,
      email: row.email,
      name: row.name,
      reference: row.reference,
      products: row.product
        ? [
            {
              sku: row.product.sku,
              name: row.product.name || undefined,
              productUrl: row.product.productUrl,
              imageUrl: row.product.imageUrl,
            },
          ]
        : [],
      importId: run.decidingAs,
    }));
    const outcomes =
      requests.length === 0
        ? []
        : await this.options.invitations.acceptBatch(business, requests, { dryRun: run.dryRun });
    outcomes.forEach((outcome, index) => {
      const row = accepted[index];
      if (!row) return;
      if (outcome.ok) {
        report.accepted++;
        report.decisions[outcome.result.decision] = (report.decisions[outcome.result.decision] ?? 0) + 1;
      } else {
        // The row read fine but the funnel's own checks refused it; it is a rejected row like any other.
        rejections.push({
          line: row.line,
          cells: [
            row.email,
            row.name,
            row.reference,
            ...(row.product ? [row.product.sku, row.product.name] : []),
          ],
          errors: outcome.problems.map((problem) => ({
            column: FIELD_COLUMNS[problem.field.replace(/^products\[\d+\]\./, 'products.')] ?? problem.field,
            code: problem.code,
            message: problem.message,
            hint: 'Correct the value and upload the row again.',
          })),
        });
      }
    });
    rejections.sort((a, b) => a.line - b.line);
    if (run.onDecided) {
      const decided = outcomes.flatMap((outcome, index) => {
        const row = accepted[index];
        return outcome.ok && row ? [{ line: row.line, decision: outcome.result.decision }] : [];
      });
      const refused = rejections.map((rejection) => ({ line: rejection.line, decision: 'rejected' }));
      run.onDecided([...decided, ...refused].sort((a, b) => a.line - b.line));
    }
    for (const rejection of rejections) {
      report.rejected++;
      for (const error of rejection.errors) {
        if (report.errors.length < MAX_REPORTED_ERRORS)
          report.errors.push({ line: rejection.line, ...error });
        else report.errorsTruncated = true;
      }
    }
    if (rejections.length > 0) await this.imports.addRejections(importId, rejections);
    if (!run.dryRun && this.options.metrics?.enabled) {
      this.options.metrics.importRows('accepted', rows.length - rejections.length);
      this.options.metrics.importRows('rejected', rejections.length);
    }
  }

  /** The real job of this file that a run with this type would run again, if any. */
  private async earlierJob(
    business: BusinessRow,
    sha256: string,
    type: InvitationType | undefined,
  ): Promise<ImportRow | undefined> {
    const earlier = await this.imports.findByFile(business.id, sha256);
    return earlier && (earlier.requested_type ?? undefined) === type ? earlier : undefined;
  }

  /**
   * A dry run is recorded as a job of its own, so its report and rejected rows can be fetched like any
   * import's; its id marks it, and a real run of the same file never resumes it.
   */
  private openDryRunJob(business: BusinessRow, file: ImportFileFacts): Promise<ImportRow> {
    return this.insertJob(dryRunJobId(this.options.random.uuid()), business, file);
  }

  /** The job for this file: a new one, or the earlier one of the same file, run again. */
  private async openJob(business: BusinessRow, file: ImportFileFacts): Promise<ImportRow> {
    const now = this.now();
    const earlier = await this.earlierJob(business, file.sha256, file.type);
    if (earlier) {
      const runs = earlier.runs + 1;
      await this.imports.clearRejections(earlier.id);
      await this.imports.update(business.id, earlier.id, {
        status: 'running',
        runs,
        updated_at: now,
        finished_at: null,
      });
      return { ...earlier, status: 'running', runs };
    }
    return this.insertJob(this.options.random.uuid(), business, file);
  }

  private async insertJob(id: string, business: BusinessRow, file: ImportFileFacts): Promise<ImportRow> {
    const now = this.now();
    const row: ImportRow = {
      id,
      business_id: business.id,
      file_name: file.fileName,
      file_sha256: file.sha256,
      file_bytes: file.bytes,
      requested_type: file.type ?? null,
      status: 'running',
      report: null,
      failure: null,
      runs: 1,
      created_at: now,
      updated_at: now,
      finished_at: null,
    };
    await this.imports.insert(row);
    return row;
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }
}

/** A dry run's job id: `dry-` and the uuid's 32 hex digits, as long as a uuid. */
function dryRunJobId(uuid: string): string {
  return `${DRY_RUN_PREFIX}${uuid.replaceAll('-', '')}`;
}

/**
 * A running import writes its progress after every batch, seconds apart; one silent this long stopped with
 * its process (a restart, a crash) and is shown as stopped, since nothing will finish it.
 */
export const IMPORT_STALLED_AFTER_MS = 5 * 60_000;

function presentJob(row: ImportRow, now: number): ImportReport {
  if (row.status === 'running' && now - row.updated_at > IMPORT_STALLED_AFTER_MS) {
    return presentJob(
      {
        ...row,
        status: 'failed',
        failure: JSON.stringify({
          code: 'import_interrupted',
          message: `The import stopped at ${new Date(row.updated_at).toISOString()} without finishing: Vouch was stopped or restarted while it ran.`,
          hint: 'Upload the same file again: it carries on, and rows already imported are not invited twice.',
        }),
      },
      now,
    );
  }
  const status = row.status as ImportReport['status'];
  const failure = row.failure ? (JSON.parse(row.failure) as ImportReport['failure']) : null;
  const report = row.report
    ? (JSON.parse(row.report) as ImportReport)
    : blankReport({
        importId: row.id,
        status,
        dryRun: row.id.startsWith(DRY_RUN_PREFIX),
        fileName: row.file_name,
        bytes: row.file_bytes,
        runs: row.runs,
      });
  return { ...report, importId: row.id, status, runs: row.runs, failure: failure ?? report.failure };
}

/** A report before the first row: the file named, every count at zero. */
function blankReport(start: {
  importId: string;
  status: ImportReport['status'];
  dryRun: boolean;
  fileName: string;
  bytes: number;
  runs: number;
}): ImportReport {
  return {
    importId: start.importId,
    status: start.status,
    dryRun: start.dryRun,
    file: {
      name: start.fileName,
      bytes: start.bytes,
      encoding: null,
      converted: false,
      delimiter: null,
      header: false,
      type: null,
    },
    rows: 0,
    accepted: 0,
    rejected: 0,
    decisions: {},
    errors: [],
    errorsTruncated: false,
    warnings: [],
    failure: null,
    runs: start.runs,
    durationMs: 0,
  };
}

async function hashFile(filePath: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(filePath, {
    highWaterMark: 1024 * 1024,
  }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
