import { setFlagsFromString } from 'node:v8';
import type { AppConfig } from './framework/config';

/**
 * The V8 flags the service sets for itself, from its settings. V8's flags are process-wide, so
 * they reach the engine's worker threads too (which refuse V8 flags in their own execArgv).
 */
export function runtimeFlags(config: Pick<AppConfig, 'v8AllocationSitePretenuring'>): string[] {
  return [config.v8AllocationSitePretenuring ? '--allocation-site-pretenuring' : '--no-allocation-site-pretenuring'];
}

/**
 * Applies runtimeFlags before the application is built, so that no request-path code has run yet.
 *
 * Allocation-site pretenuring off (V8_ALLOCATION_SITE_PRETENURING=false, the default): under load
 * V8 found most objects of the invoice path's allocation sites alive at minor GCs (a scavenge that
 * falls in a request's synchronous part finds that request's working set alive) and tenured those
 * sites; from then on their short-lived objects were allocated in the old generation, where, dead,
 * they still held their young children through every scavenge until the next full GC. Each
 * scavenge then promoted 3-8 MB, a mark-compact came every ~6 s, and the requests queued behind it
 * made the p99 at half load (docs/performance.md, session 13).
 */
export function applyRuntimeFlags(config: Pick<AppConfig, 'v8AllocationSitePretenuring'>, set: (flags: string) => void = setFlagsFromString): void {
  for (const flag of runtimeFlags(config)) set(flag);
}
