import { Injectable, OnModuleInit } from '@nestjs/common';
import { LifecycleEvents } from '../lifecycle/lifecycle-events';
import { EventBus } from './event-bus';
import { TOPICS } from './topics';

/** Publishes every lifecycle event on the bus (lifecycle.module.transition), under the event's correlation id. */
@Injectable()
export class LifecycleBridge implements OnModuleInit {
  constructor(
    private readonly lifecycle: LifecycleEvents,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.lifecycle.subscribe('event-bus', (event) => {
      const payload = { module: event.module, phase: event.phase, details: event.details, ...(event.instanceId ? { instance_id: event.instanceId } : {}) };
      this.bus.publish(TOPICS.lifecycleTransition, payload, { correlationId: event.correlationId, occurredAt: event.timestamp });
    });
  }
}
