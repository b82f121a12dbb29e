import { FIELD_LIMITS } from '../invitations/fields.js';

/**
 * Reading an order reference out of a subject line (compat §4), for AFS mail without a snippet.
 *
 * Accepted shapes, strongest first; the strongest shape present wins and, within one shape, the first
 * occurrence:
 * 1. anything with a digit right after `#` (spaces allowed between): `#2111`, `# 5674`, `#1999`, `#AB12`;
 * 2. digits and capitals joined by dashes: `224-KLMN-72OM56`, `01-230920-716`, `2021-86574`;
 * 3. letters and digits mixed, 7 or more characters: `KSLDD5A`, `869fk45h`;
 * 4. plain numbers of 3 or more digits: `224`, `100234`.
 *
 * Vouch decides, beyond the spec:
 * - letters alone are never a reference, and neither is any word with a non-ASCII character in it;
 * - without `#`, a 4-digit number from 1900 to 2199 is a year, and a date (`2024-05-01`, `01-05-2024`)
 *   is a date: neither is a reference;
 * - without `#`, a number of 1 or 2 digits is not a reference ("Your 2 items"), nor is a number that is
 *   part of a price, time or decimal (`€129.99`, `10:30`, `1,299`, `20%`);
 * - a lower-case word with dashes (`order-12345`) is read part by part, so its `12345` still counts.
 * Every accepted reference is ASCII letters, digits and dashes, so it never holds a character compat §3
 * forbids.
 */

export type SubjectReference = { reference: string } | { reason: string; hint?: string };

/** Shapes in order of strength: a lower number wins. */
const HASH = 0;
const DASHED = 1;
const MIXED = 2;
const NUMBER = 3;
type Strength = typeof HASH | typeof DASHED | typeof MIXED | typeof NUMBER;

const WORD = /[\p{L}\p{N}-]+/gu;
const ASCII_TOKEN = /^[A-Za-z0-9-]+$/;
const HAS_DIGIT = /[0-9]/;
const HAS_LETTER = /[A-Za-z]/;
const DIGITS = /^[0-9]+$/;
const DASHED_CODE = /^[0-9A-Z]+(?:-[0-9A-Z]+)+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_FIRST_DATE = /^(\d{2})-(\d{2})-(\d{4})$/;
const CURRENCY = new Set(['$', '€', '£', '¥']);
const NUMBER_JOINERS = new Set(['.', ',', ':', '/']);
const MAX_SUBJECT_IN_REASON = 120;

interface Candidate {
  reference: string;
  strength: Strength;
}

/**
 * The order reference in an email subject, or the reason there is none.
 *
 * @example
 * referenceFromSubject('Order #2111 confirmed'); // { reference: '2111' }
 * referenceFromSubject('Receipt 1999'); // { reason: "no reference in the subject 'Receipt 1999'", hint: … }
 */
export function referenceFromSubject(subject: string): SubjectReference {
  let best: Candidate | undefined;
  let hint: string | undefined;
  const consider = (candidate: Candidate | string | undefined): void => {
    if (candidate === undefined) return;
    if (typeof candidate === 'string') {
      hint ??= candidate;
      return;
    }
    if (best === undefined || candidate.strength < best.strength) best = candidate;
  };

  for (const match of subject.matchAll(WORD)) {
    if (best?.strength === HASH) break;
    const word = match[0];
    const start = match.index;
    // Dashes around a word are punctuation ("Order 12 - shipped"), not part of it.
    const leading = word.length - word.replace(/^-+/, '').length;
    const token = word.slice(leading).replace(/-+$/, '');
    if (token.length === 0) continue;
    const tokenStart = start + leading;
    const tokenEnd = tokenStart + token.length;
    if (!ASCII_TOKEN.test(token) || token.length > FIELD_LIMITS.reference) continue;
    if (!HAS_DIGIT.test(token)) continue;

    if (followsHash(subject, tokenStart)) {
      consider({ reference: token, strength: HASH });
      continue;
    }
    if (token.includes('-')) {
      if (isDate(token)) {
        consider(`${token} looks like a date; write #${token} in the subject if it is the order number`);
        continue;
      }
      if (DASHED_CODE.test(token)) {
        consider({ reference: token, strength: DASHED });
        continue;
      }
      // "order-12345": the parts may still hold a reference.
      for (const part of token.split('-')) consider(classifyPlain(part, undefined));
      continue;
    }
    consider(classifyPlain(token, numberContext(subject, tokenStart, tokenEnd)));
  }

  if (best !== undefined) return { reference: best.reference };
  const reason = `no reference in the subject '${displaySubject(subject)}'`;
  return hint === undefined ? { reason } : { reason, hint };
}

