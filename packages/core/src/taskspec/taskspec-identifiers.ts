import type { Issue } from '../issues.js';
import { joinPointer } from '../issues.js';
import { identifierIssues } from '../text/identifier.js';
import type { TaskSpec } from './taskspec.types.js';

// The identifiers of a TaskSpec that decide something: who may take it, who drives it, who
// approved it, which class it earns a ceiling on, and which files it touches. Each must be
// free of characters a reviewer cannot see (text/identifier.ts); the schema's name pattern
// refuses most of them too, the surfaces it cannot (any path may be a surface).
export function taskSpecIdentifierIssues(spec: TaskSpec): Issue[] {
  const issues: Issue[] = [];
  const check = (text: unknown, path: string) => {
    if (typeof text === 'string') issues.push(...identifierIssues(text, path));
  };
  check(spec.id, '/id');
  check(spec.task_class, '/task_class');
  check(spec.assigned_agent, '/assigned_agent');
  check(spec.human_driver, '/human_driver');
  check(spec.blast_radius?.evaluated_by, '/blast_radius/evaluated_by');
  spec.blast_radius?.surfaces?.forEach((surface, i) => {
    check(surface, joinPointer('/blast_radius/surfaces', i));
  });
  for (const kind of ['interface', 'cosign'] as const)
    check(spec.approvals?.[kind]?.by, `/approvals/${kind}/by`);
  return issues;
}
