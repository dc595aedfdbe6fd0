// Ladder durations: whole days (`90d`) or hours (`12h`), nothing else. `m` could mean
// minutes or months and `1.5d` invites rounding, so neither is accepted.

const DURATION = /^(0|[1-9][0-9]{0,4})([dh])$/;
const MICROS_PER = { d: 86_400_000_000, h: 3_600_000_000 } as const;

/** Microseconds in a duration such as `90d` or `12h`; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * MICROS_PER[m[2] as 'd' | 'h'];
}
