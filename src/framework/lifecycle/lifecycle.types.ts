/** Phases of a framework module; `warning` marks an event about the event stream itself (overflow). */
export const LIFECYCLE_PHASES = ['registering', 'starting', 'started', 'stopping', 'stopped', 'error', 'warning'] as const;
export type LifecyclePhase = (typeof LIFECYCLE_PHASES)[number];
export type ModuleState = Exclude<LifecyclePhase, 'warning'>;

/** A module with work to do once every provider exists (open a resource, check a schema, …). */
export interface Startable {
  start(): Promise<void>;
}

/** A module that must release something at shutdown (pools, servers, timers). */
export interface Stoppable {
  stop(): Promise<void>;
}

export interface LifecycleEvent {
  timestamp: Date;
  module: string;
  phase: LifecyclePhase;
  details: Record<string, unknown>;
  /** Shared by every event of one boot, one shutdown or one reload. */
  correlationId: string;
  /** The replica (INSTANCE_ID) whose module moved; set by LifecycleEvents when configured. */
  instanceId?: string;
}

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
