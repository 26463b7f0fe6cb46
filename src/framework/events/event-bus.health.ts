import { Injectable } from '@nestjs/common';
import { HealthContributor, HealthContributorProvider, HealthOutcome } from '../health/health-contributor';
import { EventBus } from './event-bus';
import { EventsConfig } from './events.config';

/** Event bus backlog: degraded above EVENTS_BACKLOG_DEGRADED; optional (traffic is still served). */
@Injectable()
@HealthContributorProvider()
export class EventBusHealth implements HealthContributor {
  readonly name = 'event-bus';
  readonly optional = true;

  constructor(
    private readonly bus: EventBus,
    private readonly config: EventsConfig,
  ) {}

  async check(): Promise<HealthOutcome> {
    const backlog = this.bus.backlog();
    const status = backlog > this.config.eventsBacklogDegraded ? 'degraded' : 'healthy';
    return { status, message: `backlog ${backlog} (degraded above ${this.config.eventsBacklogDegraded})` };
  }
}
