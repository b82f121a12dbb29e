import { isUtf8 } from 'node:buffer';
import { decodeWindows1252 as windows1252 } from '../text/windows-1252.js';

import type {
  AddressObject,
  EmailAddress,
  HeaderLines,
  HeaderValue,
  ParsedMail,
  SimpleParserOptions,
  StructuredHeader,
} from 'mailparser';
import { mailparser } from '../../packages.js';
import { cleanLine } from '../display-text.js';

/**
 * One raw inbound AFS mail, read as far as it can be read. Mail arrives from any shop system in any
 * state, so reading never fails: what could not be read is listed in `problems`.
 */

export interface MailAddress {
  /** The address as written, trimmed; not validated. */
  address: string;
  /** The display name, RFC 2047 decoded; empty when the header gave none. */
  name: string;
}

export interface ParsedInboundMail {
  subject: string | undefined;
  from: MailAddress | undefined;
  /** Every address of every `To` header, groups flattened, in order. */
  to: MailAddress[];
  cc: MailAddress[];
  /** The `Date` header; `undefined` when missing or unreadable (never "now"). */
  date: Date | undefined;
  messageId: string | undefined;
  /** Every `text/html` part, transfer encoding and charset decoded. */
  html: string | undefined;
  /** Every `text/plain` part; not derived from the HTML. */
  text: string | undefined;
  attachmentCount: number;
  attachmentNames: string[];
  /** Size of the raw message in bytes, before any truncation. */
  sizeBytes: number;
  /** False when no mail header could be read at all: empty input, binary data, plain text. */
  readable: boolean;
  /** What is wrong with the message, in words a shop owner can act on. Empty for a well-formed mail. */
  problems: string[];
}

export interface ParseInboundMailOptions {
  /** Bytes read at most; the rest is cut off and reported. Default {@link AFS_MAX_MESSAGE_BYTES}. */
  maxBytes?: number;
}

/** 10 MiB: order confirmations with a PDF invoice fit many times over; the HTML comes first anyway. */
export const AFS_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

const PARSER_OPTIONS: SimpleParserOptions = {
  // Only the HTML and the headers matter; converting HTML to text and back costs most of the parse time.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  keepCidLinks: true,
  checksumAlgo: false,
};

/** Headers whose presence shows the data is a mail message and not just any bytes. */
const MAIL_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'received',
  'return-path',
  'delivered-to',
  'reply-to',
  'sender',
]);
const HEADER_NAME = /^[!-9;-~]+$/;
const REPLACEMENT_CHARACTER = '\uFFFD';
const MAX_MIME_CHECKS = 100;
const CRLF = Buffer.from('\r\n');

/**
 * Reads one raw message (RFC 5322 / MIME). Never rejects: a message that cannot be read fully comes back
 * with what could be read and the reasons in `problems`.
 *
 * @example
 * const mail = await parseInboundMail(rawBytes);
 * if (!mail.readable) console.log(mail.problems.join('; '));
 */
export async function parseInboundMail(
  raw: Buffer | Uint8Array,
  options: ParseInboundMailOptions = {},
): Promise<ParsedInboundMail> {
  const problems: string[] = [];
  const sizeBytes = raw.byteLength;
  const maxBytes = validMaxBytes(options.maxBytes);
  let bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (bytes.length === 0) return emptyMail(0, ['The message is empty.']);
  if (bytes.length > maxBytes) {
    bytes = bytes.subarray(0, maxBytes);
    problems.push(
      `The message is ${sizeBytes} bytes, over the limit of ${maxBytes}; only the first ${maxBytes} bytes were read.`,
    );
  }

  let parsed: ParsedMail | undefined;
  try {
    parsed = await mailparser().simpleParser(bytes, PARSER_OPTIONS);
  } catch (error) {
    problems.push(
      `The MIME structure could not be read (${describeError(error)}); only the headers were read.`,
    );
    try {
      parsed = await mailparser().simpleParser(headerBlock(bytes), PARSER_OPTIONS);
    } catch (headerError) {
      problems.push(`The headers could not be read either (${describeError(headerError)}).`);
    }
  }
  if (parsed === undefined) return emptyMail(sizeBytes, problems);

  try {
    if (hasUndecodedHeader(parsed)) parsed = await rereadEightBitHeaders(parsed, problems);
    return describeMail(parsed, bytes, sizeBytes, problems);
  } catch (error) {
    // A defect in reading mailparser's output must not lose the message: report it as unreadable.
    problems.push(`The parsed message could not be read (${describeError(error)}).`);
    return emptyMail(sizeBytes, problems);
  }
}

