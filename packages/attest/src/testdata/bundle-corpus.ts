// A corpus of forged, replayed, mismatched and malformed approval bundles, each with the one
// refusal code it must get. They approve (or pretend to approve) the T3 change of the gate
// tests: task TASK_ID, changeAt('T3') under REVIEW_POLICY, repository acme/payments-api.
// Signed at test time by the in-process Sigstore, so every one carries real signatures.
import { canonicalDigest, INTERFACE_APPROVAL_PREDICATE_TYPE } from '@trustladder/core';
import type { AttestErrorCode } from '../errors.js';
import type { SigstoreWorld } from '../testing/sigstore-world.js';
import {
  type ApprovalFields,
  approvalStatement,
  BUILD_SUBJECT,
  changeAt,
  GITHUB_ISSUER,
  HUMAN_SUBJECT,
  OTHER_DIGEST,
  REVIEW_POLICY,
} from './fixtures.js';

export type CorpusKind = 'forged' | 'replayed' | 'mismatched' | 'malformed';

export interface CorpusEntry {
  readonly name: string;
  readonly kind: CorpusKind;
  readonly code: AttestErrorCode;
  make(world: SigstoreWorld): Promise<Record<string, unknown>>;
}

export const T3_CHANGE = changeAt('T3');
export const T3_DIGEST = canonicalDigest(T3_CHANGE);

const day = 86_400_000;
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** The statement of a valid T3 co-sign of the gate tests' change, with fields overridden. */
export function t3Statement(f: ApprovalFields = {}): Record<string, unknown> {
  return approvalStatement({ tier: 'T3', changeDigest: T3_DIGEST, policyDigest: REVIEW_POLICY.digest, ...f });
}

const signed =
  (f: (now: number) => ApprovalFields, who: { subject?: string; issuer?: string; rogueCa?: boolean } = {}) =>
  (world: SigstoreWorld) =>
    world.sign({
      subject: who.subject ?? HUMAN_SUBJECT,
      issuer: who.issuer ?? GITHUB_ISSUER,
      payload: t3Statement(f(world.now().getTime())),
      ...(who.rogueCa ? { rogueCa: true } : {}),
    });

// Signs the valid statement's JSON text after a textual edit: what a signer's own serialiser
// could emit, which JSON.parse alone would read leniently.
const rawText = (edit: (json: string) => string) => (world: SigstoreWorld) =>
  world.sign({
    subject: HUMAN_SUBJECT,
    issuer: GITHUB_ISSUER,
    payload: Buffer.from(edit(JSON.stringify(t3Statement())), 'utf8'),
  });

const rawBytes = (bytes: (json: string) => Buffer) => (world: SigstoreWorld) =>
  world.sign({
    subject: HUMAN_SUBJECT,
    issuer: GITHUB_ISSUER,
    payload: bytes(JSON.stringify(t3Statement())),
  });

