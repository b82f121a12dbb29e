import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { windows1252Decoder } from '../text/windows-1252.js';

import type { FileProblem } from './codes.js';

export type FileEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type EncodingDetection =
  | { readonly ok: true; readonly encoding: FileEncoding; readonly bom: boolean }
  | ({ readonly ok: false } & FileProblem);

/** How the UI names an encoding: "converted from Windows-1252". */
export const ENCODING_LABELS: Readonly<Record<FileEncoding, string>> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252',
};

const SAVE_AS_CSV =
  'Open it in your spreadsheet and save it as "CSV UTF-8 (comma delimited)", then upload that file.';

/**
 * Decides how to decode a file from its first bytes. `whole` says the sample is the entire file; otherwise
 * its last bytes may be a character cut in two, which is not held against UTF-8.
 *
 * UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are recognised as such; text
 * that is not valid UTF-8 is taken as Windows-1252, the encoding Excel uses for CSV in Western Europe and
 * the Americas. NUL bytes without a UTF-16 byte-order mark, or many control characters, mean the file is
 * not text at all.
 */
export function detectEncoding(sample: Uint8Array, whole: boolean): EncodingDetection {
  if (sample.length === 0) {
    return {
      ok: false,
      code: 'csv_empty_file',
      message: 'The file is empty.',
      hint: 'Choose the file that holds your invitations: one line per customer.',
    };
  }
  const [b0, b1, b2, b3] = [sample[0], sample[1], sample[2], sample[3]];
  if (
    (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) ||
    (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)
  ) {
    return {
      ok: false,
      code: 'csv_unsupported_encoding',
      message: 'The file is UTF-32 text, which Vouch does not read.',
      hint: 'Save it as UTF-8 (or UTF-16) text and upload it again.',
    };
  }
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { ok: true, encoding: 'utf-8', bom: true };
  if (b0 === 0xff && b1 === 0xfe) return { ok: true, encoding: 'utf-16le', bom: true };
  if (b0 === 0xfe && b1 === 0xff) return { ok: true, encoding: 'utf-16be', bom: true };

  const binary = describeBinary(sample);
  if (binary !== undefined) return { ok: false, code: 'csv_binary_file', ...binary };

  const text = whole ? sample : sample.subarray(0, completeUtf8Length(sample));
  return { ok: true, encoding: isUtf8(text) ? 'utf-8' : 'windows-1252', bom: false };
}

function startsWith(sample: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => sample[index] === byte);
}

