import { diagnoseBglLink } from './doctor-bgl.js';
import { diagnoseUniqueLink } from './doctor-unique.js';
import { FindingList } from './findings.js';
import type { Finding } from './findings.js';
import type { BglKeyPair } from './keys.js';
import { readRawLink, readRoute } from './raw-link.js';
import type { RawLink } from './raw-link.js';

/** Real links stay under a few KiB; beyond this the text is not a link and the doctor stops early. */
export const MAX_LINK_LENGTH = 64 * 1024;

export interface LinkDoctorContext {
  /** The business's registered domain; a link for another domain is reported. */
  domain?: string;
  /** Unique Link secrets, current first, then rotated-out ones still accepted. */
  uniqueLinkSecrets?: readonly string[];
  /** BGL key pairs, current first, then rotated-out ones still accepted. */
  bglKeys?: readonly BglKeyPair[];
  /** IVs (base64, from `readBglIv`) of links seen before, to report IV reuse. */
  seenIvs?: ReadonlySet<string>;
}

export interface LinkConsumer {
  email: string;
  name: string;
  reference: string;
  skus?: string[];
  tags?: string[];
}

export interface LinkDiagnosis {
  /** The link verifies with the given keys and nothing in it is an error. */
  valid: boolean;
  kind: 'unique' | 'bgl' | 'unknown';
  findings: Finding[];
  /** Who the link is for; present only when the link is valid. */
  consumer?: LinkConsumer;
  /** The business domain named in the path. */
  domain?: string;
  embed?: boolean;
  /** Which secret or key pair verified the link: 0 is the current one. */
  keyIndex?: number;
}

function inferKind(link: RawLink): 'unique' | 'bgl' | 'unknown' {
  if (link.parameters.has('p')) return 'bgl';
  if (['a', 'b', 'e'].some((name) => link.parameters.has(name))) return 'unique';
  return 'unknown';
}

function diagnose(url: string, context: LinkDoctorContext): LinkDiagnosis {
  const findings = new FindingList();
  const link = readRawLink(url);
  const route = readRoute(link.pathSegments);
  const kind = route?.kind ?? inferKind(link);
  const diagnosis: LinkDiagnosis = { valid: false, kind, findings: findings.items };

  if (route === undefined) {
    findings.add(
      'link_unknown_path',
      `The path "${link.path}" is not a review entrance; use /evaluate/{domain} for a Unique Link or ` +
        '/evaluate-bgl/{domain} for an encrypted link (or their /embed/ forms).',
    );
  } else {
    diagnosis.domain = route.domain;
    diagnosis.embed = route.embed;
    const expected = typeof context.domain === 'string' ? context.domain : undefined;
    if (expected !== undefined && expected.toLowerCase() !== route.domain.toLowerCase()) {
      findings.add(
        'link_domain_mismatch',
        `The link is for the domain "${route.domain}" but the business checked is "${expected}"; build the ` +
          "link with the business's registered domain.",
      );
    }
  }

  let consumer: LinkConsumer | undefined;
  let keyIndex: number | undefined;
  if (kind === 'unique') {
    const { verified } = diagnoseUniqueLink(link, context.uniqueLinkSecrets, findings);
    if (verified !== undefined) {
      consumer = { email: verified.email, name: verified.name, reference: verified.reference };
      keyIndex = verified.secretIndex;
    }
  } else if (kind === 'bgl') {
    const { verified } = diagnoseBglLink(link, context.bglKeys, context.seenIvs, findings);
    if (verified !== undefined) {
      const { email, name, ref, skus, tags } = verified.payload;
      consumer = {
        email,
        name,
        reference: ref,
        ...(skus === undefined ? {} : { skus }),
        ...(tags === undefined ? {} : { tags }),
      };
      keyIndex = verified.keyIndex;
    }
  }

  // A consumer read from a link that fails for another reason (say, another business's domain) must not
  // be mistaken for a verified one, so it is only handed out with a valid link.
  if (consumer !== undefined && keyIndex !== undefined && !findings.hasErrors()) {
    diagnosis.valid = true;
    diagnosis.consumer = consumer;
    diagnosis.keyIndex = keyIndex;
  }
  return diagnosis;
}

/**
 * Explains what is wrong with a link by trying the mistaken constructions businesses make (compat §1, §2)
 * and naming the one that matches, each as a finding with a stable code and a fix. Give it the raw link
 * text: some mistakes (an unencoded '+', '/' or line break) are only visible before URL decoding.
 * Never throws.
 *
 * @example
 * const diagnosis = diagnoseLink(link, { domain: 'shop.example', uniqueLinkSecrets: [secret] });
 * // { valid: false, kind: 'unique', findings: [{ code: 'unique_hash_wrong_order', severity: 'error',
 * //   message: 'The hash was computed as sha1(email + secret + reference); compute sha1(secret + …' }] }
 */
export function diagnoseLink(url: string, context: LinkDoctorContext = {}): LinkDiagnosis {
  if (typeof url !== 'string' || url.trim() === '') {
    return {
      valid: false,
      kind: 'unknown',
      findings: [
        {
          code: 'link_unparseable',
          severity: 'error',
          message: 'No link was given; pass the whole link text.',
        },
      ],
    };
  }
  if (url.length > MAX_LINK_LENGTH) {
    return {
      valid: false,
      kind: 'unknown',
      findings: [
        {
          code: 'link_too_long',
          severity: 'error',
          message: `The text is ${url.length} characters long; a review link is a few hundred. Pass one link.`,
        },
      ],
    };
  }
  try {
    return diagnose(url, typeof context === 'object' && context !== null ? context : {});
  } catch (error) {
    // A bug here must not take down the caller (a CLI, a settings page); tests assert this never happens.
    return {
      valid: false,
      kind: 'unknown',
      findings: [
        {
          code: 'link_doctor_failed',
          severity: 'error',
          message: `The link doctor failed (${error instanceof Error ? error.message : 'unknown error'}); please report this link.`,
        },
      ],
    };
  }
}
