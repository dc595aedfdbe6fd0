import { describe, expect, test } from 'vitest';
import { readCargoToml } from './read-cargo.js';
import { readDockerfile } from './read-dockerfile.js';
import { readGoMod } from './read-go-mod.js';
import { readGradleCatalog, readPom } from './read-maven.js';
import {
  isLocalPypiPackage,
  pypiName,
  readPyproject,
  readRequirements,
  readTomlPackages,
} from './read-python.js';

const entries = (deps: Map<string, string> | undefined) =>
  deps === undefined ? undefined : Object.fromEntries(deps);

describe('manifest readers', () => {
  test('go.mod: single and block requires, replace targets, comments', () => {
    const text = `module example.com/acme/api

go 1.22

require github.com/pkg/errors v0.9.1

require (
\tgolang.org/x/sync v0.7.0 // indirect
\tgithub.com/google/uuid v1.6.0
)

replace github.com/google/uuid => ../uuid
`;
    expect(entries(readGoMod(text))).toEqual({
      'github.com/pkg/errors': 'v0.9.1',
      'golang.org/x/sync': 'v0.7.0',
      'github.com/google/uuid': 'v1.6.0 => ../uuid',
    });
    expect(readGoMod('module x\nrequire (\n  a v1\n')).toBeUndefined();
    expect(readGoMod('module x\nnonsense here\n')).toBeUndefined();
  });

  test('requirements.txt: PEP 503 names, specifiers and markers; includes and URLs are unreadable', () => {
    const text =
      '# pinned\nFlask==3.0.0  # web\nrequests[socks]>=2.31 ; python_version>"3.8"\n--index-url https://x\nzope.interface \\\n  ==6.0\n';
    expect(entries(readRequirements(text))).toEqual({
      flask: '==3.0.0',
      requests: '>=2.31 ; python_version>"3.8"',
      'zope-interface': '==6.0',
    });
    expect(readRequirements('-r base.txt\n')).toBeUndefined();
    expect(readRequirements('git+https://github.com/x/y\n')).toBeUndefined();
    expect(readRequirements('-e .\n')).toBeUndefined();
  });

  test('pyproject.toml: PEP 621, optional dependencies, dependency groups and Poetry tables', () => {
    const text = `[project]
name = "x"
dependencies = ["httpx>=0.27", "Pydantic_Core==2.1"]
[project.optional-dependencies]
cli = ["click"]
[dependency-groups]
dev = ["pytest>=8", {include-group = "lint"}]
[tool.poetry.dependencies]
python = "^3.11"
fastapi = { version = "^0.110", extras = ["all"] }
`;
    expect(entries(readPyproject(text))).toEqual({
      httpx: '>=0.27',
      'pydantic-core': '==2.1',
      click: '',
      pytest: '>=8',
      fastapi: '{"version":"^0.110","extras":["all"]}',
    });
    expect(readPyproject('[project\n')).toBeUndefined();
  });

  test("poetry.lock, uv.lock and Cargo.lock: [[package]] name and version, without the project's own", () => {
    const lock =
      '[[package]]\nname = "Requests"\nversion = "2.31.0"\nsource = { registry = "https://pypi.org/simple" }\n\n' +
      '[[package]]\nname = "idna"\nversion = "3.6"\n\n' +
      '[[package]]\nname = "my-app"\nversion = "0.2.0"\nsource = { editable = "." }\n';
    expect(entries(readTomlPackages(pypiName, isLocalPypiPackage)(lock))).toEqual({
      requests: '2.31.0',
      idna: '3.6',
    });
    const cargo =
      '[[package]]\nname = "serde"\nversion = "1.0.200"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n' +
      '[[package]]\nname = "my-crate"\nversion = "0.3.0"\n';
    expect(
      entries(
        readTomlPackages(
          (n) => n,
          (e) => e.source === undefined,
        )(cargo),
      ),
    ).toEqual({ serde: '1.0.200' });
    expect(
      readTomlPackages(
        (n) => n,
        () => false,
      )('package = 3\n'),
    ).toBeUndefined();
  });

  test('Cargo.toml: every dependency table, renamed packages, tables kept as JSON', () => {
    const text = `[package]
name = "x"
[dependencies]
serde = "1.0"
tokio = { version = "1", features = ["full"] }
rand_core = { package = "rand-core", version = "0.6" }
[dev-dependencies]
proptest = "1"
[target.'cfg(unix)'.dependencies]
nix = "0.28"
[workspace.dependencies]
anyhow = "1"
`;
    expect(entries(readCargoToml(text))).toEqual({
      serde: '1.0',
      tokio: '{"version":"1","features":["full"]}',
      'rand-core': '{"package":"rand-core","version":"0.6"}',
      proptest: '1',
      nix: '0.28',
      anyhow: '1',
    });
  });

  test('pom.xml: dependencies, managed dependencies, scope and parent; entities are refused', () => {
    const pom = `<?xml version="1.0"?>
<project>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.0</version></parent>
  <dependencies>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>33.0.0-jre</version></dependency>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><scope>test</scope></dependency>
  </dependencies>
  <dependencyManagement><dependencies>
    <dependency><groupId>io.netty</groupId><artifactId>netty-bom</artifactId><version>\${netty.version}</version></dependency>
  </dependencies></dependencyManagement>
</project>`;
    expect(entries(readPom(pom))).toEqual({
      'com.google.guava:guava': '33.0.0-jre',
      'org.junit.jupiter:junit-jupiter': ' (test)',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Maven property, as the pom writes it
      'io.netty:netty-bom': '${netty.version}',
      'org.springframework.boot:spring-boot-starter-parent': '3.2.0',
    });
    expect(readPom('<!DOCTYPE p [<!ENTITY x "y">]><project/>')).toBeUndefined();
    expect(readPom('<project><dependencies>')).toBeUndefined();
  });

  test('Gradle version catalog: strings, modules, version refs and plugins', () => {
    const text = `[versions]
kotlin = "2.0.0"
[libraries]
guava = "com.google.guava:guava:33.0.0-jre"
kotlin-stdlib = { module = "org.jetbrains.kotlin:kotlin-stdlib", version.ref = "kotlin" }
okhttp = { group = "com.squareup.okhttp3", name = "okhttp", version = "4.12.0" }
[plugins]
kotlin-jvm = { id = "org.jetbrains.kotlin.jvm", version.ref = "kotlin" }
`;
    expect(entries(readGradleCatalog(text))).toEqual({
      'com.google.guava:guava': '33.0.0-jre',
      'org.jetbrains.kotlin:kotlin-stdlib': '2.0.0',
      'com.squareup.okhttp3:okhttp': '4.12.0',
      'plugin:org.jetbrains.kotlin.jvm': '2.0.0',
    });
  });

  test('Dockerfile: base images with tags and digests; stages and scratch are not images', () => {
    const text = `ARG BASE=debian
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
RUN go build
FROM gcr.io/distroless/static@sha256:abc123 AS run
FROM build AS test
FROM scratch
FROM \\
  alpine
`;
    expect(entries(readDockerfile(text))).toEqual({
      golang: '1.22',
      'gcr.io/distroless/static': '@sha256:abc123',
      alpine: 'latest',
    });
  });
});
