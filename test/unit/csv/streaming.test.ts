import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { readInvitationFile } from '../../../src/domain/csv/index.js';
import type { InvitationFileItem, RowResult } from '../../../src/domain/csv/index.js';
import { chunked, readAll } from './helpers.js';

const ROWS = 100_000;

interface Expected {
  line: number;
  reference: string;
  accepted: boolean;
}

/**
 * A generated file, produced lazily in uneven chunks: plain rows, quoted names over two lines, blank lines
 * and a bad address every 997th row. `expected` lists what each row must come out as.
 */
function generate(): {
  source: () => AsyncGenerator<Uint8Array>;
  expected: Expected[];
  pulled: () => number;
} {
  const expected: Expected[] = [];
  let line = 1;
  const lines: string[] = ['customer email;customer name;reference number\r\n'];
  for (let index = 0; index < ROWS; index++) {
    line++;
    if (index % 500 === 0) {
      lines.push('\r\n');
      line++;
    }
    const reference = `R-${index}`;
    const bad = index % 997 === 0;
    const email = bad ? `user${index}.example.com` : `user${index}@example.com`;
    if (index % 101 === 0) {
      lines.push(`${email};"Müller;\r\nJürgen ${index}";${reference}\r\n`);
      expected.push({ line, reference, accepted: !bad });
      line++;
    } else {
      lines.push(`${email};Søren ${index};${reference}\r\n`);
      expected.push({ line, reference, accepted: !bad });
    }
  }
  const text = Buffer.from(lines.join(''), 'utf8');
  let pulled = 0;
  async function* source(): AsyncGenerator<Uint8Array> {
    const sizes = [4096, 65_536, 1, 10_000, 333, 128 * 1024];
    for (let offset = 0, turn = 0; offset < text.length; turn++) {
      const size = sizes[turn % sizes.length]!;
      const chunk = text.subarray(offset, offset + size);
      offset += size;
      pulled += chunk.length;
      yield await Promise.resolve(chunk);
    }
  }
  return { source, expected, pulled: () => pulled };
}

describe('streaming a large file', () => {
  it('accounts for all 100,000 rows, in order, on their own lines, in bounded batches', async () => {
    const { source, expected, pulled } = generate();
    const rows: RowResult[] = [];
    const kinds: string[] = [];
    let pulledAtFirstBatch = -1;
    for await (const item of readInvitationFile(source(), { batchSize: 500 })) {
      kinds.push(item.kind);
      if (item.kind !== 'rows') continue;
      if (pulledAtFirstBatch < 0) pulledAtFirstBatch = pulled();
      expect(item.rows.length).toBeGreaterThan(0);
      expect(item.rows.length).toBeLessThanOrEqual(500);
      rows.push(...item.rows);
    }
    expect(kinds[0]).toBe('meta');
    expect(kinds.at(-1)).toBe('summary');
    expect(kinds.filter((kind) => kind === 'rows').length).toBe(Math.ceil(ROWS / 500));
    // Rows come out while the file is still being read: the reader holds a window or two, not the file.
    expect(pulledAtFirstBatch).toBeLessThan(400 * 1024);

    expect(rows).toHaveLength(ROWS);
    const actual = rows.map((row) => ({
      line: row.line,
      reference: row.kind === 'accepted' ? row.reference : (row.cells[2] ?? ''),
      accepted: row.kind === 'accepted',
    }));
    expect(actual).toEqual(expected);
    const rejected = rows.filter((row) => row.kind === 'rejected');
    expect(rejected).toHaveLength(Math.ceil(ROWS / 997));
    expect(rejected.every((row) => row.errors[0]?.code === 'csv_bad_email')).toBe(true);
    const multiLine = rows.find((row) => row.line === expected[101]!.line);
    expect(multiLine).toMatchObject({ kind: 'accepted', name: 'Müller; Jürgen 101' });
  });

  it('stops reading the source when the consumer stops', async () => {
    const { source, pulled } = generate();
    let total = 0;
    for await (const item of readInvitationFile(source())) {
      if (item.kind === 'rows') total += item.rows.length;
      if (total >= 2000) break;
    }
    expect(pulled()).toBeLessThan(600 * 1024);
  });
});

describe('any well-formed file reads back exactly, however it is chunked', () => {
  const piece = fc.constantFrom(
    'Ann',
    'Zoë',
    'Ñúñez',
    '李',
    '😀',
    ' ',
    ',',
    ';',
    '"',
    "'",
    '\n',
    '\r\n',
    '-',
    '=',
  );
  // A line inside a quoted name that looked like a row of its own (two separators, or an address)
  // would be taken for an unclosed quote; real names do not look like that.
  const name = fc
    .array(piece, { maxLength: 8 })
    .map((pieces) => pieces.join(''))
    .filter((text) => text.split(/\r?\n/).every((part) => (part.match(/[,;]/g) ?? []).length < 2));

  it('keeps names, references and line numbers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ name, quote: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(',', ';'),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 }),
        async (rows, delimiter, newline, chunkSize) => {
          let text = `email${delimiter}name${delimiter}reference${newline}`;
          let line = 2;
          const expected: [number, string, string][] = [];
          rows.forEach((row, index) => {
            const special = /[,;"\r\n]/.test(row.name) || row.name.trim() !== row.name;
            const cell = row.quote || special ? `"${row.name.replaceAll('"', '""')}"` : row.name;
            text += `user${index}@example.com${delimiter}${cell}${delimiter}R-${index}${newline}`;
            expected.push([line, row.name.trim().replace(/\s*[\r\n]+\s*/g, ' '), `R-${index}`]);
            line += 1 + (row.name.match(/\r?\n/g) ?? []).length;
          });
          const result = await readAll(text, { chunkSize });
          expect(result.errors).toEqual([]);
          expect(result.meta?.delimiter).toBe(delimiter);
          expect(result.accepted.map((row) => [row.line, row.name, row.reference])).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('any input, however chunked', () => {
  it('reads to the same items, with lines in order', async () => {
    const token = fc.constantFrom(
      '"',
      ',',
      ';',
      '\n',
      '\r\n',
      '\r',
      ' ',
      'jane@example.com',
      'Jane',
      'A-1',
      'customer email',
      'SKU',
      'https://shop.example.com',
      'Müller',
      '\u00a0',
      '#',
      '😀',
    );
    const read = async (bytes: Uint8Array, chunkSize: number | number[]) => {
      const items: InvitationFileItem[] = [];
      for await (const item of readInvitationFile(chunked(bytes, chunkSize), { batchSize: 1_000_000 })) {
        items.push(item);
      }
      return items;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(token, { maxLength: 60 }).map((tokens) => tokens.join('')),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
        async (text, sizes) => {
          const bytes = Buffer.from(text, 'utf8');
          const whole = await read(bytes, Math.max(1, bytes.length));
          expect(await read(bytes, sizes)).toEqual(whole);
          const lines = whole.flatMap((item) =>
            item.kind === 'rows' ? item.rows.map((row) => row.line) : [],
          );
          expect(lines).toEqual([...lines].sort((a, b) => a - b));
          expect(new Set(lines).size).toBe(lines.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
