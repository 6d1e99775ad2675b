/**
 * The time left at the pace so far, or null while too little is done to say (the first seconds
 * are dominated by connecting and reading the catalog).
 */
export function estimateRemainingMs(fraction: number, elapsedMs: number): number | null {
  if (fraction < 0.03 || fraction >= 1 || elapsedMs < 2000) return null;
  return (elapsedMs * (1 - fraction)) / fraction;
}
