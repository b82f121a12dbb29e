import { describe, expect, it } from 'vitest';

import { FIELD_LIMITS } from '../../../src/domain/invitations/fields.js';
import { CSV_ROW_ERROR_CODES } from '../../../src/domain/csv/index.js';
import { ascii, errorKeys, readAll } from './helpers.js';

const PRODUCT_HEADER =
  'customer email,customer name,reference number,SKU,product name,product URL,image URL\n';

describe('row errors name the line, the column and the fix', () => {
  it('service rows', async () => {
    const result = await readAll(
      'customer email,customer name,reference number\n' + // 1
        ',Jane,A-1\n' + // 2
        'not-an-address,Jane,A-2\n' + // 3
        'jane@example.com,Jane,\n' + // 4
        'jane@example.com,Jane,A#4\n' + // 5
        `jane@example.com,${'n'.repeat(FIELD_LIMITS.name + 1)},A-5\n` + // 6
        `jane@example.com,Jane,${'r'.repeat(FIELD_LIMITS.reference + 1)}\n` + // 7
        `${'e'.repeat(FIELD_LIMITS.email)}@example.com,Jane,A-7\n` + // 8
        'jane@example.com,Doe, Jane,A-8\n' + // 9
        'jane@example.com,Jane\n' + // 10
        'jane@example.com,"Jane"x,A-10\n' + // 11
        'jane@example.com,,A-11\n', // 12: an empty name is fine
    );
    expect(errorKeys(result.errors)).toEqual([
      [2, 'csv_missing_email', 'customer email', 1],
      [3, 'csv_bad_email', 'customer email', 1],
      [4, 'csv_missing_reference', 'reference number', 3],
      [5, 'csv_forbidden_reference_character', 'reference number', 3],
      [6, 'csv_field_too_long', 'customer name', 2],
      [7, 'csv_field_too_long', 'reference number', 3],
      [8, 'csv_field_too_long', 'customer email', 1],
      [9, 'csv_wrong_column_count', null, null],
      [10, 'csv_wrong_column_count', null, null],
      [11, 'csv_malformed_quotes', 'customer name', 2],
    ]);
    expect(result.accepted.map((row) => [row.line, row.name])).toEqual([[12, '']]);
    for (const error of result.errors) {
      expect(error.message).toMatch(new RegExp(`line ${error.line}\\b`, 'i'));
      expect(error.hint.length).toBeGreaterThan(10);
    }
  });

  it('messages say what is wrong', async () => {
    const result = await readAll(
      'jane@example.com,Jane,A#4\n' +
        'jane@example.com,Doe, Jane,A-8\n' +
        'jane@example.com,Jane\n' +
        'x,Jane,A-1\n',
    );
    const [forbidden, tooMany, tooFew, bad] = result.errors;
    expect(forbidden?.message).toBe(
      'The reference "A#4" from line 1, column 3 (reference number) contains \'#\', which a reference must not ' +
        'contain (forbidden: # * + " % &); use an order number without it.',
    );
    expect(tooMany?.message).toBe(
      'Line 2 has 4 columns; a service invitation line has 3: customer email, customer name, reference number.',
    );
    expect(tooMany?.hint).toBe(
      'If a value contains a comma, put the whole value in double quotes, such as "Doe, Jane".',
    );
    expect(tooFew?.message).toMatch(/^Line 3 has 2 columns;/);
    expect(bad?.message).toBe(
      'Line 4, column 1 (customer email): "x" is not an email address; it needs one @ and a domain with a dot, such ' +
        'as jane@example.com.',
    );
  });

  it.each(['#', '*', '+', '"', '%', '&'])('names the forbidden reference character %j', async (character) => {
    const result = await readAll(`jane@example.com;Jane;A${character}1\n`);
    expect(errorKeys(result.errors)).toEqual([
      [1, 'csv_forbidden_reference_character', 'reference number', 3],
    ]);
    expect(result.errors[0]?.message).toContain(`contains '${character}'`);
    expect(result.errors[0]?.message).toContain('line 1');
  });

  it('product rows', async () => {
    const result = await readAll(
      PRODUCT_HEADER + // 1
        'jane@example.com,Jane,A-1,,Mug,https://shop.example.com/mug\n' + // 2
        'jane@example.com,Jane,A-1,MUG-1,Mug,www.shop.example.com/mug\n' + // 3
        'jane@example.com,Jane,A-1,MUG-1,Mug,https://shop.example.com/mug,ftp://cdn.example.com/mug.jpg\n' + // 4
        `jane@example.com,Jane,A-1,${'s'.repeat(FIELD_LIMITS.sku + 1)},Mug,\n` + // 5
        `jane@example.com,Jane,A-1,MUG-1,${'p'.repeat(FIELD_LIMITS.productName + 1)},\n` + // 6
        `jane@example.com,Jane,A-1,MUG-1,Mug,https://shop.example.com/${'u'.repeat(FIELD_LIMITS.url)}\n` + // 7
        'jane@example.com,Jane,A-1,MUG-1,,\n', // 8: no product name or URL is fine
    );
    expect(errorKeys(result.errors)).toEqual([
      [2, 'csv_missing_sku', 'SKU', 4],
      [3, 'csv_bad_url', 'product URL', 6],
      [4, 'csv_bad_url', 'image URL', 7],
      [5, 'csv_field_too_long', 'SKU', 4],
      [6, 'csv_field_too_long', 'product name', 5],
      [7, 'csv_field_too_long', 'product URL', 6],
    ]);
    expect(result.accepted).toEqual([
      {
        kind: 'accepted',
        line: 8,
        email: 'jane@example.com',
        name: 'Jane',
        reference: 'A-1',
        product: { sku: 'MUG-1', name: '' },
      },
    ]);
  });

  it('reports every problem of a row, by column, and keeps its cells', async () => {
    const result = await readAll(PRODUCT_HEADER + 'not-an-address,Jane,A%1,,Mug,nope\n');
    expect(errorKeys(result.errors)).toEqual([
      [2, 'csv_bad_email', 'customer email', 1],
      [2, 'csv_forbidden_reference_character', 'reference number', 3],
      [2, 'csv_missing_sku', 'SKU', 4],
      [2, 'csv_bad_url', 'product URL', 6],
    ]);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]?.cells).toEqual(['not-an-address', 'Jane', 'A%1', '', 'Mug', 'nope']);
  });

  it('uses the column positions of the file’s own header', async () => {
    const result = await readAll('order id;notes;customer name;email\nA-1;x;Jane;\n');
    expect(errorKeys(result.errors)).toEqual([[2, 'csv_missing_email', 'customer email', 4]]);
  });

  it('checks the column count against the header', async () => {
    const result = await readAll(
      'email,name,reference,notes\njane@example.com,Jane,A-1\njane@example.com,Jane,A-2,x,y\n',
    );
    expect(errorKeys(result.errors)).toEqual([[3, 'csv_wrong_column_count', null, null]]);
    expect(result.errors[0]?.message).toBe('Line 3 has 5 columns; the header row (line 1) has 4.');
    expect(result.accepted.map((row) => row.line)).toEqual([2]);
  });

  it('every exported code is reachable, and none other is produced', async () => {
    const padding = Array.from(
      { length: 2500 },
      (_, index) => `u${index}@example.com,U,A-${index},S-${index},P,\n`,
    );
    const bytes = Uint8Array.from([
      ...Buffer.from(PRODUCT_HEADER + 'zoe@example.com,Zoë,A-0,S-0,P,\n', 'utf8'),
      ...ascii(
        ',A,A-1,S,P,\n' +
          'x,A,A-1,S,P,\n' +
          'a@example.com,A,,S,P,\n' +
          'a@example.com,A,A+1,S,P,\n' +
          'a@example.com,A,A-1,,P,\n' +
          'a@example.com,A,A-1,S,P,nope\n' +
          `a@example.com,${'n'.repeat(300)},A-1,S,P,\n` +
          'a@example.com,A\n' +
          'a@example.com,"A,A-1,S,P,\n' +
          padding.join('') +
          'bad@example.com,M',
      ),
      0xfc,
      ...ascii('ller,A-1,S,P,\n'),
    ]);
    const result = await readAll(bytes);
    expect(new Set(result.errors.map((error) => error.code))).toEqual(new Set(CSV_ROW_ERROR_CODES));
  });
});
