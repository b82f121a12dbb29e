import type { FileProblem, FileWarning } from './codes.js';

export type InvitationType = 'service' | 'product';

export type InvitationColumn =
  'email' | 'name' | 'reference' | 'sku' | 'productName' | 'productUrl' | 'imageUrl';

/** The English header names of compat §5, as Vouch names columns in messages. */
export const COLUMN_NAMES: Readonly<Record<InvitationColumn, string>> = {
  email: 'customer email',
  name: 'customer name',
  reference: 'reference number',
  sku: 'SKU',
  productName: 'product name',
  productUrl: 'product URL',
  imageUrl: 'image URL',
};

/** Column order of a file without a header row (compat §5). */
export const SERVICE_COLUMNS: readonly InvitationColumn[] = ['email', 'name', 'reference'];
export const PRODUCT_COLUMNS: readonly InvitationColumn[] = [
  'email',
  'name',
  'reference',
  'sku',
  'productName',
  'productUrl',
  'imageUrl',
];

const PRODUCT_ONLY: ReadonlySet<InvitationColumn> = new Set(['sku', 'productName', 'productUrl', 'imageUrl']);

// Keys are normalised with `normalizeHeaderName`. The first group is compat §5; the rest are names shops
// and spreadsheet tools commonly export.
const HEADER_ALIASES: ReadonlyMap<string, InvitationColumn> = new Map<string, InvitationColumn>([
  ['customeremail', 'email'],
  ['customername', 'name'],
  ['referencenumber', 'reference'],
  ['sku', 'sku'],
  ['productname', 'productName'],
  ['producturl', 'productUrl'],
  ['imageurl', 'imageUrl'],

  ['email', 'email'],
  ['emailaddress', 'email'],
  ['customeremailaddress', 'email'],
  ['consumeremail', 'email'],
  ['recipientemail', 'email'],
  ['name', 'name'],
  ['fullname', 'name'],
  ['consumername', 'name'],
  ['recipientname', 'name'],
  ['reference', 'reference'],
  ['ref', 'reference'],
  ['refno', 'reference'],
  ['refnumber', 'reference'],
  ['referenceid', 'reference'],
  ['referenceno', 'reference'],
  ['orderid', 'reference'],
  ['ordernumber', 'reference'],
  ['orderno', 'reference'],
  ['orderref', 'reference'],
  ['orderreference', 'reference'],
  ['productsku', 'sku'],
  ['itemsku', 'sku'],
  ['product', 'productName'],
  ['producttitle', 'productName'],
  ['itemname', 'productName'],
  ['url', 'productUrl'],
  ['productlink', 'productUrl'],
  ['productpageurl', 'productUrl'],
  ['image', 'imageUrl'],
  ['imagelink', 'imageUrl'],
  ['productimage', 'imageUrl'],
  ['productimageurl', 'imageUrl'],
]);

/** Case, spaces, underscores, hyphens and other punctuation do not matter: `Customer_E-mail` is `customeremail`. */
export function normalizeHeaderName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The column a header cell names, or `undefined` when Vouch does not know the name. */
export function recognizeHeaderName(text: string): InvitationColumn | undefined {
  return HEADER_ALIASES.get(normalizeHeaderName(text));
}

/**
 * A first row is a header when it names at least one known column and holds no email address: a data row
 * always has an address, and a header never does.
 */
export function looksLikeHeader(cells: readonly string[]): boolean {
  let named = false;
  for (const cell of cells) {
    if (cell.includes('@')) return false;
    if (!named && recognizeHeaderName(cell) !== undefined) named = true;
  }
  return named;
}

export interface ColumnMapping {
  readonly column: InvitationColumn;
  /** 1-based position in the file. */
  readonly index: number;
  /** The header cell as written in the file, or `null` without a header row. */
  readonly header: string | null;
}

export interface ColumnLayout {
  readonly type: InvitationType;
  /** Where the type came from: the caller, the header's SKU column, or the number of columns. */
  readonly typeSource: 'option' | 'header' | 'column_count';
  readonly header: boolean;
  /** Line of the header row, or `null` without one. */
  readonly headerLine: number | null;
  readonly columns: readonly ColumnMapping[];
  /** A name for every column of the file: its header cells, or the English names in their fixed order. */
  readonly columnNames: readonly string[];
  /** A row with fewer cells misses a column Vouch needs. */
  readonly minCells: number;
  /** A row with non-empty cells past this many has more columns than the file declares. */
  readonly maxCells: number;
  readonly warnings: readonly FileWarning[];
}

export interface FirstRecord {
  readonly cells: readonly string[];
  readonly line: number;
  /** `false` when a line that could not be read comes before it: a header is always the first line. */
  readonly mayBeHeader?: boolean;
}

/**
 * Decides how to read a file's columns from its first non-blank record: a header row in any order, or the
 * fixed order of compat §5. The type is the caller's when given, otherwise product when a header names a
 * SKU column or a header-less row has 4 or more columns.
 */
