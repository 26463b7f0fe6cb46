/** Status of one module, ordered from best to worst. */
export const HEALTH_STATUSES = ['healthy', 'degraded', 'unhealthy'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** The worse of the statuses; healthy for none. */
export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst = 0;
  for (const status of statuses) worst = Math.max(worst, HEALTH_STATUSES.indexOf(status));
  return HEALTH_STATUSES[worst];
}
