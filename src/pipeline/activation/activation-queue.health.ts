import { Injectable } from '@nestjs/common';
import { HealthContributor, HealthContributorProvider, HealthOutcome } from '../../framework/health/health-contributor';
import { RunGate } from './run-gate';

/**
 * The activation queue's share of the health snapshot: degraded while this process's admission
 * gate holds new runs — a configuration switch on any replica waits for runs in flight to drain
 * (or the drain timeout to expire), the process has not joined the cluster's gate yet, or its gate
 * lease ran out. Read from memory: no query per probe.
 */
@Injectable()
@HealthContributorProvider()
export class ActivationQueueHealth implements HealthContributor {
  readonly name = 'activation-queue';
  readonly optional = true;

  constructor(private readonly gate: RunGate) {}

  async check(): Promise<HealthOutcome> {
    if (!this.gate.isClosed) return { status: 'healthy', message: `no activation pending; ${this.gate.runsInFlight} run(s) in flight` };
    const reasons = this.gate.reasons;
    if (reasons.includes('switch') || reasons.includes('activating')) {
      return { status: 'degraded', message: `an activation is waiting for run(s) in flight to drain (${this.gate.runsInFlight} here); new runs wait` };
    }
    return { status: 'degraded', message: `new runs wait: ${reasons.map((r) => (r === 'joining' ? 'joining the configuration gate' : 'the configuration gate lease ran out')).join(', ')}` };
  }
}
