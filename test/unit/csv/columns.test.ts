import { describe, expect, it } from 'vitest';

import {
  detectDelimiter,
  detectLineBreaks,
  normalizeHeaderName,
  recognizeHeaderName,
} from '../../../src/domain/csv/index.js';
import { readAll, summarize } from './helpers.js';

describe('delimiter detection', () => {
  it.each([
    [',', 'jane@example.com,Jane Doe,A-1\nbob@example.com,Bob,A-2\n'],
    [';', 'jane@example.com;Jane Doe;A-1\nbob@example.com;Bob;A-2\n'],
    ['\t', 'jane@example.com\tJane Doe\tA-1\nbob@example.com\tBob\tA-2\n'],
    ['|', 'jane@example.com|Jane Doe|A-1\nbob@example.com|Bob|A-2\n'],
  ])('finds %j', (delimiter, sample) => {
    expect(detectDelimiter(sample)).toBe(delimiter);
  });

  it('ignores delimiters inside double quotes', () => {
    const sample =
      'jane@example.com;"Doe, Jane, Dr.";A-1\n' +
      'bob@example.com;"Smith, Bob, Jr.";A-2\n' +
      'ann@example.com;"Lee, Ann, Prof.";A-3\n';
    expect(detectDelimiter(sample)).toBe(';');
  });

  it('is not misled by unquoted commas in a semicolon file', () => {
    expect(detectDelimiter('jane@example.com;Doe, Jane;A-1\nbob@example.com;Bob;A-2\n')).toBe(';');
  });

  it('defaults to a comma without evidence', () => {
    expect(detectDelimiter('jane@example.com\n')).toBe(',');
    expect(detectDelimiter('')).toBe(',');
  });

  it('tells LF, CRLF and lone-CR files apart', () => {
    expect(detectLineBreaks('a\nb\n', true)).toBe('lf');
    expect(detectLineBreaks('a\r\nb\r\n', true)).toBe('crlf');
    expect(detectLineBreaks('a\rb\r', true)).toBe('any');
    // A sample cut right after a CR does not know what follows.
    expect(detectLineBreaks('a\r\nb\r', false)).toBe('crlf');
  });
});

describe('header names', () => {
  it('ignores case, spaces, underscores and hyphens', () => {
    for (const text of [
      'customer email',
      'Customer Email',
      'CUSTOMER_EMAIL',
      'customer-email',
      ' customerEmail ',
    ]) {
      expect(normalizeHeaderName(text)).toBe('customeremail');
      expect(recognizeHeaderName(text)).toBe('email');
    }
  });

  it.each([
    ['E-mail', 'email'],
    ['Email', 'email'],
    ['Name', 'name'],
    ['Order ID', 'reference'],
    ['order_number', 'reference'],
    ['Reference', 'reference'],
    ['Ref', 'reference'],
    ['Reference ID', 'reference'],
    ['Product SKU', 'sku'],
    ['SKU', 'sku'],
    ['Product Name', 'productName'],
    ['URL', 'productUrl'],
    ['Product URL', 'productUrl'],
    ['Image', 'imageUrl'],
    ['image_url', 'imageUrl'],
  ])('knows %j', (text, column) => {
    expect(recognizeHeaderName(text)).toBe(column);
  });
});

