import {
  describeEmailProblem,
  FIELD_LIMITS,
  findEmailProblem,
  findReferenceProblem,
  isHttpUrl,
  normalizeEmail,
} from '../invitations/fields.js';
import type { InvitationField } from '../invitations/fields.js';
import { forbiddenReferenceMessage } from '../links/reference.js';
import type { CsvRowErrorCode, RowError } from './codes.js';
import { COLUMN_NAMES } from './columns.js';
import type { ColumnLayout, InvitationColumn } from './columns.js';
import type { Delimiter } from './dialect.js';
import type { FramingProblem } from './record-framer.js';

export interface ProductDetails {
  readonly sku: string;
  /** May be empty: compat §5 has no rule for it, and the SKU identifies the product. */
  readonly name: string;
  readonly productUrl?: string;
  readonly imageUrl?: string;
}

export interface AcceptedRow {
  readonly kind: 'accepted';
  readonly line: number;
  /** Normalised with `normalizeEmail`. */
  readonly email: string;
  /** May be empty: the email then greets the customer as "customer". */
  readonly name: string;
  readonly reference: string;
  /** Present in product files: one row per product. */
  readonly product?: ProductDetails;
}

export interface RejectedRow {
  readonly kind: 'rejected';
  readonly line: number;
  /** At least one; every problem of the row, so it can be fixed in one go. */
  readonly errors: readonly RowError[];
  /** The row's cells as read (a line that could not be parsed is split at its delimiters), for export. */
  readonly cells: readonly string[];
}

export type RowResult = AcceptedRow | RejectedRow;

interface ColumnRef {
  /** 0-based position, -1 when the file has no such column. */
  readonly position: number;
  readonly name: string;
}

const DELIMITER_NAMES: Readonly<Record<Delimiter, string>> = {
  ',': 'a comma',
  ';': 'a semicolon',
  '\t': 'a tab',
  '|': 'a vertical bar',
};

const QUOTE_HINT =
  'Put double quotes around the whole value, and write a double quote inside a value twice: "Jane ""JJ"" Doe".';

/**
 * Turns the cells of one record into an accepted row or a rejected one, with every problem named by line
 * and column. Pure: the same cells and line give the same result.
 */
export class RowValidator {
  /** Set when the decoder met bytes it could not read: values holding U+FFFD are then rejected. */
  checkEncoding = false;

  readonly #layout: ColumnLayout;
  readonly #delimiter: Delimiter;
  readonly #email: ColumnRef;
  readonly #name: ColumnRef;
  readonly #reference: ColumnRef;
  readonly #sku: ColumnRef;
  readonly #productName: ColumnRef;
  readonly #productUrl: ColumnRef;
  readonly #imageUrl: ColumnRef;
  readonly #product: boolean;

  constructor(layout: ColumnLayout, delimiter: Delimiter) {
    this.#layout = layout;
    this.#delimiter = delimiter;
    const ref = (column: InvitationColumn): ColumnRef => ({
      position: (layout.columns.find((mapping) => mapping.column === column)?.index ?? 0) - 1,
      name: COLUMN_NAMES[column],
    });
    this.#email = ref('email');
    this.#name = ref('name');
    this.#reference = ref('reference');
    this.#sku = ref('sku');
    this.#productName = ref('productName');
    this.#productUrl = ref('productUrl');
    this.#imageUrl = ref('imageUrl');
    this.#product = layout.type === 'product';
  }

