import { findForbiddenReferenceCharacter, forbiddenReferenceMessage } from './reference.js';
import { findLinkFieldProblem } from './link-fields.js';
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
  // A case variant (`Ref`) is the field itself, read as such; a rename is another word.
  return Object.keys(record).find(
    (key) => key.toLowerCase() !== field && spellings.has(normaliseFieldName(key)),
  );
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
  code: 'bgl_missing_field' | 'bgl_bad_field' | 'reference_forbidden_character' | 'link_field_invalid',
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

/** A payload that Vouch reads though it is not written as compat §1 says; the doctor warns about each. */
export interface BglPayloadLeniency {
  readonly kind: 'key_case' | 'null_field' | 'numeric_ref';
  readonly fields: readonly PayloadField[];
  readonly message: string;
}

export interface BglPayloadReading {
  readonly problems: BglPayloadProblem[];
  readonly leniencies: BglPayloadLeniency[];
  /** The payload with Vouch's field names and value types, present only when there is no problem. */
  readonly payload?: BglPayload;
}

const PAYLOAD_FIELDS: readonly PayloadField[] = ['email', 'name', 'ref', 'skus', 'tags', 'locale'];
const ASCII_LETTERS = /^[A-Za-z]+$/;

/** A key that is `field` in another letter case (`Email`, `REF`): ASCII only, so `ſkus` is not `skus`. */
function isCaseVariant(key: string, field: PayloadField): boolean {
  return (
    key !== field && key.length === field.length && ASCII_LETTERS.test(key) && key.toLowerCase() === field
  );
}

interface LocatedField {
  readonly key: string;
  readonly value: unknown;
}

/**
 * Where the payload gives `field`: under its own name, else under one case variant of it. Newtonsoft and
 * Go's encoding/json write the property names as declared (`Email`), as the platform's own C# example does.
 */
function locateField(
  record: Readonly<Record<string, unknown>>,
  field: PayloadField,
): LocatedField | { readonly ambiguous: readonly string[] } | undefined {
  if (Object.hasOwn(record, field)) return { key: field, value: record[field] };
  const variants = Object.keys(record).filter((key) => isCaseVariant(key, field));
  if (variants.length > 1) return { ambiguous: variants };
  const [key] = variants;
  return key === undefined ? undefined : { key, value: record[key] };
}

/** Largest integer a JSON reader of any language keeps exactly: larger ones were already rounded. */
const MAX_EXACT_INTEGER = Number.MAX_SAFE_INTEGER;

/**
 * Reads a decrypted payload: every problem (or only the first when `firstOnly`, for the verification path,
 * which stops at the first and must stay fast), what was read leniently, and the payload as Vouch uses it.
 *
 * Lenient, because real code writes payloads so: a key in another letter case is read as the field; `null`
 * for an optional field (`skus`, `tags`, `locale`) as absent; an integer `ref` as its decimal text
 * (PHP's `$order->get_id()`). A `ref` with a fraction or beyond 2^53 − 1 is refused: the first has no one
 * decimal form (12.50 or 12.5), the second was already rounded by the JSON reader.
 */
