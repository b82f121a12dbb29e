import {
  describeEmailProblem,
  FIELD_LIMITS,
  findEmailProblem,
  findReferenceProblem,
  isHttpUrl,
  normalizeEmail,
  parsePreferredSendTime,
} from '../invitations/fields.js';
import { forbiddenReferenceMessage } from '../links/reference.js';
import { cleanLine } from '../display-text.js';
import { parseLocale } from '../locales.js';
import type { Locale } from '../locales.js';
import type { AfsReasonCode } from './reasons.js';

/**
 * The structured-data snippet of compat §4: `<script type="application/json+trustpilot">{…}</script>` in
 * the HTML of an AFS mail, also inside an HTML comment.
 *
 * Vouch decides how strict to be, field by field:
 * - the snippet is unusable (the mail schedules nothing) when it is not a JSON object, when its
 *   `recipientEmail` is given but is not an email address, or when its `referenceId` is given but is not a
 *   usable reference: a wrong customer or a wrong order is worse than none, and the reason says what to fix;
 * - any other field that is wrong is left out with a note, and the account settings or the headers apply;
 * - an empty string or `null` counts as not given (shop templates render missing values as ""), so the
 *   headers apply;
 * - numbers are taken for `referenceId`, `templateId`, SKUs and GTINs, which templates often leave unquoted;
 * - JSON5 habits (trailing commas, single quotes, unquoted names) are not accepted; the reason names the
 *   line and column. An HTML-escaped snippet (`&quot;`) and no-break spaces are read, with a note.
 */

export interface AfsProduct {
  sku: string;
  name?: string;
  productUrl?: string;
  imageUrl?: string;
  gtin?: string;
  mpn?: string;
  brand?: string;
}

/** The snippet's fields, each checked; a field that was wrong is absent (and noted). */
export interface AfsSnippet {
  recipientEmail?: string;
  recipientName?: string;
  referenceId?: string;
  templateId?: string;
  productReviewInvitationTemplateId?: string;
  locale?: Locale;
  senderEmail?: string;
  senderName?: string;
  replyTo?: string;
  /** Epoch milliseconds. */
  preferredSendTime?: number;
  /** Epoch milliseconds. */
  productReviewInvitationPreferredSendTime?: number;
  tags: string[];
  products: AfsProduct[];
  productSkus: string[];
}

export type SnippetLocation =
  | { found: false }
  | {
      found: true;
      /** The text between the script tags. */
      json: string;
      /** False when the HTML ends before `</script>`. */
      closed: boolean;
      inComment: boolean;
      /** How many further snippets followed; the first one is the one read. */
      ignored: number;
    };

export type SnippetFailureCode = Extract<
  AfsReasonCode,
  'afs_snippet_invalid' | 'afs_bad_recipient' | 'afs_forbidden_reference_character' | 'afs_bad_reference'
>;

export type SnippetParse =
  | { ok: true; snippet: AfsSnippet; notes: string[] }
  | { ok: false; code: SnippetFailureCode; reason: string; notes: string[] };

const SNIPPET_TYPE = 'application/json+trustpilot';
/** 100 products with long URLs fit in well under this. */
export const MAX_SNIPPET_CHARS = 1_000_000;
/** Attributes of a script tag longer than this are not a snippet's. */
const MAX_TAG_CHARS = 4096;
const SCRIPT_OPEN = /<script(?=[\s/>])/gi;
const SCRIPT_CLOSE = /<\/script(?=[\s/>]|$)/gi;

/**
 * Finds the first snippet in decoded HTML. Linear in the length of the HTML, whatever it holds.
 *
 * @example
 * findSnippet('<!-- <script type="application/json+trustpilot">{"referenceId":"A1"}</script> -->');
 * // { found: true, json: '{"referenceId":"A1"}', closed: true, inComment: true, ignored: 0 }
 */
