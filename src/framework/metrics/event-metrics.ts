import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { EventBus } from '../events/event-bus';
import { TOPICS } from '../events/topics';
import type { EventMessage } from '../events/event-message';
import { HEALTH_STATUSES, type HealthStatus } from '../health/health-status';
import { MetricsService } from './metrics.service';

interface LifecycleTransition {
  module: string;
  phase: string;
}

interface InvoiceStatusChange {
  status: string;
}

interface VerdictGiven {
  verdict: string;
}

interface EvaluatedHealth {
  modules: Array<{ name: string; status: HealthStatus }>;
}

interface FinishedFire {
  jobId: string;
  durationMs?: number;
}

/**
 * The production subscriber of every event-bus topic: the metrics that follow from domain events
 * are kept here, from the events, instead of beside each publisher (so a counter and the events
 * cannot disagree). Deliveries are asynchronous (next event-loop turn), isolated and counted by
 * the bus like any subscriber's.
 */
@Injectable()
export class EventMetrics implements OnModuleInit {
  private readonly moduleStarted: Gauge<'module'>;
  private readonly invoices: Counter<'status'>;
  private readonly health: Gauge<'module'>;
  private readonly jobDuration: Histogram<'job_id'>;
  private readonly escalations: Counter;
  private readonly verdicts: Counter<'verdict'>;

  constructor(
    private readonly bus: EventBus,
    metrics: MetricsService,
  ) {
    this.moduleStarted = metrics.gauge({ name: 'lifecycle_module_started', help: 'Framework modules: 1 while started, 0 otherwise.', labelNames: ['module'] as const });
    this.invoices = metrics.counter({
      name: 'invoices_total',
      help: 'Invoices by status they reached (received, completed, completed_with_warnings, failed, duplicate, awaiting_approval, rejected).',
      labelNames: ['status'] as const,
    });
    this.health = metrics.gauge({ name: 'health_module_status', help: 'Latest health of each module: 0 healthy, 1 degraded, 2 unhealthy.', labelNames: ['module'] as const });
    this.jobDuration = metrics.histogram({
      name: 'scheduler_job_duration_seconds',
      help: 'Duration of job executions.',
      labelNames: ['job_id'] as const,
      buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    });
    this.verdicts = metrics.counter({
      name: 'invoice_verdicts_total',
      help: "People's verdicts on invoices awaiting approval, by verdict (approve, reject).",
      labelNames: ['verdict'] as const,
    });
    this.escalations = metrics.counter({
      name: 'certificate_renewal_escalations_total',
      help: 'Failed renewals of certificates with fewer than CERTIFICATE_ESCALATE_BEFORE_DAYS days left.',
    });
  }

  onModuleInit(): void {
    const handlers: Record<keyof typeof TOPICS, (message: EventMessage<never>) => void> = {
      lifecycleTransition: (m: EventMessage<LifecycleTransition>) => {
        if (m.payload.phase !== 'warning') this.moduleStarted.set({ module: m.payload.module }, m.payload.phase === 'started' ? 1 : 0);
      },
      invoiceStatusChanged: (m: EventMessage<InvoiceStatusChange>) => {
        // `processing` is a passage, not a status an invoice is counted in.
        if (m.payload.status !== 'processing') this.invoices.inc({ status: m.payload.status });
      },
      invoiceVerdictGiven: (m: EventMessage<VerdictGiven>) => this.verdicts.inc({ verdict: m.payload.verdict }),
      healthEvaluated: (m: EventMessage<EvaluatedHealth>) => {
        for (const module of m.payload.modules) this.health.set({ module: module.name }, HEALTH_STATUSES.indexOf(module.status));
      },
      schedulerFireFinished: (m: EventMessage<FinishedFire>) => {
        if (m.payload.durationMs !== undefined) this.jobDuration.observe({ job_id: m.payload.jobId }, m.payload.durationMs / 1000);
      },
      certificateEscalated: () => this.escalations.inc(),
    };
    for (const [key, handler] of Object.entries(handlers)) {
      this.bus.subscribe(TOPICS[key as keyof typeof TOPICS], handler, { name: 'metrics' });
    }
  }
}
