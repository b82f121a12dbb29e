import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Runtime } from '../../runtime.js';
import { authenticateBusinessUnit } from './auth.js';
import { HOSTED_TAG } from './oauth.routes.js';
import { problemResponses } from './openapi.js';

/** Removes null members (PHP, C# and Go write an unset field as null), so null reads as absent. */
type NoNulls<T> = T extends null
  ? undefined
  : T extends readonly (infer U)[]
    ? NoNulls<U>[]
    : T extends object
      ? { [K in keyof T]: NoNulls<T[K]> }
      : T;

function withoutNulls<T>(value: T): NoNulls<T> {
  if (value === null) return undefined as NoNulls<T>;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutNulls(item)) as NoNulls<T>;
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).flatMap(([key, item]) => (item === null ? [] : [[key, withoutNulls(item)]])),
    ) as NoNulls<T>;
  }
  return value as NoNulls<T>;
}

const text = (max: number) => z.string().max(max).nullish();
const sendTime = z
  .string()
  .max(40)
  .nullish()
  .describe('UTC, as MM/DD/YYYY HH:mm:ss or ISO 8601 (without an offset it is UTC)');
const tags = z.array(z.string().max(64)).max(50).nullish();

const params = z.object({
  businessUnitId: z.string().max(64).describe('The business id (`vouch business show DOMAIN`)'),
});

const product = z.object({
  sku: z.string().max(255),
  name: text(255),
  productUrl: text(2048),
  imageUrl: text(2048),
  gtin: text(64),
  mpn: text(64),
  brand: text(255),
});

const emailInvitationBody = z
  .object({
    consumerEmail: z.string().max(254),
    consumerName: text(200),
    referenceNumber: z.string().max(128),
    locale: text(16),
    senderEmail: text(254),
    senderName: text(200),
    replyTo: text(254),
    locationId: text(64).describe('Ignored: Vouch has no location reviews'),
    type: z.literal('email').nullish(),
    serviceReviewInvitation: z
      .object({ templateId: text(64), preferredSendTime: sendTime, redirectUri: text(2048), tags })
      .nullish(),
    productReviewInvitation: z
      .object({
        templateId: text(64),
        preferredSendTime: sendTime,
        redirectUri: text(2048),
        tags,
        products: z.array(product).max(50).nullish(),
        productSkus: z.array(z.string().max(255)).max(50).nullish().describe('Not with products'),
      })
      .nullish(),
  })
  .describe(
    'Service, product, or both invitations for one purchase; neither part means a service invitation.',
  );

const decided = z.object({
  id: z.string(),
  status: z.string().describe('scheduled, duplicate, suppressed, too_frequent, over_cap, test_address, …'),
  sendAt: z.string().nullable(),
  reason: z.string(),
});

const invitationLinkBody = z.object({
  referenceId: z.string().max(128),
  email: z.string().max(254),
  name: text(200),
  locale: text(16),
  tags,
  redirectUri: text(2048),
  locationId: text(64).describe('Ignored: Vouch has no location reviews'),
});

const productLinkBody = z.object({
  consumer: z.object({ email: z.string().max(254), name: text(200) }),
  referenceId: z.string().max(128),
  locale: text(16),
  redirectUri: text(2048),
  products: z.array(product).max(50).nullish(),
  productSkus: z.array(z.string().max(255)).max(50).nullish().describe('Not with products'),
});

const deleteBody = z.object({
  customerEmails: z.array(z.string().max(254)).max(1000).nullish(),
  deleteOlderThan: text(40).describe('UTC, as MM/DD/YYYY HH:mm:ss or ISO 8601'),
});

const PREFIX = '/v1/private/business-units/:businessUnitId';

/** An access token from the token endpoint, or the business's API key, as a bearer token or `apikey`. */
const SECURITY: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

/**
 * The hosted platform's Invitation API at its own paths and bodies (compat §6), so a shop's existing
 * client only changes its base URL. Each route authenticates (access token or API key), checks the path's
 * business unit, and calls one method of HostedInvitationService.
 */
