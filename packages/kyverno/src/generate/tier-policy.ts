import type { CompiledAttestor, CompiledAttestorPolicy, TierRequirement } from '@trustladder/core';
import type {
  CosignAttestor,
  ImageValidatingPolicy,
  InTotoAttestation,
  Validation,
} from '../kyverno.types.js';
import { MANAGED_BY, policyAnnotations, type Severity } from './annotations.js';
import { ALL_POD_IMAGES, celString } from './cel.js';
import { attestationNames, BLAST_RADIUS_LABEL, tierEphemeralPolicyName, tierPolicyName } from './names.js';

/**
 * What a tier policy admits: `pods` (and, through Kyverno's autogen, Deployments, Jobs,
 * CronJobs, StatefulSets, DaemonSets and ReplicaSets) or `ephemeral-containers` (the
 * `pods/ephemeralcontainers` subresource `kubectl debug` writes).
 */
export type TierPolicyTarget = 'pods' | 'ephemeral-containers';

const SEVERITY: Record<TierRequirement['tier'], Severity> = {
  T0: 'low',
  T1: 'medium',
  T2: 'high',
  T3: 'critical',
};

// One ImageValidatingPolicy for the namespaces of one tier. Each required attestor is
// checked by its own verifyAttestationSignatures call (> 0) on every image: one call over
// several attestors returns how many verified, and `> 0` would then admit an image that only
// one of them signed. Digests are required and never filled in from tags (mutateDigest off):
// an approval names an image digest, and a tag can move after it was given.
//
// Two per tier, because Kyverno 1.19 generates the controller rules (autogen) only when the
// resources are exactly `pods`: listing `pods/ephemeralcontainers` beside it would leave a
// Deployment with an unsigned image admitted, to fail only later at its pods.
export function buildTierPolicy(
  source: CompiledAttestorPolicy,
  tier: TierRequirement,
  target: TierPolicyTarget = 'pods',
): ImageValidatingPolicy {
  const names = attestationNames(tier.require);
  const label = tier.namespaceLabel;
  const who = tier.require.map((a) => a.name).join(' and ');
  const pods = target === 'pods';
  return {
    apiVersion: 'policies.kyverno.io/v1',
    kind: 'ImageValidatingPolicy',
    metadata: {
      name: pods ? tierPolicyName(tier.tier) : tierEphemeralPolicyName(tier.tier),
      labels: { ...MANAGED_BY, 'trustladder.dev/tier': label },
      annotations: policyAnnotations(source, {
        title: pods
          ? `Tier ${tier.tier} images need ${who} attestations`
          : `Tier ${tier.tier} ephemeral containers need ${who} attestations`,
        category: 'Software Supply Chain Security',
        severity: SEVERITY[tier.tier],
        subject: pods ? 'Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob' : 'Pod',
        description: pods
          ? `A pod, or a controller's pod template, lands in a namespace labelled ${BLAST_RADIUS_LABEL}: ${label} ` +
            `only when every image of every container, init container, ephemeral container and image volume ` +
            `is pinned by digest and carries a verified attestation from each of ${who}, each attestor checked on its own.`
          : `An ephemeral container (kubectl debug) is added to a pod in a namespace labelled ${BLAST_RADIUS_LABEL}: ` +
            `${label} only when every image of the pod is pinned by digest and carries a verified attestation ` +
            `from each of ${who}, each attestor checked on its own.`,
      }),
    },
    spec: {
      validationActions: ['Deny'],
      failurePolicy: 'Fail',
      // Verification fetches signatures from the registry; a timeout denies (failurePolicy Fail).
      webhookConfiguration: { timeoutSeconds: 30 },
      evaluation: { admission: { enabled: true }, background: { enabled: true } },
      matchConstraints: {
        namespaceSelector: { matchLabels: { [BLAST_RADIUS_LABEL]: label } },
        resourceRules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE'],
            // Exactly `pods`, or autogen is off; kubectl debug writes the subresource.
            resources: [pods ? 'pods' : 'pods/ephemeralcontainers'],
          },
        ],
      },
      validationConfigurations: { verifyDigest: true, required: true, mutateDigest: false },
      attestors: tier.require.map((a) => cosignAttestor(a, source)),
      attestations: [...names].map(([type, name]): InTotoAttestation => ({ name, intoto: { type } })),
      validations: [
        {
          expression: `${ALL_POD_IMAGES}.all(image, image.matches('@sha256:[0-9a-f]{64}$'))`,
          message: `every image in a ${BLAST_RADIUS_LABEL}: ${label} namespace must be referenced by digest (image@sha256:...)`,
          reason: 'Forbidden',
        },
        ...tier.require.map((a) => attestorValidation(a, names.get(a.predicateType) as string, label)),
      ],
    },
  };
}

// The attestor as Kyverno's cosign verifier reads it. The trust settings of a private
// Sigstore deployment go on every attestor; transparency-log and SCT checks are always on.
function cosignAttestor(a: CompiledAttestor, source: CompiledAttestorPolicy): CosignAttestor {
  const subject = a.identity.subject;
  const identity =
    subject.kind === 'exact'
      ? { issuer: a.identity.issuer, subject: subject.value }
      : { issuer: a.identity.issuer, subjectRegExp: subject.pattern };
  const trust = source.trust;
  return {
    name: a.name,
    cosign: {
      keyless: { identities: [identity], ...(trust?.fulcioRoots ? { roots: trust.fulcioRoots } : {}) },
      ctlog: {
        ...(source.kyverno.rekorUrl ? { url: source.kyverno.rekorUrl } : {}),
        ...(trust?.rekorPublicKey ? { rekorPubKey: trust.rekorPublicKey } : {}),
        ...(trust?.ctlogPublicKey ? { ctLogPubKey: trust.ctlogPublicKey } : {}),
        ...(trust?.tsaCertChain ? { tsaCertChain: trust.tsaCertChain } : {}),
        insecureIgnoreSCT: false,
        insecureIgnoreTlog: false,
      },
      ...(trust?.tuf ? { tuf: { mirror: trust.tuf.mirror, root: { data: trust.tuf.root } } } : {}),
    },
  };
}

function attestorValidation(a: CompiledAttestor, attestation: string, label: string): Validation {
  const subject = a.identity.subject.kind === 'exact' ? a.identity.subject.value : a.identity.subject.pattern;
  return {
    expression:
      `${ALL_POD_IMAGES}.all(image, verifyAttestationSignatures(image, attestations[${celString(attestation)}], ` +
      `[attestors[${celString(a.name)}]]) > 0)`,
    message:
      `every image in a ${BLAST_RADIUS_LABEL}: ${label} namespace needs a ${a.predicateType} attestation ` +
      `signed by ${a.name} (issuer ${a.identity.issuer}, subject ${subject})`,
    reason: 'Forbidden',
  };
}
