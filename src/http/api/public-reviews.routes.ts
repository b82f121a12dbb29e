import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { VouchError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import type { ReviewBusiness } from '../../services/review.service.js';
import { problemResponses } from './openapi.js';

interface DomainParams {
  domain: string;
}

/** The most reviews one page may hold; the service clamps to the same bound. */
const MAX_PAGE = 100;

async function businessOf(runtime: Runtime, domain: string): Promise<ReviewBusiness> {
  const business = await runtime.reviews.findBusiness(domain);
  if (!business) {
    throw new VouchError('business_not_found', `No business has the domain "${domain.slice(0, 253)}".`);
  }
  return business;
}

function pageSize(limit: string | undefined): number {
  if (limit === undefined) return 20;
  if (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PAGE) {
    throw new VouchError('validation_failed', `limit must be a whole number from 1 to ${MAX_PAGE}.`, {
      field: 'limit',
    });
  }
  return Number(limit);
}

/** Public, so any site may read it from a browser: the reviews are published for everyone anyway. */
function readableAnywhere(reply: FastifyReply): FastifyReply {
  return reply.header('access-control-allow-origin', '*');
}

const domainParams = z.object({ domain: z.string().describe("The business's domain, e.g. shop.example") });

/**
 * The public JSON API of a business's published reviews and its summary: no authentication, the same
 * facts as the public page. Errors are thrown as VouchErrors and answered as problem+json by errors.ts.
 */
export function registerPublicReviewRoutes(app: FastifyInstance, runtime: Runtime): void {
  const publicBase = runtime.config.publicUrl.href.replace(/\/$/, '');

  app.get<{ Params: DomainParams; Querystring: { limit?: string; cursor?: string } }>(
    '/api/public/businesses/:domain/reviews',
    {
      schema: {
        tags: ['Public'],
        summary: "A business's published reviews",
        description:
          'No authentication; readable from any site (CORS `*`). Newest first; pass `next` as `cursor` for the following page. `label` is verified, invited or organic.',
        params: domainParams,
        querystring: z.object({
          limit: z.string().optional().describe('Page size, 1–100 (20)'),
          cursor: z.string().optional().describe("The previous page's `next`"),
        }),
        response: problemResponses(400, 404),
      },
    },
    async (request, reply) => {
      const business = await businessOf(runtime, request.params.domain);
      const page = await runtime.reviews.listPublished(business, {
        cursor: request.query.cursor,
        limit: pageSize(request.query.limit),
      });
      return readableAnywhere(reply).send({
        reviews: page.reviews.map((review) => ({
          id: review.id,
          rating: review.rating,
          title: review.title,
          text: review.text,
          label: review.label,
          createdAt: review.createdAt,
          products: review.products,
          reviewerName: review.reviewerName,
          reply: review.reply,
        })),
        next: page.next,
      });
    },
  );

  const summarySchema = {
    schema: {
      tags: ['Public'],
      summary: "A business's TrustScore, review count and rating distribution",
      description: 'No authentication; readable from any site (CORS `*`).',
      params: domainParams,
      response: problemResponses(404),
    },
  };
  app.get<{ Params: DomainParams }>(
    '/api/public/businesses/:domain/summary',
    summarySchema,
    async (request, reply) => {
      const business = await businessOf(runtime, request.params.domain);
      const summary = await runtime.reviews.summary(business);
      return readableAnywhere(reply).send({
        domain: business.domain,
        name: business.name,
        trustScore: summary.trustScore,
        reviewCount: summary.count,
        distribution: {
          1: summary.distribution[0],
          2: summary.distribution[1],
          3: summary.distribution[2],
          4: summary.distribution[3],
          5: summary.distribution[4],
        },
        url: `${publicBase}/review/${business.domain}`,
      });
    },
  );
}