export function registerHostedInvitationRoutes(app: FastifyInstance, runtime: Runtime): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.post(
    `${PREFIX}/email-invitations`,
    {
      schema: {
        tags: [HOSTED_TAG],
        summary: 'Create email invitations (service, product or both)',
        description:
          'Every invitation goes through the funnel with channel `api`; a review through it is labelled verified. `senderEmail`, `senderName`, `replyTo`, `locale`, `tags`, `redirectUri` and `templateId` are kept on the invitation and used when it is sent; `locationId` is ignored. Answers 202 with what the funnel decided for each part. Errors: `invitation_products_conflict`, `send_time_invalid`, `invitation_email_invalid`, `invitation_reference_invalid`, `invitation_field_invalid`, `validation_failed`.',
        security: SECURITY,
        params,
        body: emailInvitationBody,
        response: {
          202: z.object({
            serviceReviewInvitation: decided.optional(),
            productReviewInvitation: decided.optional(),
          }),
          ...problemResponses(400, 401, 404, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const business = await authenticateBusinessUnit(runtime, request, request.params.businessUnitId);
      const result = await runtime.hostedInvitations.createEmailInvitations(
        business.id,
        withoutNulls(request.body),
      );
      return reply.status(202).send(result);
    },
  );

  typed.post(
    `${PREFIX}/invitation-links`,
    {
      schema: {
        tags: [HOSTED_TAG],
        summary: 'Generate a service review invitation link',
        description:
          'Answers `{ id, url }`: `url` is a Vouch review link (`/r/{token}`) that lands like an invitation email’s, for the business to hand out itself; Vouch sends nothing (channel `link`, status `link_issued`, reviews labelled verified). The same email and reference again answer the same link.',
        security: SECURITY,
        params,
        body: invitationLinkBody,
        response: {
          200: z.object({ id: z.string(), url: z.string() }),
          ...problemResponses(400, 401, 404, 413, 415, 429),
        },
      },
    },
    async (request) => {
      const business = await authenticateBusinessUnit(runtime, request, request.params.businessUnitId);
      return runtime.hostedInvitations.createInvitationLink(business.id, withoutNulls(request.body));
    },
  );

  typed.post(
    '/v1/private/product-reviews/business-units/:businessUnitId/invitation-links',
    {
      schema: {
        tags: [HOSTED_TAG],
        summary: 'Generate a product review invitation link',
        description:
          'The product reviews API’s link: answers `{ reviewLinkId, reviewUrl }`, a Vouch review link whose form asks for a rating of each product. `products` or `productSkus`, not both.',
        security: SECURITY,
        params,
        body: productLinkBody,
        response: {
          200: z.object({ reviewLinkId: z.string(), reviewUrl: z.string() }),
          ...problemResponses(400, 401, 404, 413, 415, 429),
        },
      },
    },
    async (request) => {
      const business = await authenticateBusinessUnit(runtime, request, request.params.businessUnitId);
      return runtime.hostedInvitations.createProductInvitationLink(business.id, withoutNulls(request.body));
    },
  );

  typed.get(
    `${PREFIX}/templates`,
    {
      schema: {
        tags: [HOSTED_TAG],
        summary: 'List the invitation templates',
        description:
          'The business’s own templates (`vouch template`), then Vouch’s built-in ones; any `id` may be an invitation’s `templateId`.',
        security: SECURITY,
        params,
        response: {
          200: z.object({
            templates: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                isDefaultTemplate: z.boolean(),
                locale: z.string().nullable(),
                type: z.enum(['service', 'product']),
              }),
            ),
          }),
          ...problemResponses(401, 404, 429),
        },
      },
    },
    async (request) => {
      const business = await authenticateBusinessUnit(runtime, request, request.params.businessUnitId);
      return { templates: await runtime.hostedInvitations.listTemplates(business.id) };
    },
  );

  typed.post(
    `${PREFIX}/invitation-data/delete`,
    {
      schema: {
        tags: [HOSTED_TAG],
        summary: 'Delete invitation data',
        description:
          'Erases the personal data (email, name) of the business’s invitations of these customers, or of those made before `deleteOlderThan`, and the reviewer identity of their reviews, in one transaction. The rows stay, anonymised, so counts and ratings do not change; queued invitations are cancelled. Give exactly one of the two fields (`invitation_data_selector_invalid`). Suppressions (unsubscribes) are kept.',
        security: SECURITY,
        params,
        body: deleteBody,
        response: {
          200: z.object({
            invitations: z.number().int().describe('Invitations whose personal data was erased'),
            reviews: z.number().int().describe('Reviews whose reviewer identity was erased'),
          }),
          ...problemResponses(400, 401, 404, 413, 415, 429),
        },
      },
    },
    async (request) => {
      const business = await authenticateBusinessUnit(runtime, request, request.params.businessUnitId);
      return runtime.hostedInvitations.deleteInvitationData(business.id, withoutNulls(request.body));
    },
  );
}
