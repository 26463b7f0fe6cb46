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
import { Clock } from '../scheduler/clock';
import { CardinalityGuard } from './cardinality-guard';
import { guardMetric } from './guarded-metric';
import { MetricsConfig } from './metrics.config';

type Config<C> = Omit<C, 'registers'>;

/**
 * The service's Prometheus registry (one per application, so several apps in one process never
 * clash) and the way every module registers its metrics. Asking twice for the same name returns
 * the metric already registered; every labelled metric goes through the cardinality guard.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly guard: CardinalityGuard;

  constructor(config: MetricsConfig, clock: Clock) {
    if (config.metricsDefaultEnabled) collectDefaultMetrics({ register: this.registry });
    const warnings = new Counter({
      name: 'metrics_cardinality_warnings_total',
      help: 'Times a metric label exceeded 100 distinct values within 10 minutes.',
      labelNames: ['metric', 'label'] as const,
      registers: [this.registry],
    });
    this.guard = new CardinalityGuard(clock, warnings);
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