export const CORPUS: readonly CorpusEntry[] = [
  {
    name: 'forged: a workflow that shares a prefix',
    kind: 'forged',
    code: 'SUBJECT_MISMATCH',
    make: signed(() => ({}), { subject: `${HUMAN_SUBJECT}-evil` }),
  },
  {
    name: "forged: the agent's build identity",
    kind: 'forged',
    code: 'SUBJECT_MISMATCH',
    make: signed(() => ({}), { subject: BUILD_SUBJECT }),
  },
  {
    name: 'forged: another issuer',
    kind: 'forged',
    code: 'ISSUER_MISMATCH',
    make: signed(() => ({}), { issuer: 'https://accounts.google.com' }),
  },
  {
    name: 'forged: a rogue CA',
    kind: 'forged',
    code: 'UNTRUSTED_CERTIFICATE',
    make: signed(() => ({}), { rogueCa: true }),
  },
  {
    name: 'forged: the payload swapped after signing',
    kind: 'forged',
    code: 'PAYLOAD_TAMPERED',
    async make(world) {
      const bundle = await signed(() => ({}))(world);
      const envelope = bundle.dsseEnvelope as { payload: string };
      envelope.payload = Buffer.from(JSON.stringify(t3Statement({ taskId: 'task-other' }))).toString(
        'base64',
      );
      return bundle;
    },
  },
  {
    name: 'mismatched: the interface predicate type',
    kind: 'mismatched',
    code: 'PREDICATE_TYPE_MISMATCH',
    make: signed(() => ({ predicateType: INTERFACE_APPROVAL_PREDICATE_TYPE })),
  },
  {
    name: 'replayed: another task',
    kind: 'replayed',
    code: 'TASK_MISMATCH',
    make: signed(() => ({ taskId: 'task-202604160099' })),
  },
  {
    name: 'replayed: another tier',
    kind: 'replayed',
    code: 'TIER_MISMATCH',
    make: signed(() => ({ tier: 'T2' })),
  },
  {
    name: 'replayed: another change',
    kind: 'replayed',
    code: 'DIGEST_MISMATCH',
    make: signed(() => ({ changeDigest: OTHER_DIGEST })),
  },
  {
    name: 'mismatched: the statement subject is another artifact',
    kind: 'mismatched',
    code: 'SUBJECT_DIGEST_MISMATCH',
    make: signed(() => ({ subjectDigest: OTHER_DIGEST })),
  },
  {
    name: 'replayed: another policy version',
    kind: 'replayed',
    code: 'POLICY_DIGEST_MISMATCH',
    make: signed(() => ({ policyDigest: `sha256:${'b'.repeat(64)}` })),
  },
  {
    name: 'replayed: another repository',
    kind: 'replayed',
    code: 'REPO_MISMATCH',
    make: signed(() => ({ repo: 'acme/other-repo' })),
  },
  {
    name: 'replayed: no repository named',
    kind: 'replayed',
    code: 'REPO_MISMATCH',
    make: signed(() => ({ repo: null })),
  },
  {
    name: 'replayed: expired',
    kind: 'replayed',
    code: 'APPROVAL_EXPIRED',
    make: signed((now) => ({ approvedAt: iso(now - 2 * day), expiresAt: iso(now - day) })),
  },
  {
    name: 'malformed: given in the future',
    kind: 'malformed',
    code: 'APPROVAL_NOT_YET_VALID',
    make: signed((now) => ({ approvedAt: iso(now + 10 * day) })),
  },
  {
    name: 'malformed: given after it was signed',
    kind: 'malformed',
    code: 'APPROVAL_DATES_INVALID',
    make: signed((now) => ({ approvedAt: iso(now + 60_000) })),
  },
  {
    name: 'malformed: an expiry that is not a date',
    kind: 'malformed',
    code: 'APPROVAL_DATES_INVALID',
    make: signed(() => ({ expiresAt: '2026-99-99T99:99:99Z' })),
  },
  {
    name: 'malformed: expires before it was given',
    kind: 'malformed',
    code: 'APPROVAL_DATES_INVALID',
    make: signed((now) => ({ approvedAt: iso(now - day), expiresAt: iso(now - 2 * day) })),
  },
  {
    name: 'malformed: a predicate off its schema',
    kind: 'malformed',
    code: 'PREDICATE_INVALID',
    make: signed(() => ({ extra: { approver: { login: 'alice' } } })),
  },
  {
    name: 'malformed: an approver id with a zero-width character',
    kind: 'malformed',
    code: 'PREDICATE_INVALID',
    make: signed(() => ({ extra: { approver: { id: 'ali\u200bce' } } })),
  },
  {
    name: 'malformed: a duplicate taskId (another reader sees another task)',
    kind: 'malformed',
    code: 'STATEMENT_DUPLICATE_KEY',
    make: rawText((json) => json.replace('"taskId":', '"taskId":"task-other","taskId":')),
  },
  {
    name: 'malformed: a byte-order mark',
    kind: 'malformed',
    code: 'STATEMENT_INVALID',
    make: rawText((json) => `\ufeff${json}`),
  },
  {
    name: 'malformed: nested 50,000 deep',
    kind: 'malformed',
    code: 'STATEMENT_INVALID',
    make: rawText((json) => `{"x":${'['.repeat(50_000)}${']'.repeat(50_000)},${json.slice(1)}`),
  },
  {
    name: 'malformed: bytes that are not UTF-8',
    kind: 'malformed',
    code: 'STATEMENT_INVALID',
    make: rawBytes((json) =>
      Buffer.concat([
        Buffer.from(json.slice(0, -1)),
        Buffer.from([0x2c, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
      ]),
    ),
  },
  {
    name: 'malformed: not an in-toto payload type',
    kind: 'malformed',
    code: 'PAYLOAD_TYPE_INVALID',
    make: (world) =>
      world.sign({
        subject: HUMAN_SUBJECT,
        issuer: GITHUB_ISSUER,
        payload: t3Statement(),
        payloadType: 'application/json',
      }),
  },
];
