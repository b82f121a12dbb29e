/**
 * `vouch/links`: build, verify and diagnose Vouch's review links without a server.
 * Pure functions over `node:crypto`; see docs/links.md.
 */
export type { LinkFailure, LinkFailureCode, LinkResult } from './domain/links/result.js';
export { LinkInputError, LinkKeyError } from './domain/links/errors.js';
export type { LinkInputErrorCode, LinkKeyErrorCode } from './domain/links/errors.js';

export {
  checkReference,
  findForbiddenReferenceCharacter,
  FORBIDDEN_REFERENCE_CHARACTERS,
} from './domain/links/reference.js';

export {
  decodeBglKey,
  generateBglKey,
  generateUniqueLinkSecret,
  prepareBglKeys,
  PreparedBglKeys,
} from './domain/links/keys.js';
export type { BglKeyPair, BglKeys } from './domain/links/keys.js';

export { buildUniqueLink, uniqueLinkHash, verifyUniqueLink } from './domain/links/unique-link.js';
export type { UniqueLinkInput, UniqueLinkQuery, VerifiedUniqueLink } from './domain/links/unique-link.js';

export { checkBglPayload } from './domain/links/bgl-payload.js';
export type { BglPayload } from './domain/links/bgl-payload.js';
export {
  buildBglLink,
  decryptBglToken,
  decryptBglTokenRaw,
  encryptBglPayload,
  encryptBglToken,
  findReusedIvs,
  readBglIv,
} from './domain/links/bgl.js';
export type {
  BglEncryptOptions,
  BglLinkInput,
  DecryptedBglPlaintext,
  DecryptedBglToken,
  ReusedIv,
} from './domain/links/bgl.js';

export { diagnoseLink, MAX_LINK_LENGTH } from './domain/links/doctor.js';
export type { LinkConsumer, LinkDiagnosis, LinkDoctorContext } from './domain/links/doctor.js';
export { LINK_FINDING_CODES } from './domain/links/findings.js';
export type { Finding, FindingSeverity, LinkFindingCode } from './domain/links/findings.js';
