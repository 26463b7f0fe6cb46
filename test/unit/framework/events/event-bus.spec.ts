import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EventBus } from '../../../../src/framework/events/event-bus';
import type { EventMessage } from '../../../../src/framework/events/event-message';
import { EventsConfig } from '../../../../src/framework/events/events.config';
import { TOPICS } from '../../../../src/framework/events/topics';
import { MetricsConfig } from '../../../../src/framework/metrics/metrics.config';
import { MetricsService } from '../../../../src/framework/metrics/metrics.service';
import { FakeClock, gate } from '../../../support/fake-clock';

describe('EventBus', () => {
  let metrics: MetricsService;
  let bus: EventBus;
  const errors: string[] = [];
  const warnings: string[] = [];

  beforeEach(() => {
    errors.length = 0;
    warnings.length = 0;
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void errors.push(String(message)));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    metrics = new MetricsService(Object.assign(new MetricsConfig(), { metricsDefaultEnabled: false }), new FakeClock(new Date()));
    const config = Object.assign(new EventsConfig(), { eventsSubscriberTimeoutMs: 50 });
    bus = new EventBus(new EventEmitter2({ wildcard: true, delimiter: '.' }), config, metrics);
  });

  afterEach(() => jest.restoreAllMocks());

  const deliveries = async (outcome: string, subscriber: string) => {
    const metric = await metrics.registry.getSingleMetric('events_deliveries_total')!.get();
    return metric.values.find((v) => v.labels.outcome === outcome && v.labels.subscriber === subscriber)?.value ?? 0;
  };

  it('publishes asynchronously: the publisher returns before any subscriber runs', async () => {
    const seen: string[] = [];
    bus.subscribe(TOPICS.invoiceStatusChanged, () => void seen.push('subscriber'), { name: 'recorder' });
    const message = bus.publish(TOPICS.invoiceStatusChanged, { id: 'inv-1', status: 'completed' }, { correlationId: 'corr-1', headers: { tenant: 'default' } });
    seen.push('publisher returned');
    await bus.idle();
    expect(seen).toEqual(['publisher returned', 'subscriber']);
    expect(message).toMatchObject({ topic: TOPICS.invoiceStatusChanged, correlationId: 'corr-1', headers: { tenant: 'default' }, payload: { id: 'inv-1' } });
    expect(message.occurredAt).toBeInstanceOf(Date);
  });

  it('isolates a throwing subscriber: the others still get the message; the failure is logged and counted', async () => {
    const received: Array<EventMessage<{ n: number }>> = [];
    bus.subscribe(TOPICS.healthEvaluated, () => void received.push({} as EventMessage<{ n: number }>), { name: 'before' });
    bus.subscribe(TOPICS.healthEvaluated, () => {
      throw new Error('subscriber bug');
    }, { name: 'thrower' });
    bus.subscribe(TOPICS.healthEvaluated, async () => {
      throw new Error('async subscriber bug');
    }, { name: 'async-thrower' });
    bus.subscribe<{ n: number }>(TOPICS.healthEvaluated, (message) => void received.push(message), { name: 'after' });

    expect(() => bus.publish(TOPICS.healthEvaluated, { n: 1 })).not.toThrow();
    bus.publish(TOPICS.healthEvaluated, { n: 2 });
    await bus.idle();

    expect(received).toHaveLength(4);
    expect(received.filter((m) => m.payload).map((m) => m.payload.n)).toEqual([1, 2]);
    expect(await deliveries('error', 'thrower')).toBe(2);
    expect(await deliveries('error', 'async-thrower')).toBe(2);
    expect(await deliveries('ok', 'after')).toBe(2);
    expect(errors.filter((e) => e.includes('subscriber thrower') && e.includes('subscriber bug'))).toHaveLength(2);
  });

  it('counts a subscriber that outlives its timeout, without holding up the others', async () => {
    const stuck = gate();
    const fast: number[] = [];
    bus.subscribe(TOPICS.lifecycleTransition, () => stuck.promise, { name: 'slow', timeoutMs: 20 });
    bus.subscribe<{ n: number }>(TOPICS.lifecycleTransition, (message) => void fast.push(message.payload.n), { name: 'fast' });
    bus.publish(TOPICS.lifecycleTransition, { n: 7 });
    await bus.idle();
    expect(fast).toEqual([7]);
    expect(await deliveries('timeout', 'slow')).toBe(1);
    expect(warnings.some((w) => w.includes('subscriber slow') && w.includes('timed out'))).toBe(true);
    stuck.open();
  });

  it('sets no timeout timer for a subscriber that returns without a promise; a slow one that returns is ok, not timed out', async () => {
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    bus.subscribe(TOPICS.invoiceStatusChanged, () => {
      const until = performance.now() + 30; // longer than its 5 ms timeout, but synchronous
      while (performance.now() < until);
    }, { name: 'sync-slow', timeoutMs: 5 });
    bus.publish(TOPICS.invoiceStatusChanged, {});
    await bus.idle();
    expect(await deliveries('ok', 'sync-slow')).toBe(1);
    expect(setTimeoutSpy).not.toHaveBeenCalled();
    bus.subscribe(TOPICS.invoiceStatusChanged, async () => undefined, { name: 'async' });
    bus.publish(TOPICS.invoiceStatusChanged, {});
    await bus.idle();
    expect(await deliveries('ok', 'async')).toBe(1);
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
  });

  it('reports its backlog until deliveries finish, and unsubscribes', async () => {
    const release = gate();
    let calls = 0;
    const unsubscribe = bus.subscribe('invoice.*.changed', async () => {
      calls++;
      await release.promise;
    }, { name: 'wildcard' });
    bus.publish(TOPICS.invoiceStatusChanged, {});
    expect(bus.backlog()).toBe(1);
    const drained = bus.idle();
    release.open();
    await drained;
    expect(bus.backlog()).toBe(0);
    unsubscribe();
    bus.publish(TOPICS.invoiceStatusChanged, {});
    await bus.idle();
    expect(calls).toBe(1);
  });
});
