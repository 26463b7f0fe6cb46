import { Logger } from '@nestjs/common';
import { CARDINALITY_WINDOW_MS } from '../../../../src/framework/metrics/cardinality-guard';
import { MetricsConfig } from '../../../../src/framework/metrics/metrics.config';
import { MetricsService } from '../../../../src/framework/metrics/metrics.service';
import { FakeClock } from '../../../support/fake-clock';

describe('cardinality guard', () => {
  let clock: FakeClock;
  let metrics: MetricsService;
  let warnings: string[];

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    clock = new FakeClock(new Date('2026-01-01T00:00:00Z'));
    metrics = new MetricsService(Object.assign(new MetricsConfig(), { metricsDefaultEnabled: false }), clock);
  });

  afterEach(() => jest.restoreAllMocks());

  const warningCount = async () => {
    const metric = await metrics.registry.getSingleMetric('metrics_cardinality_warnings_total')!.get();
    return metric.values.reduce((sum, v) => sum + v.value, 0);
  };

  it('warns (log and counter) when a label takes more than 100 distinct values within 10 minutes', async () => {
    const counter = metrics.counter({ name: 'test_requests_total', help: 'x', labelNames: ['path', 'method'] as const });
    for (let i = 0; i < 100; i++) counter.inc({ path: `/items/${i}`, method: 'GET' });
    expect(await warningCount()).toBe(0);
    counter.inc({ path: '/items/100', method: 'GET' });
    expect(await warningCount()).toBe(1);
    expect(warnings).toEqual([expect.stringContaining('test_requests_total: label "path"')]);
    // Once per window: more values do not repeat the warning.
    for (let i = 101; i < 150; i++) counter.inc({ path: `/items/${i}`, method: 'GET' });
    expect(await warningCount()).toBe(1);
  });

  it('sees values passed positionally through labels() and to histograms', async () => {
    const histogram = metrics.histogram({ name: 'test_duration_seconds', help: 'x', labelNames: ['tenant'] as const });
    for (let i = 0; i <= 100; i++) histogram.labels(`tenant-${i}`).observe(0.1);
    expect(await warningCount()).toBe(1);
  });

  it('counts the values of a label per metric: the same label name on two metrics does not add up', async () => {
    const first = metrics.counter({ name: 'test_first_total', help: 'x', labelNames: ['path'] as const });
    const second = metrics.histogram({ name: 'test_second_seconds', help: 'x', labelNames: ['path'] as const });
    for (let i = 0; i < 60; i++) {
      first.inc({ path: `/a/${i}` });
      second.observe({ path: `/b/${i}` }, 0.1);
    }
    expect(await warningCount()).toBe(0);
    for (let i = 60; i <= 100; i++) second.observe({ path: `/b/${i}` }, 0.1);
    expect(await warningCount()).toBe(1);
    expect(warnings).toEqual([expect.stringContaining('test_second_seconds: label "path"')]);
  });

  it('does not warn when the distinct values are spread over more than 10 minutes', async () => {
    const gauge = metrics.gauge({ name: 'test_depth', help: 'x', labelNames: ['queue'] as const });
    for (let i = 0; i < 200; i++) {
      gauge.set({ queue: `q-${i}` }, 1);
      clock.advance(CARDINALITY_WINDOW_MS / 50);
    }
    expect(await warningCount()).toBe(0);
  });

  it('returns the already registered metric when a name is registered twice', () => {
    const first = metrics.counter({ name: 'test_twice_total', help: 'x' });
    expect(metrics.counter({ name: 'test_twice_total', help: 'x' })).toBe(first);
  });
});
