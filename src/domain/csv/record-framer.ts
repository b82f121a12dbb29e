import type { LineBreaks } from './dialect.js';

/**
 * Finds where each record of a CSV text starts and ends, and on which line, before csv-parse reads it.
 *
 * csv-parse cannot recover from a broken quote: with `skip_records_with_error` an unclosed quote swallows
 * every line up to the next quote (or the end of the file) and all those rows are lost. The framer walks
 * the bytes with the same quoting rules as csv-parse (`relax_quotes`, `trim`), hands csv-parse only records
 * that are well formed, and turns the others into problems on their own line:
 *
 * - text after a closing quote on one line: that line is rejected, reading goes on with the next one;
 * - a quoted value that runs over a line break where it cannot be right (in a column that never holds
 *   one, past {@link MAX_RECORD_LINES} lines, into what looks like the next row, to the end of the file):
 *   the quote was never closed, so the line where it opened is rejected and reading starts again on the
 *   line after it, which recovers the rows the open quote would have swallowed.
 *
 * Line numbers are the file's own: each LF, CRLF (or lone CR, with `any`) counts one, inside quotes too.
 * Memory stays bounded: only the unfinished last record is carried over, and no record may exceed
 * {@link MAX_RECORD_BYTES}.
 */

/** A record longer than this is not an invitation row (every field together stays under 8 KiB). */
export const MAX_RECORD_BYTES = 64 * 1024;
/** A quoted value may hold line breaks, but an invitation row never spans this many lines. */
export const MAX_RECORD_LINES = 10;

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const AT = 0x40;

export type FramingProblemKind = 'unclosed_quote' | 'text_after_quote' | 'too_long';

export interface FramingProblem {
  readonly kind: FramingProblemKind;
  readonly line: number;
  /** 0-based column where the quote opened or the stray text is; `null` for the whole line. */
  readonly column: number | null;
  /** The text of the line (at most {@link RAW_TEXT_LIMIT} characters), to show and to export. */
  readonly raw: string;
  /** Number of good records that come before this problem in the same batch. */
  readonly before: number;
}

export interface FramedRecords {
  /** Well-formed records, each ending with its line break (except the file's last line). */
  readonly data: Buffer;
  /** The line where each record of `data` starts. */
  readonly lines: readonly number[];
  /** The byte offset in `data` where each record starts. */
  readonly starts: readonly number[];
  readonly problems: readonly FramingProblem[];
}

export interface RecordFramerOptions {
  /** The delimiter's character code (all supported delimiters are ASCII). */
  readonly delimiter: number;
  readonly lineBreaks: LineBreaks;
  /** 0-based column of the email address, to recognise a swallowed row. */
  readonly emailColumn: number;
  /** Columns in a row; a line with this many separators is a row of its own. */
  readonly columnCount: number;
  /** 0-based columns whose values may contain a line break (names, free text); others never do. */
  readonly multilineColumns: ReadonlySet<number>;
  /** Columns past the known ones are unknown free text, where a line break is allowed. */
  readonly knownColumnCount: number;
  readonly firstLine?: number;
}

const RAW_TEXT_LIMIT = 1000;
const NEED_MORE = -1;
const EMPTY = Buffer.alloc(0);

/** Collects the good records of one batch, joining adjacent ones into ranges of the input buffer. */
class Collector {
  readonly lines: number[] = [];
  readonly starts: number[] = [];
  readonly problems: FramingProblem[] = [];
  readonly #ranges: Buffer[] = [];
  #rangeStart = 0;
  #rangeEnd = 0;
  #offset = 0;

  constructor(readonly buffer: Buffer) {}

  add(start: number, end: number, line: number): void {
    if (start !== this.#rangeEnd) {
      this.#flush();
      this.#rangeStart = start;
    }
    this.#rangeEnd = end;
    this.starts.push(this.#offset + (start - this.#rangeStart));
    this.lines.push(line);
  }

  problem(kind: FramingProblemKind, line: number, column: number | null, raw: string): void {
    this.problems.push({ kind, line, column, raw, before: this.lines.length });
  }

  #flush(): void {
    if (this.#rangeEnd > this.#rangeStart) {
      this.#ranges.push(this.buffer.subarray(this.#rangeStart, this.#rangeEnd));
      this.#offset += this.#rangeEnd - this.#rangeStart;
    }
    this.#rangeStart = this.#rangeEnd = 0;
  }

