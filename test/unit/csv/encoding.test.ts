import { describe, expect, it } from 'vitest';

import { detectEncoding, InvitationFileDecoder } from '../../../src/domain/csv/index.js';
import { ascii, errorKeys, readAll, summarize, utf16 } from './helpers.js';

describe('Windows-1252 files as Excel writes them', () => {
  // "Müller", "Søren", "Ñúñez" and "Café" in Windows-1252: one byte per letter, none of it valid UTF-8.
  const bytes = Uint8Array.from([
    ...ascii('customer email;customer name;reference number\r\n'),
    ...ascii('mueller@example.de;M'),
    0xfc,
    ...ascii('ller;A-100\r\n'),
    ...ascii('soren@example.dk;S'),
    0xf8,
    ...ascii('ren Kierkegaard;A-101\r\n'),
    ...ascii('nunez@example.es;'),
    0xd1,
    0xfa,
    0xf1,
    ...ascii('ez;A-102\r\n'),
    ...ascii('"cafe@example.fr";"Caf'),
    0xe9,
    ...ascii(' de la Gare";"A-103"\r\n'),
  ]);

  it('detects the encoding and the semicolon, converts, and keeps every name intact', async () => {
    const result = await readAll(bytes);
    expect(result.meta).toMatchObject({
      encoding: 'windows-1252',
      converted: true,
      encodingLabel: 'Windows-1252',
      delimiter: ';',
      lineBreaks: 'crlf',
      header: true,
    });
    expect(summarize(result.accepted)).toEqual([
      [2, 'mueller@example.de', 'Müller', 'A-100'],
      [3, 'soren@example.dk', 'Søren Kierkegaard', 'A-101'],
      [4, 'nunez@example.es', 'Ñúñez', 'A-102'],
      [5, 'cafe@example.fr', 'Café de la Gare', 'A-103'],
    ]);
    expect(result.summary).toMatchObject({
      encoding: 'windows-1252',
      converted: true,
      accepted: 4,
      rejected: 0,
    });
  });

  it('reads the same when the bytes arrive one at a time', async () => {
    const result = await readAll(bytes, { chunkSize: 1 });
    expect(result.accepted.map((row) => row.name)).toEqual([
      'Müller',
      'Søren Kierkegaard',
      'Ñúñez',
      'Café de la Gare',
    ]);
  });

  it('switches to Windows-1252 when a file that began as ASCII turns out not to be UTF-8', async () => {
    const asciiRows = Array.from(
      { length: 3000 },
      (_, index) => `user${index}@example.com,User ${index},R-${index}\n`,
    );
    const bytes = Uint8Array.from([
      ...ascii(asciiRows.join('')),
      ...ascii('rene@example.fr,Ren'),
      0xe9,
      ...ascii(' Caf'),
      0xe9,
      ...ascii(',R-9999\n'),
    ]);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const result = await readAll(bytes, { chunkSize: 10_000 });
    expect(result.meta?.encoding).toBe('utf-8');
    expect(result.accepted).toHaveLength(3001);
    expect(result.accepted.at(-1)).toMatchObject({ line: 3001, name: 'René Café' });
    expect(result.summary).toMatchObject({ encoding: 'windows-1252', converted: true });
    expect(result.summary?.warnings.map((warning) => warning.code)).toEqual(['csv_encoding_switched']);
  });
});

describe('UTF-8', () => {
  it('drops the byte-order mark, so the first header cell is still recognised', async () => {
    const bytes = Uint8Array.from([
      0xef,
      0xbb,
      0xbf,
      ...Buffer.from('customer email,customer name,reference number\nzoe@example.com,Zoë Ünal,R-1\n', 'utf8'),
    ]);
    const result = await readAll(bytes);
    expect(result.meta).toMatchObject({
      encoding: 'utf-8',
      bom: true,
      converted: false,
      header: true,
      headerLine: 1,
    });
    expect(result.meta?.columns[0]).toEqual({ column: 'email', index: 1, header: 'customer email' });
    expect(summarize(result.accepted)).toEqual([[2, 'zoe@example.com', 'Zoë Ünal', 'R-1']]);
  });

  it('keeps multi-byte characters whole when chunks split them', async () => {
    const text =
      'zoe@example.com,Zoë,R-1\n' +
      'lukasz@example.pl,Łukasz Żółć,R-2\n' +
      'bruce@example.hk,李小龍,R-3\n' +
      'smile@example.com,😀 Smiley,R-4\n';
    const expected = [
      [1, 'zoe@example.com', 'Zoë', 'R-1'],
      [2, 'lukasz@example.pl', 'Łukasz Żółć', 'R-2'],
      [3, 'bruce@example.hk', '李小龍', 'R-3'],
      [4, 'smile@example.com', '😀 Smiley', 'R-4'],
    ];
    for (const chunkSize of [1, [1, 2, 3, 5, 7], 4]) {
      const result = await readAll(text, { chunkSize });
      expect(result.meta?.encoding).toBe('utf-8');
      expect(summarize(result.accepted)).toEqual(expected);
    }
  });

  it('rejects rows with bytes that are not UTF-8 in a UTF-8 file, and keeps the others', async () => {
    const rows = Array.from(
      { length: 3000 },
      (_, index) => `user${index}@example.com,User ${index},R-${index}\n`,
    );
    const bytes = Uint8Array.from([
      ...Buffer.from('zoe@example.com,Zoë,R-A\n', 'utf8'),
      ...ascii(rows.join('')),
      ...ascii('bad@example.com,M'),
      0xfc,
      ...ascii('ller,R-B\n'),
      ...ascii('last@example.com,Last,R-C\n'),
    ]);
    const result = await readAll(bytes);
    expect(result.accepted).toHaveLength(3002);
    expect(errorKeys(result.errors)).toEqual([[3002, 'csv_bad_encoding', 'customer name', 2]]);
    expect(result.accepted.at(-1)).toMatchObject({ line: 3003, name: 'Last' });
  });
});

