import { describe, expect, test } from 'vitest';
import { wantsColour } from '../format/colour.js';
import { subcommandsOf } from '../help/subcommand-usage.js';
import { cliVersion } from '../help/version.js';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';
import { COMMANDS as LAZY_COMMANDS } from './index.js';

// The table loads each command's module on demand; its usage is read from the loaded module.
const COMMANDS = await Promise.all(LAZY_COMMANDS.map((c) => (c.load ? c.load() : c)));

// Commands are imported lazily (lazy-command.ts): load each before the walk reads its usage.
await Promise.all(COMMANDS.map((c) => c.load?.()));

// One convention for every command, walked here: --help prints its usage (exit 0), an unknown
// flag is a usage error (exit 2) whose first line names the command, --json is documented.
describe.each(COMMANDS.map((c) => [c.name, c] as const))('trustladder %s', (name, command) => {
  test('--help prints the usage and exits 0', async () => {
    const io = fakeIo();
    expect(await main([name, '--help'], io)).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^Usage: trustladder ${name}\\b`));
    expect(command.usage).toContain('--json');
  });

  test('an unknown flag exits 2 with a line naming the command', async () => {
    const io = fakeIo();
    expect(await main([name, '--no-such-flag-at-all'], io)).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^trustladder ${name}: `));
    expect(io.out()).toBe('');
  });
});

// Every subcommand a group's usage names: its own help, and it is dispatched (an unknown flag
// after it is that subcommand's usage error, not "unknown subcommand").
const SUBCOMMANDS = COMMANDS.flatMap((c) => subcommandsOf(c.name, c.usage).map((s) => [c.name, s] as const));

describe.each(SUBCOMMANDS)('trustladder %s %s', (name, sub) => {
  test('--help prints that subcommand’s usage, not its siblings’', async () => {
    const io = fakeIo();
    expect(await main([name, sub, '--help'], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(new RegExp(`^Usage: trustladder ${name} (\\S+\\|)?${sub}\\b`));
    // Siblings that share one entry (`approve|reject`) share their usage line.
    const usage = COMMANDS.find((c) => c.name === name)?.usage ?? '';
    const shared = (s: string) => usage.includes(`${s}|${sub}`) || usage.includes(`${sub}|${s}`);
    const others = SUBCOMMANDS.filter(([n, s]) => n === name && s !== sub && !shared(s)).map(([, s]) => s);
    for (const other of others)
      expect(out).not.toMatch(new RegExp(`trustladder ${name} (\\S+\\|)?${other}(\\|\\S+)?\\s`));
  });

  test('an unknown flag after it exits 2 with its own usage', async () => {
    const io = fakeIo();
    expect(await main([name, sub, '--no-such-flag-at-all'], io)).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^trustladder ${name}: `));
    expect(io.err()).not.toMatch(/unknown .*subcommand/);
    expect(io.err()).toMatch(new RegExp(`\\nUsage: trustladder ${name} (\\S+\\|)?${sub}\\b`));
  });
});

test('the walk covers the groups with subcommands', () => {
  const groups = new Set(SUBCOMMANDS.map(([n]) => n));
  for (const g of [
    'ledger',
    'remediation',
    'kyverno',
    'review',
    'trust-level',
    'escalation',
    'audit',
    'dispatch',
  ])
    expect(groups).toContain(g);
  expect(SUBCOMMANDS.filter(([n]) => n === 'ledger').map(([, s]) => s)).toEqual([
    'record',
    'status',
    'verify',
    'audit',
    'export',
    'import',
    'checkpoint',
  ]);
});

test('--version prints the package version and exits 0', async () => {
  const io = fakeIo();
  expect(await main(['--version'], io)).toBe(0);
  expect(io.out()).toBe(`trustladder ${cliVersion()}\n`);
  expect(cliVersion()).toMatch(/^\d+\.\d+\.\d+/);
});

describe('colour', () => {
  test.each([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [false, { FORCE_COLOR: '1' }, true],
    [false, { FORCE_COLOR: '0' }, false],
    [true, { FORCE_COLOR: '0' }, false],
    [false, { FORCE_COLOR: '' }, false],
    [false, { FORCE_COLOR: '1', NO_COLOR: '1' }, false],
  ] as const)('on a TTY %s with %j: colour %s', (isTTY, env, expected) => {
    expect(wantsColour({ isTTY, env })).toBe(expected);
  });
});
