import { Injectable } from '@nestjs/common';
import { HealthContributor, HealthContributorProvider, HealthOutcome } from '../health/health-contributor';
import { LifecycleService } from './lifecycle.service';

/**
 * The framework modules: unhealthy when one is in error, degraded while one is not started (boot
 * or shutdown in progress), healthy when every module is started. Cheap: reads the state machines.
 */
@Injectable()
@HealthContributorProvider()
export class LifecycleHealth implements HealthContributor {
  readonly name = 'lifecycle';
  readonly optional = false;

  constructor(private readonly lifecycle: LifecycleService) {}

  async check(): Promise<HealthOutcome> {
    const states = this.lifecycle.states();
    const failed = states.filter((s) => s.state === 'error').map((s) => s.module);
    if (failed.length > 0) return { status: 'unhealthy', message: `in error: ${failed.join(', ')}` };
    const notStarted = states.filter((s) => s.state !== 'started').map((s) => `${s.module} (${s.state})`);
    if (notStarted.length > 0) return { status: 'degraded', message: `not started: ${notStarted.join(', ')}` };
    return { status: 'healthy', message: `${states.length} modules started` };
  }
}
