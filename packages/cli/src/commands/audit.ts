import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type AuditApprovalEntry, verifyAuditApprovals } from '@trustladder/attest';
import {
  type Admission,
  type ApprovalAuditReport,
  type ApprovalAuditSettings,
  type ApprovalFlagged,
  admissionsFromPolicyReports,
  auditApprovals,
  type CompiledAttestorPolicy,
  DEFAULT_APPROVAL_AUDIT_SETTINGS,
  DEFAULT_POLICY_TEXTS,
  defaultPolicySource,
  loadAttestorPolicy,
  loadDocument,
  parseYaml,
  TrustladderError,
} from '@trustladder/core';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import { markdownTable } from '../format/markdown-table.js';
import { textTable } from '../format/table.js';
import type { Io } from '../io.js';
import { readBlastRadiusPolicy, readInput, readJsonInput, required, timeFlag } from '../read-input.js';
import { BUNDLE_LIMITS, readTrustMaterial } from '../read-trust-material.js';
import { clusterErrorLine } from './cluster-error.js';
import { CLOCK_OPTIONS, instantFlag, now } from './ledger-common.js';
import { recordSignals } from './record-signals.js';

const USAGE = `Usage: trustladder audit approvals --approvals FILE --trusted-root ROOT.json [--attestors FILE] [--policy FILE] [--at TIME]
                                  [--admissions REPORTS | --cluster [--kubeconfig FILE] [--context NAME]]
                                  [--format table|markdown] [--json] [--log PATH [--ladder FILE]] [--now TIME]
                                  [--min-review-seconds 600] [--working-hours 09:00-18:00] [--working-days 1-5]
                                  [--max-share 0.5] [--min-cosigns 4]

  --approvals FILE      the co-signs and interface approvals to audit: each names its Sigstore bundle
                        (relative to FILE) with when it was requested, the approver's time zone and the
                        change's size (schemas/approval-audit-input.schema.json)
  --trusted-root FILE   Sigstore trusted root JSON; every bundle is verified offline, as the review gate
                        does, and only verified approvals are audited; the others are findings
  --attestors FILE      who signs approvals (default: the built-in policies/attestors.yaml)
  --policy FILE         the blast-radius policy the approvals name (default: the built-in one)
  --at TIME             judge the approvals as of this RFC 3339 time (default: now): expired ones fail
  --admissions REPORTS  Kyverno PolicyReports from a file (kubectl get policyreports -A -o json), JSON or YAML
  --cluster             read PolicyReports and ClusterPolicyReports from the cluster, read-only, with the
                        observer's credentials: --kubeconfig FILE, --context NAME (as trustladder observe)
  --min-review-seconds  an approval sooner than this after its request is rushed
  --working-hours       HH:MM-HH:MM in the approver's time zone; --working-days 1-5 (1 Monday .. 7 Sunday)
  --max-share           an approver who signs more than this share of the co-signs (from --min-cosigns on)
  --log PATH            record one ApprovalFlagged per finding, at --now (--ladder: the log's trust
                        ladder, the built-in one by default)
  --json                print the report (schemas/approval-audit-report.schema.json)
Exit 1 when anything is flagged, 0 otherwise, 2 on bad input or an unreachable cluster. Run it daily.`;

const APPROVAL_AGENT = 'approval-audit';
const REPORT_LIMITS = { maxBytes: 256 * 1024 * 1024, maxNodes: 20_000_000, maxDepth: 64 };

interface InputEntry {
  readonly kind: 'cosign' | 'interface';
  readonly bundle: string;
  readonly requestedAt: string;
  readonly timeZone?: string;
  readonly change?: AuditApprovalEntry['change'];
}