function describeBinary(sample: Uint8Array): { message: string; hint: string } | undefined {
  if (startsWith(sample, [0x50, 0x4b, 0x03, 0x04])) {
    return {
      message: 'The file is a zip archive, such as an Excel workbook (.xlsx), not a CSV or text file.',
      hint: SAVE_AS_CSV,
    };
  }
  if (startsWith(sample, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return {
      message: 'The file is an old Excel workbook (.xls), not a CSV or text file.',
      hint: SAVE_AS_CSV,
    };
  }
  if (startsWith(sample, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    return {
      message: 'The file is a PDF document, not a CSV or text file.',
      hint: 'Export the invitations from your shop or spreadsheet as CSV.',
    };
  }
  let nulAtEven = 0;
  let nulAtOdd = 0;
  let controls = 0;
  for (let index = 0; index < sample.length; index++) {
    const byte = sample[index]!;
    if (byte === 0) {
      if (index % 2 === 0) nulAtEven++;
      else nulAtOdd++;
    } else if (
      byte < 0x20 &&
      byte !== 0x09 &&
      byte !== 0x0a &&
      byte !== 0x0d &&
      byte !== 0x0c &&
      byte !== 0x1a
    ) {
      controls++;
    }
  }
  const nuls = nulAtEven + nulAtOdd;
  if (nuls > 0) {
    // Text in UTF-16 without a byte-order mark has a NUL in every other byte.
    const half = sample.length / 2;
    if (Math.max(nulAtEven, nulAtOdd) > half * 0.7 && Math.min(nulAtEven, nulAtOdd) === 0) {
      return {
        message:
          'The file looks like UTF-16 text without a byte-order mark, so Vouch cannot tell how to read it.',
        hint: 'Save it as UTF-8 (in Excel: "CSV UTF-8"), or as "Unicode text", which carries a byte-order mark.',
      };
    }
    return {
      message: `The file contains NUL bytes, so it is not a text file (it looks like a binary file).`,
      hint: SAVE_AS_CSV,
    };
  }
  if (controls > 8 && controls > sample.length / 100) {
    return {
      message:
        'The file contains many control characters, so it is not a text file (it looks like a binary file).',
      hint: SAVE_AS_CSV,
    };
  }
  return undefined;
}

/** Length of the prefix of `bytes` that does not end inside a UTF-8 multi-byte sequence. */
export function completeUtf8Length(bytes: Uint8Array): number {
  const length = bytes.length;
  let index = length - 1;
  // Walk back over at most 3 continuation bytes to the lead byte of the last sequence.
  while (index >= 0 && length - index <= 3 && (bytes[index]! & 0xc0) === 0x80) index--;
  if (index < 0) return length;
  const lead = bytes[index]!;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return length - index >= needed ? length : index;
}

const EMPTY = Buffer.alloc(0);

/**
 * Turns a file's bytes, chunk by chunk, into UTF-8 bytes for the CSV parser. UTF-8 passes through untouched
 * (after its byte-order mark) and is only validated; other encodings are decoded and re-encoded. Chunks
 * may split characters anywhere: the tail of a character waits for the next chunk.
 *
 * A file detected as UTF-8 from an all-ASCII sample that later shows bytes that are not UTF-8 is switched
 * to Windows-1252, which reads ASCII identically, so nothing read so far changes (`switched`). A file whose
 * non-ASCII text was UTF-8 and later is not keeps UTF-8 and marks itself `lossy`: the unreadable bytes
 * become U+FFFD, which the row checks reject.
 */
export class InvitationFileDecoder {
  #encoding: FileEncoding;
  #bomPending: boolean;
  #asciiSoFar = true;
  #tail: Uint8Array = EMPTY;
  #textDecoder: Pick<TextDecoder, 'decode'> | undefined;
  #switched = false;
  #lossy = false;

  constructor(encoding: FileEncoding, bom: boolean) {
    this.#encoding = encoding;
    this.#bomPending = bom && encoding === 'utf-8';
    if (encoding !== 'utf-8')
      this.#textDecoder = encoding === 'windows-1252' ? windows1252Decoder : new TextDecoder(encoding);
  }

  get encoding(): FileEncoding {
    return this.#encoding;
  }

  /** The file was switched from UTF-8 to Windows-1252 after its first bytes. */
  get switched(): boolean {
    return this.#switched;
  }

  /** Some bytes could not be decoded and became U+FFFD. */
  get lossy(): boolean {
    return this.#lossy;
  }

  /** Decodes the next chunk; `final` flushes any character still waiting for its last bytes. */
  decode(chunk: Uint8Array, final: boolean): Buffer {
    let bytes = chunk;
    if (this.#bomPending) {
      const joined = this.#join(bytes);
      if (joined.length < 3 && !final) {
        this.#tail = joined;
        return EMPTY;
      }
      this.#bomPending = false;
      bytes = joined[0] === 0xef && joined[1] === 0xbb && joined[2] === 0xbf ? joined.subarray(3) : joined;
    }
    if (this.#textDecoder !== undefined) return this.#decodeText(bytes, final);
    return this.#passUtf8(bytes, final);
  }

  #join(bytes: Uint8Array): Uint8Array {
    if (this.#tail.length === 0) return bytes;
    const joined = Buffer.concat([this.#tail, bytes]);
    this.#tail = EMPTY;
    return joined;
  }

  #passUtf8(chunk: Uint8Array, final: boolean): Buffer {
    const bytes = this.#join(chunk);
    const cut = final ? bytes.length : completeUtf8Length(bytes);
    const body = asBuffer(bytes.subarray(0, cut));
    this.#tail = cut < bytes.length ? Buffer.from(bytes.subarray(cut)) : EMPTY;
    if (this.#asciiSoFar) {
      if (isAscii(body)) return body;
      this.#asciiSoFar = false;
      if (!isUtf8(body)) {
        // Everything before was ASCII, which Windows-1252 reads the same way.
        this.#encoding = 'windows-1252';
        this.#switched = true;
        this.#textDecoder = windows1252Decoder;
        const rest = this.#tail;
        this.#tail = EMPTY;
        return this.#decodeText(rest.length === 0 ? body : Buffer.concat([body, rest]), final);
      }
      return body;
    }
    if (!this.#lossy && !isUtf8(body)) this.#lossy = true;
    return body;
  }

  #decodeText(bytes: Uint8Array, final: boolean): Buffer {
    const text = this.#textDecoder!.decode(bytes, { stream: !final });
    if (!this.#lossy && text.includes('\uFFFD')) this.#lossy = true;
    return Buffer.from(text, 'utf8');
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
