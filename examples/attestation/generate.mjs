#!/usr/bin/env node
// Regenerates the files of this walk-through: an in-process Sigstore (the test double of
// @trustladder/attest/testing: mock Fulcio, Rekor, CT log and TSA, nothing leaves the machine)
// signs the approvals a GitHub approval workflow would, and writes its trusted root beside
// them. Run from the repository root after `pnpm run build`:
//   node examples/attestation/generate.mjs
import { readFileSync, writeFileSync } from 'node:fs';
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
} finally {
  await world.close();
}
console.log('wrote examples/attestation/*.json');
