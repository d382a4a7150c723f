// The error function, which JavaScript's Math lacks (GELU and torch.erf need it), to float64's precision:
//   |x| < 2.5:  erf x = (2/√π)·e^(−x²)·Σₙ 2ⁿx^(2n+1) / (1·3·5·…·(2n+1))   (positive terms, no cancellation)
//   x ≥ 2.5 (erfc: x ≥ 1.5):  erfc x = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …))))   (the continued fraction, Lentz's method)
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const SERIES_LIMIT = 2.5;
/** Where erfc switches to the continued fraction (below it 1 − erf keeps ~13 digits, above it the fraction converges fast). */
const FRACTION_FROM = 1.5;

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x, sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc for x ≥ FRACTION_FROM, where 1 − erf would lose the digits that matter. */
function erfcFraction(x: number): number {
  const tiny = 1e-300;
  let f = x, c = x, d = 0;
  for (let i = 1; i < 1000; i++) {
    const a = i / 2;
    d = x + a * d;
    c = x + a / c;
    if (d === 0) d = tiny;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) < SERIES_LIMIT) return erfSeries(x);
  return Math.sign(x) * (1 - erfcFraction(Math.abs(x)));
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= FRACTION_FROM) return erfcFraction(x);
  if (x <= -SERIES_LIMIT) return 2 - erfcFraction(-x);
  return 1 - erfSeries(x);
}
