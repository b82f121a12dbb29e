import { parse } from 'csv-parse/sync';
import type { Options as CsvParseOptions } from 'csv-parse/sync';

import type { FileProblem, FileWarning } from './codes.js';
import { isFileProblem, planColumns } from './columns.js';
import type { ColumnLayout, ColumnMapping, FirstRecord, InvitationType } from './columns.js';
import { DELIMITERS, detectDelimiter, detectLineBreaks, recordDelimiters } from './dialect.js';
import type { Delimiter, LineBreaks } from './dialect.js';
import { detectEncoding, ENCODING_LABELS, InvitationFileDecoder } from './encoding.js';
import type { FileEncoding } from './encoding.js';
import { RecordFramer } from './record-framer.js';
import type { FramedRecords, RecordFramerOptions } from './record-framer.js';
import { RowValidator } from './row-validation.js';
import type { RowResult } from './row-validation.js';

/** Bytes read and decoded before detection, and the unit of work after it. */
export const WINDOW_BYTES = 64 * 1024;
export const DEFAULT_BATCH_SIZE = 1000;

export interface ReadInvitationFileOptions {
  /** Read the file as this type; by default it is inferred from the header or the number of columns. */
  readonly type?: InvitationType;
  /** Most rows in one `rows` item (default {@link DEFAULT_BATCH_SIZE}). */
  readonly batchSize?: number;
}

/** First item of a readable file: how it is read. */
export interface InvitationFileMeta {
  readonly kind: 'meta';
  /** As detected from the first 64 KiB; see the summary for the final word. */
  readonly encoding: FileEncoding;
  readonly bom: boolean;
  /** The text was converted to UTF-8 from {@link encodingLabel} (anything but UTF-8). */
  readonly converted: boolean;
  /** For the UI: "converted from Windows-1252". */
  readonly encodingLabel: string;
  readonly delimiter: Delimiter;
  readonly lineBreaks: LineBreaks;
  readonly header: boolean;
  readonly headerLine: number | null;
  readonly type: InvitationType;
  readonly typeSource: ColumnLayout['typeSource'];
  readonly columns: readonly ColumnMapping[];
  /** A name for each column of the file, for a rejected-rows export. */
  readonly columnNames: readonly string[];
  readonly warnings: readonly FileWarning[];
}

/** The only item for a file that cannot be read at all. */
export interface InvitationFileUnreadable extends FileProblem {
  readonly kind: 'unreadable';
}

/** Rows in file order, accepted and rejected mixed, at most `batchSize` of them. */
export interface InvitationRowBatch {
  readonly kind: 'rows';
  readonly rows: readonly RowResult[];
}

/** Last item of a readable file. */
export interface InvitationFileSummary {
  readonly kind: 'summary';
  /** Non-blank rows after the header: accepted + rejected. */
  readonly rows: number;
  readonly accepted: number;
  readonly rejected: number;
  /** The encoding the file was read in to the end (it can change once, from UTF-8 to Windows-1252). */
  readonly encoding: FileEncoding;
  readonly converted: boolean;
  readonly encodingLabel: string;
  /** Warnings that only showed up after the meta item. */
  readonly warnings: readonly FileWarning[];
}

export type InvitationFileItem =
  InvitationFileMeta | InvitationFileUnreadable | InvitationRowBatch | InvitationFileSummary;

const EMPTY = Buffer.alloc(0);

/**
 * Reads an invitation file (CSV or TXT, compat §5) from a stream of bytes, holding at most a couple of
 * 64 KiB windows of it in memory. Yields, in order:
 *
 * 1. `{ kind: 'meta' }`: encoding, delimiter, header, column mapping, type and warnings — or, for a file
 *    that cannot be read at all, `{ kind: 'unreadable' }` and nothing else;
 * 2. `{ kind: 'rows' }` batches of accepted and rejected rows in file order, each with the file's own line;
 * 3. `{ kind: 'summary' }` with the counts.
 *
 * Rows are not deduplicated, nor grouped by email and reference: that is the import service's job.
 *
 * @example
 * for await (const item of readInvitationFile(createReadStream(path), { type: 'service' })) {
 *   if (item.kind === 'unreadable') throw new Error(item.message);
 *   if (item.kind === 'rows') for (const row of item.rows) if (row.kind === 'accepted') schedule(row);
 * }
 */