describe('UTF-16 with a byte-order mark', () => {
  const text =
    'customer email\tcustomer name\treference number\r\n' +
    'soren@example.dk\tSøren Ørsted\tA-1\r\n' +
    'smile@example.com\t😀 Zoë\tA-2\r\n';

  for (const endian of ['le', 'be'] as const) {
    it(`reads UTF-16 ${endian.toUpperCase()}, whole or one byte at a time`, async () => {
      for (const chunkSize of [64 * 1024, 1, 3]) {
        const result = await readAll(utf16(text, endian), { chunkSize });
        expect(result.meta).toMatchObject({
          encoding: `utf-16${endian}`,
          bom: true,
          converted: true,
          delimiter: '\t',
          header: true,
        });
        expect(summarize(result.accepted)).toEqual([
          [2, 'soren@example.dk', 'Søren Ørsted', 'A-1'],
          [3, 'smile@example.com', '😀 Zoë', 'A-2'],
        ]);
      }
    });
  }
});

describe('files that are not text', () => {
  const unreadable = async (bytes: Uint8Array) => {
    const result = await readAll(bytes);
    expect(result.order).toEqual(['unreadable']);
    return result.unreadable!;
  };

  it('refuses bytes with NULs', async () => {
    const problem = await unreadable(
      Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]),
    );
    expect(problem.code).toBe('csv_binary_file');
    expect(problem.message).toMatch(/NUL bytes/);
  });

  it('names an Excel workbook', async () => {
    const problem = await unreadable(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
    expect(problem.code).toBe('csv_binary_file');
    expect(problem.message).toBe(
      'The file is a zip archive, such as an Excel workbook (.xlsx), not a CSV or text file.',
    );
    expect(problem.hint).toMatch(/CSV UTF-8/);
  });

  it('names UTF-16 without a byte-order mark', async () => {
    const problem = await unreadable(Buffer.from('jane@example.com,Jane,R-1\n', 'utf16le'));
    expect(problem.code).toBe('csv_binary_file');
    expect(problem.message).toMatch(/UTF-16 text without a byte-order mark/);
  });

  it('refuses control-character noise', async () => {
    const noise = Uint8Array.from({ length: 400 }, (_, index) =>
      index % 3 === 0 ? 0x01 + (index % 7) : 0x41,
    );
    expect((await unreadable(noise)).code).toBe('csv_binary_file');
  });

  it('refuses UTF-32', async () => {
    expect((await unreadable(Uint8Array.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00]))).code).toBe(
      'csv_unsupported_encoding',
    );
  });

  it('refuses an empty file, and one of blank lines', async () => {
    expect((await unreadable(new Uint8Array(0))).code).toBe('csv_empty_file');
    expect((await unreadable(Uint8Array.from(ascii(' \r\n\r\n\t\n')))).code).toBe('csv_empty_file');
    expect((await unreadable(Uint8Array.from([0xef, 0xbb, 0xbf]))).code).toBe('csv_empty_file');
  });
});

describe('detectEncoding and the decoder', () => {
  it('does not hold a character cut at the end of the sample against UTF-8', () => {
    const sample = Buffer.from('name,Zoë', 'utf8').subarray(0, -1);
    expect(detectEncoding(sample, false)).toEqual({ ok: true, encoding: 'utf-8', bom: false });
    expect(detectEncoding(sample, true)).toEqual({ ok: true, encoding: 'windows-1252', bom: false });
  });

  it('passes UTF-8 through and holds a split character back until the rest arrives', () => {
    const decoder = new InvitationFileDecoder('utf-8', false);
    const bytes = Buffer.from('Zoë', 'utf8');
    expect(decoder.decode(bytes.subarray(0, 3), false).toString()).toBe('Zo');
    expect(decoder.decode(bytes.subarray(3), true).toString()).toBe('ë');
    expect(decoder.lossy).toBe(false);
  });
});
