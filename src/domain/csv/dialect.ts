/** Field delimiters Vouch recognises, in order of preference when the evidence is even. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

export type Delimiter = (typeof DELIMITERS)[number];

/**
 * Which line endings end a record. `lf`: only LF (a CR before it is whitespace). `crlf`: CRLF or LF. `any`:
 * CRLF, LF or a lone CR (old Mac files). Decided once from the sample so the parser checks as few as needed.
 */
export type LineBreaks = 'lf' | 'crlf' | 'any';

const SAMPLE_RECORDS = 50;
const QUOTE = '"';

/**
 * Guesses the delimiter from the first records of `sample`, ignoring delimiters inside double quotes.
 * An invitation row has at least three columns, so the delimiter that gives two or more separators on the
 * most records wins; then the one whose count is most regular; then the order of {@link DELIMITERS}.
 * Without any evidence, `,`.
 */
export function detectDelimiter(sample: string): Delimiter {
  const perRecord: number[][] = [];
  let counts = [0, 0, 0, 0];
  let inQuotes = false;
  let atFieldStart = true;
  let blank = true;
  for (let index = 0; index < sample.length && perRecord.length < SAMPLE_RECORDS; index++) {
    const char = sample[index];
    if (inQuotes) {
      if (char === QUOTE) {
        if (sample[index + 1] === QUOTE) index++;
        else inQuotes = false;
      }
      continue;
    }
    if (char === '\n' || char === '\r') {
      if (!blank) perRecord.push(counts);
      counts = [0, 0, 0, 0];
      atFieldStart = true;
      blank = true;
      continue;
    }
    const delimiter = DELIMITERS.indexOf(char as Delimiter);
    if (delimiter >= 0) {
      counts[delimiter]!++;
      atFieldStart = true;
      blank = false;
      continue;
    }
    if (char === ' ') continue;
    blank = false;
    // A quote opens a quoted value only at the start of a field; elsewhere it is just a character.
    if (char === QUOTE && atFieldStart) inQuotes = true;
    atFieldStart = false;
  }
  if (!blank && perRecord.length < SAMPLE_RECORDS) perRecord.push(counts);

  let best: Delimiter = ',';
  let bestScore = [0, 0, 0];
  DELIMITERS.forEach((delimiter, which) => {
    const seen = perRecord.map((record) => record[which]!);
    const score = [
      seen.filter((count) => count >= 2).length,
      seen.filter((count) => count >= 1).length,
      regularity(seen),
    ];
    if (isBetter(score, bestScore)) {
      best = delimiter;
      bestScore = score;
    }
  });
  return best;
}

/** How many records have the most common non-zero count. */
function regularity(counts: readonly number[]): number {
  const frequency = new Map<number, number>();
  let most = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const seen = (frequency.get(count) ?? 0) + 1;
    frequency.set(count, seen);
    if (seen > most) most = seen;
  }
  return most;
}

function isBetter(score: readonly number[], than: readonly number[]): boolean {
  for (let index = 0; index < score.length; index++) {
    if (score[index]! !== than[index]!) return score[index]! > than[index]!;
  }
  return false;
}

/** Which line endings the file uses, judged from its sample. */
export function detectLineBreaks(sample: string, whole: boolean): LineBreaks {
  let index = sample.indexOf('\r');
  if (index < 0) return 'lf';
  let lone = false;
  while (index >= 0) {
    if (sample[index + 1] !== '\n' && (whole || index + 1 < sample.length)) {
      lone = true;
      break;
    }
    index = sample.indexOf('\r', index + 1);
  }
  return lone ? 'any' : 'crlf';
}

/** The record delimiters to give csv-parse for `breaks`, longest first. */
export function recordDelimiters(breaks: LineBreaks): string[] {
  switch (breaks) {
    case 'lf':
      return ['\n'];
    case 'crlf':
      return ['\r\n', '\n'];
    case 'any':
      return ['\r\n', '\n', '\r'];
  }
}
