// The latency figures' summary, shared by the latency spec (test/e2e/suite/latency.test.ts, which summarises what it
// measures in the extension host) and the runner (harness.mjs, which adds the keystrokes it typed).

/** The p-th percentile (nearest rank); NaN of nothing. */
export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

/** To a tenth of a millisecond. */
export const round = (x) => Math.round(x * 10) / 10;

/** p50, p95, max and count. */
export const summary = (xs) => ({ p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), max: round(Math.max(...xs)), n: xs.length });

/**
 * How far this process's `performance.timeOrigin + now()` is from the system clock (`Date.now()`), in ms, measured
 * over 20 ms. Every process fixes its time origin when it starts, so two processes started on either side of a step
 * of the system clock disagree by that step (12–16 ms in one CI run: keystrokes seemed to reach the extension host
 * before the runner typed them). Adding each process's offset puts their moments on the one system clock. Date.now()
 * drops the fraction of its millisecond, half a millisecond on average: added back.
 */
export const clockOffset = () => {
  let sum = 0;
  let n = 0;
  const end = performance.now() + 20;
  while (performance.now() < end) {
    sum += Date.now() - (performance.timeOrigin + performance.now());
    n++;
  }
  return sum / n + 0.5;
};
