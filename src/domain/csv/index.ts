/**
 * Reading invitation files (compat §5): encoding and delimiter detection, header mapping, RFC 4180 records
 * with the file's own line numbers, row checks, and the rejected-rows export. Pure: no database, no files.
 */
export { CSV_FILE_PROBLEM_CODES, CSV_ROW_ERROR_CODES, CSV_WARNING_CODES } from './codes.js';
export type {
  CsvFileProblemCode,
  CsvRowErrorCode,
  CsvWarningCode,
  FileProblem,
  FileWarning,
  RowError,
} from './codes.js';
export {
  COLUMN_NAMES,
  PRODUCT_COLUMNS,
  SERVICE_COLUMNS,
  looksLikeHeader,
  normalizeHeaderName,
  planColumns,
  recognizeHeaderName,
} from './columns.js';
export type { ColumnLayout, ColumnMapping, InvitationColumn, InvitationType } from './columns.js';
export { DELIMITERS, detectDelimiter, detectLineBreaks } from './dialect.js';
export type { Delimiter, LineBreaks } from './dialect.js';
export { detectEncoding, ENCODING_LABELS, InvitationFileDecoder } from './encoding.js';
export type { EncodingDetection, FileEncoding } from './encoding.js';
export { DEFAULT_BATCH_SIZE, readInvitationFile, WINDOW_BYTES } from './read-invitation-file.js';
export type {
  InvitationFileItem,
  InvitationFileMeta,
  InvitationFileSummary,
  InvitationFileUnreadable,
  InvitationRowBatch,
  ReadInvitationFileOptions,
} from './read-invitation-file.js';
export { neutralizeFormula, quoteCsvCell, RejectedRowsCsv } from './rejected-rows-csv.js';
export type { RejectedRowsCsvOptions } from './rejected-rows-csv.js';
export { MAX_RECORD_BYTES, MAX_RECORD_LINES } from './record-framer.js';
export type { AcceptedRow, ProductDetails, RejectedRow, RowResult } from './row-validation.js';
