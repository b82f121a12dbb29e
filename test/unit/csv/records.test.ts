import { describe, expect, it } from 'vitest';

import { MAX_RECORD_BYTES, MAX_RECORD_LINES } from '../../../src/domain/csv/index.js';
import { errorKeys, readAll, summarize } from './helpers.js';

const HEADER = 'customer email,customer name,reference number\n';

describe('line numbers', () => {
  const file =
    HEADER + // 1
    'jane@example.com,"Jane\n' + // 2
    'Doe",A-1\n' + // 3
    '\n' + // 4
    'bob@example.com,Bob,A-2\n' + // 5
    'carl@example.com,"Carl\n' + // 6
    '\n' + // 7
    'Smith",A-3\n' + // 8
    'dan@example.com,Dan,A-4\n'; // 9

  it('are the lines where records start, counting the header, blank lines and quoted line breaks', async () => {
    const result = await readAll(file);
    expect(summarize(result.accepted)).toEqual([
      [2, 'jane@example.com', 'Jane Doe', 'A-1'],
      [5, 'bob@example.com', 'Bob', 'A-2'],
      [6, 'carl@example.com', 'Carl Smith', 'A-3'],
      [9, 'dan@example.com', 'Dan', 'A-4'],
    ]);
  });

  it('count a quoted CRLF as one line, as an editor does', async () => {
    const result = await readAll(file.replaceAll('\n', '\r\n'));
    expect(result.meta?.lineBreaks).toBe('crlf');
    expect(result.accepted.map((row) => row.line)).toEqual([2, 5, 6, 9]);
  });

  it('do not depend on where chunks end', async () => {
    for (const chunkSize of [1, 2, 7]) {
      const result = await readAll(file.replaceAll('\n', '\r\n'), { chunkSize });
      expect(result.accepted.map((row) => row.line)).toEqual([2, 5, 6, 9]);
    }
  });

  it('work with old Mac line endings (lone CR)', async () => {
    const result = await readAll(file.replaceAll('\n', '\r'));
    expect(result.meta?.lineBreaks).toBe('any');
    expect(summarize(result.accepted).map(([line, , name]) => [line, name])).toEqual([
      [2, 'Jane Doe'],
      [5, 'Bob'],
      [6, 'Carl Smith'],
      [9, 'Dan'],
    ]);
  });

  it('count lines in ignored free-text columns too', async () => {
    const result = await readAll(
      'email,name,reference,notes\n' +
        'jane@example.com,Jane,A-1,"Ring twice.\nLeave at the door.\nThanks!"\n' +
        'bob@example.com,Bob,A-2,\n',
    );
    expect(result.accepted.map((row) => row.line)).toEqual([2, 5]);
    expect(result.errors).toEqual([]);
  });
});

