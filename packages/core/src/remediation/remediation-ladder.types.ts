import type { RemediationLevelName } from '../ladder/event.types.js';

// The remediation ladder (schemas/remediation-ladder.schema.json): the document as written,
// and compiled for evaluation (durations in microseconds, entries indexed by scope).

export interface RemediationEntryDocument {
  readonly workflow: string;
  readonly namespace?: string;
  readonly environment?: string;
  readonly level: RemediationLevelName;
  readonly graduated?: boolean;
  readonly approvalExpiry?: string;
  readonly automaticMoves?: boolean;
  readonly maxAutoLevel?: RemediationLevelName;
}

export interface RemediationLadderDocument {
  readonly apiVersion: 'trustladder.dev/v1';
  readonly kind: 'RemediationLadder';
  readonly metadata: { readonly name: string; readonly description?: string };
  readonly agent: string;
  readonly defaultLevel?: RemediationLevelName;
  readonly holdPeriod?: string;
  readonly approval?: {
    readonly defaultExpiry?: string;
    readonly namespaces?: Readonly<Record<string, string>>;
  };
  readonly graduation?: {
    readonly promote?: {
      readonly dryRuns?: number;
      readonly approvals?: number;
      readonly assessments?: number;
      readonly effectiveness?: number;
    };
    readonly demote?: {
      readonly rejections?: number;
      readonly effectiveness?: number;
      readonly manualReviews?: number;
    };
  };
  readonly workflows: readonly RemediationEntryDocument[];
}

/** One ladder entry, compiled. `scope` names it in events and reports. */
export interface RemediationEntry {
  readonly scope: string;
  readonly workflow: string;
  readonly namespace: string | undefined;
  /** Lower-cased: environments compare case-insensitively. */
  readonly environment: string | undefined;
  readonly level: RemediationLevelName;
  readonly graduated: boolean;
  readonly approvalExpiryUs: number | undefined;
  readonly automaticMoves: boolean;
  readonly maxAutoLevel: RemediationLevelName;
}

export interface GraduationRules {
  readonly promote: {
    readonly dryRuns: number;
    readonly approvals: number;
    readonly assessments: number;
    readonly effectiveness: number;
  };
  readonly demote: {
    readonly rejections: number;
    readonly effectiveness: number;
    readonly manualReviews: number;
  };
}

export interface RemediationLadder {
  readonly name: string;
  readonly digest: string;
  readonly agent: string;
  readonly defaultLevel: RemediationLevelName;
  readonly holdUs: number;
  readonly defaultExpiryUs: number;
  readonly namespaceExpiryUs: ReadonlyMap<string, number>;
  readonly graduation: GraduationRules;
  /** Every entry by scope; `default` is the entry of workflows no entry names. */
  readonly entries: ReadonlyMap<string, RemediationEntry>;
  readonly byWorkflow: ReadonlyMap<string, readonly RemediationEntry[]>;
  readonly document: RemediationLadderDocument;
}

/** The scope of workflows no ladder entry names. */
export const DEFAULT_SCOPE = 'default';

/** The levels, least autonomy first. */
export const REMEDIATION_LEVEL_ORDER: readonly RemediationLevelName[] = [
  'observe',
  'selective',
  'approve',
  'automate',
];

export function levelRank(level: RemediationLevelName): number {
  return REMEDIATION_LEVEL_ORDER.indexOf(level);
}
