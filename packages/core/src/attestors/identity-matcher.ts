import { RE2JS } from 're2js';
import type { CertificateIdentity, IdentityMatcher, SubjectPattern } from './attestor-policy.types.js';
import { escapeRegExp } from './subject-regexp.js';

// Builds the matcher of one attestor's identity. The issuer is compared exactly. An exact
// subject is compared as a string, and also offered as the RegExp `^escaped$`; a regex
// subject must match the whole subject in both RE2 (what cosign runs in the cluster) and
// JavaScript (`^(?:regex)$`, what sigstore-js runs), so the two engines can never disagree
// in the attacker's favour. The pattern must have passed checkSubjectRegExp.
export function identityMatcher(issuer: string, subject: SubjectPattern): IdentityMatcher {
  const subjectRegExp =
    subject.kind === 'exact'
      ? new RegExp(`^${escapeRegExp(subject.value)}$`)
      : new RegExp(`^(?:${subject.pattern})$`);
  const re2 = subject.kind === 'regexp' ? RE2JS.compile(subject.pattern) : null;
  const matchesSubject = (candidate: string | undefined): boolean => {
    if (typeof candidate !== 'string' || candidate === '') return false;
    if (subject.kind === 'exact') return candidate === subject.value;
    return re2?.matches(candidate) === true && subjectRegExp.test(candidate);
  };
  const matchesIssuer = (candidate: string | undefined): boolean =>
    typeof candidate === 'string' && candidate === issuer;
  return {
    issuer,
    subject,
    subjectRegExp,
    matchesIssuer,
    matchesSubject,
    matches: (identity: CertificateIdentity) =>
      matchesIssuer(identity.issuer) && matchesSubject(identity.subject),
  };
}
