import type { ManifestDeps } from './manifest-deps.types.js';

// go.mod `require` directives, single-line and blocks; `replace` targets are recorded as
// `=> path version` on the required module, since they change what is built. Go's own parser
// (golang.org/x/mod/modfile) is Go; the grammar of these two directives is one line each.
const REQUIRE = /^([^\s"]+|"[^"]+")\s+(\S+)(\s*\/\/.*)?$/;
const REPLACE = /^([^\s"]+)(?:\s+(\S+))?\s+=>\s+(\S+)(?:\s+(\S+))?\s*(\/\/.*)?$/;

export function readGoMod(text: string): ManifestDeps | undefined {
  const deps: ManifestDeps = new Map();
  const replaces: Array<[string, string]> = [];
  let block: 'require' | 'replace' | 'other' | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (line === '' || line.startsWith('//')) continue;
    if (block !== undefined) {
      if (line === ')') {
        block = undefined;
        continue;
      }
      if (block === 'require' && !addRequire(line, deps)) return undefined;
      if (block === 'replace' && !addReplace(line, replaces)) return undefined;
      continue;
    }
    const open = /^(\w+)\s*\($/.exec(line);
    if (open) {
      block = open[1] === 'require' ? 'require' : open[1] === 'replace' ? 'replace' : 'other';
      continue;
    }
    if (line.startsWith('require ')) {
      if (!addRequire(line.slice(8).trim(), deps)) return undefined;
    } else if (line.startsWith('replace ')) {
      if (!addReplace(line.slice(8).trim(), replaces)) return undefined;
    } else if (!/^(module|go|toolchain|exclude|retract|godebug|tool|ignore)\b/.test(line)) return undefined;
  }
  if (block !== undefined) return undefined;
  for (const [module, target] of replaces) deps.set(module, `${deps.get(module) ?? ''} => ${target}`.trim());
  return deps;
}

function addRequire(line: string, deps: ManifestDeps): boolean {
  const m = REQUIRE.exec(line);
  if (!m) return false;
  deps.set((m[1] as string).replace(/^"|"$/g, ''), m[2] as string);
  return true;
}

function addReplace(line: string, replaces: Array<[string, string]>): boolean {
  const m = REPLACE.exec(line);
  if (!m) return false;
  replaces.push([m[1] as string, [m[3], m[4]].filter(Boolean).join(' ')]);
  return true;
}
