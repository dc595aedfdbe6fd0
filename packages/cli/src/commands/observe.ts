import { parseArgs } from 'node:util';
import {
  type CompiledAttestorPolicy,
  DEFAULT_POLICY_TEXTS,
  defaultPolicySource,
  loadAttestorPolicy,
} from '@trustladder/core';
// Types only: @trustladder/k8s (and @kubernetes/client-node under it) is loaded when observe
// runs, so that no other command pays for it.
import type { LadderView, ObserverReport } from '@trustladder/k8s';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { readInput } from '../read-input.js';
import { clusterErrorLine } from './cluster-error.js';
import { ledgerLadderViews } from './remediation-context.js';

const USAGE = `Usage: trustladder observe [--kubeconfig FILE] [--context NAME] [--attestors FILE] [--json] [--watch]

  Reads the cluster (never writes it) and reports namespaces and their blast-radius tiers,
  drift of the generated Kyverno policies, images not pinned by digest in T2, T3 and
  unknown-tier namespaces, the observer's own RBAC, and what the ladders say.

  --kubeconfig FILE  the kubeconfig (default: $KUBECONFIG, ~/.kube/config, else in-cluster)
  --context NAME     a context of the kubeconfig (default: its current-context)
  --attestors FILE   attestors.yaml the policies are generated from (default: the built-in one)
  --json             print the report (schemas/observer-report.schema.json); with --watch, one per line
  --watch            keep the report current with informers and print it again on every change;
                     Ctrl-C stops
  --log PATH|URL     a ledger: add what the remediation ladder and the trust levels recorded there
                     say of each namespace (read once at start-up)
  --remediation-ladder FILE  the remediation ladder for --log (default: the built-in one)
  --trust-agent NAME the agent whose trust levels --log reports (default: automation)

  Exit: 0 no finding, 1 findings (drift, unpinned images, RBAC that grants writes),
        2 usage error or the cluster cannot be reached`;

export interface ObserveDeps {
  /** Aborts a --watch (default: SIGINT or SIGTERM). */
  readonly stopSignal?: () => { signal: AbortSignal; dispose: () => void };
  /** What the ladders say (default: the namespace's tier and what attestors.yaml requires). */
  readonly ladder?: (attestors: CompiledAttestorPolicy) => LadderView;
}

// SIGINT (Ctrl-C) and SIGTERM end a --watch cleanly: the informers stop, their watch
// requests are aborted, and the command returns the last report's exit code.
function processStopSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

export function makeObserveCommand(deps: ObserveDeps = {}): Command {
  return {
    name: 'observe',
    summary:
      'report what the cluster runs against the policies, read-only (namespaces, drift, unpinned images)',
    usage: USAGE,
    async run(args, io) {
      const { values } = parseArgs({
        args: [...args],
        strict: true,
        allowPositionals: false,
        options: {
          kubeconfig: { type: 'string' },
          context: { type: 'string' },
          attestors: { type: 'string' },
          json: { type: 'boolean', default: false },
          watch: { type: 'boolean', default: false },
          log: { type: 'string' },
          'remediation-ladder': { type: 'string' },
          'trust-agent': { type: 'string', default: 'automation' },
        },
      });
      if (values.log === undefined && values['remediation-ladder'] !== undefined) {
        throw new CliError('USAGE', '--remediation-ladder goes with --log');
      }
      const attestors = await loadAttestors(values.attestors, io);
      const json = values.json === true;
      const {
        combineLadderViews,
        formatReport,
        isK8sError,
        loadKubeConfig,
        observeOnce,
        ReadOnlyClient,
        tierLadderView,
        watchObserver,
      } = await import('@trustladder/k8s');
      const print = (report: ObserverReport, how: PrintHow) => printReport(report, io, how, formatReport);
      try {
        const loaded = loadKubeConfig({
          kubeconfig: values.kubeconfig,
          context: values.context,
          env: io.env,
          cwd: io.cwd,
        });
        const client = new ReadOnlyClient(loaded);
        const ledgerViews =
          values.log === undefined
            ? []
            : await ledgerLadderViews(
                {
                  log: values.log,
                  ladder: values['remediation-ladder'],
                  trustAgent: values['trust-agent'] ?? 'automation',
                },
                io,
              );
        const ladder =
          deps.ladder?.(attestors) ??
          (ledgerViews.length > 0
            ? combineLadderViews(tierLadderView(attestors), ...ledgerViews)
            : undefined);
        const options = { client, attestors, ...(ladder ? { ladder } : {}) };
        if (values.watch !== true) {
          const report = await observeOnce(options);
          print(report, { json, lines: false, again: false });
          return report.ok ? EXIT_OK : EXIT_DENIED;
        }
        const stop = (deps.stopSignal ?? processStopSignal)();
        try {
          let printed = 0;
          const last = await watchObserver({
            ...options,
            signal: stop.signal,
            onReport: (report) => print(report, { json, lines: true, again: printed++ > 0 }),
          });
          return last.ok ? EXIT_OK : EXIT_DENIED;
        } finally {
          stop.dispose();
        }
      } catch (e) {
        if (!isK8sError(e)) throw e;
        io.stderr(clusterErrorLine('observe', e));
        return EXIT_USAGE;
      }
    },
  };
}

export const observeCommand: Command = makeObserveCommand();

async function loadAttestors(file: string | undefined, io: Io): Promise<CompiledAttestorPolicy> {
  if (file === undefined) {
    return loadAttestorPolicy(DEFAULT_POLICY_TEXTS.attestors, { source: defaultPolicySource('attestors') });
  }
  return loadAttestorPolicy(await readInput(file, io), { source: file });
}

// A single report is pretty-printed JSON; --watch --json prints JSON lines, one report each.
// Human output under --watch separates each reprint with a dim timestamp line.
interface PrintHow {
  readonly json: boolean;
  readonly lines: boolean;
  readonly again: boolean;
}

function printReport(
  report: ObserverReport,
  io: Io,
  how: PrintHow,
  formatReport: typeof import('@trustladder/k8s').formatReport,
): void {
  if (how.json) {
    io.stdout(how.lines ? `${JSON.stringify(report)}\n` : `${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const p = paint(io);
  if (how.again) io.stdout(`\n${p.dim(`-- ${report.at}`)}\n`);
  io.stdout(formatReport(report, p));
}