// The post-hoc audit of approvals (docs/failure-modes.md, "a human mis-approves T3").
export const auditCommand: Command = {
  name: 'audit',
  summary:
    'the post-hoc approval audit: unverified, rushed, off-hours, concentrated, grown and missing approvals',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'approvals')
      throw new CliError(
        'USAGE',
        sub === undefined ? 'audit needs a subcommand' : `unknown audit subcommand "${sub}"`,
      );
    const { values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        approvals: { type: 'string' },
        'trusted-root': { type: 'string' },
        attestors: { type: 'string' },
        policy: { type: 'string' },
        at: { type: 'string' },
        admissions: { type: 'string' },
        cluster: { type: 'boolean', default: false },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        format: { type: 'string', default: 'table' },
        json: { type: 'boolean', default: false },
        'min-review-seconds': { type: 'string' },
        'working-hours': { type: 'string' },
        'working-days': { type: 'string' },
        'max-share': { type: 'string' },
        'min-cosigns': { type: 'string' },
        log: { type: 'string' },
        ladder: { type: 'string' },
        ...CLOCK_OPTIONS,
      },
    });
    if (values.format !== 'table' && values.format !== 'markdown')
      throw new CliError('USAGE', '--format is table or markdown');
    // As in escalation and reconcile: the built-in trust ladder stands in for --ladder, and
    // openLedger refuses it for a log written under another one.
    if (values.ladder !== undefined && values.log === undefined)
      throw new CliError(
        'USAGE',
        '--ladder goes with --log (the trust ladder of that log; the built-in one by default)',
      );
    if (values.cluster && values.admissions !== undefined)
      throw new CliError('USAGE', 'read the admissions from one place: --admissions FILE or --cluster');
    if (!values.cluster && (values.kubeconfig !== undefined || values.context !== undefined))
      throw new CliError('USAGE', '--kubeconfig and --context go with --cluster');
    const settings = settingsFrom(values);
    const file = required(values.approvals, 'approvals');
    const rootFile = required(values['trusted-root'], 'trusted-root');
    const at = values.at === undefined ? undefined : timeFlag(values.at, 'at');
    const entries = await readEntries(file, io);
    const verified = verifyAuditApprovals(entries, {
      attestors: await readAttestors(values.attestors, io),
      trust: await readTrustMaterial(rootFile, io),
      policy: await readBlastRadiusPolicy(values.policy, io),
      ...(at === undefined ? {} : { at }),
    });
    let admissions: Admission[] = [];
    if (values.admissions !== undefined) {
      // YAML is a superset of JSON: one strict parser (duplicate keys, bounds) reads both.
      const parsed = parseYaml(await readInput(values.admissions, io), REPORT_LIMITS);
      if (!parsed.ok)
        throw new TrustladderError('PARSE_ERROR', 'the PolicyReports cannot be read', {
          source: values.admissions,
          issues: parsed.issues,
        });
      admissions = admissionsFromPolicyReports(parsed.value.value, values.admissions);
    } else if (values.cluster) {
      const read = await clusterAdmissions(values, io);
      if (typeof read === 'number') return read;
      admissions = read;
    }
    const report = auditApprovals(verified.approvals, admissions, settings, verified.unverified);
    if (values.log !== undefined) {
      const at = values.now === undefined ? now() : instantFlag(values.now, 'now');
      const events: ApprovalFlagged[] = report.findings.map((f) => ({
        type: 'ApprovalFlagged',
        at,
        agent: APPROVAL_AGENT,
        subject: f.subject.slice(0, 512),
        kind: f.kind,
        ...(f.by === null ? {} : { by: f.by }),
        flags: f.flags,
        detail: f.details.join('; ').slice(0, 4096),
      }));
      const failed = await recordSignals({ ...values, log: values.log }, events, io, 'audit');
      if (failed !== undefined) return failed;
    }
    if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout(values.format === 'markdown' ? markdown(report) : table(report, io));
    return report.findings.length > 0 ? EXIT_DENIED : EXIT_OK;
  },
};

// The input names bundle files relative to itself (or to the working folder for stdin); each
// is read within the bundle bounds, and an unreadable one is an input error naming it.
async function readEntries(file: string, io: Io): Promise<AuditApprovalEntry[]> {
  const input = loadDocument(await readInput(file, io), 'approval-audit-input', { source: file }).value as {
    approvals: InputEntry[];
  };
  const base = file === '-' ? io.cwd : dirname(resolve(io.cwd, file));
  const entries: AuditApprovalEntry[] = [];
  for (const e of input.approvals) {
    const path = resolve(base, e.bundle);
    const source = relative(io.cwd, path) || path;
    const { bundle: _name, ...context } = e;
    entries.push({ ...context, source, bundle: await readJsonInput(path, io, BUNDLE_LIMITS, 'the bundle') });
  }
  return entries;
}

async function readAttestors(file: string | undefined, io: Io): Promise<CompiledAttestorPolicy> {
  if (file === undefined)
    return loadAttestorPolicy(DEFAULT_POLICY_TEXTS.attestors, { source: defaultPolicySource('attestors') });
  return loadAttestorPolicy(await readInput(file, io), { source: file });
}