function describeMail(
  parsed: ParsedMail,
  bytes: Buffer,
  sizeBytes: number,
  problems: string[],
): ParsedInboundMail {
  const headerLines: HeaderLines = parsed.headerLines ?? [];
  const readable = headerLines.some((line) => MAIL_HEADERS.has(line.key));
  if (!readable) {
    problems.push('No mail header could be read: the data is not an email message.');
  } else {
    const malformed = headerLines.filter((line) => !HEADER_NAME.test(line.key)).length;
    if (malformed > 0) {
      problems.push(`${malformed} header line(s) are not "Name: value" lines and were skipped.`);
    }
  }

  const to = addressList(parsed.to);
  if (to.length === 0 && headerLines.some((line) => line.key === 'to')) {
    problems.push('The To header holds no email address.');
  }
  const from = addressList(parsed.from)[0];
  // The subject is shown to the business (the CLI, alerts): no control characters or bidi overrides.
  const subject = parsed.subject === undefined ? undefined : cleanLine(parsed.subject);
  if (parsed.subject !== undefined && subject !== parsed.subject.replace(/\s+/g, ' ').trim()) {
    problems.push('The subject holds control characters; they were left out.');
  }
  const html = typeof parsed.html === 'string' ? parsed.html : undefined;

  if (subject?.includes(REPLACEMENT_CHARACTER) || from?.name.includes(REPLACEMENT_CHARACTER)) {
    problems.push('A header holds bytes that are not valid in its character set; some letters were lost.');
  }
  if (html?.includes(REPLACEMENT_CHARACTER)) {
    problems.push('The HTML holds bytes that could not be decoded; some of it may be garbled.');
  }
  if (readable) problems.push(...findMimeProblems(parsed, bytes));

  return {
    subject,
    from,
    to,
    cc: addressList(parsed.cc),
    date: readDate(headerLines, problems),
    messageId: parsed.messageId,
    html,
    text: parsed.text,
    attachmentCount: parsed.attachments.length,
    attachmentNames: parsed.attachments.flatMap((attachment) =>
      attachment.filename === undefined ? [] : [attachment.filename],
    ),
    sizeBytes,
    readable,
    problems,
  };
}

function hasUndecodedHeader(parsed: ParsedMail): boolean {
  const names = [parsed.from, parsed.to, parsed.cc].flatMap((header) =>
    addressList(header).map((entry) => entry.name),
  );
  return [parsed.subject ?? '', ...names].some((value) => value.includes(REPLACEMENT_CHARACTER));
}

/**
 * Old shop systems write names and subjects as raw 8-bit bytes, no encoded words, no charset. mailparser
 * reads those as UTF-8 and loses the letters; reading each such line as Windows-1252 (the superset of
 * Latin-1 that such systems use) keeps "José García" instead of "Jos� Garc�a".
 */