export function planColumns(
  first: FirstRecord | undefined,
  forcedType?: InvitationType,
): ColumnLayout | FileProblem {
  const cells = first?.cells.map((cell) => cell.trim()) ?? [];
  if (first !== undefined && first.mayBeHeader !== false && looksLikeHeader(cells)) {
    return planFromHeader(cells, first.line, forcedType);
  }

  const type = forcedType ?? (countUpToLastValue(cells) >= 4 ? 'product' : 'service');
  const order = type === 'product' ? PRODUCT_COLUMNS : SERVICE_COLUMNS;
  return {
    type,
    typeSource: forcedType === undefined ? 'column_count' : 'option',
    header: false,
    headerLine: null,
    columns: order.map((column, position) => ({ column, index: position + 1, header: null })),
    columnNames: order.map((column) => COLUMN_NAMES[column]),
    minCells: type === 'product' ? 6 : 3,
    maxCells: order.length,
    warnings: [],
  };
}

function planFromHeader(
  cells: readonly string[],
  line: number,
  forcedType: InvitationType | undefined,
): ColumnLayout | FileProblem {
  const warnings: FileWarning[] = [];
  const found = new Map<InvitationColumn, ColumnMapping>();
  cells.forEach((cell, position) => {
    const index = position + 1;
    if (cell === '') return;
    const column = recognizeHeaderName(cell);
    if (column === undefined) {
      warnings.push({
        code: 'csv_unknown_column',
        columnIndex: index,
        message: `Column ${index} ("${cell}") is not a column Vouch knows, so it is ignored.`,
      });
    } else if (found.has(column)) {
      const kept = found.get(column)!;
      warnings.push({
        code: 'csv_duplicate_column',
        columnIndex: index,
        message:
          `Column ${index} ("${cell}") names the ${COLUMN_NAMES[column]} again; column ${kept.index} ` +
          `("${kept.header ?? ''}") is used and this one is ignored.`,
      });
    } else {
      found.set(column, { column, index, header: cell });
    }
  });

  const type = forcedType ?? (found.has('sku') ? 'product' : 'service');
  if (type === 'service') {
    const ignored = [...found.values()].filter((mapping) => PRODUCT_ONLY.has(mapping.column));
    if (ignored.length > 0) {
      for (const mapping of ignored) found.delete(mapping.column);
      warnings.push({
        code: 'csv_ignored_product_columns',
        message:
          `The file is read as service invitations, so its product columns are ignored: ` +
          `${ignored.map((mapping) => `"${mapping.header ?? ''}" (column ${mapping.index})`).join(', ')}.`,
      });
    }
  }

  const required: InvitationColumn[] =
    type === 'product' ? ['email', 'reference', 'sku'] : ['email', 'reference'];
  const missing = required.filter((column) => !found.has(column));
  if (missing.length > 0) return missingColumnProblem(missing, cells, line, type);

  if (!found.has('name')) {
    warnings.push({
      code: 'csv_no_name_column',
      message:
        'The header row has no customer name column, so every invitation greets the customer as "customer".',
    });
  }

  const columns = [...found.values()].sort((a, b) => a.index - b.index);
  return {
    type,
    typeSource: forcedType === undefined ? 'header' : 'option',
    header: true,
    headerLine: line,
    columns,
    columnNames: cells.map((cell, position) => (cell === '' ? `column ${position + 1}` : cell)),
    minCells: Math.max(...required.map((column) => found.get(column)!.index)),
    maxCells: cells.length,
    warnings,
  };
}

function missingColumnProblem(
  missing: readonly InvitationColumn[],
  cells: readonly string[],
  line: number,
  type: InvitationType,
): FileProblem {
  const names = missing.map((column) => `"${COLUMN_NAMES[column]}"`).join(' and ');
  const present = cells.filter((cell) => cell !== '').map((cell) => `"${cell}"`);
  const order = (type === 'product' ? PRODUCT_COLUMNS : SERVICE_COLUMNS).map(
    (column) => COLUMN_NAMES[column],
  );
  const productHint =
    missing.includes('sku') && type === 'product'
      ? ' If these are not product invitations, import the file as service invitations.'
      : '';
  return {
    code: 'csv_missing_column',
    message:
      `The header row (line ${line}) has no ${names} column${missing.length > 1 ? 's' : ''}; ` +
      `its columns are ${present.join(', ')}.`,
    hint:
      `Rename the header cell to ${names}, or remove the header row and put the columns in this order: ` +
      `${order.join(', ')}.${productHint}`,
  };
}

/** Number of cells up to and including the last non-empty one: Excel pads rows with empty cells. */
export function countUpToLastValue(cells: readonly string[]): number {
  for (let index = cells.length - 1; index >= 0; index--) {
    if (cells[index] !== '') return index + 1;
  }
  return 0;
}

export function isFileProblem(value: ColumnLayout | FileProblem): value is FileProblem {
  return 'code' in value;
}