export function findSnippet(html: string): SnippetLocation {
  let first: { json: string; closed: boolean; inComment: boolean } | undefined;
  let ignored = 0;
  const open = new RegExp(SCRIPT_OPEN.source, SCRIPT_OPEN.flags);
  const close = new RegExp(SCRIPT_CLOSE.source, SCRIPT_CLOSE.flags);
  for (let match = open.exec(html); match !== null; match = open.exec(html)) {
    const tag = readTag(html, match.index + match[0].length);
    open.lastIndex = tag.end;
    if (tag.attributes?.get('type')?.trim().toLowerCase() !== SNIPPET_TYPE) continue;
    close.lastIndex = tag.end;
    const end = close.exec(html);
    if (first !== undefined) {
      ignored++;
    } else {
      const comment = html.lastIndexOf('<!--', match.index);
      first = {
        json: html.slice(tag.end, end === null ? html.length : end.index),
        closed: end !== null,
        inComment: comment !== -1 && comment > html.lastIndexOf('-->', match.index),
      };
    }
    if (end === null) break;
    open.lastIndex = end.index + end[0].length;
  }
  return first === undefined ? { found: false } : { found: true, ...first, ignored };
}

/**
 * The attributes of the tag whose name ends at `from`, and where the tag ends. Attribute names are
 * lower-cased; values keep their case. `attributes` is undefined for a tag that never closes.
 */
function readTag(html: string, from: number): { end: number; attributes?: Map<string, string> } {
  const attributes = new Map<string, string>();
  let index = from;
  while (index < html.length && index - from < MAX_TAG_CHARS) {
    const character = html.charAt(index);
    if (character === '>') return { end: index + 1, attributes };
    if (isSpace(character) || character === '/') {
      index++;
      continue;
    }
    const nameStart = index;
    while (index < html.length && !isSpace(html.charAt(index)) && !'=>/'.includes(html.charAt(index)))
      index++;
    if (index === nameStart) index++; // a stray '=': skip it
    const name = html.slice(nameStart, index).toLowerCase();
    while (isSpace(html.charAt(index))) index++;
    let value = '';
    if (html.charAt(index) === '=') {
      index++;
      while (isSpace(html.charAt(index))) index++;
      const quote = html.charAt(index);
      if (quote === '"' || quote === "'") {
        const closing = html.indexOf(quote, index + 1);
        if (closing === -1) return { end: html.length };
        value = html.slice(index + 1, closing);
        index = closing + 1;
      } else {
        const valueStart = index;
        while (index < html.length && !isSpace(html.charAt(index)) && html.charAt(index) !== '>') index++;
        value = html.slice(valueStart, index);
      }
    }
    // As in browsers, the first of a repeated attribute counts.
    if (!attributes.has(name)) attributes.set(name, value);
  }
  return { end: index };
}

function isSpace(character: string): boolean {
  return (
    character === ' ' || character === '\n' || character === '\t' || character === '\r' || character === '\f'
  );
}

/**
 * Reads the text of a snippet into checked fields, or says why it cannot be used.
 *
 * @example
 * const parsed = parseSnippet('{"recipientEmail":"jane@example.com","tags":["vip"]}');
 * if (parsed.ok) parsed.snippet.recipientEmail; // 'jane@example.com'
 */
export function parseSnippet(json: string): SnippetParse {
  const notes: string[] = [];
  const invalid = (reason: string): SnippetParse => ({
    ok: false,
    code: 'afs_snippet_invalid',
    reason,
    notes,
  });
  if (json.length > MAX_SNIPPET_CHARS) {
    return invalid(`The snippet is ${json.length} characters long; at most ${MAX_SNIPPET_CHARS} are read.`);
  }
  const text = unwrap(json);
  if (text === '')
    return invalid('The snippet is empty; put a JSON object such as {"referenceId": "1234"} in it.');

  const parsed = parseJson(text, notes);
  if (!parsed.ok) return invalid(parsed.reason);
  const data = parsed.value;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return invalid(
      `The snippet is ${describeJsonType(data)}, not a JSON object of fields such as "referenceId".`,
    );
  }
  return readFields(data as Record<string, unknown>, notes);
}