async function rereadEightBitHeaders(parsed: ParsedMail, problems: string[]): Promise<ParsedMail> {
  const lines = (parsed.headerLines ?? []).map((header) => Buffer.from(header.line, 'latin1'));
  if (lines.every((line) => isUtf8(line))) return parsed;
  const transcoded = lines.map((line) => (isUtf8(line) ? line : Buffer.from(decodeLegacy(line), 'utf8')));
  try {
    const reread = await mailparser().simpleParser(
      Buffer.concat(transcoded.flatMap((line) => [line, CRLF])),
      PARSER_OPTIONS,
    );
    problems.push(
      'Some headers hold 8-bit characters without a declared character set; read them as Windows-1252.',
    );
    const { subject, from, to, cc } = reread;
    return { ...parsed, subject, from, to, cc };
  } catch {
    return parsed;
  }
}

function decodeLegacy(bytes: Buffer): string {
  try {
    return windows1252(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

function emptyMail(sizeBytes: number, problems: string[]): ParsedInboundMail {
  return {
    subject: undefined,
    from: undefined,
    to: [],
    cc: [],
    date: undefined,
    messageId: undefined,
    html: undefined,
    text: undefined,
    attachmentCount: 0,
    attachmentNames: [],
    sizeBytes,
    readable: false,
    problems,
  };
}

function validMaxBytes(maxBytes: number | undefined): number {
  if (maxBytes === undefined) return AFS_MAX_MESSAGE_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new RangeError(`maxBytes must be a positive whole number of bytes, not ${maxBytes}.`);
  }
  return maxBytes;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The header section alone, for a second attempt when the body defeats the parser. */
function headerBlock(bytes: Buffer): Buffer {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const ends = [crlf, lf].filter((index) => index >= 0);
  const end = ends.length === 0 ? bytes.length : Math.min(...ends);
  // mailparser refuses a header section over 1 MiB; a longer one is not a real mail's anyway.
  return bytes.subarray(0, Math.min(end, 1024 * 1024 - 1));
}

function addressList(header: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (header === undefined) return [];
  const objects = Array.isArray(header) ? header : [header];
  const addresses: MailAddress[] = [];
  const add = (entry: EmailAddress): void => {
    if (entry.group !== undefined) {
      entry.group.forEach(add);
      return;
    }
    const address = (entry.address ?? '').trim();
    if (address !== '') addresses.push({ address, name: cleanLine(entry.name) });
  };
  for (const object of objects) object.value.forEach(add);
  return addresses;
}

/** mailparser turns an unreadable Date header into the current time; Vouch wants to know it was unreadable. */
function readDate(headerLines: HeaderLines, problems: string[]): Date | undefined {
  const line = headerLines.find((header) => header.key === 'date')?.line;
  if (line === undefined) return undefined;
  const value = line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    problems.push(`The Date header "${value.slice(0, 80)}" is not a date.`);
    return undefined;
  }
  return new Date(ms);
}

const BOUNDARY_PARAMETER = /boundary[ \t]*=[ \t]*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))/gi;
const BASE64_ENCODING_HEADER = /^content-transfer-encoding:[ \t]*base64[ \t]*\r?$/gim;

/**
 * What mailparser reads past silently: multipart boundaries that never open or close (a truncated or
 * cut-and-pasted message) and base64 bodies with characters outside the alphabet (garbled content).
 * A scan over the raw text, linear in its length.
 */
