import type { Delimiter } from './dialect.js';
import type { RejectedRow } from './row-validation.js';

export interface RejectedRowsCsvOptions {
  /** Names of the file's columns, e.g. the meta item's `columnNames`. */
  readonly columns: readonly string[];
  /** Default `,`; give the uploaded file's delimiter so Excel opens the export the same way. */
  readonly delimiter?: Delimiter;
  /** Start with a UTF-8 byte-order mark, which Excel needs to read UTF-8 (default `true`). */
  readonly bom?: boolean;
}

/** First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A cell that a spreadsheet would run as a formula, made inert with a leading `'`. Exported rows hold what
 * customers typed, so they must not become formulas on the shop owner's machine.
 *
 * @example
 * neutralizeFormula('=HYPERLINK("http://evil")'); // "'=HYPERLINK(\"http://evil\")"
 * neutralizeFormula('Jane'); // 'Jane'
 */
export function neutralizeFormula(cell: string): string {
  return cell.length > 0 && FORMULA_STARTS.has(cell[0]!) ? `'${cell}` : cell;
}

/** One cell in RFC 4180 form: quoted when it holds the delimiter, a quote, a line break or edge spaces. */
export function quoteCsvCell(cell: string, delimiter: Delimiter = ','): string {
  const needsQuotes =
    cell.includes(delimiter) ||
    cell.includes('"') ||
    cell.includes('\n') ||
    cell.includes('\r') ||
    cell.trim() !== cell;
  return needsQuotes ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/**
 * Writes rejected rows back as CSV, so a shop owner can fix them and upload that file again: `line` and
 * `reason` first, then the original columns under their own header (so a row with too many cells still
 * lines up). Vouch ignores `line` and `reason` on the next upload, as unknown columns, so the fixed file
 * reads like the original one.
 *
 * Streaming: call {@link header} once, then {@link row} for each rejected row, and write the strings.
 *
 * @example
 * const csv = new RejectedRowsCsv({ columns: meta.columnNames, delimiter: meta.delimiter });
 * out.write(csv.header());
 * for (const row of rejectedRows) out.write(csv.row(row));
 */
export class RejectedRowsCsv {
  readonly #columns: readonly string[];
  readonly #delimiter: Delimiter;
  readonly #bom: boolean;

  constructor(options: RejectedRowsCsvOptions) {
    this.#columns = options.columns;
    this.#delimiter = options.delimiter ?? ',';
    this.#bom = options.bom ?? true;
  }

  /** The header line (with the byte-order mark when asked for). */
  header(): string {
    return (this.#bom ? '\uFEFF' : '') + this.#line(['line', 'reason', ...this.#columns]);
  }

  /** One rejected row as a CSV line ending in CRLF. */
  row(row: RejectedRow): string {
    const reason = row.errors.map((error) => error.message).join(' ');
    const cells = [String(row.line), reason, ...row.cells];
    // Pad to the header's width; a row with more cells than the header keeps them all at the end.
    while (cells.length < this.#columns.length + 2) cells.push('');
    return this.#line(cells);
  }

  /** A whole export at once, for small sets of rows. */
  static toText(rows: Iterable<RejectedRow>, options: RejectedRowsCsvOptions): string {
    const csv = new RejectedRowsCsv(options);
    let text = csv.header();
    for (const row of rows) text += csv.row(row);
    return text;
  }

  #line(cells: readonly string[]): string {
    return (
      cells.map((cell) => quoteCsvCell(neutralizeFormula(cell), this.#delimiter)).join(this.#delimiter) +
      '\r\n'
    );
  }
}
