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
 * A contrast peak's p as it prints: a direction's one-sided permutation p
 * against its floor of 1/permutations (pass their number); the
 * conjunction's main-effect p as a plain p (pass null).
 */
export function formatContrastP(p: number, permutations: number | null): string {
  return permutations === null ? formatP(p) : formatFweP(p, permutations);
}
