/** How p-values print in tables and reports: three decimals, and "< 0.001" below that, never "0.000". */
export function formatP(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
