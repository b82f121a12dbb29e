/**
 * Stable machine codes of the invitation-file reader. Tools, the import report and tests match on them, so
 * a code never changes meaning; new cases get new codes.
 */

/** Why one row of a file was rejected. Every rejected row carries at least one. */
export const CSV_ROW_ERROR_CODES = [
  'csv_missing_email',
  'csv_bad_email',
  'csv_missing_reference',
  'csv_forbidden_reference_character',
  'csv_missing_sku',
  'csv_bad_url',
  'csv_field_too_long',
  'csv_wrong_column_count',
  'csv_malformed_quotes',
  'csv_bad_encoding',
] as const;

export type CsvRowErrorCode = (typeof CSV_ROW_ERROR_CODES)[number];

/** Why a whole file could not be read: nothing in it is imported. */
export const CSV_FILE_PROBLEM_CODES = [
  'csv_empty_file',
  'csv_binary_file',
  'csv_unsupported_encoding',
  'csv_missing_column',
] as const;

export type CsvFileProblemCode = (typeof CSV_FILE_PROBLEM_CODES)[number];

/** Things about a file worth telling its owner that reject nothing. */
export const CSV_WARNING_CODES = [
  'csv_unknown_column',
  'csv_duplicate_column',
  'csv_ignored_product_columns',
  'csv_no_name_column',
  'csv_encoding_switched',
  'csv_separator_unsupported',
] as const;

export type CsvWarningCode = (typeof CSV_WARNING_CODES)[number];

/**
 * One problem with one row. `line` is the file's own line number where the row starts (1-based, counting
 * the header, blank lines and the extra lines of quoted line breaks), as an editor shows it.
 */
export interface RowError {
  readonly line: number;
  /** The column's English name (`customer email`, `SKU`, …), or the file's own header text for a column
   * Vouch does not use; `null` when the problem is the whole line. */
  readonly column: string | null;
  /** 1-based position of the column in the file; `null` when the problem is the whole line. */
  readonly columnIndex: number | null;
  readonly code: CsvRowErrorCode;
  /** What is wrong, naming the line and column. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
}

export interface FileWarning {
  readonly code: CsvWarningCode;
  readonly message: string;
  /** The column concerned (1-based), when there is one. */
  readonly columnIndex?: number;
}

export interface FileProblem {
  readonly code: CsvFileProblemCode;
  readonly message: string;
  readonly hint: string;
}
