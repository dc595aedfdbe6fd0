import type { CompiledAttestorPolicy } from '@trustladder/core';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** The annotations every generated policy carries (the policy-library convention). */
export function policyAnnotations(
  source: CompiledAttestorPolicy,
  fields: { title: string; category: string; severity: Severity; subject: string; description: string },
): Record<string, string> {
  return {
    'policies.kyverno.io/title': fields.title,
    'policies.kyverno.io/category': fields.category,
    'policies.kyverno.io/severity': fields.severity,
    'policies.kyverno.io/subject': fields.subject,
    'policies.kyverno.io/minversion': '1.19.0',
    'policies.kyverno.io/description': fields.description,
    'trustladder.dev/generated-from': `AttestorPolicy ${source.name} ${source.digest}`,
  };
}

export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'trustladder' } as const;