/** Strips what hides a script's content from old mail clients: `<!-- … -->` and `<![CDATA[ … ]]>`. */
function unwrap(json: string): string {
  let text = json.trim();
  for (const [start, end] of [
    ['<!--', '-->'],
    ['<![CDATA[', ']]>'],
  ] as const) {
    if (text.startsWith(start) && text.endsWith(end) && text.length >= start.length + end.length) {
      text = text.slice(start.length, text.length - end.length).trim();
    }
  }
  return text;
}

type JsonRead = { ok: true; value: unknown } | { ok: false; reason: string };

function parseJson(text: string, notes: string[]): JsonRead {
  const first = tryJson(text);
  if (first.ok) return first;
  // Repairs that cannot change what a well-formed snippet means; trailing commas are not among them.
  if (text.includes('\u00a0')) {
    const repaired = tryJson(text.replaceAll('\u00a0', ' '));
    if (repaired.ok) {
      notes.push('The snippet holds no-break spaces (&nbsp;) where JSON needs plain spaces; read it anyway.');
      return repaired;
    }
  }
  if (/&(?:quot|#34|#x22);/i.test(text)) {
    const repaired = tryJson(decodeEntities(text));
    if (repaired.ok) {
      notes.push(
        'The snippet is HTML-escaped (&quot;); read it anyway. Put the JSON in the script unescaped.',
      );
      return repaired;
    }
  }
  return { ok: false, reason: describeJsonError(text, first.error) };
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(quot|amp|lt|gt|apos|nbsp));/gi;
const NAMED_ENTITIES: Record<string, string> = {
  quot: '"',
  amp: '&',
  lt: '<',
  gt: '>',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(
    ENTITY,
    (entity, decimal: string | undefined, hex: string | undefined, name?: string) => {
      if (name !== undefined) {
        const lower = name.toLowerCase();
        return Object.hasOwn(NAMED_ENTITIES, lower) ? (NAMED_ENTITIES[lower] ?? entity) : entity;
      }
      const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    },
  );
}

/** Names the JSON5 habit that broke the snippet, with line and column, or passes on the parser's words. */
function describeJsonError(text: string, parserMessage: string): string {
  let inString = false;
  let pendingComma = -1;
  for (let index = 0; index < text.length; index++) {
    const character = text.charAt(index);
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') {
      inString = true;
      pendingComma = -1;
    } else if (character === ',') {
      pendingComma = index;
    } else if ((character === '}' || character === ']') && pendingComma !== -1) {
      return (
        `The snippet is not valid JSON: a comma follows the last item at ${position(text, pendingComma)}. ` +
        'JSON allows no trailing comma; remove it.'
      );
    } else if (character === "'") {
      return `The snippet is not valid JSON: a single quote at ${position(text, index)}. JSON strings and names need double quotes.`;
    } else if (character === '\u201c' || character === '\u201d') {
      return (
        `The snippet is not valid JSON: a typographic quote (${character}) at ${position(text, index)}. ` +
        'JSON needs straight double quotes (").'
      );
    } else if (!isSpace(character)) {
      pendingComma = -1;
    }
  }
  return `The snippet is not valid JSON (${parserMessage}).`;
}

