import { Injectable } from '@nestjs/common';
import { circuitBreaker, CircuitBreakerPolicy, CircuitState, ConsecutiveBreaker, handleWhen } from 'cockatiel';
import type { Gauge } from 'prom-client';
import { MetricsService } from '../../framework/metrics';
import { ModuleUnavailableError } from './interceptors/stage-call';

interface Breaker {
  key: string;
  policy: CircuitBreakerPolicy;
}

/** pipeline_circuit_state values. */
const STATE_VALUE: Record<CircuitState, number> = {
  [CircuitState.Closed]: 0,
  [CircuitState.Open]: 1,
  [CircuitState.HalfOpen]: 2,
  [CircuitState.Isolated]: 1,
};

/**
 * One cockatiel circuit breaker per module id for the life of the process. A breaker is rebuilt
 * (closed) when the policy's thresholds change.
 */
@Injectable()
export class CircuitBreakers {
  private readonly breakers = new Map<string, Breaker>();
  private readonly gauge: Gauge<'module'>;

  constructor(metrics: MetricsService) {
    this.gauge = metrics.gauge({
      name: 'pipeline_circuit_state',
      help: 'Circuit state per stage module: 0 closed, 1 open, 2 half-open.',
      labelNames: ['module'] as const,
    });
  }

  forModule(moduleId: string, settings: { consecutive_failures: number; half_open_after_ms: number }): CircuitBreakerPolicy {
    const key = `${settings.consecutive_failures}/${settings.half_open_after_ms}`;
    const existing = this.breakers.get(moduleId);
    if (existing?.key === key) return existing.policy;
    // An unavailable module is not a failing one: it does not count towards opening the circuit.
    const policy = circuitBreaker(
      handleWhen((error) => !(error instanceof ModuleUnavailableError)),
      { halfOpenAfter: settings.half_open_after_ms, breaker: new ConsecutiveBreaker(settings.consecutive_failures) },
    );
    policy.onStateChange((state) => this.gauge.set({ module: moduleId }, STATE_VALUE[state]));
    this.gauge.set({ module: moduleId }, 0);
    this.breakers.set(moduleId, { key, policy });
    return policy;
  }

  /** Modules whose circuit is open right now. */
  open(): string[] {
    return [...this.breakers.entries()].filter(([, b]) => b.policy.state === CircuitState.Open).map(([id]) => id);
  }

  state(moduleId: string): CircuitState | undefined {
    return this.breakers.get(moduleId)?.policy.state;
  }
}
