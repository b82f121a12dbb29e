import type { BodyProblem } from '../../domain/shops/order-webhook.js';
import { VouchError } from '../../errors.js';
import type { BatchOutcome } from '../invitation.service.js';
import type { HandlerOutcome } from './handler.js';

// What the signed webhook and the plugin endpoint share once a request is verified.

/** A verified body as JSON; one that is not JSON is refused (400) and nothing in it is acted on. */
export function readJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    // Only where it broke: the parser's own message can quote the body, and this reason is logged.
    const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    throw new VouchError(
      'integration_payload_invalid',
      `The body is not JSON${position === undefined ? '' : ` (it breaks at character ${position})`}; send one JSON object with Content-Type: application/json.`,
    );
  }
}

/** A body that is JSON but not what the endpoint reads: every problem named by its path in `errors`. */
export function payloadProblem(problems: readonly BodyProblem[], schemaHint: string): VouchError {
  const listed = problems
    .map((problem) => `${problem.path}: ${problem.message.replace(/\.$/, '')}`)
    .join('; ');
  return new VouchError('integration_payload_invalid', `${listed}. ${schemaHint}`, { errors: problems });
}

/**
 * The funnel's answers for one order's requests. Every request refused as invalid: the request is refused
 * with the funnel's code (nothing was written). Otherwise the decisions, one per invitation.
 */
export function invited(
  outcomes: readonly BatchOutcome[],
  reference: string,
  status: number,
): HandlerOutcome {
  const decided = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.result] : []));
  const problems = outcomes.flatMap((outcome) => (outcome.ok ? [] : outcome.problems));
  if (decided.length === 0) {
    const [first] = problems;
    throw new VouchError(
      first?.code ?? 'integration_payload_invalid',
      first?.message ?? 'The order is not valid.',
      {
        field: first?.field,
        problems,
      },
    );
  }
  const invitations = decided.map((result) => ({
    id: result.invitation.id,
    kind: result.invitation.kind,
    status: result.invitation.status,
    decision: result.decision,
    sendAt: result.invitation.sendAt,
    reason: result.reason,
  }));
  const fresh = decided.some((result) => result.decision !== 'duplicate');
  return {
    status,
    body: { status: fresh ? 'invited' : 'duplicate', reference, invitations },
    decision: fresh ? 'invited' : 'duplicate',
    reason: [
      ...invitations.map((invitation) => `${invitation.kind}: ${invitation.decision}. ${invitation.reason}`),
      ...problems.map((problem) => `refused ${problem.field}: ${problem.message}`),
    ].join(' '),
    invitationIds: invitations.map((invitation) => invitation.id),
    reference,
  };
}