  finish(): FramedRecords {
    this.#flush();
    const data =
      this.#ranges.length === 0
        ? EMPTY
        : this.#ranges.length === 1
          ? this.#ranges[0]!
          : Buffer.concat(this.#ranges);
    return { data, lines: this.lines, starts: this.starts, problems: this.problems };
  }
}

/** Outcome of scanning one record that contains a quote. */
type QuotedScan =
  | { readonly kind: 'record'; readonly end: number; readonly breaks: number }
  | {
      readonly kind: 'bad_line';
      readonly end: number;
      readonly problem: FramingProblemKind;
      readonly column: number;
    }
  | { readonly kind: 'restart'; readonly at: number; readonly column: number }
  | { readonly kind: 'skip_line'; readonly problem: FramingProblemKind; readonly column: number | null };

export class RecordFramer {
  readonly #options: RecordFramerOptions;
  #carry: Buffer = EMPTY;
  #line: number;
  /** Discarding the rest of an over-long line. */
  #skipping = false;

  constructor(options: RecordFramerOptions) {
    this.#options = options;
    this.#line = options.firstLine ?? 1;
  }

  /** The line the next record starts on. */
  get line(): number {
    return this.#line;
  }

  /** Frames the records completed by `chunk`; with `final`, also the last one. */
  push(chunk: Buffer, final: boolean): FramedRecords {
    const buffer =
      this.#carry.length === 0
        ? chunk
        : chunk.length === 0
          ? this.#carry
          : Buffer.concat([this.#carry, chunk]);
    this.#carry = EMPTY;
    const out = new Collector(buffer);
    const end = buffer.length;
    const { lineBreaks } = this.#options;
    let pos = 0;

    if (this.#skipping) {
      pos = this.#skipLine(buffer, 0, final);
      if (pos === NEED_MORE) return out.finish();
    }

    // Next LF, quote and CR at or after `pos`; `end` when there is none. Positions only move forward.
    let nextLf = -1;
    let nextQuote = -1;
    let nextCr = lineBreaks === 'any' ? -1 : end;

    while (pos < end) {
      if (nextLf < pos) nextLf = find(buffer, LF, pos, end);
      if (nextQuote < pos) nextQuote = find(buffer, QUOTE, pos, end);
      if (nextCr < pos) nextCr = find(buffer, CR, pos, end);

      // Fast path: a line without quotes is one record.
      let lineEnd = nextLf;
      let breakLength = 1;
      if (nextCr < nextLf - 1 || (nextCr < end && nextLf === end)) {
        // A lone CR ends the line first (only looked for with `any`); at the end of the buffer it may be
        // the first half of a CRLF.
        if (nextCr + 1 === end && !final) {
          lineEnd = end;
        } else {
          lineEnd = nextCr;
        }
      }
      if (nextQuote >= lineEnd) {
        if (lineEnd === end) {
          if (!final) {
            if (end - pos > MAX_RECORD_BYTES) {
              out.problem('too_long', this.#line, null, rawText(buffer, pos, end));
              this.#skipping = true;
              return out.finish();
            }
            this.#carry = Buffer.from(buffer.subarray(pos));
            return out.finish();
          }
          breakLength = 0;
        }
        const recordEnd = lineEnd + breakLength;
        if (lineEnd - pos > MAX_RECORD_BYTES) {
          out.problem('too_long', this.#line, null, rawText(buffer, pos, lineEnd));
        } else if (breakLength > 0 ? lineEnd > pos : !isBlank(buffer, pos, end)) {
          // Empty lines are left out: they hold no row, and a range starting with one could follow a range
          // ending in a lone CR, which joined would read as one CRLF.
          out.add(pos, recordEnd, this.#line);
        }
        this.#line++;
        pos = recordEnd;
        continue;
      }

      const scan = this.#scanQuoted(buffer, pos, end, final);
      if (scan === undefined) {
        this.#carry = Buffer.from(buffer.subarray(pos));
        return out.finish();
      }
      switch (scan.kind) {
        case 'record':
          out.add(pos, scan.end, this.#line);
          this.#line += scan.breaks + 1;
          pos = scan.end;
          break;
        case 'bad_line':
          out.problem(scan.problem, this.#line, scan.column, rawText(buffer, pos, scan.end));
          this.#line++;
          pos = scan.end;
          break;
        case 'restart':
          out.problem('unclosed_quote', this.#line, scan.column, rawText(buffer, pos, scan.at));
          this.#line++;
          pos = scan.at;
          break;
        case 'skip_line': {
          out.problem(scan.problem, this.#line, scan.column, rawText(buffer, pos, end));
          this.#skipping = true;
          pos = this.#skipLine(buffer, pos, final);
          if (pos === NEED_MORE) return out.finish();
          break;
        }
      }
    }
    return out.finish();
  }

  /** Moves past the end of the current physical line, ignoring quotes; NEED_MORE when it goes on. */
  #skipLine(buffer: Buffer, from: number, final: boolean): number {
    const end = buffer.length;
    for (let pos = from; pos < end; pos++) {
      const length = this.#breakAt(buffer, pos, end, final);
      if (length === NEED_MORE) {
        this.#carry = Buffer.from(buffer.subarray(pos));
        return NEED_MORE;
      }
      if (length > 0) {
        this.#skipping = false;
        this.#line++;
        return pos + length;
      }
    }
    if (final) {
      this.#skipping = false;
      return end;
    }
    return NEED_MORE;
  }

  /** Length of the line break at `pos` (0 when there is none), or NEED_MORE when the buffer ends first. */
  #breakAt(buffer: Buffer, pos: number, end: number, final: boolean): number {
    const byte = buffer[pos];
    if (byte === LF) return 1;
    if (byte !== CR || this.#options.lineBreaks === 'lf') return 0;
    if (pos + 1 >= end) return final ? (this.#options.lineBreaks === 'any' ? 1 : 0) : NEED_MORE;
    if (buffer[pos + 1] === LF) return 2;
    return this.#options.lineBreaks === 'any' ? 1 : 0;
  }

  /**
   * Scans a record that has a quote, with csv-parse's rules. Returns `undefined` when the buffer ends before
   * the record does (and more may come).
   */
  #scanQuoted(buffer: Buffer, start: number, end: number, final: boolean): QuotedScan | undefined {
    const { delimiter, multilineColumns, knownColumnCount } = this.#options;
    const limit = start + MAX_RECORD_BYTES;
    let pos = start;
    let column = 0;
    let fieldStart = true;
    let inQuotes = false;
    let afterClose = false;
    let quoteColumn = -1;
    let strayColumn = -1;
    let breaks = 0;
    let firstBreakEnd = -1;
    let firstQuoteColumn = -1;
    // Start of the current line inside a quoted value, to see whether it is a swallowed row.
    let segment = -1;

    while (true) {
      if (pos >= limit) {
        if (breaks > 0) return { kind: 'restart', at: firstBreakEnd, column: firstQuoteColumn };
        return {
          kind: 'skip_line',
          problem: inQuotes ? 'unclosed_quote' : 'too_long',
          column: inQuotes ? quoteColumn : null,
        };
      }
      if (pos >= end) {
        if (!final) return undefined;
        if (inQuotes) {
          if (breaks > 0) return { kind: 'restart', at: firstBreakEnd, column: firstQuoteColumn };
          return { kind: 'bad_line', end, problem: 'unclosed_quote', column: quoteColumn };
        }
        return this.#finishRecord(end, breaks, strayColumn, firstBreakEnd, firstQuoteColumn);
      }
      const byte = buffer[pos]!;
      if (inQuotes) {
        if (byte === QUOTE) {
          if (pos + 1 >= end && !final) return undefined;
          if (buffer[pos + 1] === QUOTE) {
            pos += 2;
            continue;
          }
          if (segment >= 0 && this.#looksLikeRow(buffer, segment, pos)) {
            return { kind: 'restart', at: firstBreakEnd, column: firstQuoteColumn };
          }
          segment = -1;
          inQuotes = false;
          afterClose = true;
          pos++;
          continue;
        }
        const length = this.#breakAt(buffer, pos, end, final);
        if (length === NEED_MORE) return undefined;
        if (length > 0) {
          if (segment >= 0 && this.#looksLikeRow(buffer, segment, pos)) {
            return { kind: 'restart', at: firstBreakEnd, column: firstQuoteColumn };
          }
          breaks++;
          pos += length;
          segment = pos;
          if (firstBreakEnd < 0) {
            firstBreakEnd = pos;
            firstQuoteColumn = quoteColumn;
          }
          const allowed = quoteColumn >= knownColumnCount || multilineColumns.has(quoteColumn);
          if (!allowed || breaks >= MAX_RECORD_LINES) {
            return { kind: 'restart', at: firstBreakEnd, column: firstQuoteColumn };
          }
          continue;
        }
        pos++;
        continue;
      }

      const length = this.#breakAt(buffer, pos, end, final);
      if (length === NEED_MORE) return undefined;
      if (length > 0) {
        return this.#finishRecord(pos + length, breaks, strayColumn, firstBreakEnd, firstQuoteColumn);
      }
      if (byte === delimiter) {
        column++;
        fieldStart = true;
        afterClose = false;
        pos++;
        continue;
      }
      if (afterClose) {
        // csv-parse (with rtrim) allows only single-byte whitespace between a closing quote and the next
        // delimiter; anything else is an error there, so it is one here.
        if (byte === 0x20 || byte === 0x09 || byte === 0x0b || byte === 0x0c || byte === CR) {
          pos++;
          continue;
        }
        if (strayColumn < 0) strayColumn = column;
        afterClose = false;
        pos++;
        continue;
      }
      if (fieldStart) {
        const whitespace = leadingWhitespaceLength(buffer, pos, end, final);
        if (whitespace === NEED_MORE) return undefined;
        if (whitespace > 0) {
          pos += whitespace;
          continue;
        }
        fieldStart = false;
        if (byte === QUOTE) {
          inQuotes = true;
          quoteColumn = column;
        }
      }
      // Past the start of a field a quote is an ordinary character (`relax_quotes`).
      pos++;
    }
  }

  #finishRecord(
    end: number,
    breaks: number,
    strayColumn: number,
    firstBreakEnd: number,
    firstQuoteColumn: number,
  ): QuotedScan {
    if (strayColumn < 0) return { kind: 'record', end, breaks };
    // Stray text after a quote that spanned lines means that quote was most likely never closed.
    if (breaks > 0) return { kind: 'restart', at: firstBreakEnd, column: firstQuoteColumn };
    return { kind: 'bad_line', end, problem: 'text_after_quote', column: strayColumn };
  }

  /**
   * Whether a line inside a quoted value reads as a row of its own: an address in the email column, or as
   * many separators as a row has. A quote left open swallows such lines; a real multi-line name does not
   * look like that.
   */
  #looksLikeRow(buffer: Buffer, from: number, to: number): boolean {
    const { delimiter, emailColumn, columnCount } = this.#options;
    let column = 0;
    let separators = 0;
    let address = false;
    for (let pos = from; pos < to; pos++) {
      const byte = buffer[pos];
      if (byte === delimiter) {
        if (column === emailColumn && address) return true;
        column++;
        separators++;
      } else if (byte === AT && column === emailColumn) {
        address = true;
      }
    }
    return separators >= Math.max(2, columnCount - 1);
  }
}

function find(buffer: Buffer, byte: number, from: number, end: number): number {
  const index = buffer.indexOf(byte, from);
  return index < 0 ? end : index;
}

/** Whitespace csv-parse's `ltrim` skips before a value (and so before an opening quote). */
function leadingWhitespaceLength(buffer: Buffer, pos: number, end: number, final: boolean): number {
  const byte = buffer[pos]!;
  if (byte === 0x20 || byte === 0x09 || byte === 0x0b || byte === 0x0c || byte === CR) return 1;
  if (byte < 0xc2) return 0;
  const width = byte === 0xc2 ? 2 : byte === 0xe1 || byte === 0xe2 || byte === 0xe3 || byte === 0xef ? 3 : 0;
  if (width === 0) return 0;
  if (pos + width > end) return final ? 0 : NEED_MORE;
  const second = buffer[pos + 1];
  const third = buffer[pos + 2];
  switch (byte) {
    case 0xc2: // U+00A0
      return second === 0xa0 ? 2 : 0;
    case 0xe1: // U+1680
      return second === 0x9a && third === 0x80 ? 3 : 0;
    case 0xe2: // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
      if (second === 0x80 && third !== undefined) {
        return (third >= 0x80 && third <= 0x8a) || third === 0xa8 || third === 0xa9 || third === 0xaf ? 3 : 0;
      }
      return second === 0x81 && third === 0x9f ? 3 : 0;
    case 0xe3: // U+3000
      return second === 0x80 && third === 0x80 ? 3 : 0;
    default: // U+FEFF
      return second === 0xbb && third === 0xbf ? 3 : 0;
  }
}

/** Whether a last line (without a line break) holds only whitespace, which csv-parse emits no record for. */
function isBlank(buffer: Buffer, from: number, to: number): boolean {
  for (let pos = from; pos < to;) {
    const length = leadingWhitespaceLength(buffer, pos, to, true);
    if (length <= 0) return false;
    pos += length;
  }
  return true;
}

function rawText(buffer: Buffer, from: number, to: number): string {
  let end = Math.min(to, from + RAW_TEXT_LIMIT * 3);
  while (end > from && (buffer[end - 1] === LF || buffer[end - 1] === CR)) end--;
  const text = buffer.toString('utf8', from, end);
  return text.length > RAW_TEXT_LIMIT ? text.slice(0, RAW_TEXT_LIMIT) : text;
}
