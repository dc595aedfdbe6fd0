import type { CompiledAttestor, CompiledAttestorPolicy, TierRequirement } from '@trustladder/core';
import type {
  CosignAttestor,
  ImageValidatingPolicy,
  InTotoAttestation,
  Validation,
} from '../kyverno.types.js';
import { MANAGED_BY, policyAnnotations, type Severity } from './annotations.js';
import { ALL_POD_IMAGES, celString } from './cel.js';
import { attestationNames, BLAST_RADIUS_LABEL, tierPolicyName } from './names.js';

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
export function buildTierPolicy(
  source: CompiledAttestorPolicy,
  tier: TierRequirement,
): ImageValidatingPolicy {
  const names = attestationNames(tier.require);
  const label = tier.namespaceLabel;
  const who = tier.require.map((a) => a.name).join(' and ');
  return {
    apiVersion: 'policies.kyverno.io/v1',
    kind: 'ImageValidatingPolicy',
    metadata: {
      name: tierPolicyName(tier.tier),
      labels: { ...MANAGED_BY, 'trustladder.dev/tier': label },
      annotations: policyAnnotations(source, {
        title: `Tier ${tier.tier} images need ${who} attestations`,
        category: 'Software Supply Chain Security',
        severity: SEVERITY[tier.tier],
        subject: 'Pod',
        description:
          `A pod lands in a namespace labelled ${BLAST_RADIUS_LABEL}: ${label} only when every image of every ` +
          `container, init container, ephemeral container and image volume is pinned by digest and carries ` +
          `a verified attestation from each of ${who}, each attestor checked on its own.`,
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
            // kubectl debug adds ephemeral containers through this subresource.
            resources: ['pods', 'pods/ephemeralcontainers'],
          },
        ],
      },
      validationConfigurations: { verifyDigest: true, required: true, mutateDigest: false },
      attestors: tier.require.map((a) => cosignAttestor(a, source.kyverno.rekorUrl)),
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

function cosignAttestor(a: CompiledAttestor, rekorUrl: string | undefined): CosignAttestor {
  const subject = a.identity.subject;
  const identity =
    subject.kind === 'exact'
      ? { issuer: a.identity.issuer, subject: subject.value }
      : { issuer: a.identity.issuer, subjectRegExp: subject.pattern };
  return {
    name: a.name,
    cosign: {
      keyless: { identities: [identity] },
      ...(rekorUrl
        ? { ctlog: { url: rekorUrl, insecureIgnoreSCT: false, insecureIgnoreTlog: false } as const }
        : {}),
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
