import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { LifecycleEventRepository } from './lifecycle-event.repository';
import { LifecycleEvents } from './lifecycle-events';
import { LifecycleParticipant } from './lifecycle-participant.decorator';
import type { LifecycleEvent, Stoppable } from './lifecycle.types';

/** Rows kept in lifecycle_events; older ones are pruned as new ones arrive. */
export const LIFECYCLE_EVENTS_KEPT = 1000;
const PRUNE_EVERY = 100;

/**
 * Persists lifecycle events as an ordinary observer, so a slow or unavailable database never
 * holds the lifecycle up. Events after the database has stopped (end of shutdown) are skipped.
 * The `lifecycle` participant (the runner itself is not one): its stop writes the events still
 * queued before the database closes.
 */
@Injectable()
@LifecycleParticipant({ name: 'lifecycle', dependsOn: ['database'] })
export class LifecycleEventStore implements OnModuleInit, Stoppable {
  private readonly logger = new Logger('LifecycleEventStore');
  private inserted = 0;

  constructor(
    private readonly repository: LifecycleEventRepository,
    private readonly events: LifecycleEvents,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('lifecycle-event-store', (event) => this.save(event));
  }

  async stop(): Promise<void> {
    await this.events.idle();
  }

  async save(event: LifecycleEvent): Promise<void> {
    if (!this.repository.connected) return;
    try {
      await this.repository.insert(event);
      if (this.inserted++ % PRUNE_EVERY === 0) await this.prune();
    } catch (error) {
      // The database closing during shutdown is expected; any other failure is reported by the hub.
      if (this.repository.connected) throw error;
    }
  }

  /** Most recent first. */
  async recent(limit: number, module?: string): Promise<LifecycleEvent[]> {
    const rows = await this.repository.recent(limit, module);
    return rows.map((row) => ({
      timestamp: row.occurredAt,
      module: row.module,
      phase: row.phase,
      details: row.details,
      correlationId: row.correlationId,
      ...(row.instanceId ? { instanceId: row.instanceId } : {}),
    }));
  }

  private async prune(): Promise<void> {
    const deleted = await this.repository.pruneKeeping(LIFECYCLE_EVENTS_KEPT);
    if (deleted) this.logger.debug(`pruned ${deleted} old lifecycle event(s)`);
  }
}
