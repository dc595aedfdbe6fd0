#!/usr/bin/env node
// Regenerates the files of this walk-through: an in-process Sigstore (the test double of
// @trustladder/attest/testing: mock Fulcio, Rekor, CT log and TSA, nothing leaves the machine)
// signs the approvals a GitHub approval workflow would, and writes its trusted root beside
// them. It also signs the week of approvals that the approval audit of
// examples/failure-modes verifies (examples/failure-modes/approvals/), with the same trusted
// root. Run from the repository root after `pnpm run build`:
//   node examples/attestation/generate.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSigstoreWorld } from '@trustladder/attest/testing';
import {
  APPROVAL_PREDICATE_TYPE,
  canonicalDigest,
  classify,
  DEFAULT_POLICY_TEXTS,
  INTERFACE_APPROVAL_PREDICATE_TYPE,
  loadBlastRadiusPolicy,
} from '@trustladder/core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const GITHUB = 'https://token.actions.githubusercontent.com';
const WORKFLOWS = 'https://github.com/acme/prod-approvals/.github/workflows';
const write = (name, value) => writeFileSync(join(here, name), `${JSON.stringify(value, null, 2)}\n`);

const policy = loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius']);
function review(changeFile, taskId, number) {
  const change = JSON.parse(readFileSync(join(root, 'examples/changes', changeFile), 'utf8'));
  const c = classify(policy, change);
  return {
    pr: {
      repo: change.repo,
      number,
      changeDigest: canonicalDigest(change),
      change,
      classification: { tier: c.tier, policy: { name: c.policy.name, digest: c.policy.digest } },
    },
    task: { id: taskId, tier: c.tier, repo: change.repo, assigned_agent: 'dev-e-node' },
  };
}

function statement(input, predicateType, overrides = {}) {
  const predicate = {
    taskId: input.task.id,
    tier: input.pr.classification.tier,
    changeDigest: input.pr.changeDigest,
    policyDigest: input.pr.classification.policy.digest,
    repo: input.pr.repo,
    approver: { id: 'alice', provider: 'github' },
    approvedAt: '2026-04-16T16:30:00Z',
    ...overrides,
  };
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [
      { name: `${input.pr.repo}#${input.pr.number}`, digest: { sha256: input.pr.changeDigest.slice(7) } },
    ],
    predicateType,
    predicate,
  };
}

const t2 = review('09-new-public-endpoint.json', 'task-202604160042', 42);
const t3 = review('14-session-handling.json', 'task-202604170007', 57);
if (t2.pr.classification.tier !== 'T2' || t3.pr.classification.tier !== 'T3') {
  throw new Error(
    `expected T2 and T3, the policy says ${t2.pr.classification.tier} and ${t3.pr.classification.tier}`,
  );
}

const world = await createSigstoreWorld();
try {
  write('trusted-root.json', world.trustedRoot);
  write('review-t2.json', t2);
  write('review-t3.json', t3);
  const sign = (subject, payload) => world.sign({ subject, issuer: GITHUB, payload });
  const iface = `${WORKFLOWS}/t2-interface.yml@refs/heads/main`;
  write(
    'interface-approval.sigstore.json',
    await sign(iface, statement(t2, INTERFACE_APPROVAL_PREDICATE_TYPE)),
  );
  write(
    'interface-approval-other-task.sigstore.json',
    await sign(iface, statement(t2, INTERFACE_APPROVAL_PREDICATE_TYPE, { taskId: 'task-202604160099' })),
  );
  write(
    'interface-approval-forged.sigstore.json',
    await sign(`${iface}-evil`, statement(t2, INTERFACE_APPROVAL_PREDICATE_TYPE)),
  );
  write(
    't3-approval.sigstore.json',
    await sign(`${WORKFLOWS}/t3-approve.yml@refs/heads/main`, statement(t3, APPROVAL_PREDICATE_TYPE)),
  );
  await auditWeek(world);
} finally {
  await world.close();
}
console.log('wrote examples/attestation/*.json and examples/failure-modes/approvals/*.sigstore.json');

// The week of approvals the approval audit reads (examples/failure-modes/approvals.json): four
// T3 co-signs of images and one T2 interface approval, each signed by its approval workflow,
// and one co-sign forged by a workflow that only shares a prefix with the real one.
async function auditWeek(world) {
  const out = join(root, 'examples/failure-modes/approvals');
  mkdirSync(out, { recursive: true });
  const img = (hex) => `sha256:${hex.repeat(32)}`;
  const approval = (predicateType, digest, predicate) => ({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [
      {
        name: predicate.imageDigest ? 'ghcr.io/acme/payments-api' : 'acme/payments-api',
        digest: { sha256: digest.slice(7) },
      },
    ],
    predicateType,
    predicate: {
      tier: predicate.imageDigest ? 'T3' : 'T2',
      policyDigest: policy.digest,
      repo: 'acme/payments-api',
      ...predicate,
    },
  });
  const cosign = (taskId, by, approvedAt, image) =>
    approval(APPROVAL_PREDICATE_TYPE, image, {
      taskId,
      imageDigest: image,
      approver: { id: by, provider: 'github' },
      approvedAt,
    });
  const t3 = `${WORKFLOWS}/t3-approve.yml@refs/heads/main`;
  const week = [
    ['task-2026-1090', t3, cosign('task-2026-1090', 'alice', '2026-11-24T09:30:00Z', img('a1'))],
    ['task-2026-1091', t3, cosign('task-2026-1091', 'alice', '2026-11-25T14:02:00Z', img('b2'))],
    ['task-2026-1092', t3, cosign('task-2026-1092', 'bob', '2026-11-26T03:40:00Z', img('c3'))],
    ['task-2026-1093', t3, cosign('task-2026-1093', 'alice', '2026-11-27T10:15:00Z', img('e5'))],
    [
      'task-2026-1094',
      `${WORKFLOWS}/t2-interface.yml@refs/heads/main`,
      approval(INTERFACE_APPROVAL_PREDICATE_TYPE, img('7f'), {
        taskId: 'task-2026-1094',
        changeDigest: img('7f'),
        approver: { id: 'carol', provider: 'github' },
        approvedAt: '2026-11-27T13:00:00Z',
      }),
    ],
    [
      'task-2026-1095-forged',
      `${t3}-evil`,
      cosign('task-2026-1095', 'alice', '2026-11-26T11:00:00Z', img('d4')),
    ],
  ];
  for (const [name, subject, payload] of week) {
    const bundle = await world.sign({ subject, issuer: GITHUB, payload });
    writeFileSync(join(out, `${name}.sigstore.json`), `${JSON.stringify(bundle, null, 2)}\n`);
  }
}
