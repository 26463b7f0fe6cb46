import { Injectable } from '@nestjs/common';
import type { Counter, Gauge } from 'prom-client';
import { MetricsService } from '../../framework/metrics';

/** Prometheus metrics of configuration management. */
@Injectable()
export class ConfigurationMetrics {
  readonly activations: Counter<'result'>;
  readonly rollbacks: Counter;
  readonly activeVersion: Gauge;
  readonly activationPending: Gauge;
  readonly validationFailures: Counter;

  constructor(metrics: MetricsService) {
    this.activations = metrics.counter({
      name: 'config_activations_total',
      help: 'Configuration activation attempts by result (activated, queued, failed, rejected, conflict).',
      labelNames: ['result'] as const,
    });
    this.rollbacks = metrics.counter({ name: 'config_rollbacks_total', help: 'Rollbacks that activated (or queued) an earlier version.' });
    this.activeVersion = metrics.gauge({ name: 'config_active_version', help: 'Version of the active module configuration.' });
    this.activationPending = metrics.gauge({ name: 'config_activation_pending', help: '1 while an activation waits for in-flight runs.' });
    this.validationFailures = metrics.counter({ name: 'config_validation_failures_total', help: 'Configuration validations that found problems.' });
  }
}
