import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Counter, Histogram } from 'prom-client';
import { LifecycleParticipant } from '../lifecycle/lifecycle-participant.decorator';
import type { Startable, Stoppable } from '../lifecycle/lifecycle.types';
import { MetricsService } from '../metrics/metrics.service';
import type { EventHandler, EventMessage, PublishOptions, SubscribeOptions } from './event-message';
import { EventsConfig } from './events.config';

type Outcome = 'ok' | 'error' | 'timeout';

/**
 * Publish/subscribe on @nestjs/event-emitter. Publishing returns at once: delivery starts on the
 * next turn of the event loop, so no publisher waits for a subscriber. Each subscriber runs
 * isolated: one that throws or times out is logged and counted, and neither the publisher nor the
 * other subscribers notice. A lifecycle participant: its stop closes the bus (later publications
 * are counted as dropped, not delivered) and drains the deliveries queued or running.
 */
@Injectable()
@LifecycleParticipant({ name: 'events', dependsOn: ['metrics'] })
export class EventBus implements Startable, Stoppable {
  private readonly logger = new Logger('EventBus');
  private readonly inFlight = new Set<Promise<void>>();
  private queued = 0;
  private closed = false;
  private readonly published: Counter<'topic'>;
  private readonly dropped: Counter<'topic'>;
  private readonly deliveries: Counter<'topic' | 'subscriber' | 'outcome'>;
  private readonly duration: Histogram<'subscriber'>;

  constructor(
    private readonly emitter: EventEmitter2,
    private readonly config: EventsConfig,
    metrics: MetricsService,
  ) {
    this.published = metrics.counter({ name: 'events_published_total', help: 'Events published, by topic.', labelNames: ['topic'] as const });
    this.dropped = metrics.counter({ name: 'events_dropped_total', help: 'Events published after the bus closed (shutdown), by topic.', labelNames: ['topic'] as const });
    this.deliveries = metrics.counter({
      name: 'events_deliveries_total',
      help: 'Deliveries to subscribers by topic, subscriber and outcome (ok, error, timeout).',
      labelNames: ['topic', 'subscriber', 'outcome'] as const,
    });
    this.duration = metrics.histogram({
      name: 'events_subscriber_duration_seconds',
      help: 'Time subscribers take per delivery.',
      labelNames: ['subscriber'] as const,
      buckets: [0.001, 0.005, 0.025, 0.1, 0.5, 2.5, 10],
    });
    const backlog = (): number => this.backlog();
    metrics.gauge({
      name: 'events_backlog',
      help: 'Event deliveries waiting to start or still running.',
      collect() {
        this.set(backlog());
      },
    });
  }

  publish<T>(topic: string, payload: T, options: PublishOptions = {}): EventMessage<T> {
    const message: EventMessage<T> = {
      id: randomUUID(),
      topic,
      headers: { ...options.headers },
      payload,
      correlationId: options.correlationId ?? randomUUID(),
      occurredAt: options.occurredAt ?? new Date(),
    };
    if (this.closed) {
      this.dropped.inc({ topic });
      return message;
    }
    this.published.inc({ topic });
    this.queued++;
    setImmediate(() => {
      this.queued--;
      this.emitter.emit(topic, message);
    });
    return message;
  }

  /** Subscribes to a topic (wildcards on `.`: `invoice.*`, `configuration.**`); returns the unsubscribe function. */
  subscribe<T>(topic: string, handler: EventHandler<T>, options: SubscribeOptions): () => void {
    const listener = (message: EventMessage<T>): void => {
      this.track(this.deliver(message, handler, options));
    };
    this.emitter.on(topic, listener);
    return () => {
      this.emitter.off(topic, listener);
    };
  }

  /** Deliveries waiting to start plus deliveries running. */
  backlog(): number {
    return this.queued + this.inFlight.size;
  }

  /** Resolves once nothing is queued or running (tests, and the drain at shutdown). */
  async idle(): Promise<void> {
    while (this.backlog() > 0) {
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Lifecycle start: the bus delivers (it accepts publications from construction on). */
  async start(): Promise<void> {
    this.closed = false;
  }

  /** Lifecycle stop: closes the bus, then waits for every queued or running delivery. */
  async stop(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private async deliver<T>(message: EventMessage<T>, handler: EventHandler<T>, options: SubscribeOptions): Promise<void> {
    const stopTimer = this.duration.startTimer({ subscriber: options.name });
    // The handler runs in a later microtask, never inside the emit.
    await Promise.resolve();
    let outcome: Outcome;
    let failure: unknown;
    let timeoutMs = 0;
    try {
      const result = handler(message);
      // A handler that returned (no promise) has finished: no timer can fire before that, so the
      // timer is only set for a pending promise.
      if (isThenable(result)) {
        timeoutMs = options.timeoutMs ?? this.config.eventsSubscriberTimeoutMs;
        outcome = await this.settledWithin(result, timeoutMs, (error) => (failure = error));
      } else {
        outcome = 'ok';
      }
    } catch (error) {
      failure = error;
      outcome = 'error';
    }
    if (outcome === 'timeout') {
      this.logger.warn(`subscriber ${options.name} on ${message.topic} timed out after ${timeoutMs} ms (event ${message.id}, correlation ${message.correlationId})`);
    } else if (outcome === 'error') {
      this.logger.error(
        `subscriber ${options.name} on ${message.topic} failed (event ${message.id}, correlation ${message.correlationId}): ${String(failure)}`,
        failure instanceof Error ? failure.stack : undefined,
      );
    }
    stopTimer();
    this.deliveries.inc({ topic: message.topic, subscriber: options.name, outcome });
  }

  /** 'ok' or 'error' (the error to `onError`) as the promise settles, 'timeout' after `ms`; never rejects, also when it fails after its timeout. */
  private async settledWithin(pending: PromiseLike<unknown>, ms: number, onError: (error: unknown) => void): Promise<Outcome> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    });
    const run = Promise.resolve(pending).then(
      () => 'ok' as const,
      (error: unknown) => {
        onError(error);
        return 'error' as const;
      },
    );
    const outcome = await Promise.race([run, timedOut]);
    clearTimeout(timer);
    return outcome;
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
