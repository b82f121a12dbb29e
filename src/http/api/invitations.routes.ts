import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INVITATION_STATUSES } from '../../domain/invitations/decisions.js';
import { FIELD_LIMITS } from '../../domain/invitations/fields.js';
import { isVouchError, VouchError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { authenticateBusiness } from './auth.js';
import { idempotencyHeaders, replayOrClaim } from './idempotency.js';
import { BEARER, problemResponses } from './openapi.js';

/** JSON bodies of this API are small; anything larger is a mistake, refused with 413 before it is parsed. */
const API_BODY_LIMIT = 64 * 1024;

const isoTime = z.iso.datetime({ offset: true });

const createBody = z
  .strictObject({
    email: z.string().min(1).max(FIELD_LIMITS.email).describe("The customer's email address"),
    name: z.string().min(1).max(FIELD_LIMITS.name).describe("The customer's name, as the email greets them"),
    reference: z
      .string()
      .min(1)
      .max(FIELD_LIMITS.reference)
      .describe('Your order number: one invitation per email, reference and kind'),
    kind: z
      .enum(['service', 'product'])
      .optional()
      .describe('`product` asks about the products in `skus`; defaults to `product` when skus are given'),
    skus: z
      .array(z.string().min(1).max(FIELD_LIMITS.sku))
      .max(FIELD_LIMITS.products)
      .optional()
      .describe('The SKUs of the products bought'),
    locale: z.string().min(2).max(35).optional().describe("The email's language, e.g. `de-DE`"),
    sendAt: isoTime
      .optional()
      .describe("When to send (ISO 8601 with offset); by default the business's delay after now"),
  })
  .meta({ id: 'InvitationCreate' });

const decisionSchema = z
  .object({
    id: z.string(),
    status: z
      .string()
      .describe(
        'scheduled, duplicate (an invitation for this email, reference and kind exists), suppressed, too_frequent, over_cap, …',
      ),
    sendAt: z.string().nullable(),
    reason: z.string().describe('Why the funnel decided so, in words'),
  })
  .meta({ id: 'InvitationDecision' });

const productSchema = z.object({
  sku: z.string(),
  name: z.string().optional(),
  productUrl: z.string().optional(),
  imageUrl: z.string().optional(),
  gtin: z.string().optional(),
  mpn: z.string().optional(),
  brand: z.string().optional(),
});

const invitationSchema = z
  .object({
    id: z.string(),
    channel: z.string().describe('csv, api, afs, shopify, woocommerce, webhook, plugin, link or manual'),
    kind: z.string(),
    label: z.string().describe('The label its review will carry: verified or invited'),
    email: z.string(),
    name: z.string(),
    reference: z.string(),
    locale: z.string().nullable(),
    products: z.array(productSchema),
    tags: z.array(z.string()),
    status: z.string(),
    reason: z.string().nullable(),
    sendAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    attempts: z.number().int(),
    reviewedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Invitation' });

const eventSchema = z.object({
  type: z.string(),
  at: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

const listQuery = z.object({
  status: z.enum(INVITATION_STATUSES).optional(),
  channel: z.string().max(32).optional(),
  email: z.string().max(FIELD_LIMITS.email).optional(),
  reference: z.string().max(FIELD_LIMITS.reference).optional(),
  createdSince: isoTime.optional().describe('Made at or after this time'),
  createdUntil: isoTime.optional().describe('Made before this time'),
  limit: z.coerce.number().int().min(1).max(100).optional().describe('Page size, 1–100 (50)'),
  cursor: z.string().max(64).optional().describe("The previous page's `next`"),
});

const idParams = z.object({ id: z.string().min(1).max(64) });
const cancelledSchema = z.object({ cancelled: z.array(z.string()) }).meta({ id: 'Cancelled' });

/**
 * The funnel refuses an invalid request naming one field (`email`, `reference`, …); answered with the
 * same `errors` list a schema failure gives, so a client reads both one way.
 */
function withFieldErrors(error: unknown): unknown {
  if (!isVouchError(error) || typeof error.details?.field !== 'string') return error;
  const problems = Array.isArray(error.details.problems)
    ? (error.details.problems as { field?: unknown; message?: unknown }[])
    : [];
  const errors = problems.map((problem) => ({
    path: typeof problem.field === 'string' ? problem.field : String(error.details?.field),
    message: typeof problem.message === 'string' ? problem.message : error.message,
  }));
  return new VouchError(error.code, error.message, { ...error.details, errors });
}

/** `/api/v1/invitations`: create through the funnel, list, show with events, cancel. */
export function registerInvitationRoutes(app: FastifyInstance, runtime: Runtime): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/invitations',
    {
      bodyLimit: API_BODY_LIMIT,
      schema: {
        tags: ['Invitations'],
        summary: 'Create an invitation',
        description:
          'Hands the invitation to the funnel (channel `api`), which decides it: scheduled, duplicate, suppressed, too frequent or over the cap, and says why. 201 for a new invitation, 200 for a duplicate of an existing one. Reviews that answer it are labelled verified.',
        security: BEARER,
        headers: idempotencyHeaders,
        body: createBody,
        response: {
          201: decisionSchema,
          200: decisionSchema,
          ...problemResponses(400, 401, 409, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const business = await authenticateBusiness(runtime, request);
      if (await replayOrClaim(runtime, request, reply, business.id)) return reply;
      const body = request.body;
      const skus = body.skus ?? [];
      const result = await runtime.invitations
        .accept(business.id, {
          channel: 'api',
          kind: body.kind ?? (skus.length > 0 ? 'product' : 'service'),
          email: body.email,
          name: body.name,
          reference: body.reference,
          locale: body.locale,
          products: skus.map((sku) => ({ sku })),
          preferredSendTime: body.sendAt === undefined ? undefined : Date.parse(body.sendAt),
        })
        .catch((error: unknown) => {
          throw withFieldErrors(error);
        });
      return reply.status(result.decision === 'duplicate' ? 200 : 201).send({
        id: result.invitation.id,
        status: result.decision,
        sendAt: result.invitation.sendAt,
        reason: result.reason,
      });
    },
  );

  api.get(
    '/api/v1/invitations',
    {
      schema: {
        tags: ['Invitations'],
        summary: 'List invitations',
        description:
          'Newest first. Pass `next` as `cursor` for the following page; invitations made meanwhile never shift the pages after the first.',
        security: BEARER,
        querystring: listQuery,
        response: {
          200: z.object({ invitations: z.array(invitationSchema), next: z.string().nullable() }),
          ...problemResponses(400, 401),
        },
      },
    },
    async (request) => {
      const business = await authenticateBusiness(runtime, request);
      const query = request.query;
      return runtime.invitationQueries.page(business.id, {
        limit: query.limit,
        before: query.cursor === '' ? undefined : query.cursor,
        status: query.status,
        channel: query.channel,
        email: query.email,
        reference: query.reference,
        createdSince: query.createdSince === undefined ? undefined : Date.parse(query.createdSince),
        createdUntil: query.createdUntil === undefined ? undefined : Date.parse(query.createdUntil),
      });
    },
  );

  api.get(
    '/api/v1/invitations/:id',
    {
      schema: {
        tags: ['Invitations'],
        summary: 'Show an invitation with its events',
        security: BEARER,
        params: idParams,
        response: {
          200: invitationSchema.extend({ events: z.array(eventSchema) }),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request) => {
      const business = await authenticateBusiness(runtime, request);
      return runtime.invitationQueries.get(business.id, request.params.id);
    },
  );

  api.post(
    '/api/v1/invitations/:id/cancel',
    {
      bodyLimit: API_BODY_LIMIT,
      schema: {
        tags: ['Invitations'],
        summary: 'Cancel a queued invitation',
        description: 'Only an invitation not yet sent (scheduled) can be cancelled.',
        security: BEARER,
        headers: idempotencyHeaders,
        params: idParams,
        response: { 200: cancelledSchema, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const business = await authenticateBusiness(runtime, request);
      if (await replayOrClaim(runtime, request, reply, business.id)) return reply;
      return runtime.invitations.cancel(business.id, { id: request.params.id });
    },
  );

  api.post(
    '/api/v1/invitations/cancel',
    {
      bodyLimit: API_BODY_LIMIT,
      schema: {
        tags: ['Invitations'],
        summary: 'Cancel every queued invitation of an order reference',
        description: 'Answers the ids it cancelled; an empty list when none was queued.',
        security: BEARER,
        headers: idempotencyHeaders,
        body: z.strictObject({ reference: z.string().min(1).max(FIELD_LIMITS.reference) }),
        response: { 200: cancelledSchema, ...problemResponses(400, 401, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const business = await authenticateBusiness(runtime, request);
      if (await replayOrClaim(runtime, request, reply, business.id)) return reply;
      return runtime.invitations.cancel(business.id, { reference: request.body.reference });
    },
  );
}
