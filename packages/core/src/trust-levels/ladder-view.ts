import type { ObservedSubject, ObservedVerdict } from '../remediation/ladder-view.js';
import { TRUST_LEVEL_NAMES } from './trust-level.types.js';
import type { TrustLevelState } from './trust-level-state.js';

/**
 * Progressive trust levels as the read-only observer's LadderView. The application is the
 * workload's name and the environment its namespace unless `environmentOf` maps namespaces to
 * environments. For a namespace without a workload, the highest level any application has in
 * that environment (a report never understates autonomy); 0 when none was ever set.
 */
export function trustLevelView(
  state: TrustLevelState,
  options: { agent: string; environmentOf?: (namespace: string) => string },
): { verdict(subject: ObservedSubject): ObservedVerdict } {
  return {
    verdict(subject) {
      const environment = options.environmentOf?.(subject.namespace) ?? subject.namespace;
      if (subject.workload) {
        const r = state.record(options.agent, subject.workload.name, environment);
        const level = r?.level ?? 0;
        return {
          trustLevel: level,
          notes: [
            `trust level of ${options.agent} for ${subject.workload.name} in ${environment}: ${level} ${TRUST_LEVEL_NAMES[level]}${r ? ` (set by ${r.by} at ${r.at})` : ' (never set)'}`,
          ],
        };
      }
      const inEnv = state
        .all()
        .filter(
          (r) => r.agent === options.agent && r.environment.toLowerCase() === environment.toLowerCase(),
        );
      const top = inEnv.reduce((m, r) => Math.max(m, r.level), 0);
      return {
        trustLevel: top,
        notes: [
          inEnv.length === 0
            ? `trust level of ${options.agent} in ${environment}: 0 OBSERVE (never set)`
            : `trust level of ${options.agent} in ${environment}: up to ${top} ${TRUST_LEVEL_NAMES[top]} over ${inEnv.length} application(s)`,
        ],
      };
    },
  };
}