function findMimeProblems(parsed: ParsedMail, bytes: Buffer): string[] {
  const problems: string[] = [];
  const raw = bytes.toString('latin1');
  if (!/\r?\n\r?\n/.test(raw)) problems.push('The message has headers only and no body.');
  if (raw.includes('\0')) problems.push('The message holds NUL bytes: part of it is binary data, not text.');

  const contentType = structuredHeader(parsed.headers.get('content-type'));
  if (
    contentType !== undefined &&
    contentType.value.toLowerCase().startsWith('multipart/') &&
    (contentType.params['boundary'] ?? '') === ''
  ) {
    problems.push(
      `The message is ${contentType.value} but names no boundary, so its parts cannot be separated.`,
    );
  }

  const seen = new Set<string>();
  let checks = 0;
  for (const match of raw.matchAll(BOUNDARY_PARAMETER)) {
    if (++checks > MAX_MIME_CHECKS) break;
    const boundary = match[1] ?? match[2] ?? '';
    if (seen.has(boundary) || !isInHeaderSection(raw, match.index)) continue;
    seen.add(boundary);
    const delimiter = `--${boundary}`;
    if (!raw.includes(delimiter)) {
      problems.push(`The multipart boundary "${boundary}" never appears, so the parts cannot be separated.`);
    } else if (!raw.includes(`${delimiter}--`)) {
      problems.push(
        `The multipart part with boundary "${boundary}" is never closed; the message may be truncated.`,
      );
    }
  }

  checks = 0;
  for (const match of raw.matchAll(BASE64_ENCODING_HEADER)) {
    if (++checks > MAX_MIME_CHECKS) break;
    if (!isInHeaderSection(raw, match.index)) continue;
    const bad = findInvalidBase64(raw, match.index + match[0].length);
    if (bad !== undefined) {
      problems.push(
        `A base64-encoded part has a character that is not base64 on line ${lineNumber(raw, bad)}; ` +
          'its content is likely garbled.',
      );
    }
  }
  return problems;
}

function structuredHeader(value: HeaderValue | undefined): StructuredHeader | undefined {
  if (value === undefined || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) {
    return undefined;
  }
  // ListHeaders is an index signature, so `in` cannot tell it apart; the shape check can.
  const candidate = value as Partial<Record<'value' | 'params', unknown>>;
  if (typeof candidate.value !== 'string' || typeof candidate.params !== 'object') return undefined;
  return value as StructuredHeader;
}

function isHeaderLine(line: string): boolean {
  if (line.startsWith(' ') || line.startsWith('\t')) return true;
  const colon = line.indexOf(':');
  return colon > 0 && HEADER_NAME.test(line.slice(0, colon));
}

/**
 * Whether `index` lies in a header section: the lines above it, up to the start of the message or a
 * boundary line, are all header lines. Text in a body that merely looks like a header is not.
 */
function isInHeaderSection(raw: string, index: number): boolean {
  let lineStart = raw.lastIndexOf('\n', index - 1) + 1;
  for (let steps = 0; steps < 200; steps++) {
    if (lineStart === 0) return true;
    const previousStart = raw.lastIndexOf('\n', lineStart - 2) + 1;
    const previous = raw.slice(previousStart, lineStart - 1).replace(/\r$/, '');
    if (previous.startsWith('--')) return true;
    if (!isHeaderLine(previous)) return false;
    lineStart = previousStart;
  }
  return false;
}

/** The index of the first non-base64 character in the body that follows the header at `from`, if any. */
function findInvalidBase64(raw: string, from: number): number | undefined {
  const blank = /\r?\n\r?\n/g;
  blank.lastIndex = from;
  const separator = blank.exec(raw);
  if (separator === null) return undefined;
  let atLineStart = true;
  for (let index = separator.index + separator[0].length; index < raw.length; index++) {
    const code = raw.charCodeAt(index);
    if (atLineStart && code === 45 /* - */ && raw.charCodeAt(index + 1) === 45) return undefined;
    if (code === 10) {
      atLineStart = true;
      continue;
    }
    atLineStart = false;
    if (!isBase64Character(code)) return index;
  }
  return undefined;
}

function isBase64Character(code: number): boolean {
  return (
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    (code >= 48 && code <= 57) || // 0-9
    code === 43 || // +
    code === 47 || // /
    code === 61 || // =
    code === 13 ||
    code === 32 ||
    code === 9
  );
}

function lineNumber(raw: string, index: number): number {
  let line = 1;
  for (
    let cursor = raw.indexOf('\n');
    cursor !== -1 && cursor < index;
    cursor = raw.indexOf('\n', cursor + 1)
  ) {
    line++;
  }
  return line;
}
