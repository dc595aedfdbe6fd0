import type { NamespaceReport, ObserverReport, WorkloadReport } from './observer-report.types.js';

/** Colours for the human output (the CLI passes plain functions when stdout is not a TTY). */
export interface ReportPaint {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly cyan: (s: string) => string;
}

export const PLAIN: ReportPaint = {
  bold: (s) => s,
  dim: (s) => s,
  red: (s) => s,
  yellow: (s) => s,
  green: (s) => s,
  cyan: (s) => s,
};

// The report in a few lines: RBAC, namespaces with their tiers, policy drift, unpinned
// images, and the finding count. A pod or replica set whose unpinned images are all shown on
// its controller is folded into a count, so a Deployment's problem is printed once.
export function formatReport(report: ObserverReport, p: ReportPaint = PLAIN): string {
  const lines: string[] = [];
  const short = report.attestors.digest.replace(/^(sha256:.{12}).*$/, '$1');
  lines.push(
    `${p.bold('trustladder observe')} ${report.cluster.server} ${p.dim(`(context ${report.cluster.context}, attestors ${report.attestors.name} ${short})`)}`,
  );

  const rbac = report.rbac;
  const rbacText =
    rbac.state === 'read-only'
      ? p.green('read-only')
      : rbac.state === 'writes-granted'
        ? p.red(
            `WRITES GRANTED: ${rbac.writeGrants.map((g) => `${writeVerbs(g.verbs)} ${g.resources.join(',')}`).join('; ')}`,
          )
        : p.yellow(`unverified: ${rbac.problem ?? ''}`);
  lines.push(`  ${'RBAC'.padEnd(11)} ${rbacText} ${p.dim(`(rules review in ${rbac.namespace})`)}`);

  const ns = report.namespaces.map((n) => namespaceText(n, p));
  lines.push(`  ${'Namespaces'.padEnd(11)} ${ns.length === 0 ? p.dim('none') : ns.join(', ')}`);

  const pol = report.policies;
  const count = (c: string) => pol.drift.filter((d) => d.change === c).length;
  const polHead = `${pol.expected.length} expected, ${count('missing')} missing, ${count('changed')} changed, ${count('extra')} extra`;
  const served = pol.served ? '' : p.yellow(` (${pol.apiVersion} not served)`);
  lines.push(
    `  ${'Kyverno'.padEnd(11)} ${pol.drift.length === 0 ? p.green(polHead) : p.red(polHead)}${served}`,
  );
  for (const d of pol.drift) {
    const fields = d.fields.length > 0 ? p.dim(`  ${d.fields.join(' ')}`) : '';
    lines.push(`    ${p.red(d.change.padEnd(8))} ${d.kind} ${d.name}${fields}`);
  }

  const { shown, folded } = foldOwned(report.workloads);
  const n = report.workloads.length;
  const imgHead =
    n === 0
      ? p.green('every image in T2, T3 and unknown-tier namespaces is pinned by digest')
      : p.red(
          `${n} workload${n === 1 ? '' : 's'} in T2, T3 or unknown-tier namespaces run images not pinned by digest`,
        );
  lines.push(`  ${'Images'.padEnd(11)} ${imgHead}`);
  const nsNotes = new Map(report.namespaces.map((x) => [x.name, x.ladder.notes]));
  let current: string | undefined;
  for (const w of shown) {
    const known = nsNotes.get(w.namespace) ?? [];
    if (w.namespace !== current) {
      current = w.namespace;
      lines.push(
        `    ${p.bold(w.namespace)} ${tierText(w.tier, p)}${known.length > 0 ? p.dim(`  ${known.join(' ')}`) : ''}`,
      );
    }
    lines.push(`      ${w.kind} ${p.bold(w.name)}`);
    for (const i of w.unpinned)
      lines.push(`        ${i.slot} ${i.name}  ${p.yellow(i.image || '(no image)')}`);
    // What the ladders say about this workload beyond what they said about its namespace.
    const ladder = [
      w.ladder.remediationLevel === undefined ? '' : `remediation level ${w.ladder.remediationLevel}`,
      w.ladder.trustLevel === undefined ? '' : `trust level ${w.ladder.trustLevel}`,
      ...w.ladder.notes.filter((note) => !known.includes(note)),
    ].filter((x) => x !== '');
    for (const note of ladder) lines.push(`        ${p.cyan(note)}`);
  }
  if (folded > 0)
    lines.push(`    ${p.dim(`(+${folded} owned by the workloads above, with the same images)`)}`);

  for (const s of report.sources) {
    if (s.state === 'error' || s.state === 'pending')
      lines.push(`  ${p.yellow('!')} ${s.resource} ${s.state}${s.problem ? `: ${s.problem}` : ''}`);
  }
  const f = report.findings.length;
  lines.push(f === 0 ? p.green('no findings') : p.red(`${f} finding${f === 1 ? '' : 's'}`));
  return `${lines.join('\n')}\n`;
}

function writeVerbs(verbs: readonly string[]): string {
  return verbs.filter((v) => !['get', 'list', 'watch'].includes(v.toLowerCase())).join(',');
}

function namespaceText(n: NamespaceReport, p: ReportPaint): string {
  if (n.tier !== 'unknown') return `${n.name} ${tierText(n.tier, p)}`;
  const why = n.label === null ? 'no blast-radius label' : `blast-radius=${JSON.stringify(n.label)}`;
  return `${n.name} ${tierText('unknown', p)} ${p.dim(`(${why})`)}`;
}

function tierText(tier: string, p: ReportPaint): string {
  if (tier === 'T3' || tier === 'unknown') return p.red(tier);
  if (tier === 'T2') return p.yellow(tier);
  return p.cyan(tier);
}

// A workload is folded when its controller is reported too and every unpinned image of it
// is also one of the controller's (same slot, name, image): nothing is hidden that the
// controller's lines do not show. An ephemeral container added to one pod stays visible.
function foldOwned(workloads: readonly WorkloadReport[]): { shown: WorkloadReport[]; folded: number } {
  const key = (ns: string, kind: string, name: string) => `${ns}/${kind}/${name}`;
  const byKey = new Map(workloads.map((w) => [key(w.namespace, w.kind, w.name), w]));
  const shown: WorkloadReport[] = [];
  let folded = 0;
  for (const w of workloads) {
    const owner = w.controller
      ? byKey.get(key(w.namespace, w.controller.kind, w.controller.name))
      : undefined;
    const covered =
      owner !== undefined &&
      w.unpinned.every((i) =>
        owner.unpinned.some((o) => o.slot === i.slot && o.name === i.name && o.image === i.image),
      );
    if (covered) folded += 1;
    else shown.push(w);
  }
  return { shown, folded };
}
