import {
  DEFAULT_PLUGIN_CANCEL_STATUSES,
  DEFAULT_PLUGIN_INVITE_STATUSES,
  PLUGIN_ORDER_STATUSES,
  PLUGIN_TRIGGER,
} from './plugin-invitation.js';

/** The shops and systems that can post orders to Vouch; each integration is one of these. */
export const INTEGRATION_PROVIDERS = ['shopify', 'woocommerce', 'webhook', 'plugin'] as const;
export type IntegrationProvider = (typeof INTEGRATION_PROVIDERS)[number];

export function isIntegrationProvider(value: string): value is IntegrationProvider {
  return (INTEGRATION_PROVIDERS as readonly string[]).includes(value);
}

/** Which invitations an order makes: a service invitation (carrying the order's products), a product
 * invitation, or one of each. */
export const INTEGRATION_KINDS = ['service', 'product', 'both'] as const;
export type IntegrationKinds = (typeof INTEGRATION_KINDS)[number];

/**
 * What an integration decides, in the provider's own words: the events (Shopify topics, the webhook's
 * event types) or order statuses (WooCommerce) that invite, and those that cancel the order's queued
 * invitations.
 */
export interface IntegrationSettings {
  inviteOn: string[];
  cancelOn: string[];
  kinds: IntegrationKinds;
  /** Days after the trigger; null takes the business's delay. */
  delayDays: number | null;
}

interface ProviderEvents {
  /** Every value `inviteOn` may hold, and its default. */
  invite: readonly string[];
  inviteDefault: readonly string[];
  cancel: readonly string[];
  cancelDefault: readonly string[];
}

/**
 * Shopify: `orders/delivered` is Vouch's name for an `orders/updated` whose fulfilments all report
 * delivered. WooCommerce: order statuses without the `wc-` prefix; `delivered` is the status that
 * shipment-tracking extensions add.
 */
export const PROVIDER_EVENTS: Record<IntegrationProvider, ProviderEvents> = {
  shopify: {
    invite: ['orders/fulfilled', 'orders/paid', 'orders/create', 'orders/delivered'],
    inviteDefault: ['orders/fulfilled'],
    cancel: ['orders/cancelled', 'refunds/create'],
    cancelDefault: ['orders/cancelled', 'refunds/create'],
  },
  woocommerce: {
    invite: ['completed', 'processing', 'on-hold', 'delivered'],
    inviteDefault: ['completed'],
    cancel: ['cancelled', 'refunded', 'failed'],
    cancelDefault: ['cancelled', 'refunded', 'failed'],
  },
  webhook: {
    invite: ['order.placed', 'order.fulfilled', 'order.delivered'],
    inviteDefault: ['order.fulfilled'],
    cancel: ['order.cancelled', 'order.refunded'],
    cancelDefault: ['order.cancelled', 'order.refunded'],
  },
  plugin: {
    // `invitation`: what the plugin sends as an invitation (a status the shop picked as its trigger)
    // invites. A status named here invites even when the plugin sent it as a mere status update, as a
    // fork whose trigger list was never set does for every change (see plugin-invitation.ts).
    invite: [PLUGIN_TRIGGER, ...PLUGIN_ORDER_STATUSES],
    inviteDefault: [PLUGIN_TRIGGER, ...DEFAULT_PLUGIN_INVITE_STATUSES],
    cancel: PLUGIN_ORDER_STATUSES,
    cancelDefault: DEFAULT_PLUGIN_CANCEL_STATUSES,
  },
};

export interface SettingsChange {
  inviteOn?: readonly string[] | undefined;
  cancelOn?: readonly string[] | undefined;
  kinds?: string | undefined;
  delayDays?: number | null | undefined;
}

export type SettingsCheck =
  { ok: true; settings: IntegrationSettings } | { ok: false; field: string; message: string };

export function defaultSettings(provider: IntegrationProvider): IntegrationSettings {
  const events = PROVIDER_EVENTS[provider];
  return {
    inviteOn: [...events.inviteDefault],
    cancelOn: [...events.cancelDefault],
    kinds: 'service',
    delayDays: null,
  };
}

/** Applies a change to settings, refusing values the provider never sends; names the allowed ones. */
export function changeSettings(
  provider: IntegrationProvider,
  current: IntegrationSettings,
  change: SettingsChange,
): SettingsCheck {
  const events = PROVIDER_EVENTS[provider];
  const next: IntegrationSettings = { ...current };
  const list = (field: 'inviteOn' | 'cancelOn', values: readonly string[], allowed: readonly string[]) => {
    const cleaned = [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))];
    const unknown = cleaned.find((value) => !allowed.includes(value));
    if (unknown !== undefined) {
      return `${provider} has no "${unknown}" here; use ${allowed.length === 0 ? 'none' : allowed.join(', ')}.`;
    }
    next[field] = cleaned;
    return undefined;
  };
  if (change.inviteOn !== undefined) {
    const problem = list('inviteOn', change.inviteOn, events.invite);
    if (problem) return { ok: false, field: 'inviteOn', message: problem };
  }
  if (change.cancelOn !== undefined) {
    const problem = list('cancelOn', change.cancelOn, events.cancel);
    if (problem) return { ok: false, field: 'cancelOn', message: problem };
  }
  const both = next.inviteOn.find((value) => next.cancelOn.includes(value));
  if (both !== undefined) {
    return { ok: false, field: 'cancelOn', message: `"${both}" cannot both invite and cancel.` };
  }
  if (change.kinds !== undefined) {
    const kinds = INTEGRATION_KINDS.find((kind) => kind === change.kinds);
    if (!kinds) {
      return {
        ok: false,
        field: 'kinds',
        message: `"${change.kinds}" is not a kind of invitation; use service, product or both.`,
      };
    }
    next.kinds = kinds;
  }
  if (change.delayDays !== undefined) {
    const days = change.delayDays;
    if (days !== null && (!Number.isInteger(days) || days < 0 || days > 3650)) {
      return {
        ok: false,
        field: 'delayDays',
        message: 'The delay must be a whole number of days from 0 to 3650.',
      };
    }
    next.delayDays = days;
  }
  return { ok: true, settings: next };
}

/** Settings as stored, read leniently: a value a later version no longer knows falls back to the default. */
export function readSettings(provider: IntegrationProvider, json: string): IntegrationSettings {
  const defaults = defaultSettings(provider);
  let stored: Partial<IntegrationSettings> = {};
  try {
    stored = JSON.parse(json) as Partial<IntegrationSettings>;
  } catch {
    return defaults;
  }
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
  return {
    inviteOn: strings(stored.inviteOn) ?? defaults.inviteOn,
    cancelOn: strings(stored.cancelOn) ?? defaults.cancelOn,
    kinds: INTEGRATION_KINDS.find((kind) => kind === stored.kinds) ?? defaults.kinds,
    delayDays: typeof stored.delayDays === 'number' ? stored.delayDays : null,
  };
}
