import type { HealthStatus } from './health-status';

/** One module's line in the snapshot. */
export interface ModuleHealth {
  name: string;
  status: HealthStatus;
  message: string;
  optional: boolean;
  timestamp: string;
}

/** The body of GET /health; the payload of the HealthEvaluated event. */
export interface HealthSnapshot {
  generated_at: string;
  /** Worst status of all modules. */
  overall_status: HealthStatus;
  /** Worst status of the required (non-optional) modules; unhealthy while shutting down. */
  readiness_status: HealthStatus;
  modules: ModuleHealth[];
}

/** 200 for healthy or degraded, 503 for unhealthy. */
export function httpStatusFor(status: HealthStatus): 200 | 503 {
  return status === 'unhealthy' ? 503 : 200;
}
