import { SetMetadata } from '@nestjs/common';
import type { HealthStatus } from './health-status';

export interface HealthOutcome {
  status: HealthStatus;
  message: string;
}

/**
 * What a module contributes to the probes: a name, whether readiness may ignore it (optional), and
 * a cheap check (no heavy query: it runs at most once per HEALTH_CACHE_MS). A check that throws
 * or exceeds HEALTH_CHECK_TIMEOUT_MS counts as unhealthy.
 *
 * Modules contribute by declaring a provider decorated with @HealthContributorProvider() that
 * implements this interface (found through Nest discovery), or by calling
 * HealthService.register(). Hooks expected from later issues: `pipeline` (module availability,
 * open circuits), `activation-queue` (depth, oldest pending), `certificates` (days to expiry).
 */
export interface HealthContributor {
  readonly name: string;
  readonly optional: boolean;
  check(): Promise<HealthOutcome>;
}

export const HEALTH_CONTRIBUTOR = 'health:contributor';

/** Marks a provider class as a HealthContributor for discovery. */
export const HealthContributorProvider = (): ClassDecorator => SetMetadata(HEALTH_CONTRIBUTOR, true);
