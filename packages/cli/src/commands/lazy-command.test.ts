import { describe, expect, test } from 'vitest';
import { COMMANDS } from './index.js';

// The table names and summarises each command without importing it; the loaded module must
// say the same, so `trustladder --help` never drifts from the commands themselves.
describe('the lazily loaded command table', () => {
  test.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s: the name and summary are the module’s own',
    async (_, entry) => {
      expect(entry.load).toBeDefined();
      const loaded = await entry.load?.();
      expect(loaded?.name).toBe(entry.name);
      expect(loaded?.summary).toBe(entry.summary);
      expect(entry.usage).toBe(loaded?.usage);
    },
  );
});
