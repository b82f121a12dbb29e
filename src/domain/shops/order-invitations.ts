import type {
  InvitationChannel,
  InvitationKind,
  InvitationProduct,
  InvitationRequest,
} from '../invitations/request.js';

/** An order as the signed webhook and the plugin endpoint hand it on: who bought what, under which reference. */
export interface InvitedOrder {
  email: string;
  name: string | undefined;
  reference: string;
  locale: string | undefined;
  products: readonly InvitationProduct[];
  tags?: readonly string[] | undefined;
  /** When the order reached the triggering state; the delay counts from here. */
  triggerAt?: number | undefined;
  /** An explicit send time, winning over every delay. */
  sendAt?: number | undefined;
  /** Days after the trigger, winning over the integration's and the business's delay. */
  delayDays?: number | undefined;
}

/** The kinds of invitation an integration's setting makes. */
export function kindsOf(kinds: 'service' | 'product' | 'both'): InvitationKind[] {
  return kinds === 'both' ? ['service', 'product'] : [kinds];
}

/**
 * One InvitationRequest per kind the integration makes, as the shop providers make them: a service-only
 * integration's invitation carries the order's products (its email can show them); with both kinds the
 * products go to the product invitation alone; a product invitation is made only when a product has a SKU.
 */
export function orderInvitationRequests(
  channel: InvitationChannel,
  kinds: readonly InvitationKind[],
  order: InvitedOrder,
  integrationDelayDays: number | null,
): InvitationRequest[] {
  const delayDays = order.delayDays ?? integrationDelayDays ?? undefined;
  const withProduct = kinds.includes('product') && order.products.length > 0;
  return kinds
    .filter((kind) => kind === 'service' || order.products.length > 0)
    .map((kind) => ({
      channel,
      kind,
      email: order.email,
      name: order.name,
      reference: order.reference,
      locale: order.locale,
      products: kind === 'service' && withProduct ? [] : order.products,
      tags: order.tags,
      triggerAt: order.triggerAt,
      preferredSendTime: order.sendAt,
      delayDays,
    }));
}