export function readBglPayload(value: unknown, firstOnly: boolean): BglPayloadReading {
  const leniencies: BglPayloadLeniency[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      problems: [
        {
          failure: {
            code: 'bgl_not_json',
            message: `The payload must be a JSON object with email, name and ref; it is ${describeValue(value)}.`,
          },
        },
      ],
      leniencies,
    };
  }
  const record = value as Readonly<Record<string, unknown>>;
  const problems: BglPayloadProblem[] = [];
  const report = (found: BglPayloadProblem | undefined): boolean => {
    if (found !== undefined) problems.push(found);
    return firstOnly && problems.length > 0;
  };
  const read: Partial<Record<PayloadField, unknown>> = {};
  const caseVariants: [key: string, field: PayloadField][] = [];
  const nullFields: PayloadField[] = [];
  const usedKeys = new Set<string>();

  for (const field of PAYLOAD_FIELDS) {
    const located = locateField(record, field);
    if (located === undefined) continue;
    if ('ambiguous' in located) {
      const spellings = located.ambiguous.map((key) => `"${key}"`).join(' and ');
      if (
        report(
          problem(
            field,
            'bgl_bad_field',
            `The payload gives "${field}" as ${spellings}; keep one, named "${field}".`,
          ),
        )
      )
        return { problems, leniencies };
      continue;
    }
    usedKeys.add(located.key);
    if (located.key !== field) caseVariants.push([located.key, field]);
    let fieldValue = located.value;
    if (fieldValue === null && (field === 'skus' || field === 'tags' || field === 'locale')) {
      nullFields.push(field);
      continue;
    }
    if (field === 'ref' && typeof fieldValue === 'number') {
      if (!Number.isInteger(fieldValue) || Math.abs(fieldValue) > MAX_EXACT_INTEGER) {
        const why = Number.isInteger(fieldValue)
          ? `is beyond ${MAX_EXACT_INTEGER}, so JSON readers have already rounded it`
          : 'has a fraction, which has no one decimal form (12.5 or 12.50)';
        if (
          report(
            problem(
              field,
              'bgl_bad_field',
              `"ref" is the number ${fieldValue}, which ${why}; send the reference as a string, as the shop shows it.`,
            ),
          )
        )
          return { problems, leniencies };
        continue;
      }
      const text = String(fieldValue);
      fieldValue = text;
      leniencies.push({
        kind: 'numeric_ref',
        fields: [field],
        message: `"ref" is the number ${text} and is read as the text "${text}"; send it as a string.`,
      });
    }
    read[field] = fieldValue;
  }
  // One warning per kind, naming every field, rather than one per field: a PascalCase payload has five.
  if (caseVariants.length > 0) {
    const keys = caseVariants.map(([key]) => `"${key}"`).join(', ');
    const fields = caseVariants.map(([, field]) => `"${field}"`).join(', ');
    leniencies.unshift({
      kind: 'key_case',
      fields: caseVariants.map(([, field]) => field),
      message:
        `The payload ${caseVariants.length === 1 ? 'key' : 'keys'} ${keys} ${caseVariants.length === 1 ? 'is' : 'are'} ` +
        `read as ${fields}; write the keys in lowercase as docs/links.md does (Newtonsoft: ` +
        '[JsonProperty("email")] on each property or a CamelCasePropertyNamesContractResolver; Go: `json:"email"` tags).',
    });
  }
  if (nullFields.length > 0) {
    const fields = nullFields.map((field) => `"${field}"`).join(' and ');
    leniencies.push({
      kind: 'null_field',
      fields: nullFields,
      message: `${fields} ${nullFields.length === 1 ? 'is' : 'are'} null, read as absent; leave such a field out, or write [] for an empty list.`,
    });
  }
  if (problems.length > 0 && firstOnly) return { problems, leniencies };

  for (const field of REQUIRED_FIELDS) {
    const fieldValue = read[field];
    let found: BglPayloadProblem | undefined;
    if (fieldValue === undefined) {
      if (problems.some((earlier) => earlier.field === field)) continue;
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
    if (report(found)) return { problems, leniencies };
  }

  for (const field of ['skus', 'tags'] as const) {
    const fieldValue = read[field];
    if (fieldValue === undefined) {
      // Optional, but a renamed list means products or tags silently go missing; only the doctor says so.
      if (!firstOnly && !problems.some((earlier) => earlier.field === field)) {
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
    if (report(stringListProblem(field, fieldValue))) return { problems, leniencies };
  }

  const locale = read.locale;
  if (locale !== undefined && (typeof locale !== 'string' || locale === '')) {
    if (
      report(
        problem(
          'locale',
          'bgl_bad_field',
          `"locale" must be a string like "de-DE"; it is ${describeValue(locale)}.`,
        ),
      )
    )
      return { problems, leniencies };
  }

  const { email, name, ref } = read;
  if (
    problems.length === 0 &&
    typeof email === 'string' &&
    typeof name === 'string' &&
    typeof ref === 'string'
  ) {
    const fieldProblem = findLinkFieldProblem(email, name, ref, 'bgl');
    if (fieldProblem !== undefined) {
      const field = fieldProblem.field === 'ref' ? 'ref' : fieldProblem.field === 'name' ? 'name' : 'email';
      problems.push({ failure: fieldProblem, field });
      return { problems, leniencies };
    }
  }
  if (problems.length > 0) return { problems, leniencies };

  // fromEntries defines each key as an own property, so a "__proto__" key of the JSON stays plain data.
  const payload = Object.fromEntries([
    ...Object.entries(record).filter(([key]) => !usedKeys.has(key)),
    ...PAYLOAD_FIELDS.filter((field) => read[field] !== undefined).map((field) => [field, read[field]]),
  ]) as BglPayload;
  return { problems, leniencies, payload };
}

function isStringList(value: unknown, allowWhitespace: boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (const item of value as readonly unknown[]) {
    if (typeof item !== 'string' || item === '' || (!allowWhitespace && hasWhitespace(item))) return false;
  }
  return true;
}

/**
 * The payload exactly as compat §1 writes it, in one pass: this runs for every link opened, and the
 * lenient reading is only worth doing once something differs.
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
      (typeof locale === 'string' && locale !== '')) &&
    findLinkFieldProblem(email, name, ref, 'bgl') === undefined
  );
}

/**
 * Checks a parsed payload against compat §1 (`email`, `name`, `ref` strings; `skus` and `tags` arrays of
 * strings, tags without spaces; a reference without forbidden characters; an email the review page
 * accepts) and gives it back as Vouch uses it: keys in another letter case, `null` lists and an integer
 * `ref` are read as {@link readBglPayload} says.
 *
 * @example
 * checkBglPayload({ email: 'jane@example.com', name: 'Jane', ref: 'A-1' }).ok; // true
 * checkBglPayload({ Email: 'jane@example.com', Name: 'Jane', Ref: 1001 }); // value.ref === '1001'
 * checkBglPayload({ email: 'jane@example.com', name: 'Jane', referenceId: 'A-1' }); // bgl_missing_field
 */
export function checkBglPayload(value: unknown): LinkResult<BglPayload> {
  if (isWellFormedBglPayload(value)) return linkOk(value);
  const reading = readBglPayload(value, true);
  if (reading.payload !== undefined) return linkOk(reading.payload);
  return {
    ok: false,
    failure: reading.problems[0]?.failure ?? {
      code: 'bgl_bad_field',
      message: 'The payload does not have the BGL shape.',
    },
  };
}
