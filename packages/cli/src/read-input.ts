import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type CompiledPolicy,
  DEFAULT_POLICY_TEXTS,
  type DocumentLimits,
  defaultPolicySource,
  loadBlastRadiusPolicy,
  parseJson,
  parseRfc3339,
  TrustladderError,
} from '@trustladder/core';
import { CliError } from './errors.js';
import type { Io } from './io.js';

// Reads a file named on the command line (or standard input for "-"). A missing or
// unreadable file is an input error naming the file; nothing is guessed. Beyond `maxBytes`
// (in total) it is TOO_LARGE, refused before it is held in memory.
export async function readInput(file: string, io: Io, maxBytes = Number.POSITIVE_INFINITY): Promise<string> {
  const tooLarge = () =>
    new TrustladderError(
      'TOO_LARGE',
      `${file === '-' ? 'standard input' : file} is larger than ${maxBytes} bytes`,
      {
        source: file === '-' ? '<stdin>' : file,
        issues: [
          { code: 'too_large', path: '', message: `the input is larger than the limit of ${maxBytes} bytes` },
        ],
      },
    );
  if (file === '-') {
    const text = await io.readStdin(maxBytes);
    if (text === undefined) throw tooLarge();
    return text;
  }
  try {
    if (statSync(resolve(io.cwd, file)).size > maxBytes) throw tooLarge();
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (e) {
    if (e instanceof TrustladderError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new TrustladderError('INVALID_INPUT', `cannot read ${file}: ${why}`, {
      source: file,
      issues: [{ code: 'unreadable', path: '', message: `cannot read the file: ${why}` }],
      cause: e,
    });
  }
}

/** Requires a flag; a usage error otherwise. */
export function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined) throw new CliError('USAGE', `missing --${flag}`);
  return value;
}

/**
 * Reads and parses a JSON file named on the command line (or "-"), within bounds. Text that
 * is not JSON or is too large is a PARSE_ERROR or TOO_LARGE naming the file and position.
 */
export async function readJsonInput(
  file: string,
  io: Io,
  limits: DocumentLimits,
  what = 'the input',
): Promise<unknown> {
  const parsed = parseJson(await readInput(file, io), limits);
  if (!parsed.ok) {
    const tooLarge = parsed.issues.some((i) => i.code === 'too_large');
    throw new TrustladderError(tooLarge ? 'TOO_LARGE' : 'PARSE_ERROR', `${what} cannot be read`, {
      source: file,
      issues: parsed.issues,
    });
  }
  return parsed.value.value;
}

/** The blast-radius policy named by --policy, or the built-in default one. */
export async function readBlastRadiusPolicy(file: string | undefined, io: Io): Promise<CompiledPolicy> {
  if (file === undefined)
    return loadBlastRadiusPolicy(DEFAULT_POLICY_TEXTS['blast-radius'], {
      source: defaultPolicySource('blast-radius'),
    });
  return loadBlastRadiusPolicy(await readInput(file, io), { source: file });
}

/** A time flag (--at), read by the one strict RFC 3339 parser. */
export function timeFlag(text: string, flag: string): Date {
  const instant = parseRfc3339(text);
  if (instant === undefined)
    throw new TrustladderError('INVALID_INPUT', `--${flag} is not a time`, {
      source: `--${flag}`,
      issues: [
        {
          code: 'invalid_time',
          path: '',
          message: `${JSON.stringify(text)} is not a real RFC 3339 time, such as 2026-05-01T00:00:00Z`,
        },
      ],
    });
  return new Date(instant.us / 1000);
}
