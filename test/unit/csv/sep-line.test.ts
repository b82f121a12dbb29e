import { describe, expect, it } from 'vitest';

import { readAll, summarize } from './helpers.js';

// Excel writes (and reads) a first line `sep=;` naming the delimiter of the file. It is not a row.
describe("Excel's sep= line", () => {
  const rows = 'jane@example.com;Jane Doe;A-1\r\nbob@example.com;Bob, Jr.;A-2\r\n';

  it('is the delimiter hint, not a rejected row, and later lines keep their own numbers', async () => {
    const result = await readAll(`sep=;\r\nEmail;Name;Reference\r\n${rows}`);
    expect(result.meta?.delimiter).toBe(';');
    expect(result.rejected).toEqual([]);
    expect(result.meta?.headerLine).toBe(2);
    expect(summarize(result.accepted)).toEqual([
      [3, 'jane@example.com', 'Jane Doe', 'A-1'],
      [4, 'bob@example.com', 'Bob, Jr.', 'A-2'],
    ]);
    expect(result.summary).toMatchObject({ rows: 2, accepted: 2, rejected: 0 });
  });

  it('decides the delimiter even where counting would guess another', async () => {
    // Every row has two commas and two semicolons; without the hint, ',' wins the tie.
    const row = 'jane@example.com;Doe, Jane, Dr.;R-1\n';
    expect((await readAll(row)).meta?.delimiter).toBe(',');
    const result = await readAll(`sep=;\n${row}`);
    expect(result.meta?.delimiter).toBe(';');
    expect(result.rejected).toEqual([]);
    expect(summarize(result.accepted)).toEqual([[2, 'jane@example.com', 'Doe, Jane, Dr.', 'R-1']]);
  });

  it.each([
    ['a tab', 'sep=\t\n', '\t'],
    ['a pipe, in upper case, quoted, after a byte-order mark', '\uFEFF"SEP=|"\n', '|'],
    ['a comma, padded with delimiters as a spreadsheet saves it', 'sep=,,,\n', ','],
  ])('reads %s', async (_case, line, delimiter) => {
    const body = ['jane@example.com', 'Jane', 'A-1'].join(delimiter);
    const result = await readAll(`${line}${body}\n`);
    expect(result.meta?.delimiter).toBe(delimiter);
    expect(result.rejected).toEqual([]);
    expect(summarize(result.accepted)).toEqual([[2, 'jane@example.com', 'Jane', 'A-1']]);
  });

  it('works with the file fed a byte at a time', async () => {
    const result = await readAll(`sep=;\nEmail;Name;Reference\n${rows}`, { chunkSize: 1 });
    expect(result.rejected).toEqual([]);
    expect(result.accepted.map((row) => row.line)).toEqual([3, 4]);
  });

  it('is only a hint on the first line: a later sep= line is an ordinary (rejected) row', async () => {
    const result = await readAll(`jane@example.com;Jane;A-1\nsep=;\n`);
    expect(result.accepted).toHaveLength(1);
    expect(result.rejected.map((row) => row.line)).toEqual([2]);
  });

  it('names the delimiter in a warning when it is one Vouch does not read', async () => {
    const result = await readAll('sep=:\njane@example.com,Jane,A-1\n');
    expect(result.rejected).toEqual([]);
    expect(result.meta?.delimiter).toBe(',');
    expect(result.meta?.warnings.map((warning) => warning.code)).toContain('csv_separator_unsupported');
    expect(summarize(result.accepted)).toEqual([[2, 'jane@example.com', 'Jane', 'A-1']]);
  });
});
