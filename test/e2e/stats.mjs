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
