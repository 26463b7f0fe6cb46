import { DiscoveryService } from '@nestjs/core';

export interface LifecycleParticipantOptions {
  /** Module name shown in lifecycle events and errors, e.g. `database`. */
  name: string;
}

/**
 * Marks a provider as a framework module taking part in the lifecycle: its `start()` runs at
 * bootstrap in dependency order (deepest Nest module first), its `stop()` at shutdown in reverse,
 * and its `reload(diff)` (Reloadable) on configuration reload.
 */
export const LifecycleParticipant = DiscoveryService.createDecorator<LifecycleParticipantOptions>();