function position(text: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (
    let cursor = text.indexOf('\n');
    cursor !== -1 && cursor < index;
    cursor = text.indexOf('\n', cursor + 1)
  ) {
    line++;
    lineStart = cursor + 1;
  }
  return `line ${line}, column ${index - lineStart + 1}`;
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

const KNOWN_FIELDS = new Set([
  'recipientEmail',
  'recipientName',
  'referenceId',
  'templateId',
  'productReviewInvitationTemplateId',
  'locale',
  'senderEmail',
  'senderName',
  'replyTo',
  'preferredSendTime',
  'productReviewInvitationPreferredSendTime',
  'tags',
  'products',
  'productSkus',
]);

/**
 * Names other invitation formats use, which businesses carry over by mistake (compat §1, §6). A Map, not
 * an object: a snippet key such as `__proto__` or `constructor` must find nothing, not Object's own.
 */
const MISTAKEN_FIELDS: ReadonlyMap<string, string> = new Map([
  ['email', 'recipientEmail'],
  ['consumerEmail', 'recipientEmail'],
  ['name', 'recipientName'],
  ['consumerName', 'recipientName'],
  ['ref', 'referenceId'],
  ['reference', 'referenceId'],
  ['referenceNumber', 'referenceId'],
  ['orderId', 'referenceId'],
  ['orderNumber', 'referenceId'],
  ['sku', 'productSkus'],
  ['skus', 'productSkus'],
  ['tag', 'tags'],
  ['product', 'products'],
]);

const knownByLowerCase = new Map([...KNOWN_FIELDS].map((field) => [field.toLowerCase(), field]));

type Text = { kind: 'absent' } | { kind: 'text'; value: string } | { kind: 'wrong_type'; value: unknown };

/** A string field, trimmed; `null` and "" count as absent; whole numbers are taken when `numbers` is set. */
function readText(value: unknown, numbers: boolean): Text {
  if (value === undefined || value === null) return { kind: 'absent' };
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? { kind: 'absent' } : { kind: 'text', value: trimmed };
  }
  if (numbers && typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    return { kind: 'text', value: String(value) };
  }
  return { kind: 'wrong_type', value };
}

/** A name from the snippet as it may be shown: see `cleanLine`. */
function collapseSpaces(text: string): string {
  return cleanLine(text);
}

