import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { readInvitationFile } from '../../../src/domain/csv/index.js';
import type { InvitationFileItem, RowResult } from '../../../src/domain/csv/index.js';

const samples = fileURLToPath(new URL('../../../docs/samples/', import.meta.url));

async function read(name: string): Promise<{ items: InvitationFileItem[]; rows: RowResult[] }> {
  const items: InvitationFileItem[] = [];
  for await (const item of readInvitationFile(createReadStream(samples + name))) items.push(item);
  return { items, rows: items.flatMap((item) => (item.kind === 'rows' ? item.rows : [])) };
}

describe('the sample files in docs/samples', () => {
  it('service-invitations.csv reads without a single rejected row', async () => {
    const { items, rows } = await read('service-invitations.csv');
    expect(items[0]).toMatchObject({ kind: 'meta', type: 'service', header: true, encoding: 'utf-8' });
    expect(rows.every((row) => row.kind === 'accepted')).toBe(true);
    expect(rows.map((row) => (row.kind === 'accepted' ? row.name : ''))).toContain('Olsen, Sven');
    expect(items.at(-1)).toMatchObject({ kind: 'summary', rows: 5, accepted: 5, rejected: 0 });
  });

  it('product-invitations.csv has two products for one order', async () => {
    const { items, rows } = await read('product-invitations.csv');
    expect(items[0]).toMatchObject({ kind: 'meta', type: 'product', typeSource: 'header' });
    const accepted = rows.filter((row) => row.kind === 'accepted');
    expect(accepted).toHaveLength(rows.length);
    const order = accepted.filter((row) => row.reference === '10041');
    expect(order.map((row) => row.product?.sku)).toEqual(['MUG-BLUE-350', 'TEA-EARLGREY-100']);
    expect(new Set(order.map((row) => row.email))).toEqual(new Set(['jane.doe@example.com']));
  });
});
