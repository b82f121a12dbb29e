import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import { authenticateBusiness } from './auth.js';
import { BEARER, problemResponses } from './openapi.js';

const reviewSchema = z
  .object({
    id: z.string(),
    rating: z.number().int(),
    title: z.string(),
    text: z.string(),
    label: z.string().describe('verified, invited or organic'),
    createdAt: z.string(),
    products: z.array(z.looseObject({ sku: z.string(), rating: z.number().nullable() })),
    reviewerName: z.string(),
    email: z.string(),
    reference: z.string().nullable(),
    invitationId: z.string().nullable(),
    source: z.string().describe('unique_link, bgl, invitation or organic: the entrance it came through'),
    locale: z.string(),
    reply: z
      .object({ text: z.string(), repliedAt: z.string() })
      .nullable()
      .describe("The business's public reply under the review, or null"),
  })
  .meta({ id: 'Review' });

const businessSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    domain: z.string(),
    plan: z.string(),
    defaultLocale: z.string(),
    settings: z.object({
      invitationDelayDays: z.number(),
      frequencyDays: z.number().nullable(),
      reminderDays: z.number().nullable(),
      sendHour: z
        .number()
        .nullable()
        .describe('The hour of the day (UTC, 0-23) invitations go out at; null: once the delay is over.'),
      senderName: z.string().nullable(),
      senderEmail: z.string().nullable(),
      replyTo: z.string().nullable(),
      legalNotice: z.string().nullable(),
      trackOpens: z.boolean(),
      afsSenderDomains: z.array(z.string()),
    }),
    afsAddress: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Business' });

/** `/api/v1/reviews` and `/api/v1/business`: what the key's own business reads about itself. */
export function registerBusinessRoutes(app: FastifyInstance, runtime: Runtime): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/reviews',
    {
      schema: {
        tags: ['Reviews'],
        summary: "List the business's reviews",
        description:
          "Every published review, all labels, newest first, with the reviewer's email and the order reference. Pass `next` as `cursor` for the following page.",
        security: BEARER,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(100).optional().describe('Page size, 1–100 (50)'),
          cursor: z.string().max(200).optional().describe("The previous page's `next`"),
        }),
        response: {
          200: z.object({ reviews: z.array(reviewSchema), next: z.string().nullable() }),
          ...problemResponses(400, 401),
        },
      },
    },
    async (request) => {
      const business = await authenticateBusiness(runtime, request);
      return runtime.reviews.listForBusiness(business.id, request.query);
    },
  );

  api.get(
    '/api/v1/business',
    {
      schema: {
        tags: ['Business'],
        summary: 'The business this key belongs to',
        security: BEARER,
        response: { 200: businessSchema, ...problemResponses(401) },
      },
    },
    (request) => authenticateBusiness(runtime, request),
  );
}
