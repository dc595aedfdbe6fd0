import { parseArgs } from 'node:util';
import { type Issue, parseJson, TrustladderError } from '@trustladder/core';
import type { RecordResult } from '@trustladder/ledger';
import { CliError } from '../errors.js';
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js';
import { paint } from '../format/colour.js';
import type { Io } from '../io.js';
import { readInput, required } from '../read-input.js';
import { CLOCK_OPTIONS, clockFlags, loadLadder, openLedger } from './ledger-common.js';

// The total input is bounded (refused before it is held whole); one line is bounded too.
const MAX_INPUT_BYTES = 64 * 1024 * 1024;
const EVENT_LIMITS = { maxBytes: MAX_INPUT_BYTES, maxNodes: 5_000_000, maxDepth: 16 };
const LINE_LIMITS = { maxBytes: 64 * 1024, maxNodes: 10_000, maxDepth: 16 };

/**
 * `ledger record`: one event (a JSON file) or many (JSON lines, `-` for standard input),
 * appended in order with their derived events, or none of them. Exit 1 when an event is a
 * violation (a run above the ceiling): it is recorded and flagged.
 */
export async function ledgerRecord(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: true,
    options: {
      ladder: { type: 'string' },
      log: { type: 'string' },
      json: { type: 'boolean', default: false },
      ...CLOCK_OPTIONS,
    },
  });
  if (positionals.length !== 1)
    throw new CliError('USAGE', 'ledger record takes one EVENT.json, or - for JSON lines on standard input');
  const file = positionals[0] as string;
  const ladder = await loadLadder(values.ladder, io);
  const source = file === '-' ? '<stdin>' : file;
  const clock = clockFlags(values);
  const { events, lines } = parseEvents(await readInput(file, io, MAX_INPUT_BYTES), source);
  const ledger = await openLedger(required(values.log, 'log'), ladder, io, false);
  try {
    let result: RecordResult;
    try {
      result = await ledger.record(events, { source, ...clock });
    } catch (e) {
      throw withLines(e, lines);
    }
    print(result, values.json === true, io);
    return result.violations.length > 0 ? EXIT_DENIED : EXIT_OK;
  } finally {
    await ledger.close();
  }
}

// One JSON object (a file may pretty-print it), or JSON lines (blank lines skipped).
function parseEvents(text: string, source: string): { events: unknown[]; lines: number[] } {
  // One JSON document (a file may pretty-print one event); JSON lines are read line by line.
  const whole =
    text.trimStart().startsWith('{') && !/\}\s*\n\s*\{/.test(text)
      ? parseJson(text, EVENT_LIMITS)
      : undefined;
  if (
    whole?.ok &&
    whole.value.value !== null &&
    typeof whole.value.value === 'object' &&
    !Array.isArray(whole.value.value)
  )
    return { events: [whole.value.value], lines: [1] };
  const events: unknown[] = [];
  const lines: number[] = [];
  const issues: Issue[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = parseJson(line, LINE_LIMITS);
    if (!parsed.ok) {
      for (const issue of parsed.issues)
        issues.push({ ...issue, position: { line: i + 1, column: issue.position?.column ?? 1 } });
      return;
    }
    events.push(parsed.value.value);
    lines.push(i + 1);
  });
  if (issues.length > 0)
    throw new TrustladderError('PARSE_ERROR', 'the events cannot be read', { source, issues });
  if (events.length === 0)
    throw new TrustladderError('INVALID_INPUT', 'no events', {
      source,
      issues: [{ code: 'empty', path: '', message: 'no events to record' }],
    });
  return { events, lines };
}

// Issues point at /<index>/...: add the input line each event came from.
function withLines(e: unknown, lines: readonly number[]): unknown {
  if (!(e instanceof TrustladderError) || lines.length < 2) return e;
  const issues = e.issues.map((issue) => {
    const index = Number(/^\/(\d+)/.exec(issue.path)?.[1]);
    const line = lines[index];
    return line === undefined ? issue : { ...issue, position: { line, column: 1 } };
  });
  return new TrustladderError(e.code, e.message, { source: e.source, issues, cause: e });
}

function print(result: RecordResult, json: boolean, io: Io): void {
  if (json) {
    io.stdout(
      `${JSON.stringify({ appended: result.records.map((r) => r.event), violations: result.violations }, null, 2)}\n`,
    );
    return;
  }
  const p = paint(io);
  const first = result.records[0]?.seq;
  const last = result.records.at(-1)?.seq;
  io.stdout(`recorded ${result.records.length} event(s), seq ${first}..${last}\n`);
  for (const r of result.records) {
    const e = r.event;
    if (e.type === 'CeilingPromoted')
      io.stdout(`  ${p.green('promoted')} ${e.agent} ${e.taskClass} ${e.from} -> ${e.to}\n`);
    if (e.type === 'CeilingDemoted')
      io.stdout(`  ${p.red('demoted')} ${e.agent} ${e.taskClass} ${e.from} -> ${e.to}\n`);
    if (e.type === 'CeilingReset')
      io.stdout(`  ${p.yellow('reset')} ${e.agent} ${e.taskClass} ${e.from} -> ${e.to}\n`);
  }
  for (const v of result.violations)
    io.stderr(
      `${p.red('violation')}: ${v.agent} ran ${v.taskClass} at ${v.tier} above its ceiling ${v.ceiling} (event ${v.id})\n`,
    );
}
