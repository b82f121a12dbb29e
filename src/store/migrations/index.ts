import type { Migration } from 'kysely';
import * as businesses from './20261126T0700_businesses.js';
import * as invitations from './20261126T1000_invitations.js';
import * as reviews from './20261126T1200_reviews.js';
import * as imports from './20261126T1400_imports.js';
import * as afs from './20261126T1500_afs.js';
import * as afsSenderDomains from './20261202T1000_afs_sender_domains.js';
import * as linkFailureDays from './20261202T1100_link_failure_days.js';
import * as reviewLinkDigest from './20261202T1200_review_link_digest.js';
import * as apiCredentials from './20261203T0900_api_credentials.js';
import * as integrations from './20261203T1000_integrations.js';
import * as idempotencyKeys from './20261203T0910_idempotency_keys.js';
import * as outboundWebhooks from './20261203T1100_outbound_webhooks.js';
import * as accounts from './20261203T1200_accounts.js';
import * as dashboardIndexes from './20261203T1210_dashboard_indexes.js';
import * as invitationSearchIndexes from './20261203T1220_invitation_search_indexes.js';
import * as reviewsByCreated from './20261203T1230_reviews_by_created.js';
import * as businessSendHour from './20261203T1240_business_send_hour.js';
import * as invitationsById from './20261203T1250_invitations_by_id.js';

/**
 * Every migration, by its frozen name. Listed here rather than read from the folder so the build and the
 * tests run the same set with no file-system lookups.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '20261126T0700_businesses': businesses,
  '20261126T1000_invitations': invitations,
  '20261126T1200_reviews': reviews,
  '20261126T1400_imports': imports,
  '20261126T1500_afs': afs,
  '20261202T1000_afs_sender_domains': afsSenderDomains,
  '20261202T1100_link_failure_days': linkFailureDays,
  '20261202T1200_review_link_digest': reviewLinkDigest,
  '20261203T0900_api_credentials': apiCredentials,
  '20261203T1000_integrations': integrations,
  '20261203T0910_idempotency_keys': idempotencyKeys,
  '20261203T1100_outbound_webhooks': outboundWebhooks,
  '20261203T1200_accounts': accounts,
  '20261203T1210_dashboard_indexes': dashboardIndexes,
  '20261203T1220_invitation_search_indexes': invitationSearchIndexes,
  '20261203T1230_reviews_by_created': reviewsByCreated,
  '20261203T1240_business_send_hour': businessSendHour,
  '20261203T1250_invitations_by_id': invitationsById,
};
