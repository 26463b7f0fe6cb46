import { DiscoveryService } from '@nestjs/core';

export interface LifecycleParticipantOptions {
  /** Module name shown in lifecycle events and errors, e.g. `database`. */
  name: string;
  /**
   * Modules this one needs started first (and stopped after it), by name. A name no participant
   * of this application carries is ignored (a test app may leave that module out; Nest's DI
   * already refuses a missing provider). A cycle fails the boot.
   */
  dependsOn?: readonly string[];
}

/**
 * Marks a provider as a framework module taking part in the lifecycle: its `start()` runs at
 * bootstrap in dependency order (`dependsOn`, then deepest Nest module first), its `stop()` at
 * shutdown in reverse,
 * and its `reload(diff)` (Reloadable) on configuration reload.
 */
export const LifecycleParticipant = DiscoveryService.createDecorator<LifecycleParticipantOptions>();
