import { findForbiddenReferenceCharacter, forbiddenReferenceMessage } from './reference.js';
import { linkOk } from './result.js';
import type { LinkFailure, LinkResult } from './result.js';

/** What a BGL token carries (compat §1). Unknown fields are kept, so a business may add its own. */
export interface BglPayload {
  email: string;
  name: string;
  ref: string;
  skus?: string[];
  tags?: string[];
  locale?: string;
  [field: string]: unknown;
}

type PayloadField = 'email' | 'name' | 'ref' | 'skus' | 'tags' | 'locale';

const REQUIRED_FIELDS = new Set<PayloadField>(['email', 'name', 'ref']);

/**
 * Names businesses use in place of the payload's own, normalised (lowercase, letters and digits only).
 * They come from the neighbouring formats: the BCC snippet and the invitation API say `referenceId`,
 * `recipientEmail`, `productSkus`, `consumerName`.
 */
const FIELD_SPELLINGS: Readonly<Record<PayloadField, ReadonlySet<string>>> = {
  email: new Set(['email', 'emailaddress', 'recipientemail', 'consumeremail', 'customeremail']),
  name: new Set(['name', 'fullname', 'recipientname', 'consumername', 'customername']),
  ref: new Set([
    'ref',
    'reference',
    'referenceid',
    'referencenumber',
    'orderreference',
    'orderref',
    'orderid',
  ]),
  skus: new Set(['skus', 'sku', 'productskus']),
  tags: new Set(['tags', 'tag']),
  locale: new Set(['locale']),
};

export interface BglPayloadProblem {
  readonly failure: LinkFailure;
  /** Absent when the payload is not an object at all. */
  readonly field?: PayloadField;
  /** The name the payload used instead of `field`, when it used one we recognise. */
  readonly renamedFrom?: string;
  /** The first tag that contains whitespace. */
  readonly tagWithSpace?: string;
}

function normaliseFieldName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function findRenamedField(
  record: Readonly<Record<string, unknown>>,
  field: PayloadField,
): string | undefined {
  const spellings = FIELD_SPELLINGS[field];
  return Object.keys(record).find((key) => key !== field && spellings.has(normaliseFieldName(key)));
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return `a ${typeof value}`;
}

function hasWhitespace(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x3000) return true;
  }
  return false;
}

function problem(
  field: PayloadField,
  code: 'bgl_missing_field' | 'bgl_bad_field' | 'reference_forbidden_character',
  message: string,
  extra: { renamedFrom?: string; tagWithSpace?: string } = {},
): BglPayloadProblem {
  return { failure: { code, message, field }, field, ...extra };
}

function missingField(record: Readonly<Record<string, unknown>>, field: PayloadField): BglPayloadProblem {
  const renamedFrom = findRenamedField(record, field);
  if (renamedFrom !== undefined) {
    return problem(
      field,
      'bgl_missing_field',
      `The payload has no "${field}" field but has "${renamedFrom}"; rename "${renamedFrom}" to "${field}".`,
      { renamedFrom },
    );
  }
  return problem(
    field,
    'bgl_missing_field',
    `The payload has no "${field}" field; add it (email, name and ref are required).`,
  );
}

function stringListProblem(field: 'skus' | 'tags', value: unknown): BglPayloadProblem | undefined {
  const example = field === 'skus' ? '["SKU-1", "SKU-2"]' : '["summer-sale", "newsletter"]';
  if (!Array.isArray(value)) {
    return problem(
      field,
      'bgl_bad_field',
      `"${field}" must be an array of strings like ${example}; it is ${describeValue(value)}.`,
    );
  }
  for (const item of value as readonly unknown[]) {
    if (typeof item !== 'string' || item === '') {
      return problem(
        field,
        'bgl_bad_field',
        `"${field}" must hold only non-empty strings like ${example}; one item is ${describeValue(item)}.`,
      );
    }
    if (field === 'tags' && hasWhitespace(item)) {
      return problem(
        field,
        'bgl_bad_field',
        `The tag "${item}" contains a space; a tag has no spaces, so write it as "${item.trim().replace(/\s+/g, '-')}".`,
        { tagWithSpace: item },
      );
    }
  }
  return undefined;
}

/**
 * Every problem of a decrypted payload, or only the first when `firstOnly` (the verification path, which
 * stops at the first and must stay fast). The doctor asks for all of them.
 */
