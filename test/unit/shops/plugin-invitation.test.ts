import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  carriesProducts,
  decidePluginOrder,
  DEFAULT_PLUGIN_CANCEL_STATUSES,
  parsePluginOrder,
  pluginProducts,
  type PluginOrder,
  type PluginSettings,
} from '../../../src/domain/shops/plugin-invitation.js';

const fixture = (name: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/plugin', name), 'utf8'));

function order(name: string): PluginOrder {
  const parsed = parsePluginOrder(fixture(name));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.order;
}

const service: PluginSettings = {
  kinds: ['service'],
  pluginTriggers: true,
  inviteStatuses: ['completed', 'complete'],
  cancelStatuses: [...DEFAULT_PLUGIN_CANCEL_STATUSES],
};
const both: PluginSettings = { ...service, kinds: ['service', 'product'] };

describe("the hosted platform's plugin bodies", () => {
  it('invites for a WooCommerce trigger without asking for products when the integration invites for the service', () => {
    const first = order('woocommerce-invitation.json');
    expect(carriesProducts(first)).toBe(false);
    expect(decidePluginOrder(first, service, { productsSent: false })).toEqual({
      action: 'invite',
      order: {
        email: 'jane.doe@example.com',
        name: 'Jane Doe',
        reference: '1234',
        locale: undefined,
        products: [],
      },
      kinds: ['service'],
      status: 'completed',
    });
  });

  it('asks for products (202) when product invitations are made, then reads them, a PHP null as absent', () => {
    expect(decidePluginOrder(order('woocommerce-invitation.json'), both, { productsSent: false })).toEqual({
      action: 'need-products',
      reference: '1234',
    });
    const resent = order('woocommerce-invitation-with-products.json');
    expect(carriesProducts(resent)).toBe(true);
    const decision = decidePluginOrder(resent, both, { productsSent: true });
    expect(decision).toMatchObject({ action: 'invite', kinds: ['service', 'product'] });
    expect(pluginProducts(resent)).toEqual([
      {
        sku: 'MUG-BLUE',
        name: 'Blue mug',
        productUrl: 'https://shop.example/product/blue-mug/',
        imageUrl: 'https://shop.example/wp-content/uploads/2026/11/blue-mug.jpg',
        gtin: undefined,
        mpn: undefined,
        brand: undefined,
      },
      {
        sku: 'TOWEL-1',
        name: 'Tea towel',
        productUrl: 'https://shop.example/product/tea-towel/',
        imageUrl: undefined,
        gtin: '4006381333931',
        mpn: undefined,
        brand: 'Linen & Co',
      },
    ]);
  });

  it('reads Magento: its state as the status, its zero-padded order number kept as text, products without a SKU left out', () => {
    const magento = order('magento-invitation-with-products.json');
    expect(decidePluginOrder(magento, both, { productsSent: true })).toMatchObject({
      action: 'invite',
      order: { reference: '000000042', email: 'max.mustermann@example.de', name: 'Max Mustermann' },
      status: 'processing',
    });
    const batch = fixture('magento-batch-with-products.json') as { invitations: unknown[] };
    const second = parsePluginOrder(batch.invitations[1]);
    if (!second.ok) throw new Error('expected the order to parse');
    expect(pluginProducts(second.order).map((product) => product.sku)).toEqual(['RS-30']);
  });

  it('cancels on a cancelling status, however the plugin sent it', () => {
    expect(
      decidePluginOrder(order('woocommerce-status-update-cancelled.json'), service, { productsSent: false }),
    ).toEqual({ action: 'cancel', reference: '1234', status: 'cancelled' });
    expect(
      decidePluginOrder(order('magento-invitation-canceled.json'), both, { productsSent: false }),
    ).toEqual({
      action: 'cancel',
      reference: '000000042',
      status: 'canceled',
    });
  });

  it('takes a status update as an invitation only for a status the integration names, and never asks it for products', () => {
    const update = order('woocommerce-status-update-processing.json');
    expect(decidePluginOrder(update, both, { productsSent: false })).toMatchObject({
      action: 'ignore',
      reference: '1234',
      status: 'processing',
    });
    const named = { ...both, inviteStatuses: ['processing'] };
    // The plugins do not resend a status update with products, so the service invitation is made now.
    expect(decidePluginOrder(update, named, { productsSent: false })).toMatchObject({
      action: 'invite',
      kinds: ['service'],
    });
    // With the plugin's own triggers turned off, only named statuses invite.
    expect(
      decidePluginOrder(
        order('magento-invitation.json'),
        { ...service, pluginTriggers: false },
        { productsSent: false },
      ),
    ).toMatchObject({ action: 'ignore', status: 'processing' });
  });

  it('refuses an order without a reference or an email, and reads what PHP writes for nothing', () => {
    expect(
      decidePluginOrder(order('woocommerce-invitation.json'), service, { productsSent: false }).action,
    ).toBe('invite');
    const noEmail = parsePluginOrder({
      referenceId: 77,
      recipientEmail: '',
      recipientName: false,
      products: null,
    });
    if (!noEmail.ok) throw new Error('expected the order to parse');
    expect(noEmail.order.referenceId).toBe('77');
    expect(carriesProducts(noEmail.order)).toBe(false);
    expect(decidePluginOrder(noEmail.order, service, { productsSent: false })).toMatchObject({
      action: 'invalid',
      reference: '77',
      problems: [{ path: 'recipientEmail' }],
    });
    const noReference = parsePluginOrder({ recipientEmail: 'a@example.com' });
    if (!noReference.ok) throw new Error('expected the order to parse');
    expect(decidePluginOrder(noReference.order, service, { productsSent: false })).toMatchObject({
      action: 'invalid',
      problems: [{ path: 'referenceId' }],
    });
    expect(parsePluginOrder({ recipientEmail: { nested: true } })).toMatchObject({
      ok: false,
      problems: [{ path: 'recipientEmail' }],
    });
  });

  it('makes a product invitation only from products with a SKU, and cuts what is too long instead of refusing it', () => {
    const parsed = parsePluginOrder({
      recipientEmail: 'a@example.com',
      recipientName: 'N'.repeat(250),
      referenceId: 'R-1',
      products: [
        { sku: '', name: 'No SKU' },
        { sku: 'S-1', name: 'x'.repeat(600), productUrl: 'ftp://x' },
      ],
      productSkus: ['S-1', 'S-2'],
    });
    if (!parsed.ok) throw new Error('expected the order to parse');
    const decision = decidePluginOrder(
      parsed.order,
      { ...service, kinds: ['product'] },
      { productsSent: true },
    );
    if (decision.action !== 'invite') throw new Error(`expected an invitation, got ${decision.action}`);
    expect(decision.order.name).toHaveLength(200);
    expect(decision.order.products).toEqual([
      {
        sku: 'S-1',
        name: 'x'.repeat(500),
        productUrl: undefined,
        imageUrl: undefined,
        gtin: undefined,
        mpn: undefined,
        brand: undefined,
      },
      { sku: 'S-2' },
    ]);
    const skuless = parsePluginOrder({
      recipientEmail: 'a@example.com',
      referenceId: 'R-2',
      products: [{ sku: '' }],
    });
    if (!skuless.ok) throw new Error('expected the order to parse');
    expect(
      decidePluginOrder(skuless.order, { ...service, kinds: ['product'] }, { productsSent: true }),
    ).toMatchObject({
      action: 'ignore',
    });
  });
});