/**
 * A dash-free ASCII token with a digit: a mixed code, a plain number, or a string explaining why it is
 * not a reference. `context` is the reason a number is part of something larger, if it is.
 */
function classifyPlain(token: string, context: string | undefined): Candidate | string | undefined {
  if (!HAS_DIGIT.test(token)) return undefined;
  if (HAS_LETTER.test(token)) {
    return token.length >= 7 ? { reference: token, strength: MIXED } : undefined;
  }
  if (!DIGITS.test(token)) return undefined;
  if (context !== undefined) return undefined;
  if (isYear(token)) {
    return `${token} looks like a year; write #${token} in the subject if it is the order number`;
  }
  if (token.length < 3) return `${token} is too short to be a reference without '#'; write #${token}`;
  return { reference: token, strength: NUMBER };
}

function isYear(token: string): boolean {
  if (token.length !== 4) return false;
  const value = Number(token);
  return value >= 1900 && value <= 2199;
}

function isDate(token: string): boolean {
  const iso = ISO_DATE.exec(token);
  if (iso) return isYear(iso[1] ?? '') && isMonthAndDay(Number(iso[2]), Number(iso[3]));
  const dayFirst = DAY_FIRST_DATE.exec(token);
  if (dayFirst) {
    const first = Number(dayFirst[1]);
    const second = Number(dayFirst[2]);
    // 01-05-2024 is the 1st of May in most of Europe and the 5th of January in the US: either is a date.
    return isYear(dayFirst[3] ?? '') && (isMonthAndDay(first, second) || isMonthAndDay(second, first));
  }
  return false;
}

function isMonthAndDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Whether a `#` comes right before `index`, with only spaces or tabs between. */
function followsHash(subject: string, index: number): boolean {
  let cursor = index - 1;
  while (cursor >= 0 && index - cursor <= 4 && (subject[cursor] === ' ' || subject[cursor] === '\t'))
    cursor--;
  return subject[cursor] === '#';
}

/** Why the number at [start, end) belongs to a price, a time, a decimal or a percentage, if it does. */
function numberContext(subject: string, start: number, end: number): string | undefined {
  const before = subject[start - 1];
  const after = subject[end];
  if (before !== undefined && NUMBER_JOINERS.has(before) && isDigit(subject[start - 2])) return 'joined';
  if (after !== undefined && NUMBER_JOINERS.has(after) && isDigit(subject[end + 1])) return 'joined';
  if (after === '%') return 'percentage';
  let cursor = start - 1;
  while (cursor >= 0 && subject[cursor] === ' ') cursor--;
  const symbol = subject[cursor];
  if (symbol !== undefined && CURRENCY.has(symbol)) return 'price';
  return undefined;
}

function isDigit(character: string | undefined): boolean {
  return character !== undefined && character >= '0' && character <= '9';
}

function displaySubject(subject: string): string {
  const collapsed = subject.replace(/\s+/g, ' ').trim();
  return collapsed.length > MAX_SUBJECT_IN_REASON
    ? `${collapsed.slice(0, MAX_SUBJECT_IN_REASON)}…`
    : collapsed;
}
