import { Logger } from '@nestjs/common';

export type Observer<E> = (event: E) => void | Promise<void>;

interface Subscription<E> {
  name: string;
  observer: Observer<E>;
  queue: E[];
  dropped: number;
  draining: boolean;
}

/**
 * Fan-out of events to observers, decoupled from whoever publishes: `publish` only appends to a
 * bounded queue per observer and returns at once, so an observer that throws or is slow never
 * blocks or breaks the publisher. When an observer falls `capacity` events behind, the oldest
 * events are dropped and the observer receives a warning event (built by `overflowEvent`) saying
 * how many it missed. Delivery to each observer is in publication order.
 */
export class ObserverHub<E> {
  private readonly subscriptions: Array<Subscription<E>> = [];
  private readonly logger: Logger;

  constructor(
    private readonly name: string,
    private readonly overflowEvent: (dropped: number, observer: string) => E,
    private readonly capacity = 256,
  ) {
    this.logger = new Logger(name);
  }

  subscribe(name: string, observer: Observer<E>): () => void {
    const subscription: Subscription<E> = { name, observer, queue: [], dropped: 0, draining: false };
    this.subscriptions.push(subscription);
    return () => {
      const index = this.subscriptions.indexOf(subscription);
      if (index >= 0) this.subscriptions.splice(index, 1);
    };
  }

  publish(event: E): void {
    for (const subscription of this.subscriptions) {
      if (subscription.queue.length >= this.capacity) {
        subscription.queue.shift();
        subscription.dropped++;
      }
      subscription.queue.push(event);
      if (!subscription.draining) void this.drain(subscription);
    }
  }

  /** Resolves once every queued event has been handed to every observer (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.subscriptions.some((s) => s.draining || s.queue.length > 0)) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private async drain(subscription: Subscription<E>): Promise<void> {
    subscription.draining = true;
    // Start on a later tick: the publisher finishes its own work before any observer runs.
    await Promise.resolve();
    try {
      while (subscription.queue.length > 0) {
        if (subscription.dropped > 0) {
          const dropped = subscription.dropped;
          subscription.dropped = 0;
          this.logger.warn(`observer ${subscription.name} fell behind: ${dropped} ${this.name} event(s) dropped`);
          await this.deliver(subscription, this.overflowEvent(dropped, subscription.name));
        }
        await this.deliver(subscription, subscription.queue.shift() as E);
      }
    } finally {
      subscription.draining = false;
    }
  }

  private async deliver(subscription: Subscription<E>, event: E): Promise<void> {
    try {
      await subscription.observer(event);
    } catch (error) {
      this.logger.warn({ err: error, observer: subscription.name }, `observer ${subscription.name} failed; event skipped`);
    }
  }
}
