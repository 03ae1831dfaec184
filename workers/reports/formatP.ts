import { normalUpperTail } from '../core/normal.ts';

/** How p-values print in tables and reports: three decimals, and "< 0.001" below that, never "0.000". */
export function formatP(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/**
 * A cluster-size FWE p counted over `iterations` Monte-Carlo datasets: it can
 * be no smaller than 1/iterations (NiMARE's floor), so a p at the floor prints
 * as "≤ floor" (or "< 0.001" when the floor is below that).
 */
export function formatFweP(p: number | null, iterations: number): string {
  if (p === null || iterations <= 0) return formatP(p);
  const floor = 1 / iterations;
  if (p <= floor && floor >= 0.001) return `≤ ${formatP(floor)}`;
  return formatP(p);
}

/**
 * The p a contrast's z was made from, as it prints. A direction's z is
 * Φ⁻¹ of a one-sided permutation p (floored at 1/permutations, so pass
 * their number); the conjunction's min z is the main effects' (pass null).
 * z is stored as float32, so p is kept to five significant digits before
 * it is compared with the floor.
 */
export function formatContrastP(z: number, permutations: number | null): string {
  const p = Number(normalUpperTail(z).toPrecision(5));
  return permutations === null ? formatP(p) : formatFweP(p, permutations);
}
