import { Injectable } from '@nestjs/common';
import { LifecycleParticipant } from '../lifecycle/lifecycle-participant.decorator';
import type { Startable, Stoppable } from '../lifecycle/lifecycle.types';

/**
 * The `admin` lifecycle participant. The admin endpoints hold no resources (start and stop have
 * nothing to open or close); the module takes part so the listing shows it and so it starts after,
 * and stops before, the modules it lists and drives (lifecycle, registry, config).
 */
@Injectable()
@LifecycleParticipant({ name: 'admin', dependsOn: ['lifecycle', 'registry', 'config'] })
export class AdminLifecycle implements Startable, Stoppable {
  async start(): Promise<void> {}

  async stop(): Promise<void> {}
}
