import type { Command } from '../command.js';
import { lazyCommand } from './lazy-command.js';

// Every command of the CLI, in the order `--help` lists them. One line per command module,
// imported when the command is asked for (lazy-command.ts says why).
export const COMMANDS: readonly Command[] = [
  lazyCommand(
    'classify',
    'classify a change into a tier T0..T3, with the rules and files that decided it',
    async () => (await import('./classify.js')).classifyCommand,
  ),
  lazyCommand(
    'ledger',
    'the autonomy ledger: record events, show ceilings (as of any time), verify, audit',
    async () => (await import('./ledger.js')).ledgerCommand,
  ),
  lazyCommand(
    'dispatch',
    'the dispatch gate: may this agent take this task, given its ceiling in the ledger',
    async () => (await import('./dispatch.js')).dispatchCommand,
  ),
  lazyCommand(
    'kyverno',
    'generate the Kyverno admission policies from attestors.yaml, and test them with Kyverno',
    async () => (await import('./kyverno.js')).kyvernoCommand,
  ),
  lazyCommand(
    'review',
    'the review gate: verify approval attestations of a pull request, offline',
    async () => (await import('./review.js')).reviewCommand,
  ),
  lazyCommand(
    'approval',
    'decide whether a proposed remediation needs a human approval (Rego, in-process WebAssembly)',
    async () => (await import('./approval.js')).approvalCommand,
  ),
  lazyCommand(
    'observe',
    'report what the cluster runs against the policies, read-only (namespaces, drift, unpinned images)',
    async () => (await import('./observe.js')).observeCommand,
  ),
  lazyCommand(
    'remediation',
    'the remediation trust ladder: requests and their outcomes, approvals, expiry, graduation',
    async () => (await import('./remediation.js')).remediationCommand,
  ),
  lazyCommand(
    'trust-level',
    'progressive trust levels 0 OBSERVE .. 5 AUTONOMOUS per application and environment',
    async () => (await import('./trust-level.js')).trustLevelCommand,
  ),
  lazyCommand(
    'reconcile',
    're-classify every open task under the current policy; record each tier that changed',
    async () => (await import('./reconcile.js')).reconcileCommand,
  ),
  lazyCommand(
    'escalation',
    'the stuck guard: escalate work found above its tier, and stalled runs',
    async () => (await import('./escalation.js')).escalationCommand,
  ),
  lazyCommand(
    'audit',
    'the post-hoc approval audit: unverified, rushed, off-hours, concentrated, grown and missing approvals',
    async () => (await import('./audit.js')).auditCommand,
  ),
];
