// The timing helper for benches: the median of repeated runs after one warm-up, for at
// least minMs (shorter with TRUSTLADDER_BENCH_QUICK=1) and at least `minSamples` runs.
export const QUICK = process.env.TRUSTLADDER_BENCH_QUICK === '1';

export function medianMs(fn, minMs = QUICK ? 100 : 400, minSamples = 3) {
  fn();
  const samples = [];
  const deadline = performance.now() + minMs;
  do {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  } while (performance.now() < deadline || samples.length < minSamples);
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

// The same in CPU time (user + system, this process): on a machine shared with other work,
// wall time also counts the time others hold the cores, CPU time only this process's work.
// It counts GC helper threads too, so it is never below the work done.
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export function medianCpuMs(fn, minMs = QUICK ? 100 : 400, minSamples = 3) {
  fn();
  const samples = [];
  const deadline = performance.now() + minMs;
  do {
    const t0 = cpuMs();
    fn();
    samples.push(cpuMs() - t0);
  } while (performance.now() < deadline || samples.length < minSamples);
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}
