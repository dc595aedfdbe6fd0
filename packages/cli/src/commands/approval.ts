import { parseArgs } from 'node:util';
import type { ApprovalDecision } from '@trustladder/core';
import { loadApprovalEvaluator } from '@trustladder/core/node';
import type { Command } from '../command.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { readJsonInput, required } from '../read-input.js';

const USAGE = `Usage: trustladder approval --input INPUT.json [--data DATA.json|.yaml] [--json]

  --input FILE   a proposed remediation (schemas/approval-input.schema.json); "-" reads standard input
  --data FILE    approval data (schemas/approval-data.schema.json; default: the built-in policies/approval-data.yaml)
  --json         print { "requireApproval": ..., "reasons": [...] } (schemas/approval-result.schema.json)

Exit status: 0 the remediation may run on its own; 1 a human must approve it; 2 usage or input error.`;

// A remediation input is small; a bound keeps a hostile file from costing much.
const INPUT_LIMITS = { maxBytes: 1024 * 1024, maxNodes: 100_000, maxDepth: 32 };

// Evaluates the remediation approval policy (Rego compiled to WebAssembly, in-process).
// Exit 1 means "the policy does not auto-approve": like every trustladder gate, "no" is 1, so a
// pipeline that runs `trustladder approval ... && remediate` never remediates without a human.
// An input the policy cannot judge (a missing environment, a confidence that is not a number)
// is not a usage error: the policy judges it, and it requires approval (exit 1). Only input
// that is not JSON at all, or unreadable, is exit 2.
export const approvalCommand: Command = {
  name: 'approval',
  summary: 'decide whether a proposed remediation needs a human approval (Rego, in-process WebAssembly)',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        input: { type: 'string' },
        data: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const inputFile = required(values.input, 'input');
    const input = await readJsonInput(inputFile, io, INPUT_LIMITS, 'the input');
    const evaluator = await loadApprovalEvaluator(values.data, { cwd: io.cwd });
    const decision = evaluator.evaluate(input);
    print(decision, values.json === true, io);
    return decision.requireApproval ? EXIT_DENIED : EXIT_OK;
  },
};

function print(decision: ApprovalDecision, json: boolean, io: Io): void {
  if (json) {
    io.stdout(
      `${JSON.stringify({ requireApproval: decision.requireApproval, reasons: decision.reasons }, null, 2)}\n`,
    );
    return;
  }
  const p = paint(io);
  if (!decision.requireApproval) {
    io.stdout(`${p.green('auto-approved')}: nothing requires a human approval\n`);
    return;
  }
  io.stdout(`${p.red('approval required')}:\n${decision.reasons.map((r) => `  - ${r}\n`).join('')}`);
}
