import { parseJson } from '../../../load/index.js';
import { invalidArgument, isObject } from '../invalid-argument.js';
import { parseYamlDocuments } from './yaml-documents.js';

// Finds guards in the manifests a repository already has (`classify --discover`):
//   canary: a Flagger `Canary` (flagger.app/*) whose spec.targetRef names the service;
//   slo:    an OpenSLO `SLO` (openslo/*) whose spec.service is the service, a Sloth
//           `PrometheusServiceLevel` (sloth.slok.dev/*) or plain Sloth spec (version:
//           prometheus/v1) whose service is the service;
//   flags:  flag keys defined in flagd JSON/YAML (`flags:`) or OpenFeature `FeatureFlag`
//           resources (core.openfeature.dev/*), for a catalog's `killSwitch: { flag }`.
// A manifest that does not parse is skipped: discovery can only find guards, so skipping one
// can only leave a guard unfound (not present), never invent one.

export interface DiscoveredGuards {
  readonly canary: ReadonlyMap<string, readonly string[]>;
  readonly slo: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlyMap<string, readonly string[]>;
}

export function discoverGuards(
  manifests: Iterable<{ readonly path: string; readonly text: string }>,
): DiscoveredGuards {
  if (manifests === null || typeof (manifests as Iterable<unknown>)?.[Symbol.iterator] !== 'function')
    throw invalidArgument('discoverGuards', 'takes an iterable of { path, text }');
  const canary = new Map<string, string[]>();
  const slo = new Map<string, string[]>();
  const flags = new Map<string, string[]>();
  const note = (map: Map<string, string[]>, key: unknown, path: string) => {
    if (typeof key !== 'string' || key === '') return;
    const list = map.get(key) ?? [];
    if (!list.includes(path)) list.push(path);
    map.set(key, list);
  };
  for (const { path, text } of manifests) {
    for (const value of documentsOf(path, text)) {
      const doc = value as Record<string, unknown>;
      const api = typeof doc.apiVersion === 'string' ? doc.apiVersion : '';
      const spec = (doc.spec ?? {}) as Record<string, unknown>;
      if (api.startsWith('flagger.app/') && doc.kind === 'Canary') {
        note(canary, (spec.targetRef as Record<string, unknown> | undefined)?.name, path);
      } else if (api.startsWith('openslo/') && doc.kind === 'SLO') {
        note(slo, spec.service, path);
      } else if (api.startsWith('sloth.slok.dev/') && doc.kind === 'PrometheusServiceLevel') {
        note(slo, spec.service, path);
      } else if (doc.version === 'prometheus/v1' && Array.isArray(doc.slos)) {
        note(slo, doc.service, path);
      } else if (
        api.startsWith('core.openfeature.dev/') &&
        /^FeatureFlag(Configuration)?$/.test(String(doc.kind))
      ) {
        const flagSpec = (spec.flagSpec ?? {}) as Record<string, unknown>;
        for (const key of Object.keys(objectOr(flagSpec.flags))) note(flags, key, path);
      } else if (api === '' && typeof doc.flags === 'object') {
        for (const key of Object.keys(objectOr(doc.flags))) note(flags, key, path);
      }
    }
  }
  return { canary, slo, flags };
}

function documentsOf(path: string, text: string): unknown[] {
  if (path.endsWith('.json')) {
    const parsed = parseJson(text);
    return parsed.ok ? [parsed.value.value] : [];
  }
  return parseYamlDocuments(text).flatMap((d) => ('value' in d && isObject(d.value) ? [d.value] : []));
}

function objectOr(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}
