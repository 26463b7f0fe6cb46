import { IsInt, Max, Min } from 'class-validator';
import { Setting } from '../config';

/** Event bus settings. */
export class EventsConfig {
  @Setting({ env: 'EVENTS_SUBSCRIBER_TIMEOUT_MS', description: 'A subscriber still running after this many milliseconds is counted as timed out.' })
  @IsInt()
  @Min(10)
  @Max(600000)
  eventsSubscriberTimeoutMs: number = 5000;

  @Setting({ env: 'EVENTS_BACKLOG_DEGRADED', description: 'Event deliveries waiting or running above which the event bus reports degraded health.' })
  @IsInt()
  @Min(1)
  eventsBacklogDegraded: number = 1000;
}