function readFields(data: Record<string, unknown>, notes: string[]): SnippetParse {
  const fail = (code: SnippetFailureCode, reason: string): SnippetParse => ({
    ok: false,
    code,
    reason,
    notes,
  });
  const snippet: AfsSnippet = { tags: [], products: [], productSkus: [] };

  const unknown = Object.keys(data).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length > 0) {
    const described = unknown.slice(0, 10).map((key) => {
      const meant = MISTAKEN_FIELDS.get(key) ?? knownByLowerCase.get(key.toLowerCase());
      return meant === undefined ? `"${key}"` : `"${key}" (did you mean "${meant}"?)`;
    });
    const more = unknown.length > 10 ? ` and ${unknown.length - 10} more` : '';
    notes.push(`The snippet's unknown field(s) ${described.join(', ')}${more} were ignored.`);
  }
  for (const field of KNOWN_FIELDS) {
    if (data[field] === '') notes.push(`The snippet's ${field} is empty, so it counts as not given.`);
  }

  const email = readText(data['recipientEmail'], false);
  if (email.kind === 'wrong_type') {
    return fail('afs_bad_recipient', `The snippet's recipientEmail ${show(email.value)} is not a string.`);
  }
  if (email.kind === 'text') {
    const problem = findEmailProblem(email.value);
    if (problem !== undefined) {
      return fail(
        'afs_bad_recipient',
        `The snippet's recipientEmail: ${describeEmailProblem(email.value, problem)}`,
      );
    }
    snippet.recipientEmail = normalizeEmail(email.value);
  }

  const reference = readText(data['referenceId'], true);
  if (reference.kind === 'wrong_type') {
    return fail('afs_bad_reference', `The snippet's referenceId ${show(reference.value)} is not a string.`);
  }
  if (reference.kind === 'text') {
    const problem = findReferenceProblem(reference.value);
    if (problem?.kind === 'forbidden_character') {
      return fail(
        'afs_forbidden_reference_character',
        forbiddenReferenceMessage(reference.value, problem.character, "the email's snippet (referenceId)"),
      );
    }
    if (problem?.kind === 'too_long') {
      return fail(
        'afs_bad_reference',
        `The snippet's referenceId is ${reference.value.length} characters long; a reference has at most ${FIELD_LIMITS.reference}.`,
      );
    }
    snippet.referenceId = reference.value;
  }

  const optionalText = (
    field: string,
    limit: number,
    numbers: boolean,
    fallback: string,
  ): string | undefined => {
    const read = readText(data[field], numbers);
    if (read.kind === 'absent') return undefined;
    if (read.kind === 'wrong_type') {
      notes.push(`The snippet's ${field} ${show(read.value)} is not a string; ${fallback}.`);
      return undefined;
    }
    if (read.value.length > limit) {
      notes.push(
        `The snippet's ${field} is ${read.value.length} characters long, over ${limit}; ${fallback}.`,
      );
      return undefined;
    }
    return read.value;
  };
  const optionalEmail = (field: string, fallback: string): string | undefined => {
    const value = optionalText(field, Number.POSITIVE_INFINITY, false, fallback);
    if (value === undefined) return undefined;
    const problem = findEmailProblem(value);
    if (problem === undefined) return normalizeEmail(value);
    notes.push(`The snippet's ${field}: ${describeEmailProblem(value, problem)} ${capitalize(fallback)}.`);
    return undefined;
  };
  const optionalTime = (field: string, fallback: string): number | undefined => {
    const value = optionalText(field, 100, false, fallback);
    if (value === undefined) return undefined;
    const ms = parsePreferredSendTime(value);
    if (ms === undefined) {
      notes.push(
        `The snippet's ${field} ${show(value)} is not a time; write it in UTC as MM/DD/YYYY HH:mm:ss or ISO 8601. ` +
          `${capitalize(fallback)}.`,
      );
    }
    return ms;
  };
  const assign = <K extends keyof AfsSnippet>(key: K, value: AfsSnippet[K] | undefined): void => {
    if (value !== undefined) snippet[key] = value;
  };

  const name = optionalText('recipientName', FIELD_LIMITS.name, false, 'the To display name is used');
  assign('recipientName', name === undefined ? undefined : collapseSpaces(name));
  assign(
    'templateId',
    optionalText('templateId', FIELD_LIMITS.templateId, true, "the account's template is used"),
  );
  assign(
    'productReviewInvitationTemplateId',
    optionalText(
      'productReviewInvitationTemplateId',
      FIELD_LIMITS.templateId,
      true,
      "the account's product template is used",
    ),
  );
  const locale = optionalText('locale', 35, false, "the account's locale is used");
  if (locale !== undefined) {
    const parsedLocale = parseLocale(locale);
    if (parsedLocale === undefined) {
      notes.push(
        `The snippet's locale ${show(locale)} is not a locale Vouch supports; the account's locale is used.`,
      );
    }
    assign('locale', parsedLocale);
  }
  assign('senderEmail', optionalEmail('senderEmail', "the account's sender address is used"));
  const senderName = optionalText(
    'senderName',
    FIELD_LIMITS.name,
    false,
    "the account's sender name is used",
  );
  assign('senderName', senderName === undefined ? undefined : collapseSpaces(senderName));
  assign('replyTo', optionalEmail('replyTo', "the account's reply-to address is used"));
  assign('preferredSendTime', optionalTime('preferredSendTime', "the account's delay is used"));
  assign(
    'productReviewInvitationPreferredSendTime',
    optionalTime('productReviewInvitationPreferredSendTime', "the account's delay is used"),
  );

  snippet.tags = readTags(data['tags'], notes);
  snippet.products = readProducts(data['products'], notes);
  snippet.productSkus = readSkus(data['productSkus'], notes);
  return { ok: true, snippet, notes };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A list field: an array, or absent; anything else is noted and read as empty. */
function readArray(value: unknown, field: string, notes: string[]): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value;
  notes.push(`The snippet's ${field} ${show(value)} is not an array, so it was ignored; write ["…", "…"].`);
  return [];
}

