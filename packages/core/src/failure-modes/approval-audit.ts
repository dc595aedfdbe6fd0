import { TrustladderError } from '../errors.js';
import type { ApprovalFlagCode } from '../ladder/event.types.js';
import { type Instant, parseInstant } from '../ladder/instant.js';
import { validateAgainst } from '../load/validate.js';
import { isTier } from '../tier.js';
import type {
  Admission,
  ApprovalAuditReport,
  ApprovalAuditSettings,
  ApprovalFinding,
  AuditedApproval,
  UnverifiedApproval,
} from './approval-audit.types.js';

/**
 * The post-hoc audit of approvals (run daily): flags approvals given too soon after the
 * request, outside working hours in the approver's time zone (an approver with no known time
 * zone is flagged: working hours cannot be shown), approvers who sign more than a share of the
 * co-signs, approvals whose change grew after signing, admissions with no approval of the
 * admitted image (an admission that names no image is never matched), and every approval
 * bundle that did not verify. `approvals` are the verified ones (verifyAuditApprovals in
 * @trustladder/attest); `unverified` never count as approvals. Pure: no clock.
 */
export function auditApprovals(
  approvals: readonly AuditedApproval[],
  admissions: readonly Admission[],
  settings: ApprovalAuditSettings,
  unverified: readonly UnverifiedApproval[] = [],
): ApprovalAuditReport {
  checkSettings(settings);
  // The records are untrusted input to a library entry point: every problem at once, with pointers.
  const issues = validateAgainst('verified-approvals', { approvals });
  if (!Array.isArray(unverified))
    issues.push({ code: 'not_an_array', path: '/unverified', message: 'must be an array' });
  else
    unverified.forEach((u, i) => {
      if (u?.kind !== 'cosign' && u?.kind !== 'interface')
        issues.push({
          code: 'invalid_kind',
          path: `/unverified/${i}/kind`,
          message: 'is not cosign or interface',
        });
      for (const key of ['source', 'code', 'message'] as const)
        if (typeof u?.[key] !== 'string' || u[key] === '')
          issues.push({
            code: 'missing_text',
            path: `/unverified/${i}/${key}`,
            message: 'must be a non-empty string',
          });
    });
  admissions.forEach((ad, i) => {
    if (!isTier(ad?.tier))
      issues.push({ code: 'invalid_tier', path: `/admissions/${i}/tier`, message: 'is not T0..T3' });
    if (ad?.imageDigest !== null && !/^sha256:[0-9a-f]{64}$/.test(String(ad?.imageDigest)))
      issues.push({
        code: 'invalid_digest',
        path: `/admissions/${i}/imageDigest`,
        message: 'is not a sha256 digest or null',
      });
  });
  if (issues.length > 0)
    throw new TrustladderError('INVALID_INPUT', `invalid approval audit input: ${issues.length} problem(s)`, {
      issues,
    });
  // A bundle that did not verify is reported first: it is what the rest of the audit ignores.
  const findings: ApprovalFinding[] = unverified.map((u) => ({
    subject: u.source,
    kind: u.kind,
    by: null,
    flags: ['unverified-approval'],
    details: [`${u.code}: ${u.message}; not counted as an approval`],
  }));
  const cosigns = approvals.filter((a) => a.kind === 'cosign');
  const counts = new Map<string, number>();
  for (const a of cosigns) counts.set(a.by, (counts.get(a.by) ?? 0) + 1);
  const cosignShares = [...counts.entries()]
    .map(([by, count]) => ({ by, count, share: count / cosigns.length }))
    .sort((a, b) => b.count - a.count || (a.by < b.by ? -1 : 1));
  const concentrated = new Set(
    cosigns.length >= settings.minCosignsForShare
      ? cosignShares.filter((s) => s.share > settings.maxShare).map((s) => s.by)
      : [],
  );

  approvals.forEach((a, i) => {
    const flags: ApprovalFlagCode[] = [];
    const details: string[] = [];
    const flag = (code: ApprovalFlagCode, detail: string) => {
      flags.push(code);
      details.push(detail);
    };
    const requested = instant(a.requestedAt, `/approvals/${i}/requestedAt`);
    const approved = instant(a.approvedAt, `/approvals/${i}/approvedAt`);
    const seconds = (approved.us - requested.us) / 1_000_000;
    if (seconds < settings.minReviewSeconds)
      flag(
        'rushed',
        seconds < 0
          ? `approved ${-seconds}s before it was requested`
          : `approved ${Math.floor(seconds)}s after the request (under ${settings.minReviewSeconds}s)`,
      );
    const hours = localTime(approved, a.timeZone, `/approvals/${i}/timeZone`);
    if (hours === null) flag('off-hours', `no time zone known for ${a.by}: working hours cannot be shown`);
    else if (!settings.workingDays.includes(hours.weekday) || !within(hours.minutes, settings.workingHours))
      flag('off-hours', `approved at ${hours.text} ${a.timeZone}, outside working hours`);
    if (a.kind === 'cosign' && concentrated.has(a.by)) {
      const s = cosignShares.find((x) => x.by === a.by);
      flag(
        'concentrated',
        `${a.by} signed ${s?.count} of ${cosigns.length} co-signs (${Math.round((s?.share ?? 0) * 100)}%, over ${Math.round(settings.maxShare * 100)}%)`,
      );
    }
    const grew = grewAfterSigning(a);
    if (grew !== null) flag('grew-after-signing', grew);
    if (flags.length > 0) findings.push({ subject: a.taskId, kind: a.kind, by: a.by, flags, details });
  });

  // T3 namespaces admit on a co-sign, T2 namespaces on an interface approval (attestors.yaml).
  const approvedImages = (kind: AuditedApproval['kind']) =>
    new Set(
      approvals.filter((a) => a.kind === kind && a.imageDigest !== undefined).map((a) => a.imageDigest),
    );
  const needed = { T3: approvedImages('cosign'), T2: approvedImages('interface') };
  admissions.forEach((ad, i) => {
    instant(ad.at, `/admissions/${i}/at`);
    if (ad.tier !== 'T3' && ad.tier !== 'T2') return;
    if (ad.imageDigest !== null && needed[ad.tier].has(ad.imageDigest)) return;
    findings.push({
      subject: `${ad.namespace}/${ad.resource}`,
      kind: 'admission',
      by: null,
      flags: ['admission-without-approval'],
      details: [
        ad.imageDigest === null
          ? `admitted by ${ad.policy} at ${ad.at}; the report names no image digest, so no approval can match it`
          : `admitted ${ad.imageDigest} by ${ad.policy} at ${ad.at} with no ${ad.tier === 'T3' ? 'co-sign' : 'interface approval'} of that image`,
      ],
    });
  });
  return {
    approvals: approvals.length,
    unverified: unverified.length,
    admissions: admissions.length,
    cosignShares,
    findings,
  };
}