describe('column layout', () => {
  it('maps a header in another order', async () => {
    const result = await readAll(
      'Reference Number,Customer Name,Customer Email\n' +
        'A-1,Jane Doe,jane@example.com\n' +
        'A-2,,bob@example.com\n',
    );
    expect(result.meta).toMatchObject({ header: true, headerLine: 1, type: 'service', typeSource: 'header' });
    expect(result.meta?.columns).toEqual([
      { column: 'reference', index: 1, header: 'Reference Number' },
      { column: 'name', index: 2, header: 'Customer Name' },
      { column: 'email', index: 3, header: 'Customer Email' },
    ]);
    expect(summarize(result.accepted)).toEqual([
      [2, 'jane@example.com', 'Jane Doe', 'A-1'],
      [3, 'bob@example.com', '', 'A-2'],
    ]);
  });

  it('maps aliases and reads a product file with a header', async () => {
    const result = await readAll(
      'Order ID;E-mail;Name;Product SKU;Product;URL;Image\n' +
        'A-1;jane@example.com;Jane;MUG-1;Blue mug;https://shop.example.com/mug;https://cdn.example.com/mug.jpg\n',
    );
    expect(result.meta).toMatchObject({ type: 'product', typeSource: 'header', delimiter: ';' });
    expect(result.accepted).toEqual([
      {
        kind: 'accepted',
        line: 2,
        email: 'jane@example.com',
        name: 'Jane',
        reference: 'A-1',
        product: {
          sku: 'MUG-1',
          name: 'Blue mug',
          productUrl: 'https://shop.example.com/mug',
          imageUrl: 'https://cdn.example.com/mug.jpg',
        },
      },
    ]);
  });

  it('ignores unknown columns and warns once for each, not once per row', async () => {
    const rows = Array.from(
      { length: 50 },
      (_, index) => `+49 30 ${index},user${index}@example.com,User,R-${index},x\n`,
    );
    const result = await readAll('Phone,Email,Name,Order number,Notes\n' + rows.join(''));
    expect(result.meta?.warnings).toEqual([
      {
        code: 'csv_unknown_column',
        columnIndex: 1,
        message: 'Column 1 ("Phone") is not a column Vouch knows, so it is ignored.',
      },
      {
        code: 'csv_unknown_column',
        columnIndex: 5,
        message: 'Column 5 ("Notes") is not a column Vouch knows, so it is ignored.',
      },
    ]);
    expect(result.accepted).toHaveLength(50);
    expect(result.summary?.warnings).toEqual([]);
  });

  it('warns about a column named twice and uses the first', async () => {
    const result = await readAll(
      'email,name,reference,e-mail\njane@example.com,Jane,A-1,other@example.com\n',
    );
    expect(result.meta?.warnings.map((warning) => [warning.code, warning.columnIndex])).toEqual([
      ['csv_duplicate_column', 4],
    ]);
    expect(result.accepted[0]?.email).toBe('jane@example.com');
  });

  it('cannot read a header without an email or reference column', async () => {
    const result = await readAll('name,order id\nJane,A-1\n');
    expect(result.order).toEqual(['unreadable']);
    expect(result.unreadable).toEqual({
      kind: 'unreadable',
      code: 'csv_missing_column',
      message: 'The header row (line 1) has no "customer email" column; its columns are "name", "order id".',
      hint:
        'Rename the header cell to "customer email", or remove the header row and put the columns in this ' +
        'order: customer email, customer name, reference number.',
    });
  });

  it('cannot read a product file whose header has no SKU column', async () => {
    const result = await readAll('email,name,reference\njane@example.com,Jane,A-1\n', { type: 'product' });
    expect(result.unreadable?.code).toBe('csv_missing_column');
    expect(result.unreadable?.message).toBe(
      'The header row (line 1) has no "SKU" column; its columns are "email", "name", "reference".',
    );
    expect(result.unreadable?.hint).toMatch(/import the file as service invitations/);
  });

  it('infers the type from the number of columns without a header', async () => {
    const service = await readAll('jane@example.com,Jane,A-1\n');
    expect(service.meta).toMatchObject({ header: false, type: 'service', typeSource: 'column_count' });
    const product = await readAll('jane@example.com,Jane,A-1,MUG-1\n');
    expect(product.meta).toMatchObject({ header: false, type: 'product', typeSource: 'column_count' });
  });

  it('lets the caller force the type, ignoring product columns for service invitations', async () => {
    const result = await readAll(
      'email,name,reference,sku,product name\njane@example.com,Jane,A-1,MUG-1,Mug\n',
      {
        type: 'service',
      },
    );
    expect(result.meta).toMatchObject({ type: 'service', typeSource: 'option' });
    expect(result.meta?.warnings.map((warning) => warning.code)).toEqual(['csv_ignored_product_columns']);
    expect(result.accepted[0]).not.toHaveProperty('product');
  });

  it('finds the header after leading blank lines and counts them', async () => {
    const result = await readAll(
      '\n\ncustomer email,customer name,reference number\njane@example.com,Jane,A-1\n',
    );
    expect(result.meta?.headerLine).toBe(3);
    expect(summarize(result.accepted)).toEqual([[4, 'jane@example.com', 'Jane', 'A-1']]);
  });

  it('takes a first row with an address as data, not as a header', async () => {
    const result = await readAll('email@example.com,Name,Reference\n');
    expect(result.meta?.header).toBe(false);
    expect(summarize(result.accepted)).toEqual([[1, 'email@example.com', 'Name', 'Reference']]);
  });
});

describe('column layout when the first line is broken', () => {
  it('still infers a product file from the first readable row', async () => {
    const result = await readAll(
      'jane@example.com,"Jane,A-1,MUG-1,Mug,https://shop.example.com/mug\n' +
        'bob@example.com,Bob,A-2,CUP-2,Cup,https://shop.example.com/cup\n',
    );
    expect(result.meta).toMatchObject({ header: false, type: 'product', typeSource: 'column_count' });
    expect(result.errors.map((error) => [error.line, error.code])).toEqual([[1, 'csv_malformed_quotes']]);
    expect(result.accepted.map((row) => [row.line, row.product?.sku])).toEqual([[2, 'CUP-2']]);
  });

  it('does not take a row after a broken line for a header', async () => {
    const result = await readAll('x@example.com,"X,A-0\nname,email,reference\njane@example.com,Jane,A-1\n');
    expect(result.meta?.header).toBe(false);
  });
});
