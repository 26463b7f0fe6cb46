import { Injectable } from '@nestjs/common';
import { ObserverHub } from '../../lifecycle/observer-hub';

interface ReloadEventBase {
  timestamp: Date;
  correlationId: string;
}

/**
 * Events of a configuration reload, in the shape a future event bus can carry as-is
 * (`type` is the topic). `changed` lists variable names only, never values.
 */
export type ConfigReloadEvent =
  | (ReloadEventBase & { type: 'ConfigReloadStarted' })
  | (ReloadEventBase & { type: 'ConfigReloadNoop' })
  | (ReloadEventBase & { type: 'ConfigReloadCompleted'; changed: string[]; duration_ms: number; success: boolean; error?: string })
  | (ReloadEventBase & { type: 'ConfigReloadEventsDropped'; dropped: number; observer: string });

/** Observers of configuration reloads subscribe here (bounded per-observer buffer, failures isolated). */
@Injectable()
export class ConfigReloadEvents extends ObserverHub<ConfigReloadEvent> {
  constructor() {
    super(
      'ConfigReload',
      (dropped, observer) => ({ type: 'ConfigReloadEventsDropped', timestamp: new Date(), correlationId: 'config-reload-overflow', dropped, observer }),
      64,
    );
  }
}
