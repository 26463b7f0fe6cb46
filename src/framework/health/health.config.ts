import { IsInt, Max, Min } from 'class-validator';
import { Setting } from '../config';

/** Probe settings. */
export class HealthConfig {
  @Setting({
    env: 'HEALTH_CACHE_MS',
    description: 'How long a health snapshot is reused by /health and /health/ready before the checks run again, in milliseconds.',
  })
  // Short enough that readiness turns unhealthy within a second of a database outage.
  @IsInt()
  @Min(0)
  @Max(60000)
  healthCacheMs: number = 500;

  @Setting({ env: 'HEALTH_CHECK_TIMEOUT_MS', description: 'A module health check taking longer than this many milliseconds counts as unhealthy.' })
  @IsInt()
  @Min(10)
  @Max(30000)
  healthCheckTimeoutMs: number = 1000;
}
