import type { InputEvent, RunCompleted, Tier } from '@trustladder/core';

// Event builders for the store tests: whole seconds from 2026-03-01.

const EPOCH = Date.UTC(2026, 2, 1);

export function at(seconds: number): string {
  return new Date(EPOCH + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

export function success(
  seconds: number,
  tier: Tier = 'T0',
  agent = 'dev-e',
  taskClass = 'docs-update',
): RunCompleted {
  return { type: 'RunCompleted', at: at(seconds), agent, taskClass, tier, outcome: 'success' };
}

export function successes(n: number, from: number, tier: Tier = 'T0', agent = 'dev-e'): InputEvent[] {
  return Array.from({ length: n }, (_, i) => success(from + i, tier, agent));
}
