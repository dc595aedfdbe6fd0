import type { Command } from '../command.js';
import { approvalCommand } from './approval.js';
import { auditCommand } from './audit.js';
import { classifyCommand } from './classify.js';
import { dispatchCommand } from './dispatch.js';
import { escalationCommand } from './escalation.js';
import { kyvernoCommand } from './kyverno.js';
import { ledgerCommand } from './ledger.js';
import { observeCommand } from './observe.js';
import { reconcileCommand } from './reconcile.js';
import { remediationCommand } from './remediation.js';
import { reviewCommand } from './review.js';
import { trustLevelCommand } from './trust-level.js';

// Every command of the CLI, in the order `--help` lists them. One line per command module.
export const COMMANDS: readonly Command[] = [
  classifyCommand,
  ledgerCommand,
  dispatchCommand,
  kyvernoCommand,
  reviewCommand,
  approvalCommand,
  observeCommand,
  remediationCommand,
  trustLevelCommand,
  reconcileCommand,
  escalationCommand,
  auditCommand,
];
