/**
 * One event on the bus. The payload is owned by the topic's publisher and validated by its
 * consumers; headers carry transport metadata (tenant, source, schema version, ...).
 */
export interface EventMessage<T = unknown> {
  id: string;
  topic: string;
  headers: Record<string, string>;
  payload: T;
  correlationId: string;
  occurredAt: Date;
}

export interface PublishOptions {
  headers?: Record<string, string>;
  /** The request or job the event belongs to; a fresh id when absent. */
  correlationId?: string;
  occurredAt?: Date;
}

export type EventHandler<T = unknown> = (message: EventMessage<T>) => void | Promise<void>;

export interface SubscribeOptions {
  /** Names the subscriber in logs and metrics (keep it a constant: it is a metric label). */
  name: string;
  /** Longer than this and the delivery counts as timed out (default EVENTS_SUBSCRIBER_TIMEOUT_MS). */
  timeoutMs?: number;
}
