// Remediation durations: whole seconds, minutes, hours or days (`90s`, `15m`, `1h`, `7d`), as
// Kubernaut writes its hold periods and approval timeouts. Here `m` is minutes: a hold
// period or approval expiry is never measured in months.

const DURATION = /^([1-9][0-9]{0,5})([smhd])$/;
const MICROS_PER = { s: 1_000_000, m: 60_000_000, h: 3_600_000_000, d: 86_400_000_000 } as const;

/** Microseconds in a duration such as `15m`; undefined when it is not one. */
export function parseRemediationDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * MICROS_PER[m[2] as keyof typeof MICROS_PER];
}

export const MINUTE_US = 60_000_000;
export const HOUR_US = 3_600_000_000;
