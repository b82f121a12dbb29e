import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

import { neutralizeFormula, quoteCsvCell, RejectedRowsCsv } from '../../../src/domain/csv/index.js';
import type { RejectedRow } from '../../../src/domain/csv/index.js';
import { readAll } from './helpers.js';

describe('formula neutralisation', () => {
  it.each(['=1+1', '+49 30 1234', '-2', '@SUM(A1:A2)', '\t=1', '\r=1', '=HYPERLINK("http://evil.example")'])(
    'prefixes %j with a quote',
    (cell) => {
      expect(neutralizeFormula(cell)).toBe(`'${cell}`);
    },
  );

  it.each(['Jane', 'jane@example.com', '', ' =1', 'A-1', "'quoted"])('leaves %j alone', (cell) => {
    expect(neutralizeFormula(cell)).toBe(cell);
  });
});

describe('quoting', () => {
  it.each([
    ['plain', ',', 'plain'],
    ['Doe, Jane', ',', '"Doe, Jane"'],
    ['Doe, Jane', ';', 'Doe, Jane'],
    ['a;b', ';', '"a;b"'],
    ['say "hi"', ',', '"say ""hi"""'],
    ['two\nlines', ',', '"two\nlines"'],
    [' padded ', ',', '" padded "'],
  ] as const)('%j with %j', (cell, delimiter, expected) => {
    expect(quoteCsvCell(cell, delimiter)).toBe(expected);
  });
});

describe('RejectedRowsCsv', () => {
  const file =
    'customer email,customer name,reference number\n' +
    '=cmd|"/c calc"!A0,Jane,A-1\n' +
    'jane@example.com,"@SUM(1,2)",A#2\n' +
    'bob@example.com,"Bob ""B"" Smith, Jr.",\n' +
    'carl@example.com,Carl,A-4,extra\n' +
    'ok@example.com,Ok,A-5\n';

  async function rejectedOf(
    text: string,
  ): Promise<{ rows: readonly RejectedRow[]; columns: readonly string[] }> {
    const result = await readAll(text);
    return { rows: result.rejected, columns: result.meta!.columnNames };
  }

  it('writes line, reason and the original cells, neutralised and quoted', async () => {
    const { rows, columns } = await rejectedOf(file);
    const text = RejectedRowsCsv.toText(rows, { columns });
    expect(text.startsWith('\uFEFFline,reason,customer email,customer name,reference number\r\n')).toBe(true);

    const [header, ...records] = parse(text.slice(1), { relax_column_count: true });
    expect(header).toEqual(['line', 'reason', 'customer email', 'customer name', 'reference number']);
    expect(records.map((record) => [record[0], ...record.slice(2)])).toEqual([
      ['2', `'=cmd|"/c calc"!A0`, 'Jane', 'A-1'],
      ['3', 'jane@example.com', "'@SUM(1,2)", 'A#2'],
      ['4', 'bob@example.com', 'Bob "B" Smith, Jr.', ''],
      ['5', 'carl@example.com', 'Carl', 'A-4', 'extra'],
    ]);
    expect(records[1]?.[1]).toContain("contains '#'");
    expect(records[3]?.[1]).toMatch(/^Line 5 has 4 columns/);
  });

  it('writes row by row, with the file’s delimiter and without a byte-order mark when asked', async () => {
    const { rows, columns } = await rejectedOf(file);
    const csv = new RejectedRowsCsv({ columns, delimiter: ';', bom: false });
    expect(csv.header()).toBe('line;reason;customer email;customer name;reference number\r\n');
    expect(csv.row(rows[2]!)).toBe(
      '4;"Line 4, column 3 (reference number): The reference number is empty; every invitation needs the order it ' +
        'is about.";bob@example.com;"Bob ""B"" Smith, Jr.";\r\n',
    );
  });

  it('can be uploaded again: the same rows are read, and line and reason are ignored', async () => {
    const { rows, columns } = await rejectedOf(file);
    const again = await readAll(RejectedRowsCsv.toText(rows, { columns }));
    expect(again.meta?.warnings.map((warning) => warning.code)).toEqual([
      'csv_unknown_column',
      'csv_unknown_column',
    ]);
    expect(again.rejected.map((row) => row.errors.map((error) => error.code))).toEqual(
      rows.map((row) => row.errors.map((error) => error.code)),
    );
  });
});
