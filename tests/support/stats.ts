/** Small statistics helpers for comparing Monte-Carlo distributions in tests. */

/** Two-sample Kolmogorov–Smirnov statistic and its asymptotic p-value. */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): { d: number; p: number } {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const en = Math.sqrt((x.length * y.length) / (x.length + y.length));
  return { d, p: kolmogorovSurvival((en + 0.12 + 0.11 / en) * d) };
}

/** P(K > t) for the Kolmogorov distribution (Numerical Recipes' series). */
function kolmogorovSurvival(t: number): number {
  if (t < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) sum += 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * t * t);
  return Math.min(Math.max(sum, 0), 1);
}

/** NumPy's default (linear) percentile. */
export function percentile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  const pos = (s.length - 1) * (q / 100);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** The sorted sample's value at a 0-based rank, clamped to the sample. */
export function orderStatistic(values: ArrayLike<number>, rank: number): number {
  const s = Float64Array.from(values).sort();
  return s[Math.min(Math.max(Math.round(rank), 0), s.length - 1)];
}
