import { TrustladderError } from '../errors.js';
import type { Issue } from '../issues.js';
import { formatInstant } from '../ladder/instant.js';
import type { Tier } from '../tier.js';
import type { Admission } from './approval-audit.types.js';

// The generated attestation policies (kyverno/trustladder-tN-[ephemeral-]attestations.yaml).
const TIER_POLICY = /^trustladder-t([0-3])-(?:ephemeral-)?attestations$/;
const DIGEST = /sha256:[0-9a-f]{64}/;

/**
 * The admissions in Kyverno PolicyReports (wgpolicyk8s.io; one report, a List, or an array
 * of reports, as `kubectl get policyreports -A -o json` prints): every `pass` result of a
 * generated tier attestation policy. The image digest is read from the result's properties
 * (`image`, `images` or `imageDigest`); a result that names none keeps a null digest, which
 * no approval matches (fail closed). A malformed report is an input error with its pointer.
 */
export function admissionsFromPolicyReports(value: unknown, source?: string): Admission[] {
  const issues: Issue[] = [];
  const reports = Array.isArray(value)
    ? value.map((r, i) => [r, `/${i}`] as const)
    : isObject(value) && Array.isArray(value.items)
      ? value.items.map((r, i) => [r, `/items/${i}`] as const)
      : [[value, ''] as const];
  const admissions: Admission[] = [];
  for (const [report, at] of reports) {
    if (!isObject(report) || !Array.isArray(report.results)) {
      if (isObject(report) && report.results === undefined && report.kind === 'PolicyReport') continue;
      issues.push({ code: 'not_a_policy_report', path: at, message: 'expected a PolicyReport with results' });
      continue;
    }
    const metadata = isObject(report.metadata) ? report.metadata : {};
    const scope = isObject(report.scope) ? report.scope : {};
    report.results.forEach((r: unknown, i: number) => {
      const path = `${at}/results/${i}`;
      if (!isObject(r) || typeof r.policy !== 'string') {
        issues.push({ code: 'malformed_result', path, message: 'a result needs a policy' });
        return;
      }
      const m = TIER_POLICY.exec(r.policy);
      if (!m || r.result !== 'pass') return;
      const seconds = isObject(r.timestamp) ? r.timestamp.seconds : undefined;
      if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds < 0) {
        issues.push({ code: 'missing_timestamp', path: `${path}/timestamp/seconds`, message: 'is required' });
        return;
      }
      const resource = Array.isArray(r.resources) && isObject(r.resources[0]) ? r.resources[0] : scope;
      const namespace = String(resource.namespace ?? scope.namespace ?? metadata.namespace ?? '');
      const props = isObject(r.properties) ? r.properties : {};
      const image = [props.imageDigest, props.image, props.images].find((v) => typeof v === 'string') as
        | string
        | undefined;
      admissions.push({
        at: formatInstant({ us: seconds * 1_000_000, ns: 0 }),
        namespace,
        resource: `${String(resource.kind ?? 'Pod')}/${String(resource.name ?? '?')}`,
        policy: r.policy,
        imageDigest: image === undefined ? null : (DIGEST.exec(image)?.[0] ?? null),
        tier: `T${m[1]}` as Tier,
      });
    });
  }
  if (issues.length > 0)
    throw new TrustladderError('INVALID_INPUT', `not Kyverno PolicyReports: ${issues.length} problem(s)`, {
      source,
      issues,
    });
  return admissions;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