export async function* readInvitationFile(
  source: AsyncIterable<Uint8Array>,
  options: ReadInvitationFileOptions = {},
): AsyncGenerator<InvitationFileItem, void, undefined> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const windows = readWindows(source, WINDOW_BYTES);
  try {
    const first = await windows.next();
    const sample = first.done ? EMPTY : first.value.bytes;
    let final = first.done === true || first.value.last;

    const detected = detectEncoding(sample, final);
    if (!detected.ok) {
      yield { kind: 'unreadable', code: detected.code, message: detected.message, hint: detected.hint };
      return;
    }
    const decoder = new InvitationFileDecoder(detected.encoding, detected.bom);
    let text = decoder.decode(sample, final);
    const separator = readSeparatorLine(text);
    // The line's text goes, its line break stays: line 1 is then blank, and every later line keeps the
    // number the file gives it.
    if (separator !== undefined) text = text.subarray(separator.bytes);
    const sampleText = text.toString('utf8');
    if (final && sampleText.trim() === '') {
      yield {
        kind: 'unreadable',
        code: 'csv_empty_file',
        message: 'The file holds no text, only blank lines or spaces.',
        hint: 'Choose the file that holds your invitations: one line per customer.',
      };
      return;
    }

    const delimiter = separator?.delimiter ?? detectDelimiter(sampleText);
    const lineBreaks = detectLineBreaks(sampleText, final);
    const parseOptions: CsvParseOptions = {
      delimiter,
      record_delimiter: recordDelimiters(lineBreaks),
      relax_column_count: true,
      relax_quotes: true,
      trim: true,
      bom: false,
      skip_empty_lines: false,
    };
    const layout = planColumns(
      probeFirstRecord(text, final, delimiter, lineBreaks, parseOptions),
      options.type,
    );
    if (isFileProblem(layout)) {
      yield { kind: 'unreadable', code: layout.code, message: layout.message, hint: layout.hint };
      return;
    }
    yield {
      kind: 'meta',
      encoding: detected.encoding,
      bom: detected.bom,
      converted: detected.encoding !== 'utf-8',
      encodingLabel: ENCODING_LABELS[detected.encoding],
      delimiter,
      lineBreaks,
      header: layout.header,
      headerLine: layout.headerLine,
      type: layout.type,
      typeSource: layout.typeSource,
      columns: layout.columns,
      columnNames: layout.columnNames,
      warnings: separator?.warning === undefined ? layout.warnings : [separator.warning, ...layout.warnings],
    };

    const framer = new RecordFramer(framerOptions(layout, delimiter, lineBreaks));
    const validator = new RowValidator(layout, delimiter);
    const headerLine = layout.headerLine ?? 0;
    let batch: RowResult[] = [];
    let accepted = 0;
    let rejected = 0;

    while (true) {
      validator.checkEncoding = decoder.lossy;
      const framed = framer.push(text, final);
      const records = parseRecords(framed, parseOptions);
      const { lines, problems } = framed;
      let problem = 0;
      for (let index = 0; index <= lines.length; index++) {
        while (problem < problems.length && problems[problem]!.before === index) {
          batch.push(validator.rejectFraming(problems[problem++]!));
          rejected++;
          if (batch.length >= batchSize) {
            yield { kind: 'rows', rows: batch };
            batch = [];
          }
        }
        if (index === lines.length) break;
        const line = lines[index]!;
        if (line === headerLine) continue;
        const record = records[index]!;
        const row = Array.isArray(record)
          ? validator.validate(record, line)
          : validator.rejectUnparsable(line, record.raw, record.reason);
        if (row === undefined) continue;
        batch.push(row);
        if (row.kind === 'accepted') accepted++;
        else rejected++;
        if (batch.length >= batchSize) {
          yield { kind: 'rows', rows: batch };
          batch = [];
        }
      }
      if (final) break;
      const next = await windows.next();
      if (next.done) {
        text = decoder.decode(EMPTY, true);
        final = true;
      } else {
        final = next.value.last;
        text = decoder.decode(next.value.bytes, final);
      }
    }
    if (batch.length > 0) yield { kind: 'rows', rows: batch };

    const warnings: FileWarning[] = [];
    if (decoder.switched) {
      warnings.push({
        code: 'csv_encoding_switched',
        message:
          'The file began as plain ASCII but later holds Windows-1252 text (as Excel writes it); it was read ' +
          'as Windows-1252 and converted.',
      });
    }
    yield {
      kind: 'summary',
      rows: accepted + rejected,
      accepted,
      rejected,
      encoding: decoder.encoding,
      converted: decoder.encoding !== 'utf-8',
      encodingLabel: ENCODING_LABELS[decoder.encoding],
      warnings,
    };
  } finally {
    await windows.return(undefined);
  }
}

interface SeparatorLine {
  /** Bytes of the line's text, before its line break. */
  readonly bytes: number;
  /** The delimiter it names, when Vouch reads that one. */
  readonly delimiter?: Delimiter;
  readonly warning?: FileWarning;
}

/**
 * `sep=;` (any case, maybe quoted, maybe padded with delimiters by a spreadsheet that saved it as a row)
 * on the first line: Excel's way of naming the delimiter, which Excel itself writes and reads.
 */
const SEPARATOR_LINE = /^\uFEFF?(?:"sep=([^"\r\n])"|sep=([^\r\n]))[,;\t| ]*$/i;
const SEPARATOR_LINE_MAX_BYTES = 64;