  /** The row read from `cells`, or `undefined` for a blank record (only empty cells). */
  validate(cells: readonly string[], line: number): RowResult | undefined {
    if (isBlank(cells)) return undefined;
    const layout = this.#layout;
    const width = cells.length;
    if (width < layout.minCells || (width > layout.maxCells && hasValueFrom(cells, layout.maxCells))) {
      return { kind: 'rejected', line, errors: [this.#columnCountError(cells, line)], cells };
    }

    const errors: RowError[] = [];
    const rawEmail = value(cells, this.#email);
    const emailProblem = findEmailProblem(rawEmail);
    if (emailProblem !== undefined) {
      const code =
        emailProblem === 'missing'
          ? 'csv_missing_email'
          : emailProblem === 'too_long'
            ? 'csv_field_too_long'
            : 'csv_bad_email';
      errors.push(
        this.#error(
          line,
          this.#email,
          code,
          describeEmailProblem(rawEmail, emailProblem),
          emailHint(emailProblem),
        ),
      );
    }

    let name = value(cells, this.#name);
    if (hasLineBreak(name)) name = joinLines(name);
    if (name.length > FIELD_LIMITS.name) errors.push(this.#tooLong(line, this.#name, name, 'name'));

    const reference = value(cells, this.#reference);
    const referenceProblem = findReferenceProblem(reference);
    if (referenceProblem !== undefined) {
      switch (referenceProblem.kind) {
        case 'missing':
          errors.push(
            this.#error(
              line,
              this.#reference,
              'csv_missing_reference',
              'The reference number is empty; every invitation needs the order it is about.',
              'Give the order number or another reference, such as 10042 or A-2291.',
            ),
          );
          break;
        case 'too_long':
          errors.push(this.#tooLong(line, this.#reference, reference, 'reference'));
          break;
        case 'forbidden_character':
          errors.push({
            line,
            column: this.#reference.name,
            columnIndex: this.#reference.position + 1,
            code: 'csv_forbidden_reference_character',
            message: forbiddenReferenceMessage(
              reference,
              referenceProblem.character,
              `line ${line}, column ${this.#reference.position + 1} (${this.#reference.name})`,
            ),
            hint: `Remove '${referenceProblem.character}' from the reference, in the file or in your shop's export.`,
          });
          break;
      }
    }

    let product: ProductDetails | undefined;
    if (this.#product) product = this.#readProduct(cells, line, errors);

    if (this.checkEncoding) this.#checkEncoding(cells, line, errors);
    if (errors.length > 0) {
      if (errors.length > 1) errors.sort((a, b) => (a.columnIndex ?? 0) - (b.columnIndex ?? 0));
      return { kind: 'rejected', line, errors, cells };
    }
    const email = normalizeEmail(rawEmail);
    return product === undefined
      ? { kind: 'accepted', line, email, name, reference }
      : { kind: 'accepted', line, email, name, reference, product };
  }

  /** A record the framer could not hand to the parser, as a rejected row. */
  rejectFraming(problem: FramingProblem): RejectedRow {
    const { line } = problem;
    const cells = problem.raw.split(this.#delimiter);
    const position = problem.column ?? -1;
    const column = position < 0 ? null : this.#columnLabel(position);
    const where = column === null ? `column ${position + 1}` : `column ${position + 1} (${column})`;
    let error: RowError;
    switch (problem.kind) {
      case 'unclosed_quote':
        error = {
          line,
          column,
          columnIndex: position + 1,
          code: 'csv_malformed_quotes',
          message: `Line ${line}: the double quote that opens ${where} is not closed on this line, so the line cannot be read.`,
          hint: `Add the closing double quote, or remove the opening one. ${QUOTE_HINT}`,
        };
        break;
      case 'text_after_quote':
        error = {
          line,
          column,
          columnIndex: position + 1,
          code: 'csv_malformed_quotes',
          message: `Line ${line}, ${where}: there is text after the closing double quote, so the line cannot be read.`,
          hint: QUOTE_HINT,
        };
        break;
      case 'too_long':
        error = {
          line,
          column: null,
          columnIndex: null,
          code: 'csv_field_too_long',
          message: `Line ${line} is longer than 64 KiB, far longer than any invitation row, so it is not read.`,
          hint: 'Check that the file lists one customer per line and that each line ends with a line break.',
        };
        break;
    }
    return { kind: 'rejected', line, errors: [error], cells };
  }

  /** A record csv-parse refused although the framer passed it: reported, never silently dropped. */
  rejectUnparsable(line: number, raw: string, reason: string): RejectedRow {
    return {
      kind: 'rejected',
      line,
      cells: raw.split(this.#delimiter),
      errors: [
        {
          line,
          column: null,
          columnIndex: null,
          code: 'csv_malformed_quotes',
          message: `Line ${line} cannot be read as CSV: ${reason}`,
          hint: QUOTE_HINT,
        },
      ],
    };
  }

  #readProduct(cells: readonly string[], line: number, errors: RowError[]): ProductDetails {
    const sku = value(cells, this.#sku);
    if (sku === '') {
      errors.push(
        this.#error(
          line,
          this.#sku,
          'csv_missing_sku',
          'The SKU is empty; a product invitation needs the SKU of the product bought.',
          'Give the SKU, or import the file as service invitations if it is not about products.',
        ),
      );
    } else if (sku.length > FIELD_LIMITS.sku) {
      errors.push(this.#tooLong(line, this.#sku, sku, 'sku'));
    }
    let name = value(cells, this.#productName);
    if (hasLineBreak(name)) name = joinLines(name);
    if (name.length > FIELD_LIMITS.productName)
      errors.push(this.#tooLong(line, this.#productName, name, 'productName'));
    const productUrl = this.#url(cells, this.#productUrl, line, errors);
    const imageUrl = this.#url(cells, this.#imageUrl, line, errors);
    const details: { sku: string; name: string; productUrl?: string; imageUrl?: string } = { sku, name };
    if (productUrl !== '') details.productUrl = productUrl;
    if (imageUrl !== '') details.imageUrl = imageUrl;
    return details;
  }

  #url(cells: readonly string[], column: ColumnRef, line: number, errors: RowError[]): string {
    const url = value(cells, column);
    if (url === '') return url;
    if (url.length > FIELD_LIMITS.url) {
      errors.push(this.#tooLong(line, column, url, 'url'));
    } else if (!isHttpUrl(url)) {
      errors.push(
        this.#error(
          line,
          column,
          'csv_bad_url',
          `"${url}" is not a web address starting with http:// or https://.`,
          'Give the full address, such as https://shop.example.com/products/blue-mug, or leave the cell empty.',
        ),
      );
    }
    return url;
  }

  #checkEncoding(cells: readonly string[], line: number, errors: RowError[]): void {
    const columns = [this.#email, this.#name, this.#reference];
    if (this.#product) columns.push(this.#sku, this.#productName, this.#productUrl, this.#imageUrl);
    for (const column of columns) {
      if (column.position < 0) continue;
      const text = cells[column.position] ?? '';
      if (!text.includes('\uFFFD')) continue;
      errors.push(
        this.#error(
          line,
          column,
          'csv_bad_encoding',
          `"${text}" holds bytes that are not text in the file's encoding, so it cannot be read correctly.`,
          'Save the file as UTF-8 (in Excel: "CSV UTF-8 (comma delimited)") and upload it again.',
        ),
      );
    }
  }

  #columnCountError(cells: readonly string[], line: number): RowError {
    const layout = this.#layout;
    let count = cells.length;
    while (count > layout.maxCells && (cells[count - 1] ?? '').trim() === '') count--;
    const delimiter = DELIMITER_NAMES[this.#delimiter];
    const columns = `${count} column${count === 1 ? '' : 's'}`;
    let expected: string;
    if (layout.header) {
      expected = `the header row (line ${layout.headerLine}) has ${layout.maxCells}`;
    } else {
      const range =
        layout.minCells === layout.maxCells
          ? `${layout.maxCells}`
          : `${layout.minCells} or ${layout.maxCells}`;
      expected = `a ${layout.type} invitation line has ${range}: ${layout.columnNames.join(', ')}`;
    }
    const tooMany = count > layout.maxCells;
    return {
      line,
      column: null,
      columnIndex: null,
      code: 'csv_wrong_column_count',
      message: `Line ${line} has ${columns}; ${expected}.`,
      hint: tooMany
        ? `If a value contains ${delimiter}, put the whole value in double quotes, such as "Doe${this.#delimiter} Jane".`
        : `Give every column a value, even an empty one, separated by ${delimiter}.`,
    };
  }

  #columnLabel(position: number): string | null {
    const mapping = this.#layout.columns.find((candidate) => candidate.index === position + 1);
    if (mapping !== undefined) return COLUMN_NAMES[mapping.column];
    return this.#layout.header ? (this.#layout.columnNames[position] ?? null) : null;
  }

  #error(line: number, column: ColumnRef, code: CsvRowErrorCode, problem: string, hint: string): RowError {
    const index = column.position + 1;
    return {
      line,
      column: column.name,
      columnIndex: index,
      code,
      message: `Line ${line}, column ${index} (${column.name}): ${problem}`,
      hint,
    };
  }

  #tooLong(line: number, column: ColumnRef, text: string, field: InvitationField): RowError {
    const limit = FIELD_LIMITS[field];
    return this.#error(
      line,
      column,
      'csv_field_too_long',
      `The ${column.name} is ${text.length} characters long; at most ${limit} are allowed.`,
      `Shorten the ${column.name} to ${limit} characters or fewer.`,
    );
  }
}

function value(cells: readonly string[], column: ColumnRef): string {
  if (column.position < 0) return '';
  const cell = cells[column.position];
  return cell === undefined ? '' : cell.trim();
}

function emailHint(problem: 'missing' | 'too_long' | 'syntax'): string {
  switch (problem) {
    case 'missing':
      return "Give the customer's email address, or delete the line.";
    case 'too_long':
      return 'Check that the cell holds one email address and nothing else.';
    case 'syntax':
      return 'Check the address for typos, spaces or a missing domain; a cell holds exactly one address.';
  }
}

function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) {
    if (cell !== '' && cell.trim() !== '') return false;
  }
  return true;
}

function hasValueFrom(cells: readonly string[], from: number): boolean {
  for (let index = from; index < cells.length; index++) {
    if (cells[index]!.trim() !== '') return true;
  }
  return false;
}

function hasLineBreak(text: string): boolean {
  return text.includes('\n') || text.includes('\r');
}

/** A quoted name may span lines in the file; in an email it is one line. */
function joinLines(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