// The cluster's admissions through the observer's read-only client (loaded only here, as in
// observe). A cluster that cannot be read is one line and exit 2, never an empty audit.
async function clusterAdmissions(
  values: { kubeconfig?: string | undefined; context?: string | undefined },
  io: Io,
): Promise<Admission[] | number> {
  const { isK8sError, loadKubeConfig, ReadOnlyClient, readPolicyReports } = await import('@trustladder/k8s');
  try {
    const client = new ReadOnlyClient(
      loadKubeConfig({ kubeconfig: values.kubeconfig, context: values.context, env: io.env, cwd: io.cwd }),
    );
    // Report by report, so that a malformed one is named by its kind, namespace and name.
    return (await readPolicyReports(client)).flatMap((r) =>
      admissionsFromPolicyReports(
        r,
        `${client.server} ${r.kind} ${r.metadata?.namespace ? `${r.metadata.namespace}/` : ''}${r.metadata?.name}`,
      ),
    );
  } catch (e) {
    if (!isK8sError(e)) throw e;
    io.stderr(clusterErrorLine('audit', e));
    return EXIT_USAGE;
  }
}

function settingsFrom(values: Record<string, string | boolean | undefined>): ApprovalAuditSettings {
  const d = DEFAULT_APPROVAL_AUDIT_SETTINGS;
  const text = (k: string) => values[k] as string | undefined;
  const int = (k: string, fallback: number) => {
    const v = text(k);
    if (v === undefined) return fallback;
    if (!/^(0|[1-9][0-9]{0,8})$/.test(v)) throw new CliError('USAGE', `--${k} takes a whole number`);
    return Number(v);
  };
  const share = text('max-share');
  if (share !== undefined && !/^(0(\.[0-9]+)?|1(\.0+)?)$/.test(share))
    throw new CliError('USAGE', '--max-share takes a number from 0 to 1');
  const hours = text('working-hours');
  const h =
    hours === undefined
      ? undefined
      : /^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$/.exec(hours);
  if (h === null) throw new CliError('USAGE', '--working-hours takes HH:MM-HH:MM');
  const days = text('working-days');
  const dd = days === undefined ? undefined : /^([1-7])-([1-7])$/.exec(days);
  if (dd === null)
    throw new CliError('USAGE', '--working-days takes a range such as 1-5 (1 Monday .. 7 Sunday)');
  const range = (a: number, b: number) =>
    Array.from({ length: ((b - a + 7) % 7) + 1 }, (_, i) => ((a - 1 + i) % 7) + 1);
  return {
    minReviewSeconds: int('min-review-seconds', d.minReviewSeconds),
    workingHours: h
      ? { start: Number(h[1]) * 60 + Number(h[2]), end: Number(h[3]) * 60 + Number(h[4]) }
      : d.workingHours,
    workingDays: dd ? range(Number(dd[1]), Number(dd[2])) : d.workingDays,
    maxShare: share === undefined ? d.maxShare : Number(share),
    minCosignsForShare: int('min-cosigns', d.minCosignsForShare) || 1,
  };
}

const HEAD = ['SUBJECT', 'KIND', 'BY', 'FLAGS', 'WHY'];
const rowsOf = (r: ApprovalAuditReport) =>
  r.findings.map((f) => [f.subject, f.kind, f.by ?? '-', f.flags.join(', '), f.details.join('; ')]);

function summary(r: ApprovalAuditReport): string {
  const shares = r.cosignShares.map((s) => `${s.by} ${s.count} (${Math.round(s.share * 100)}%)`).join(', ');
  return `${r.approvals} verified approval(s), ${r.unverified} unverified, ${r.admissions} admission(s), ${r.findings.length} finding(s); co-signs: ${shares || 'none'}`;
}

function table(r: ApprovalAuditReport, io: Io): string {
  const p = paint(io);
  const head = r.findings.length > 0 ? p.red(summary(r)) : p.green(summary(r));
  return r.findings.length === 0 ? `${head}\n` : `${head}\n${textTable(HEAD, rowsOf(r))}`;
}

function markdown(r: ApprovalAuditReport): string {
  const body = r.findings.length === 0 ? 'Nothing flagged.\n' : markdownTable(HEAD, rowsOf(r));
  return `## Approval audit\n\n${summary(r)}\n\n${body}`;
}
