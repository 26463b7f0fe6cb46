/** Delay before the next renewal attempt after `failures` consecutive failures: base·2^(n-1), capped. */
export function retryDelayMs(failures: number, baseMs: number, maxMs: number): number {
  if (failures < 1) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
}