function readTags(value: unknown, notes: string[]): string[] {
  const tags: string[] = [];
  for (const entry of readArray(value, 'tags', notes)) {
    const tag = readText(entry, false);
    if (tag.kind === 'absent') continue;
    if (tag.kind === 'wrong_type') {
      notes.push(`The snippet's tag ${show(tag.value)} is not a string and was left out.`);
    } else if (/\s/.test(tag.value)) {
      notes.push(
        `The snippet's tag ${show(tag.value)} has a space, which a tag must not have; it was left out.`,
      );
    } else if (tag.value.length > FIELD_LIMITS.tag) {
      notes.push(
        `The snippet's tag ${show(tag.value)} is over ${FIELD_LIMITS.tag} characters and was left out.`,
      );
    } else if (!tags.includes(tag.value)) {
      if (tags.length === FIELD_LIMITS.tags) {
        notes.push(
          `The snippet has more than ${FIELD_LIMITS.tags} tags; only the first ${FIELD_LIMITS.tags} are kept.`,
        );
        break;
      }
      tags.push(tag.value);
    }
  }
  return tags;
}

function readSkus(value: unknown, notes: string[]): string[] {
  const skus: string[] = [];
  for (const entry of readArray(value, 'productSkus', notes)) {
    const sku = readText(entry, true);
    if (sku.kind === 'absent') continue;
    if (sku.kind === 'wrong_type' || sku.value.length > FIELD_LIMITS.sku) {
      notes.push(`The snippet's productSkus entry ${show(entry)} is not a SKU and was left out.`);
    } else if (!skus.includes(sku.value)) {
      if (skus.length === FIELD_LIMITS.products) {
        notes.push(
          `The snippet lists more than ${FIELD_LIMITS.products} SKUs; only the first ones are kept.`,
        );
        break;
      }
      skus.push(sku.value);
    }
  }
  return skus;
}

const PRODUCT_TEXT_FIELDS = [
  ['name', FIELD_LIMITS.productName],
  ['gtin', FIELD_LIMITS.sku],
  ['mpn', FIELD_LIMITS.sku],
  ['brand', FIELD_LIMITS.sku],
] as const;

function readProducts(value: unknown, notes: string[]): AfsProduct[] {
  const products: AfsProduct[] = [];
  for (const [index, entry] of readArray(value, 'products', notes).entries()) {
    const label = `The snippet's product ${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      notes.push(`${label} is ${describeJsonType(entry)}, not an object, and was left out.`);
      continue;
    }
    const fields = entry as Record<string, unknown>;
    const sku = readText(fields['sku'], true);
    if (sku.kind !== 'text' || sku.value.length > FIELD_LIMITS.sku) {
      notes.push(`${label} has no usable "sku" and was left out; every product needs one.`);
      continue;
    }
    if (products.some((product) => product.sku === sku.value)) {
      notes.push(`${label} repeats the SKU ${show(sku.value)} and was left out.`);
      continue;
    }
    if (products.length === FIELD_LIMITS.products) {
      notes.push(
        `The snippet has more than ${FIELD_LIMITS.products} products; only the first ones are kept.`,
      );
      break;
    }
    const product: AfsProduct = { sku: sku.value };
    for (const [field, limit] of PRODUCT_TEXT_FIELDS) {
      const text = readText(fields[field], field === 'gtin');
      if (text.kind === 'text' && text.value.length <= limit) product[field] = text.value;
      else if (text.kind !== 'absent') notes.push(`${label}'s ${field} ${show(fields[field])} was left out.`);
    }
    for (const field of ['productUrl', 'imageUrl'] as const) {
      const url = readText(fields[field], false);
      if (url.kind === 'text' && url.value.length <= FIELD_LIMITS.url && isHttpUrl(url.value)) {
        product[field] = url.value;
      } else if (url.kind !== 'absent') {
        notes.push(`${label}'s ${field} ${show(fields[field])} is not an http(s) URL and was left out.`);
      }
    }
    products.push(product);
  }
  return products;
}
