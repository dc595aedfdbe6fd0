import type { TrustMaterial } from '@sigstore/verify';
import {
  type AuditedApproval,
  type CompiledAttestorPolicy,
  formatInstant,
  parseRfc3339,
  TrustladderError,
  type UnverifiedApproval,
  validateAgainst,
} from '@trustladder/core';
import { type ApprovalExpectation, verifyApproval } from './approval.js';
import { invalidArgument, optionalDate, requireDigest, requireFunction, requireObject } from './arguments.js';
import { firstApproval } from './first-approval.js';
import { parseStatement } from './statement.js';
import type { VerificationThresholds } from './verify-attestation.js';

/** One approval to audit: its Sigstore bundle and what its signature cannot say. */
export interface AuditApprovalEntry {
  readonly kind: 'cosign' | 'interface';
  /** Where the bundle came from (its file): the subject of the finding when it does not verify. */
  readonly source: string;
  /** The Sigstore bundle (what `cosign attest --bundle` writes), as parsed JSON. */
  readonly bundle: unknown;
  /** When the approval was asked for (RFC 3339, Z). */
  readonly requestedAt: string;
  /** The approver's IANA time zone. */
  readonly timeZone?: string;
  readonly change?: AuditedApproval['change'];
}

export interface AuditApprovalsOptions {
  readonly attestors: CompiledAttestorPolicy;
  readonly trust: TrustMaterial;
  /** The blast-radius policy the approvals were given under: they must name its digest. */
  readonly policy: { readonly digest: string };
  readonly thresholds?: VerificationThresholds;
  /** Judge the approvals as of this time (default: now): an approval expired by then is refused. */
  readonly at?: Date;
}

export interface AuditedApprovals {
  /** The approvals that verified, with the signed facts taken from their predicates. */
  readonly approvals: readonly AuditedApproval[];
  /** The bundles that did not verify: never approvals, each a finding of the audit. */
  readonly unverified: readonly UnverifiedApproval[];
}

// The tier whose human attestors sign each kind of approval (policies/attestors.yaml), as
// in the dispatch gate's verifier.
const TIER_OF_KIND = { cosign: 'T3', interface: 'T2' } as const;
// Bound to when the predicate names no digest: verification then refuses it (the predicate
// schema asks for one), so nothing is ever approved by this placeholder.
const NO_DIGEST = `sha256:${'0'.repeat(64)}`;

/**
 * Verifies the approvals the post-hoc audit reads with the review gate's verifier
 * (verifyApproval, the attestor policy's human attestors of T3 for a co-sign and of T2 for an
 * interface approval, the trusted root). What an approval says (its task, approver, time,
 * tier and digests) is read from the verified predicate only, and bound as the gates bind it:
 * to the policy digest, to the statement's subjects (a digest the statement does not sign
 * over is refused, not audited), to its validity window at `at`. The same signature twice
 * counts once. A bundle that fails any of it is returned as unverified, never as an approval.
 */
