import type { CircuitBreakers } from '../circuit-breakers';
import type { Next, StageCall, StageInterceptor } from './stage-call';

/** Routes the call through the module's breaker; an open circuit fails fast with BrokenCircuitError. */
export class CircuitBreakerInterceptor implements StageInterceptor {
  constructor(private readonly breakers: CircuitBreakers) {}

  intercept(call: StageCall, next: Next): Promise<unknown> {
    const settings = call.policy?.triggerConditions.circuit_open;
    if (!settings) return next(call);
    return this.breakers.forModule(call.entry.definition.id, settings).execute(() => next(call));
  }
}
