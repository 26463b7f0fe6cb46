import { Injectable } from '@nestjs/common';
import { circuitBreaker, CircuitBreakerPolicy, CircuitState, ConsecutiveBreaker, handleWhen } from 'cockatiel';
import type { Gauge } from 'prom-client';
import { MetricsService } from '../../framework/metrics';
import { isModuleFault } from './interceptors/failure-reason';
import { ModuleUnavailableError } from './interceptors/stage-call';

interface Breaker {
  moduleId: string;
  tenantId: string | null;
  settingsKey: string;
  policy: CircuitBreakerPolicy;
}

/** pipeline_circuit_state values. */
const STATE_VALUE: Record<CircuitState, number> = {
  [CircuitState.Closed]: 0,
  [CircuitState.Open]: 1,
  [CircuitState.HalfOpen]: 2,
  [CircuitState.Isolated]: 1,
};

/** The `tenant` label of a shared breaker. */
export const SHARED = '*';

/** One open circuit: the module, and the tenant it is open for (null: every tenant). */
export interface OpenCircuit {
  moduleId: string;
  tenantId: string | null;
}

/**
 * Cockatiel circuit breakers for the life of the process, one per (tenant, module): a tenant
 * whose documents or settings make a module fail opens only its own circuit, never another
 * tenant's (modules whose breaker is `shared` keep one for all). Only module faults count:
 * input faults are verdicts and an unavailable module is not a failing one. A breaker is rebuilt
 * (closed) when the policy's thresholds change.
 */
@Injectable()
export class CircuitBreakers {
  private readonly breakers = new Map<string, Breaker>();
  private readonly gauge: Gauge<'module' | 'tenant'>;

  constructor(metrics: MetricsService) {
    this.gauge = metrics.gauge({
      name: 'pipeline_circuit_state',
      help: 'Circuit state per stage module and tenant (* for a shared breaker): 0 closed, 1 open, 2 half-open.',
      labelNames: ['module', 'tenant'] as const,
    });
  }

  forModule(moduleId: string, tenantId: string | null, settings: { consecutive_failures: number; half_open_after_ms: number }): CircuitBreakerPolicy {
    const settingsKey = `${settings.consecutive_failures}/${settings.half_open_after_ms}`;
    const key = `${tenantId ?? SHARED}\u0000${moduleId}`;
    const existing = this.breakers.get(key);
    if (existing?.settingsKey === settingsKey) return existing.policy;
    const policy = circuitBreaker(
      handleWhen((error) => isModuleFault(error) && !(error instanceof ModuleUnavailableError)),
      { halfOpenAfter: settings.half_open_after_ms, breaker: new ConsecutiveBreaker(settings.consecutive_failures) },
    );
    const labels = { module: moduleId, tenant: tenantId ?? SHARED };
    policy.onStateChange((state) => this.gauge.set(labels, STATE_VALUE[state]));
    this.gauge.set(labels, 0);
    this.breakers.set(key, { moduleId, tenantId, settingsKey, policy });
    return policy;
  }

  /** Circuits open right now. */
  open(): OpenCircuit[] {
    return [...this.breakers.values()].filter((b) => b.policy.state === CircuitState.Open).map(({ moduleId, tenantId }) => ({ moduleId, tenantId }));
  }

  /** The circuit state of a module for a tenant (null: the shared breaker). */
  state(moduleId: string, tenantId: string | null): CircuitState | undefined {
    return this.breakers.get(`${tenantId ?? SHARED}\u0000${moduleId}`)?.policy.state;
  }
}
