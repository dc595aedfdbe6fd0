import { canonicalDigest } from '../digest/index.js';
import { TrustladderError } from '../errors.js';
import { type Issue, pointer } from '../issues.js';
import { loadDocument, withPositions } from '../load/index.js';
import { HOUR_US, MINUTE_US, parseRemediationDuration } from './duration.js';
import {
  DEFAULT_SCOPE,
  type RemediationEntry,
  type RemediationLadder,
  type RemediationLadderDocument,
} from './remediation-ladder.types.js';
import { scopeKey } from './scope.js';

const HOLD_MIN_US = 5 * MINUTE_US;
const HOLD_MAX_US = 168 * HOUR_US;
// An approval nobody can act on (under a minute) or one that waits longer than a week is
// a configuration mistake, not a policy.
const EXPIRY_MIN_US = MINUTE_US;
const EXPIRY_MAX_US = 168 * HOUR_US;

/**
 * Loads a remediation ladder (YAML or JSON): schema first, then the rules a schema cannot say
 * (hold period 5m..168h, expiries 1m..168h, one entry per scope). Throws TrustladderError
 * INVALID_DOCUMENT carrying every issue with its JSON pointer.
 */
export function loadRemediationLadder(text: string, options: { source?: string } = {}): RemediationLadder {
  const loaded = loadDocument(text, 'remediation-ladder', options);
  const doc = loaded.value as RemediationLadderDocument;
  const issues = withPositions(checkLadder(doc), loaded.value, loaded.positions);
  if (issues.length > 0)
    throw new TrustladderError(
      'INVALID_DOCUMENT',
      `the remediation ladder is invalid: ${issues.length} problem(s)`,
      {
        source: options.source,
        issues,
      },
    );
  return compileRemediationLadder(doc);
}

function checkLadder(doc: RemediationLadderDocument): Issue[] {
  const issues: Issue[] = [];
  const bounded = (text: string | undefined, min: number, max: number, path: string, what: string): void => {
    if (text === undefined) return;
    const us = parseRemediationDuration(text);
    if (us === undefined || us < min || us > max)
      issues.push({
        code: 'duration_out_of_range',
        path,
        message: `${what} ${text} is outside ${what === 'hold period' ? '5m..168h' : '1m..168h'}`,
      });
  };
  bounded(doc.holdPeriod, HOLD_MIN_US, HOLD_MAX_US, '/holdPeriod', 'hold period');
  bounded(
    doc.approval?.defaultExpiry,
    EXPIRY_MIN_US,
    EXPIRY_MAX_US,
    '/approval/defaultExpiry',
    'approval expiry',
  );
  for (const [ns, text] of Object.entries(doc.approval?.namespaces ?? {}))
    bounded(text, EXPIRY_MIN_US, EXPIRY_MAX_US, pointer('approval', 'namespaces', ns), 'approval expiry');
  const seen = new Map<string, number>();
  doc.workflows.forEach((w, i) => {
    bounded(
      w.approvalExpiry,
      EXPIRY_MIN_US,
      EXPIRY_MAX_US,
      pointer('workflows', i, 'approvalExpiry'),
      'approval expiry',
    );
    const key = scopeKey(w.workflow, w.namespace, w.environment?.toLowerCase());
    const first = seen.get(key);
    if (first !== undefined)
      issues.push({
        code: 'duplicate_scope',
        path: pointer('workflows', i),
        message: `names the same workflow, namespace and environment as /workflows/${first} (${key})`,
      });
    else seen.set(key, i);
    if (w.workflow === DEFAULT_SCOPE)
      issues.push({
        code: 'reserved_name',
        path: pointer('workflows', i, 'workflow'),
        message: `"${DEFAULT_SCOPE}" names the entry of unnamed workflows`,
      });
  });
  return issues;
}

/** Compiles a document that already passed the schema and the load checks. */
export function compileRemediationLadder(doc: RemediationLadderDocument): RemediationLadder {
  const entries = new Map<string, RemediationEntry>();
  const byWorkflow = new Map<string, RemediationEntry[]>();
  const defaultLevel = doc.defaultLevel ?? 'observe';
  entries.set(DEFAULT_SCOPE, {
    scope: DEFAULT_SCOPE,
    workflow: DEFAULT_SCOPE,
    namespace: undefined,
    environment: undefined,
    level: defaultLevel,
    graduated: false,
    approvalExpiryUs: undefined,
    automaticMoves: false,
    maxAutoLevel: 'observe',
  });
  for (const w of doc.workflows) {
    const environment = w.environment?.toLowerCase();
    const entry: RemediationEntry = {
      scope: scopeKey(w.workflow, w.namespace, environment),
      workflow: w.workflow,
      namespace: w.namespace,
      environment,
      level: w.level,
      graduated: w.graduated ?? false,
      approvalExpiryUs:
        w.approvalExpiry === undefined ? undefined : parseRemediationDuration(w.approvalExpiry),
      automaticMoves: w.automaticMoves ?? false,
      maxAutoLevel: w.maxAutoLevel ?? 'approve',
    };
    entries.set(entry.scope, entry);
    const list = byWorkflow.get(w.workflow);
    if (list) list.push(entry);
    else byWorkflow.set(w.workflow, [entry]);
  }
  const namespaceExpiryUs = new Map<string, number>();
  for (const [ns, text] of Object.entries(doc.approval?.namespaces ?? {}))
    namespaceExpiryUs.set(ns, parseRemediationDuration(text) as number);
  const promote = doc.graduation?.promote ?? {};
  const demote = doc.graduation?.demote ?? {};
  return {
    name: doc.metadata.name,
    digest: canonicalDigest(doc),
    agent: doc.agent,
    defaultLevel,
    holdUs: parseRemediationDuration(doc.holdPeriod ?? '1h') as number,
    defaultExpiryUs: parseRemediationDuration(doc.approval?.defaultExpiry ?? '15m') as number,
    namespaceExpiryUs,
    graduation: {
      promote: {
        dryRuns: promote.dryRuns ?? 10,
        approvals: promote.approvals ?? 5,
        assessments: promote.assessments ?? 3,
        effectiveness: promote.effectiveness ?? 0.8,
      },
      demote: {
        rejections: demote.rejections ?? 2,
        effectiveness: demote.effectiveness ?? 0.5,
        manualReviews: demote.manualReviews ?? 2,
      },
    },
    entries,
    byWorkflow,
    document: doc,
  };
}