// Growth: more lines now than signed, or a digest now that is not the one signed.
function grewAfterSigning(a: AuditedApproval): string | null {
  const c = a.change;
  if (c === undefined) return null;
  if (c.signedLines !== undefined && c.currentLines !== undefined && c.currentLines > c.signedLines)
    return `the change grew from ${c.signedLines} to ${c.currentLines} lines after signing`;
  if (c.currentDigest !== undefined && a.changeDigest !== undefined && c.currentDigest !== a.changeDigest)
    return `the change is ${c.currentDigest} now, not the ${a.changeDigest} that was signed`;
  return null;
}

function within(minutes: number, hours: { start: number; end: number }): boolean {
  return hours.start <= hours.end
    ? minutes >= hours.start && minutes < hours.end
    : minutes >= hours.start || minutes < hours.end;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

// The wall-clock time in a time zone (Intl, the IANA database Node ships). An unknown zone is
// an input error; no zone is null (the caller flags it).
function localTime(
  at: Instant,
  timeZone: string | undefined,
  path: string,
): { weekday: number; minutes: number; text: string } | null {
  if (timeZone === undefined) return null;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatterFor(timeZone).formatToParts(new Date(Math.floor(at.us / 1000)));
  } catch (e) {
    throw new TrustladderError('INVALID_INPUT', `unknown time zone "${timeZone}"`, {
      issues: [{ code: 'unknown_time_zone', path, message: `"${timeZone}" is not an IANA time zone` }],
      cause: e,
    });
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const hour = Number(get('hour'));
  const minute = Number(get('minute'));
  const weekday = WEEKDAYS[get('weekday')] ?? 0;
  return {
    weekday,
    minutes: hour * 60 + minute,
    text: `${get('weekday')} ${get('hour')}:${get('minute')}`,
  };
}

// A formatter per zone: building one costs far more than formatting (bench/failure-modes).
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    if (FORMATTERS.size < 1024) FORMATTERS.set(timeZone, f);
  }
  return f;
}

function instant(text: string, path: string): Instant {
  const i = parseInstant(text);
  if (i === undefined)
    throw new TrustladderError('INVALID_INPUT', `"${text}" is not an RFC 3339 UTC instant`, {
      issues: [{ code: 'invalid_instant', path, message: 'is not a real UTC instant (RFC 3339, Z)' }],
    });
  return i;
}

function checkSettings(s: ApprovalAuditSettings): void {
  const bad: string[] = [];
  if (!Number.isFinite(s.minReviewSeconds) || s.minReviewSeconds < 0) bad.push('minReviewSeconds');
  const minute = (m: number) => Number.isInteger(m) && m >= 0 && m <= 24 * 60;
  if (!minute(s.workingHours.start) || !minute(s.workingHours.end)) bad.push('workingHours');
  if (s.workingDays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) bad.push('workingDays');
  if (!(s.maxShare >= 0 && s.maxShare <= 1)) bad.push('maxShare');
  if (!Number.isInteger(s.minCosignsForShare) || s.minCosignsForShare < 1) bad.push('minCosignsForShare');
  if (bad.length > 0)
    throw new TrustladderError('INVALID_INPUT', `invalid approval audit settings: ${bad.join(', ')}`, {
      issues: bad.map((b) => ({ code: 'invalid_setting', path: `/${b}`, message: 'out of range' })),
    });
}
