import { readInvitationFile } from '../../../src/domain/csv/index.js';
import type {
  AcceptedRow,
  InvitationFileMeta,
  InvitationFileSummary,
  InvitationFileUnreadable,
  ReadInvitationFileOptions,
  RejectedRow,
  RowError,
  RowResult,
} from '../../../src/domain/csv/index.js';

/**
 * Feeds `bytes` in chunks of `size` bytes (or of the given sizes, cycled), each on a later tick, as a file
 * stream would.
 */
export async function* chunked(
  bytes: Uint8Array,
  size: number | readonly number[] = 64 * 1024,
): AsyncGenerator<Uint8Array> {
  const sizes = typeof size === 'number' ? [size] : size;
  let turn = 0;
  for (let offset = 0; offset < bytes.length;) {
    const length = Math.max(1, sizes[turn++ % sizes.length]!);
    yield await Promise.resolve(bytes.subarray(offset, offset + length));
    offset += length;
  }
}

export interface ReadResult {
  readonly meta: InvitationFileMeta | undefined;
  readonly unreadable: InvitationFileUnreadable | undefined;
  readonly rows: readonly RowResult[];
  readonly accepted: readonly AcceptedRow[];
  readonly rejected: readonly RejectedRow[];
  /** Every error of every rejected row, in file order. */
  readonly errors: readonly RowError[];
  readonly summary: InvitationFileSummary | undefined;
  readonly batchSizes: readonly number[];
  /** Item kinds in the order they came. */
  readonly order: readonly string[];
}

export type ReadOptions = ReadInvitationFileOptions & { readonly chunkSize?: number | readonly number[] };

/** Reads a whole (small) file into memory, for assertions. */
export async function readAll(input: string | Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let meta: InvitationFileMeta | undefined;
  let unreadable: InvitationFileUnreadable | undefined;
  let summary: InvitationFileSummary | undefined;
  const rows: RowResult[] = [];
  const batchSizes: number[] = [];
  const order: string[] = [];
  for await (const item of readInvitationFile(chunked(bytes, options.chunkSize), options)) {
    order.push(item.kind);
    switch (item.kind) {
      case 'meta':
        meta = item;
        break;
      case 'unreadable':
        unreadable = item;
        break;
      case 'rows':
        batchSizes.push(item.rows.length);
        rows.push(...item.rows);
        break;
      case 'summary':
        summary = item;
        break;
    }
  }
  const accepted = rows.filter((row): row is AcceptedRow => row.kind === 'accepted');
  const rejected = rows.filter((row): row is RejectedRow => row.kind === 'rejected');
  return {
    meta,
    unreadable,
    rows,
    accepted,
    rejected,
    errors: rejected.flatMap((row) => row.errors),
    summary,
    batchSizes,
    order,
  };
}

/** Bytes of ASCII text, checked to be ASCII so a test's bytes are exactly what it says. */
export function ascii(text: string): number[] {
  return [...text].map((char) => {
    const code = char.charCodeAt(0);
    if (code > 0x7f) throw new Error(`not ASCII: ${char}`);
    return code;
  });
}

/** UTF-16 bytes with a byte-order mark, encoded by hand (surrogate pairs included). */
export function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const bytes: number[] = endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (endian === 'le') bytes.push(unit & 0xff, unit >> 8);
    else bytes.push(unit >> 8, unit & 0xff);
  }
  return Uint8Array.from(bytes);
}

/** Accepted rows as `[line, email, name, reference]`, for compact comparisons. */
export function summarize(rows: readonly AcceptedRow[]): [number, string, string, string][] {
  return rows.map((row) => [row.line, row.email, row.name, row.reference]);
}

/** Rejected rows' errors as `[line, code, column, columnIndex]`. */
export function errorKeys(errors: readonly RowError[]): [number, string, string | null, number | null][] {
  return errors.map((error) => [error.line, error.code, error.column, error.columnIndex]);
}
