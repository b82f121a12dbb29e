import { z } from 'zod';
import { FIELD_LIMITS } from '../invitations/fields.js';
import type { InvitationProduct } from '../invitations/request.js';

/**
 * The body of Vouch's generic signed webhook (`POST /integrations/webhook/{token}`): one order event in the
 * Standard Webhooks envelope `{ type, timestamp, data }`. Any shop or ERP that can sign a request sends it;
 * docs/schemas/order-webhook.schema.json is generated from this schema (`npx tsx scripts/order-webhook-schema.ts`)
 * and a test keeps the two equal. Fields Vouch does not read are allowed and ignored, so a sender may put
 * more of its order in `data` than this names.
 */

export const ORDER_WEBHOOK_SCHEMA_ID = 'urn:vouch:schema:order-webhook';

/** The events that can invite; which one does is the integration's setting (fulfilled unless set). */
export const ORDER_INVITE_EVENTS = ['order.placed', 'order.fulfilled', 'order.delivered'] as const;
/** The events that cancel the order's queued invitations. */
export const ORDER_CANCEL_EVENTS = ['order.cancelled', 'order.refunded'] as const;
export type OrderInviteEvent = (typeof ORDER_INVITE_EVENTS)[number];
export type OrderCancelEvent = (typeof ORDER_CANCEL_EVENTS)[number];
export type OrderEventType = OrderInviteEvent | OrderCancelEvent;

const DATE_TIME_ERROR = 'Expected an ISO 8601 date and time with a time zone, such as 2026-12-02T10:00:00Z.';
const text = (max: number) => z.string().trim().min(1).max(max);
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'Expected an absolute http(s) URL, such as https://shop.example/mug.' })
  .max(FIELD_LIMITS.url)
  .meta({ description: 'An absolute http(s) URL.' });
/** Strings only where a shop may send a number (an order number, a GTIN): both are read as text. */
const textOrNumber = (max: number) =>
  z.union([text(max), z.number().int().nonnegative()]).transform((value) => String(value));

const reference = textOrNumber(FIELD_LIMITS.reference).meta({
  description:
    'The order reference (order number) the invitation and the review are tied to. It must not contain #, *, +, ", % or &.',
  examples: ['ORDER-1001'],
});

const product = z
  .object({
    sku: textOrNumber(FIELD_LIMITS.sku).meta({
      description: "The product's SKU: what product reviews are keyed by.",
    }),
    name: text(FIELD_LIMITS.productName)
      .optional()
      .meta({ description: 'The product name shown to the customer.' }),
    url: httpUrl.optional().meta({ description: "The product's page in the shop." }),
    imageUrl: httpUrl
      .optional()
      .meta({ description: 'An image of the product, shown in the invitation and the form.' }),
    gtin: textOrNumber(64).optional().meta({ description: 'GTIN (EAN, UPC, ISBN).' }),
    mpn: text(64).optional().meta({ description: 'Manufacturer part number.' }),
    brand: text(200).optional().meta({ description: 'Brand name.' }),
  })
  .meta({ title: 'Product', description: 'One product of the order.' });

const customer = z
  .object({
    email: z
      .string()
      .trim()
      .min(1)
      .max(FIELD_LIMITS.email)
      .meta({
        description: "The customer's email address: where the invitation goes.",
        examples: ['jane@example.com'],
      }),
    name: z.string().trim().max(FIELD_LIMITS.name).optional().meta({
      description: "The customer's name, as the invitation greets them.",
    }),
    locale: z
      .string()
      .trim()
      .max(16)
      .optional()
      .meta({
        description: 'The language of the invitation and the review form, such as de-DE.',
        examples: ['en-GB'],
      }),
  })
  .meta({ title: 'Customer' });

const inviteData = z
  .object({
    reference,
    customer,
    products: z.array(product).max(FIELD_LIMITS.products).optional().meta({
      description: 'The products of the order; product invitations need at least one with its SKU.',
    }),
    sendAt: z.iso.datetime({ offset: true, error: DATE_TIME_ERROR }).optional().meta({
      description:
        'When to send the invitation (ISO 8601 with a time zone); wins over the delay. Omit it to use the delay.',
    }),
    delayDays: z.number().int().min(0).max(3650).optional().meta({
      description:
        "Days after the event to send the invitation; overrides the integration's and the business's delay.",
    }),
    tags: z
      .array(text(FIELD_LIMITS.tag))
      .max(FIELD_LIMITS.tags)
      .optional()
      .meta({ description: 'Tags kept on the invitation and its review; one word each.' }),
  })
  .meta({ title: 'Order', description: 'The order an invitation is made for.' });