/** Excel's `sep=` first line, or `undefined` when the file does not start with one. */
function readSeparatorLine(text: Buffer): SeparatorLine | undefined {
  const head = text.subarray(0, SEPARATOR_LINE_MAX_BYTES).toString('utf8');
  const end = head.search(/[\r\n]/);
  const line = end < 0 ? (text.length <= SEPARATOR_LINE_MAX_BYTES ? head : undefined) : head.slice(0, end);
  if (line === undefined) return undefined;
  const match = SEPARATOR_LINE.exec(line);
  if (match === null) return undefined;
  const named = match[1] ?? match[2] ?? '';
  const bytes = Buffer.byteLength(line, 'utf8');
  if ((DELIMITERS as readonly string[]).includes(named)) return { bytes, delimiter: named as Delimiter };
  return {
    bytes,
    warning: {
      code: 'csv_separator_unsupported',
      message:
        `The first line "${line.trim()}" names ${JSON.stringify(named)} as the separator, which Vouch does not ` +
        'read; the line was skipped and the separator detected from the rows. Save the file with , ; tab or |.',
    },
  };
}

type ParsedRecord = string[] | { readonly raw: string; readonly reason: string };

/**
 * Parses a batch of framed records in one csv-parse call. The framer only passes records csv-parse accepts,
 * one record each; should the two ever disagree, each record is parsed alone so a single bad one is
 * reported on its line and the rest are kept.
 */
function parseRecords(framed: FramedRecords, options: CsvParseOptions): readonly ParsedRecord[] {
  const { data, lines, starts } = framed;
  if (lines.length === 0) return [];
  try {
    const records = parse(data, options);
    if (records.length === lines.length) return records;
  } catch {
    // Fall through to one record at a time.
  }
  return starts.map((start, index): ParsedRecord => {
    const bytes = data.subarray(start, starts[index + 1] ?? data.length);
    try {
      const records = parse(bytes, options);
      if (records.length === 1) return records[0]!;
      if (records.length === 0) return [];
      return {
        raw: bytes.toString('utf8').trimEnd(),
        reason: `it holds ${records.length} records instead of one.`,
      };
    } catch (error) {
      return {
        raw: bytes.toString('utf8').trimEnd(),
        reason: error instanceof Error ? error.message : String(error),
      };
    }
  });
}

/**
 * The first non-blank, well-formed record of the sample, to recognise a header row and the type. It can be
 * a header only when no unreadable line comes before it.
 */
function probeFirstRecord(
  text: Buffer,
  whole: boolean,
  delimiter: Delimiter,
  lineBreaks: LineBreaks,
  parseOptions: CsvParseOptions,
): FirstRecord | undefined {
  const framer = new RecordFramer({
    delimiter: delimiter.charCodeAt(0),
    lineBreaks,
    emailColumn: 0,
    columnCount: 3,
    multilineColumns: new Set(),
    knownColumnCount: 1,
  });
  const { data, lines, starts, problems } = framer.push(text, whole);
  const firstProblem = problems[0]?.before ?? Number.POSITIVE_INFINITY;
  for (let index = 0; index < lines.length; index++) {
    const bytes = data.subarray(starts[index], starts[index + 1] ?? data.length);
    let cells: string[] | undefined;
    try {
      cells = parse(bytes, parseOptions)[0];
    } catch {
      continue;
    }
    if (cells !== undefined && cells.some((cell) => cell.trim() !== '')) {
      return { cells, line: lines[index]!, mayBeHeader: index < firstProblem };
    }
  }
  return undefined;
}

function framerOptions(
  layout: ColumnLayout,
  delimiter: Delimiter,
  lineBreaks: LineBreaks,
): RecordFramerOptions {
  // Line breaks are possible in names and in columns Vouch ignores; never in an address, a reference,
  // a SKU or a URL.
  const singleLine = new Set(
    layout.columns
      .filter((mapping) => mapping.column !== 'name' && mapping.column !== 'productName')
      .map((mapping) => mapping.index - 1),
  );
  const multiline = new Set<number>();
  for (let position = 0; position < layout.maxCells; position++) {
    if (!singleLine.has(position)) multiline.add(position);
  }
  const email = layout.columns.find((mapping) => mapping.column === 'email');
  return {
    delimiter: delimiter.charCodeAt(0),
    lineBreaks,
    emailColumn: (email?.index ?? 1) - 1,
    columnCount: layout.maxCells,
    multilineColumns: multiline,
    knownColumnCount: layout.maxCells,
  };
}

interface Window {
  readonly bytes: Buffer;
  /** No bytes follow this window. */
  readonly last: boolean;
}

/**
 * Regroups a byte stream into windows of about `size` bytes (the last one smaller), knowing which one is
 * last: the first window doubles as the detection sample. Holds at most two windows.
 */
async function* readWindows(
  source: AsyncIterable<Uint8Array>,
  size: number,
): AsyncGenerator<Window, void, undefined> {
  let parts: Buffer[] = [];
  let total = 0;
  let ready: Buffer | undefined;
  for await (const chunk of source) {
    for (let offset = 0; offset < chunk.length; offset += size) {
      const piece = chunk.subarray(offset, offset + size);
      parts.push(
        Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength),
      );
      total += piece.length;
      if (total >= size) {
        if (ready !== undefined) yield { bytes: ready, last: false };
        ready = parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
        parts = [];
        total = 0;
      }
    }
  }
  if (total > 0) {
    if (ready !== undefined) yield { bytes: ready, last: false };
    ready = parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
  }
  if (ready !== undefined) yield { bytes: ready, last: true };
}
