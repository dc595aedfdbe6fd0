import { describe, expect, test } from 'vitest';
import { main } from '../main.js';
import { fakeIo } from '../testing/fake-io.js';
import { COMMANDS } from './index.js';

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