describe('records', () => {
  it('skip blank lines, whitespace lines and rows of empty cells', async () => {
    const result = await readAll('jane@example.com;Jane;A-1\r\n\r\n   \r\n;;\r\nbob@example.com;Bob;A-2');
    expect(summarize(result.accepted)).toEqual([
      [1, 'jane@example.com', 'Jane', 'A-1'],
      [5, 'bob@example.com', 'Bob', 'A-2'],
    ]);
    expect(result.summary).toMatchObject({ rows: 2, accepted: 2, rejected: 0 });
  });

  it('trim cells, quoted or not', async () => {
    const result = await readAll('  jane@example.com ,  " Jane Doe "  , A-1 \n');
    expect(summarize(result.accepted)).toEqual([[1, 'jane@example.com', 'Jane Doe', 'A-1']]);
  });

  it('read RFC 4180 quotes: escaped quotes, delimiters inside quotes', async () => {
    const result = await readAll('"jane@example.com","Doe, Jane ""JJ""","A-1"\n');
    expect(summarize(result.accepted)).toEqual([[1, 'jane@example.com', 'Doe, Jane "JJ"', 'A-1']]);
  });

  it('keep a quote inside an unquoted value as it is', async () => {
    const result = await readAll('jane@example.com,Jane "JJ" Doe,A-1\n');
    expect(result.accepted[0]?.name).toBe('Jane "JJ" Doe');
  });

  it('return duplicate rows both: deduplication is the import service’s job', async () => {
    const result = await readAll('jane@example.com,Jane,A-1\njane@example.com,Jane,A-1\n');
    expect(summarize(result.accepted)).toEqual([
      [1, 'jane@example.com', 'Jane', 'A-1'],
      [2, 'jane@example.com', 'Jane', 'A-1'],
    ]);
  });

  it('keep both rows of one order in a product file, in order', async () => {
    const result = await readAll(
      'jane@example.com,Jane,A-1,MUG-1,Blue mug,https://shop.example.com/mug\n' +
        'jane@example.com,Jane,A-1,CUP-2,Red cup,https://shop.example.com/cup,https://cdn.example.com/cup.jpg\n',
    );
    expect(result.accepted.map((row) => [row.line, row.reference, row.product])).toEqual([
      [1, 'A-1', { sku: 'MUG-1', name: 'Blue mug', productUrl: 'https://shop.example.com/mug' }],
      [
        2,
        'A-1',
        {
          sku: 'CUP-2',
          name: 'Red cup',
          productUrl: 'https://shop.example.com/cup',
          imageUrl: 'https://cdn.example.com/cup.jpg',
        },
      ],
    ]);
  });

  it('normalise the email address', async () => {
    const result = await readAll('Jane.Doe@Example.COM,Jane,A-1\n');
    expect(result.accepted[0]?.email).toBe('jane.doe@example.com');
  });
});

