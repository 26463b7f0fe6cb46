import { Injectable, Optional } from '@nestjs/common';
import { InstanceConfig } from '../config/instance.config';
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
  /** INSTANCE_ID, stamped on every event so observers know which replica moved. */
  private readonly instanceId?: string;

  constructor(@Optional() instance?: InstanceConfig) {
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
    this.instanceId = instance?.instanceId;
  }

  override publish(event: LifecycleEvent): void {
    super.publish(this.instanceId ? { ...event, instanceId: this.instanceId } : event);
  }
}