export function verifyAuditApprovals(
  entries: readonly AuditApprovalEntry[],
  options: AuditApprovalsOptions,
): AuditedApprovals {
  checkEntries(entries);
  const o = requireObject(options, 'options');
  const attestors = requireObject(o.attestors, 'options.attestors');
  requireFunction(attestors, 'tier', 'options.attestors');
  requireObject(o.trust, 'options.trust');
  const policyDigest = requireDigest(
    requireObject(o.policy, 'options.policy').digest,
    'options.policy.digest',
  );
  const at = optionalDate(o.at, 'options.at') ?? new Date();
  const context = {
    trust: options.trust,
    policy: options.attestors,
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  };
  const approvals: AuditedApproval[] = [];
  const unverified: UnverifiedApproval[] = [];
  const signatures = new Set<string>();
  for (const entry of entries) {
    const tier = TIER_OF_KIND[entry.kind];
    const humans = (options.attestors.tier(tier)?.require ?? []).filter((a) => a.role === 'human');
    const expected = expectationOf(entry.bundle, tier, policyDigest, at);
    const outcome = firstApproval(humans, (a) => verifyApproval(entry.bundle, a, expected, context));
    const refuse = (code: string, message: string) =>
      unverified.push({ source: entry.source, kind: entry.kind, code, message });
    if ('error' in outcome) {
      refuse(outcome.error.code, outcome.error.message);
      continue;
    }
    if (signatures.has(outcome.approval.signature)) {
      refuse('DUPLICATE_ATTESTATION', 'the same signature was given before; it counts once');
      continue;
    }
    signatures.add(outcome.approval.signature);
    const p = outcome.approval.predicate;
    const record: AuditedApproval = {
      kind: entry.kind,
      taskId: p.taskId,
      by: p.approver.id,
      ...(entry.timeZone === undefined ? {} : { timeZone: entry.timeZone }),
      requestedAt: entry.requestedAt,
      // Verified as a real RFC 3339 time; the audit reads UTC.
      approvedAt: formatInstant(parseRfc3339(p.approvedAt) ?? invalidArgument('approvedAt', 'is not a time')),
      tier: p.tier,
      ...(p.imageDigest === undefined ? {} : { imageDigest: p.imageDigest }),
      ...(p.changeDigest === undefined ? {} : { changeDigest: p.changeDigest }),
      ...(entry.change === undefined ? {} : { change: entry.change }),
    };
    // A verified approval the audit cannot name (an approver id outside the audit's identifier
    // pattern, such as one with a space) is refused here, not left to fail the whole audit.
    const problem = validateAgainst('verified-approvals', { approvals: [record] })[0];
    if (problem !== undefined) {
      refuse(
        'PREDICATE_INVALID',
        `the verified approval cannot be audited: ${problem.path.replace('/approvals/0', '')} ${problem.message}`,
      );
      continue;
    }
    approvals.push(record);
  }
  return { approvals, unverified };
}

// The expectation is the approval's own claims, read from the payload before verification:
// verifyApproval then verifies the signature over exactly those bytes, so what is bound is
// what was signed. The audit asks "is this a genuine, current approval, and of what?", not
// "does it approve X". The tier and policy digest are the audit's, never the payload's.
function expectationOf(
  bundle: unknown,
  tier: 'T2' | 'T3',
  policyDigest: string,
  at: Date,
): ApprovalExpectation {
  const p = peekPredicate(bundle);
  const digest = (v: unknown) => (typeof v === 'string' && /^sha256:[0-9a-f]{64}$/.test(v) ? v : undefined);
  const changeDigest = digest(p?.changeDigest);
  const imageDigest = digest(p?.imageDigest);
  const taskId = typeof p?.taskId === 'string' && p.taskId !== '' ? p.taskId : '(none)';
  const base = { taskId, tier, policyDigest, at };
  if (imageDigest !== undefined)
    return { ...base, imageDigest, ...(changeDigest === undefined ? {} : { changeDigest }) };
  return { ...base, changeDigest: changeDigest ?? NO_DIGEST };
}

function peekPredicate(bundle: unknown): Record<string, unknown> | undefined {
  try {
    const envelope = (bundle as { dsseEnvelope?: { payload?: unknown; payloadType?: unknown } }).dsseEnvelope;
    if (typeof envelope?.payload !== 'string' || typeof envelope.payloadType !== 'string') return undefined;
    const statement = parseStatement(envelope.payloadType, Buffer.from(envelope.payload, 'base64'));
    const p = statement.predicate;
    return p !== null && typeof p === 'object' && !Array.isArray(p)
      ? (p as Record<string, unknown>)
      : undefined;
  } catch {
    // Unreadable: the verification that follows refuses it with its own reason.
    return undefined;
  }
}

// The entries are checked against the audit input's schema (the bundle's source in place of
// its file name), so a library caller's bad entry fails as the CLI's file would, with pointers.
function checkEntries(entries: readonly AuditApprovalEntry[]): void {
  if (!Array.isArray(entries)) invalidArgument('entries', 'must be an array');
  const shaped = entries.map((e) => {
    const { bundle: _bundle, source, ...rest } = requireObject(e, 'entry') as unknown as AuditApprovalEntry;
    return { ...rest, bundle: source };
  });
  const issues = validateAgainst('approval-audit-input', { approvals: shaped });
  const missing = entries.findIndex((e) => e.bundle === undefined);
  if (missing >= 0)
    issues.push({ code: 'missing_bundle', path: `/approvals/${missing}/bundle`, message: 'is required' });
  if (issues.length > 0)
    throw new TrustladderError(
      'INVALID_INPUT',
      `invalid approval audit entries: ${issues.length} problem(s)`,
      {
        issues,
      },
    );
}