describe('broken quotes lose nothing but their own line', () => {
  const around = (middle: string) =>
    HEADER +
    'a@example.com,Ann,A-1\n' +
    'b@example.com,Bob,A-2\n' +
    middle +
    'd@example.com,Dan,A-4\n' +
    'e@example.com,Eve,A-5\n';

  it('an unclosed quote in the middle: that line is rejected, every row after it is kept', async () => {
    const result = await readAll(around('c@example.com,"Carl,A-3\n'));
    expect(result.accepted.map((row) => [row.line, row.reference])).toEqual([
      [2, 'A-1'],
      [3, 'A-2'],
      [5, 'A-4'],
      [6, 'A-5'],
    ]);
    expect(errorKeys(result.errors)).toEqual([[4, 'csv_malformed_quotes', 'customer name', 2]]);
    expect(result.errors[0]?.message).toMatch(
      /^Line 4: the double quote that opens column 2 \(customer name\)/,
    );
    expect(result.rejected[0]?.cells).toEqual(['c@example.com', '"Carl', 'A-3']);
  });

  it('an unclosed quote that a later stray quote seems to close', async () => {
    const result = await readAll(
      around('c@example.com,"Carl,A-3\n') + 'f@example.com,Fay",A-6\n' + 'g@example.com,Gil,A-7\n',
    );
    expect(result.accepted.map((row) => row.line)).toEqual([2, 3, 5, 6, 7, 8]);
    expect(result.accepted.find((row) => row.line === 7)).toMatchObject({ name: 'Fay"', reference: 'A-6' });
    expect(errorKeys(result.errors)).toEqual([[4, 'csv_malformed_quotes', 'customer name', 2]]);
  });

  it('an unclosed quote closed on the very next line', async () => {
    const result = await readAll(
      HEADER + 'c@example.com,"Carl,A-3\n' + 'd@example.com,Dan",A-4\n' + 'e@example.com,Eve,A-5\n',
    );
    expect(errorKeys(result.errors)).toEqual([[2, 'csv_malformed_quotes', 'customer name', 2]]);
    expect(result.accepted.map((row) => [row.line, row.name])).toEqual([
      [3, 'Dan"'],
      [4, 'Eve'],
    ]);
  });

  it('an unclosed quote in a column that never holds a line break', async () => {
    const result = await readAll(around('c@example.com,Carl,"A-3\n'));
    expect(errorKeys(result.errors)).toEqual([[4, 'csv_malformed_quotes', 'reference number', 3]]);
    expect(result.accepted.map((row) => row.line)).toEqual([2, 3, 5, 6]);
  });

  it('a quoted line break in an address or a reference is taken for an unclosed quote', async () => {
    const result = await readAll(HEADER + 'c@example.com,Carl,"A-3\nB-4"\n' + 'd@example.com,Dan,A-4\n');
    expect(errorKeys(result.errors)).toEqual([
      [2, 'csv_malformed_quotes', 'reference number', 3],
      [3, 'csv_wrong_column_count', null, null],
    ]);
    expect(result.accepted.map((row) => [row.line, row.reference])).toEqual([[4, 'A-4']]);
  });

  it(`a quoted value may span up to ${MAX_RECORD_LINES} lines, not more`, async () => {
    const notes = (lines: number) =>
      `"${Array.from({ length: lines }, (_, index) => `note ${index}`).join('\n')}"`;
    const fits = await readAll(
      `email,name,reference,notes\njane@example.com,Jane,A-1,${notes(MAX_RECORD_LINES)}\nb@example.com,Bob,A-2,\n`,
    );
    expect(fits.errors).toEqual([]);
    expect(fits.accepted.map((row) => row.line)).toEqual([2, 2 + MAX_RECORD_LINES]);

    const tooMany = await readAll(
      `email,name,reference,notes\njane@example.com,Jane,A-1,${notes(MAX_RECORD_LINES + 1)}\nb@example.com,Bob,A-2,\n`,
    );
    expect(tooMany.errors[0]).toMatchObject({
      line: 2,
      code: 'csv_malformed_quotes',
      column: 'notes',
      columnIndex: 4,
    });
    expect(tooMany.accepted.map((row) => row.line)).toEqual([3 + MAX_RECORD_LINES]);
  });

  it('an unclosed quote on the last line', async () => {
    const result = await readAll(HEADER + 'a@example.com,Ann,A-1\n' + 'b@example.com,"Bob,A-2\n');
    expect(errorKeys(result.errors)).toEqual([[3, 'csv_malformed_quotes', 'customer name', 2]]);
    expect(result.accepted.map((row) => row.line)).toEqual([2]);
  });

  it('text after a closing quote', async () => {
    const result = await readAll(around('c@example.com,"Carl" Smith,A-3\n'));
    expect(errorKeys(result.errors)).toEqual([[4, 'csv_malformed_quotes', 'customer name', 2]]);
    expect(result.errors[0]?.message).toMatch(/text after the closing double quote/);
    expect(result.accepted.map((row) => row.line)).toEqual([2, 3, 5, 6]);
  });

  it('the same, whatever the chunk size', async () => {
    const file = around('c@example.com,"Carl,A-3\n') + 'x@example.com,"Xena" X,A-9\n';
    for (const chunkSize of [1, 3, 16]) {
      const result = await readAll(file, { chunkSize });
      expect(result.accepted.map((row) => row.line)).toEqual([2, 3, 5, 6]);
      expect(errorKeys(result.errors)).toEqual([
        [4, 'csv_malformed_quotes', 'customer name', 2],
        [7, 'csv_malformed_quotes', 'customer name', 2],
      ]);
    }
  });

  it('an unclosed quote with no other quote in the rest of a long file', async () => {
    const rows = Array.from(
      { length: 5000 },
      (_, index) => `u${index}@example.com,User ${index},R-${index}\n`,
    );
    const result = await readAll(HEADER + 'c@example.com,"Carl,A-3\n' + rows.join(''));
    expect(errorKeys(result.errors)).toEqual([[2, 'csv_malformed_quotes', 'customer name', 2]]);
    expect(result.accepted).toHaveLength(5000);
    expect(result.accepted[0]?.line).toBe(3);
    expect(result.accepted.at(-1)?.line).toBe(5002);
  });
});

describe('over-long lines', () => {
  it('are rejected on their own line, and reading goes on', async () => {
    const long = 'x'.repeat(MAX_RECORD_BYTES + 10);
    for (const chunkSize of [64 * 1024, 4096]) {
      const result = await readAll(
        `a@example.com,Ann,A-1\nb@example.com,${long},A-2\nc@example.com,Cy,A-3\n`,
        {
          chunkSize,
        },
      );
      expect(errorKeys(result.errors)).toEqual([[2, 'csv_field_too_long', null, null]]);
      expect(result.accepted.map((row) => row.line)).toEqual([1, 3]);
    }
  });
});
