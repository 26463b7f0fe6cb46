import { Injectable } from '@nestjs/common';
import { HealthContributor, HealthContributorProvider, HealthOutcome } from '../../framework/health/health-contributor';
import { RunGate } from './run-gate';

/**
 * The activation queue's share of the health snapshot: degraded while a configuration switch
 * holds new runs at the admission gate (they wait until the runs in flight drain or the drain
 * timeout expires). Read from memory: no query per probe.
 */
@Injectable()
@HealthContributorProvider()
export class ActivationQueueHealth implements HealthContributor {
  readonly name = 'activation-queue';
  readonly optional = true;

  constructor(private readonly gate: RunGate) {}

  async check(): Promise<HealthOutcome> {
    if (!this.gate.isClosed) return { status: 'healthy', message: `no activation pending; ${this.gate.runsInFlight} run(s) in flight` };
    return { status: 'degraded', message: `an activation is waiting for ${this.gate.runsInFlight} run(s) in flight to drain; new runs wait` };
  }
}
