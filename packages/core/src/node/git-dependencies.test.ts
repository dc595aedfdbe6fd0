import { describe, expect, test } from 'vitest';
import { dependenciesFromManifests } from './git-dependencies.js';

const pkg = (deps: Record<string, string>, dev: Record<string, string> = {}) =>
  JSON.stringify({ name: 'x', dependencies: deps, devDependencies: dev });

describe('dependenciesFromManifests', () => {
  test('compares package.json at both ends: added, removed, updated', () => {
    const files = {
      base: pkg({ a: '1.0.0', b: '2.0.0' }, { t: '1' }),
      head: pkg({ a: '1.1.0', c: '3.0.0' }, { t: '1' }),
    };
    const deps = dependenciesFromManifests(
      [{ path: 'package.json', status: 'modified' }],
      (side) => files[side],
    );
    expect(deps).toEqual([
      {
        name: 'a',
        ecosystem: 'npm',
        change: 'updated',
        from: '1.0.0',
        to: '1.1.0',
        manifest: 'package.json',
      },
      { name: 'c', ecosystem: 'npm', change: 'added', to: '3.0.0', manifest: 'package.json' },
      { name: 'b', ecosystem: 'npm', change: 'removed', from: '2.0.0', manifest: 'package.json' },
    ]);
  });

  test('a lock file beside a compared package.json adds nothing; a lone lock file is an unnamed update', () => {
    const read = (side: 'base' | 'head') => (side === 'base' ? pkg({}) : pkg({ a: '1' }));
    expect(
      dependenciesFromManifests(
        [
          { path: 'web/package.json', status: 'modified' },
          { path: 'web/pnpm-lock.yaml', status: 'modified' },
          { path: 'api/package-lock.json', status: 'modified' },
        ],
        read,
      ),
    ).toEqual([
      { name: 'a', ecosystem: 'npm', change: 'added', to: '1', manifest: 'web/package.json' },
      {
        name: 'api/package-lock.json',
        ecosystem: 'npm',
        change: 'updated',
        manifest: 'api/package-lock.json',
        unread: true,
      },
    ]);
  });

  test('unparsable manifests of every ecosystem are unnamed updates (unknown, never nothing)', () => {
    const deps = dependenciesFromManifests(
      [
        { path: 'go.mod', status: 'modified' },
        { path: 'svc/requirements.txt', status: 'added' },
        { path: 'broken/package.json', status: 'modified' },
        { path: 'src/main.go', status: 'modified' },
      ],
      () => '{ not json',
    );
    expect(deps).toEqual([
      { name: 'go.mod', ecosystem: 'go', change: 'updated', manifest: 'go.mod', unread: true },
      {
        name: 'svc/requirements.txt',
        ecosystem: 'pypi',
        change: 'updated',
        manifest: 'svc/requirements.txt',
        unread: true,
      },
      {
        name: 'broken/package.json',
        ecosystem: 'npm',
        change: 'updated',
        manifest: 'broken/package.json',
        unread: true,
      },
    ]);
  });

  test('an added package.json adds all its dependencies; a deleted one removes them', () => {
    expect(
      dependenciesFromManifests([{ path: 'package.json', status: 'added' }], () => pkg({ a: '1' })),
    ).toEqual([{ name: 'a', ecosystem: 'npm', change: 'added', to: '1', manifest: 'package.json' }]);
    expect(
      dependenciesFromManifests([{ path: 'package.json', status: 'deleted' }], () => pkg({ a: '1' })),
    ).toEqual([{ name: 'a', ecosystem: 'npm', change: 'removed', from: '1', manifest: 'package.json' }]);
  });

  test('a lock file read beside its manifest adds only the names the manifest did not report', () => {
    const CRATES_IO = 'source = "registry+https://github.com/rust-lang/crates.io-index"\n';
    const text: Record<string, Record<string, string>> = {
      base: {
        'Cargo.toml': '[dependencies]\nserde = "1.0.190"\n',
        'Cargo.lock': `[[package]]\nname = "serde"\nversion = "1.0.190"\n${CRATES_IO}`,
      },
      head: {
        'Cargo.toml': '[dependencies]\nserde = "1.0.200"\n',
        'Cargo.lock': `[[package]]\nname = "serde"\nversion = "1.0.200"\n${CRATES_IO}\n[[package]]\nname = "itoa"\nversion = "1.0.11"\n${CRATES_IO}\n[[package]]\nname = "x"\nversion = "0.2.0"\n`,
      },
    };
    const deps = dependenciesFromManifests(
      [
        { path: 'Cargo.lock', status: 'modified' },
        { path: 'Cargo.toml', status: 'modified' },
      ],
      (side, path) => text[side]?.[path],
    );
    expect(deps).toEqual([
      {
        name: 'serde',
        ecosystem: 'cargo',
        change: 'updated',
        from: '1.0.190',
        to: '1.0.200',
        manifest: 'Cargo.toml',
      },
      { name: 'itoa', ecosystem: 'cargo', change: 'added', to: '1.0.11', manifest: 'Cargo.lock' },
    ]);
  });

  test('a new base image in a Dockerfile is a named docker dependency change; go.sum follows go.mod', () => {
    const text: Record<string, Record<string, string>> = {
      base: { 'api/Dockerfile': 'FROM node:22\n', 'go.mod': 'module x\n', 'go.sum': '' },
      head: {
        'api/Dockerfile': 'FROM node:24-slim\n',
        'go.mod': 'module x\nrequire a.b/c v1.0.0\n',
        'go.sum': 'x',
      },
    };
    const deps = dependenciesFromManifests(
      [
        { path: 'api/Dockerfile', status: 'modified' },
        { path: 'go.sum', status: 'modified' },
        { path: 'go.mod', status: 'modified' },
      ],
      (side, path) => text[side]?.[path],
    );
    expect(deps).toEqual([
      {
        name: 'node',
        ecosystem: 'docker',
        change: 'updated',
        from: '22',
        to: '24-slim',
        manifest: 'api/Dockerfile',
      },
      { name: 'a.b/c', ecosystem: 'go', change: 'added', to: 'v1.0.0', manifest: 'go.mod' },
    ]);
  });
});