const cancelData = z
  .object({
    reference,
    reason: z.string().trim().max(500).optional().meta({
      description: "Why the order was cancelled or refunded; kept with the invitations' cancellation.",
    }),
  })
  .meta({ title: 'Cancelled order', description: 'The order whose queued invitations are cancelled.' });

const timestamp = z.iso.datetime({ offset: true, error: DATE_TIME_ERROR }).meta({
  description:
    'When the event happened in the shop (ISO 8601 with a time zone). The delay counts from here. This is not the webhook-timestamp header, which is when the request was sent.',
});

export const orderWebhookSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.enum(ORDER_INVITE_EVENTS).meta({
        description:
          'order.placed, order.fulfilled (shipped) or order.delivered. The integration invites on one of them (order.fulfilled unless set); the others are received and recorded.',
      }),
      timestamp,
      data: inviteData,
    }),
    z.object({
      type: z.enum(ORDER_CANCEL_EVENTS).meta({
        description: "order.cancelled or order.refunded: the order's queued invitations are cancelled.",
      }),
      timestamp,
      data: cancelData,
    }),
  ])
  .meta({
    $id: ORDER_WEBHOOK_SCHEMA_ID,
    title: 'Vouch order webhook',
    description:
      "The JSON body of a Standard Webhooks request to POST /integrations/webhook/{token}, signed with the integration's whsec_ secret (headers webhook-id, webhook-timestamp, webhook-signature).",
  });

export type OrderWebhookBody = z.output<typeof orderWebhookSchema>;

/** What a valid body says, in the terms the funnel uses. */
export type OrderWebhookEvent =
  | {
      action: 'invite';
      type: OrderInviteEvent;
      occurredAt: number;
      reference: string;
      email: string;
      name: string | undefined;
      locale: string | undefined;
      products: InvitationProduct[];
      sendAt: number | undefined;
      delayDays: number | undefined;
      tags: string[];
    }
  | {
      action: 'cancel';
      type: OrderCancelEvent;
      occurredAt: number;
      reference: string;
      reason: string | undefined;
    };

/** One thing wrong with a body, named by its JSON path, for the problem's `errors` list. */
export interface BodyProblem {
  path: string;
  message: string;
}

export type OrderWebhookParse =
  { ok: true; event: OrderWebhookEvent } | { ok: false; problems: BodyProblem[] };

/** Reads an already JSON-parsed body; every problem is named by its path (`data.customer.email`). */
export function parseOrderWebhook(body: unknown): OrderWebhookParse {
  const parsed = orderWebhookSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const { type, timestamp: at, data } = parsed.data;
  const occurredAt = Date.parse(at);
  if ('customer' in data) {
    return {
      ok: true,
      event: {
        action: 'invite',
        type: type as OrderInviteEvent,
        occurredAt,
        reference: data.reference,
        email: data.customer.email,
        name: data.customer.name,
        locale: data.customer.locale,
        products: (data.products ?? []).map((item) => ({
          sku: item.sku,
          name: item.name,
          productUrl: item.url,
          imageUrl: item.imageUrl,
          gtin: item.gtin,
          mpn: item.mpn,
          brand: item.brand,
        })),
        sendAt: data.sendAt === undefined ? undefined : Date.parse(data.sendAt),
        delayDays: data.delayDays,
        tags: data.tags ?? [],
      },
    };
  }
  return {
    ok: true,
    event: {
      action: 'cancel',
      type: type as OrderCancelEvent,
      occurredAt,
      reference: data.reference,
      reason: data.reason,
    },
  };
}

/** zod's issues as `{ path, message }`, the path dotted (`data.products.0.sku`), at most 20 of them. */
export function zodProblems(error: z.ZodError): BodyProblem[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

/** The JSON Schema of the body, as published in docs/schemas/order-webhook.schema.json. */
export function orderWebhookJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(orderWebhookSchema, { io: 'input', target: 'draft-2020-12' });
}