export function findBglPayloadProblems(value: unknown, firstOnly: boolean): BglPayloadProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [
      {
        failure: {
          code: 'bgl_not_json',
          message: `The payload must be a JSON object with email, name and ref; it is ${describeValue(value)}.`,
        },
      },
    ];
  }
  const record = value as Readonly<Record<string, unknown>>;
  const problems: BglPayloadProblem[] = [];
  const report = (found: BglPayloadProblem | undefined): boolean => {
    if (found !== undefined) problems.push(found);
    return firstOnly && problems.length > 0;
  };

  for (const field of REQUIRED_FIELDS) {
    const fieldValue = Object.hasOwn(record, field) ? record[field] : undefined;
    let found: BglPayloadProblem | undefined;
    if (fieldValue === undefined) {
      found = missingField(record, field);
    } else if (typeof fieldValue !== 'string' || (field !== 'name' && fieldValue.trim() === '')) {
      found = problem(
        field,
        'bgl_bad_field',
        `"${field}" must be a non-empty string; it is ${describeValue(fieldValue)}.`,
      );
    } else if (field === 'ref') {
      const character = findForbiddenReferenceCharacter(fieldValue);
      if (character !== undefined) {
        found = problem(
          field,
          'reference_forbidden_character',
          forbiddenReferenceMessage(fieldValue, character, 'the BGL payload field "ref"'),
        );
      }
    }
    if (report(found)) return problems;
  }

  for (const field of ['skus', 'tags'] as const) {
    const fieldValue = Object.hasOwn(record, field) ? record[field] : undefined;
    if (fieldValue === undefined) {
      // Optional, but a renamed list means products or tags silently go missing; only the doctor says so.
      if (!firstOnly) {
        const renamedFrom = findRenamedField(record, field);
        if (renamedFrom !== undefined) {
          problems.push(
            problem(
              field,
              'bgl_missing_field',
              `The payload has "${renamedFrom}" but no "${field}", so it is ignored; rename "${renamedFrom}" to "${field}".`,
              { renamedFrom },
            ),
          );
        }
      }
      continue;
    }
    if (report(stringListProblem(field, fieldValue))) return problems;
  }

  const locale = Object.hasOwn(record, 'locale') ? record['locale'] : undefined;
  if (locale !== undefined && (typeof locale !== 'string' || locale === '')) {
    report(
      problem(
        'locale',
        'bgl_bad_field',
        `"locale" must be a string like "de-DE"; it is ${describeValue(locale)}.`,
      ),
    );
  }
  return problems;
}

function isStringList(value: unknown, allowWhitespace: boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (const item of value as readonly unknown[]) {
    if (typeof item !== 'string' || item === '' || (!allowWhitespace && hasWhitespace(item))) return false;
  }
  return true;
}

/**
 * The same rules as {@link findBglPayloadProblems}, as one pass that allocates nothing: this runs for
 * every link opened, and the problem list is only worth building once something is wrong.
 */
function isWellFormedBglPayload(value: unknown): value is BglPayload {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Readonly<Record<string, unknown>>;
  const { email, name, ref, skus, tags, locale } = record;
  return (
    typeof email === 'string' &&
    Object.hasOwn(record, 'email') &&
    email.trim() !== '' &&
    typeof name === 'string' &&
    Object.hasOwn(record, 'name') &&
    typeof ref === 'string' &&
    Object.hasOwn(record, 'ref') &&
    ref.trim() !== '' &&
    findForbiddenReferenceCharacter(ref) === undefined &&
    (skus === undefined || !Object.hasOwn(record, 'skus') || isStringList(skus, true)) &&
    (tags === undefined || !Object.hasOwn(record, 'tags') || isStringList(tags, false)) &&
    (locale === undefined ||
      !Object.hasOwn(record, 'locale') ||
      (typeof locale === 'string' && locale !== ''))
  );
}

/**
 * Checks a parsed payload against compat §1: `email`, `name`, `ref` strings; `skus` and `tags` arrays of
 * strings, tags without spaces; a reference without forbidden characters.
 *
 * @example
 * checkBglPayload({ email: 'jane@example.com', name: 'Jane', ref: 'A-1' }).ok; // true
 * checkBglPayload({ email: 'jane@example.com', name: 'Jane', referenceId: 'A-1' }); // bgl_missing_field
 */
export function checkBglPayload(value: unknown): LinkResult<BglPayload> {
  if (isWellFormedBglPayload(value)) return linkOk(value);
  const [first] = findBglPayloadProblems(value, true);
  return {
    ok: false,
    failure: first?.failure ?? { code: 'bgl_bad_field', message: 'The payload does not have the BGL shape.' },
  };
}
