import type { CircuitBreakers } from '../circuit-breakers';
import type { Next, StageCall, StageInterceptor } from './stage-call';

/**
 * Routes the call through the breaker of the module (for the run's tenant, unless the module's
 * breaker is shared); an open circuit fails fast with BrokenCircuitError. Input faults pass
 * through without counting.
 */
export class CircuitBreakerInterceptor implements StageInterceptor {
  constructor(private readonly breakers: CircuitBreakers) {}

  intercept(call: StageCall, next: Next): Promise<unknown> {
    const settings = call.policy?.triggerConditions.circuit_open;
    if (!settings) return next(call);
    const definition = call.entry.definition;
    const tenantId = definition.breaker === 'shared' ? null : call.context.tenantId;
    return this.breakers.forModule(definition.id, tenantId, settings).execute(() => next(call));
  }
}
