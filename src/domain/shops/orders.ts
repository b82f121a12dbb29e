import { cleanLine } from '../display-text.js';
import type { InvitationProduct } from '../invitations/request.js';
import { parseLocale } from '../locales.js';

/** An order as a shop reports it, in Vouch's words: every provider's payload is read into this. */
export interface ShopOrder {
  /** The shop's own id of the order (Shopify's refunds name only this). */
  orderId: string;
  /** The order number the customer sees: the invitation's reference. */
  reference: string;
  email: string | undefined;
  name: string;
  locale: string | undefined;
  products: InvitationProduct[];
}

/** A shop's order number as a reference: Shopify's `#1001` becomes `1001` (a reference has no `#`). */
export function shopReference(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  return cleanLine(String(value)).replace(/^#\s*/, '');
}

/** A locale the shop reports, when Vouch has it (`de`, `en-GB`); an unknown one is left to the business. */
export function shopLocale(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return parseLocale(value);
}

/** Products by SKU, once each, in the order the shop listed them. */
export function uniqueProducts(products: readonly InvitationProduct[]): InvitationProduct[] {
  const seen = new Set<string>();
  return products.filter((product) => {
    if (product.sku === '' || seen.has(product.sku)) return false;
    seen.add(product.sku);
    return true;
  });
}

/** A string field of a JSON object, trimmed; anything else is undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function records(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const found = record(item);
    return found ? [found] : [];
  });
}

/** A person's name from its parts, as a shop splits it. */
export function fullName(...parts: unknown[]): string {
  return cleanLine(parts.map((part) => text(part) ?? '').join(' '));
}
