import { Injectable } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
} from 'prom-client';
import { LifecycleParticipant } from '../lifecycle/lifecycle-participant.decorator';
import type { Startable, Stoppable } from '../lifecycle/lifecycle.types';
import { Clock } from '../scheduler/clock';
import { CardinalityGuard } from './cardinality-guard';
import { guardMetric } from './guarded-metric';
import { MetricsConfig } from './metrics.config';

type Config<C> = Omit<C, 'registers'>;

/**
 * The service's Prometheus registry (one per application, so several apps in one process never
 * clash) and the way every module registers its metrics. Asking twice for the same name returns
 * the metric already registered; every labelled metric goes through the cardinality guard. A
 * lifecycle participant: start adds the process metrics (METRICS_DEFAULT_ENABLED), stop clears
 * the registry.
 */
@Injectable()
@LifecycleParticipant({ name: 'metrics' })
export class MetricsService implements Startable, Stoppable {
  readonly registry = new Registry();
  private readonly guard: CardinalityGuard;

  constructor(
    private readonly config: MetricsConfig,
    clock: Clock,
  ) {
    const warnings = new Counter({
      name: 'metrics_cardinality_warnings_total',
      help: 'Times a metric label exceeded 100 distinct values within 10 minutes.',
      labelNames: ['metric', 'label'] as const,
      registers: [this.registry],
    });
    this.guard = new CardinalityGuard(clock, warnings);
  }

  async start(): Promise<void> {
    if (this.config.metricsDefaultEnabled && !this.registry.getSingleMetric('process_cpu_seconds_total')) collectDefaultMetrics({ register: this.registry });
  }

  async stop(): Promise<void> {
    this.registry.clear();
  }

  counter<T extends string>(config: Config<CounterConfiguration<T>>): Counter<T> {
    return this.existing<Counter<T>>(config.name) ?? this.watch(new Counter({ ...config, registers: [this.registry] }), config);
  }

  gauge<T extends string>(config: Config<GaugeConfiguration<T>>): Gauge<T> {
    return this.existing<Gauge<T>>(config.name) ?? this.watch(new Gauge({ ...config, registers: [this.registry] }), config);
  }

  histogram<T extends string>(config: Config<HistogramConfiguration<T>>): Histogram<T> {
    return this.existing<Histogram<T>>(config.name) ?? this.watch(new Histogram({ ...config, registers: [this.registry] }), config);
  }

  /** The exposition in the Prometheus text format. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private existing<M>(name: string): M | undefined {
    return this.registry.getSingleMetric(name) as M | undefined;
  }

  private watch<M extends object>(metric: M, config: { name: string; labelNames?: readonly string[] }): M {
    return guardMetric(metric, config.name, config.labelNames ?? [], this.guard);
  }
}
