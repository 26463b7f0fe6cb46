import { Injectable } from '@nestjs/common';
import { ObserverHub } from './observer-hub';
import type { LifecycleEvent } from './lifecycle.types';

/** Buffer size per observer before events are dropped (and a warning event is delivered). */
export const LIFECYCLE_OBSERVER_CAPACITY = 256;

/**
 * The lifecycle event stream of the application: subscribe an observer to receive every
 * {timestamp, module, phase, details, correlationId}. Bridges (event bus, metrics) subscribe here.
 */
@Injectable()
export class LifecycleEvents extends ObserverHub<LifecycleEvent> {
  constructor() {
    super(
      'Lifecycle',
      (dropped, observer) => ({
        timestamp: new Date(),
        module: 'lifecycle',
        phase: 'warning',
        details: { reason: 'observer fell behind', observer, dropped },
        correlationId: 'lifecycle-overflow',
      }),
      LIFECYCLE_OBSERVER_CAPACITY,
    );
  }
}
