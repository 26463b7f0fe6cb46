import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../framework/metrics';

/** The pipeline's Prometheus metrics (pipeline_circuit_state lives with the breakers). */
@Injectable()
export class PipelineMetrics {
  readonly stageDuration: Histogram<'stage' | 'module' | 'outcome'>;
  readonly fallbacks: Counter<'stage' | 'module' | 'reason'>;
  /** Shadow runs' stage calls and fallbacks, apart from real traffic's. */
  readonly shadowStageDuration: Histogram<'stage' | 'module' | 'outcome'>;
  readonly shadowFallbacks: Counter<'stage' | 'module' | 'reason'>;
  /**
   * Passes of real runs discarded because a stage's provisional answer did not hold, by that stage
   * and reason: `unconfirmed` (the finishing statement did not confirm it, e.g. a duplicate),
   * `refused` (the database refused a value of that finish), `effect_ahead` (a module that may act
   * outside the finish, a fallback, was to run next). The run then went on again from before that
   * stage; the discarded pass's calls of the stages that ran again are not in
   * pipeline_stage_duration_seconds or pipeline_fallback_total (the kept pass's are).
   */
  readonly provisionalDiscarded: Counter<'stage' | 'reason'>;

  constructor(metrics: MetricsService) {
    this.stageDuration = metrics.histogram({
      name: 'pipeline_stage_duration_seconds',
      help: 'Time of each stage call, retries and fallback included, by stage, module used and outcome.',
      labelNames: ['stage', 'module', 'outcome'] as const,
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    });
    this.fallbacks = metrics.counter({
      name: 'pipeline_fallback_total',
      help: "Times a stage's fallback policy fired, by stage, failing module and reason.",
      labelNames: ['stage', 'module', 'reason'] as const,
    });
    this.shadowStageDuration = metrics.histogram({
      name: 'pipeline_shadow_stage_duration_seconds',
      help: 'Time of each stage call of shadow runs (candidate configurations on stored invoices), by stage, module used and outcome.',
      labelNames: ['stage', 'module', 'outcome'] as const,
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    });
    this.provisionalDiscarded = metrics.counter({
      name: 'pipeline_provisional_discarded_total',
      help: "Passes of runs discarded because a stage's provisional answer did not hold (the run went on again from that stage, answering directly), by stage and reason.",
      labelNames: ['stage', 'reason'] as const,
    });
    this.shadowFallbacks = metrics.counter({
      name: 'pipeline_shadow_fallback_total',
      help: "Times a stage's fallback policy fired in a shadow run, by stage, failing module and reason.",
      labelNames: ['stage', 'module', 'reason'] as const,
    });
  }
}
