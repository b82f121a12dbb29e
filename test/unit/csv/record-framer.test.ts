import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { detectLineBreaks, recordDelimiters } from '../../../src/domain/csv/dialect.js';
import type { LineBreaks } from '../../../src/domain/csv/dialect.js';
import { RecordFramer } from '../../../src/domain/csv/record-framer.js';
import type { FramingProblem } from '../../../src/domain/csv/record-framer.js';

function framer(lineBreaks: LineBreaks): RecordFramer {
  return new RecordFramer({
    delimiter: 0x2c,
    lineBreaks,
    emailColumn: 0,
    columnCount: 3,
    multilineColumns: new Set([1]),
    knownColumnCount: 3,
  });
}

interface Framed {
  records: string[][];
  lines: number[];
  problems: Omit<FramingProblem, 'before' | 'raw'>[];
}

/** Frames `text` in the given pieces and parses the result with csv-parse, as the reader does. */
function frame(text: string, cuts: readonly number[]): Framed {
  const bytes = Buffer.from(text, 'utf8');
  const lineBreaks = detectLineBreaks(text, true);
  const subject = framer(lineBreaks);
  const options = {
    delimiter: ',',
    record_delimiter: recordDelimiters(lineBreaks),
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
  };
  const out: Framed = { records: [], lines: [], problems: [] };
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const [index, to] of [...points, bytes.length].entries()) {
    const framed = subject.push(bytes.subarray(from, to), index === points.length);
    from = to;
    // The heart of the design: csv-parse reads exactly the records the framer passes, without an error.
    const records = framed.lines.length === 0 ? [] : parse(framed.data, options);
    expect(records).toHaveLength(framed.lines.length);
    out.records.push(...records);
    out.lines.push(...framed.lines);
    out.problems.push(...framed.problems.map(({ kind, line, column }) => ({ kind, line, column })));
  }
  return out;
}

describe('RecordFramer', () => {
  it('passes csv-parse only records it reads one for one, whatever the input and the chunking', () => {
    const char = fc.constantFrom(
      '"',
      '""',
      ',',
      '\n',
      '\r\n',
      '\r',
      ' ',
      '\t',
      'a',
      '@',
      'é',
      '\u00a0',
      '\u2003',
      '😀',
    );
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 60 }).map((chars) => chars.join('')),
        fc.array(fc.nat(), { maxLength: 6 }),
        (text, cuts) => {
          const whole = frame(text, []);
          const pieces = frame(text, cuts);
          expect(pieces).toEqual(whole);
          // Lines only go forward and never past the end of the text.
          const seen = [...whole.lines, ...whole.problems.map((problem) => problem.line)].sort(
            (a, b) => a - b,
          );
          expect(new Set(seen).size).toBe(seen.length);
          const lastLine = 1 + (text.match(/\r\n|\n|\r/g) ?? []).length;
          expect(seen.every((line) => line >= 1 && line <= lastLine)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('gives each record the line it starts on', () => {
    const { lines, problems } = frame('a,b,c\nb,"x\ny",c\n\nd,"e\r\nf",g\nh,i,j', []);
    expect(lines).toEqual([1, 2, 5, 7]);
    expect(problems).toEqual([]);
  });

  it('rejects an open quote on its line and reads the next line again', () => {
    const { lines, problems } = frame('a,"b,c\nd@x.com,e,f\n', [3, 9]);
    expect(problems).toEqual([{ kind: 'unclosed_quote', line: 1, column: 1 }]);
    expect(lines).toEqual([2]);
  });
});
