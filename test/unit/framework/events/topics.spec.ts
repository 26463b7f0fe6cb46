import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EventBus } from '../../../../src/framework/events/event-bus';
import { EventsConfig } from '../../../../src/framework/events/events.config';
import { TOPICS } from '../../../../src/framework/events/topics';
import { EventMetrics } from '../../../../src/framework/metrics/event-metrics';
import { MetricsConfig } from '../../../../src/framework/metrics/metrics.config';
import { MetricsService } from '../../../../src/framework/metrics/metrics.service';
import { Clock } from '../../../../src/framework/scheduler/clock';

const SRC = join(__dirname, '../../../../src');
const sources = readdirSync(SRC, { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => ({ path: join(e.parentPath, e.name), text: readFileSync(join(e.parentPath, e.name), 'utf8') }));

/** A sample payload per topic, shaped like its publisher's. */
const SAMPLES: Record<keyof typeof TOPICS, { payload: unknown; metric: string; expected: RegExp }> = {
  lifecycleTransition: { payload: { module: 'scheduler', phase: 'started', details: {} }, metric: 'lifecycle_module_started', expected: /lifecycle_module_started\{module="scheduler"\} 1/ },
  invoiceStatusChanged: { payload: { invoice_id: 'i', run_id: 'r', tenant_id: 't', status: 'completed' }, metric: 'invoices_total', expected: /invoices_total\{status="completed"\} 1/ },
  invoiceVerdictGiven: { payload: { invoice_id: 'i', tenant_id: 't', approver: 'apikey:x', verdict: 'approve', status: 'received' }, metric: 'invoice_verdicts_total', expected: /invoice_verdicts_total\{verdict="approve"\} 1/ },
  healthEvaluated: { payload: { modules: [{ name: 'database', status: 'degraded' }] }, metric: 'health_module_status', expected: /health_module_status\{module="database"\} 1/ },
  schedulerFireFinished: { payload: { jobId: 'retention.purge', outcome: 'succeeded', durationMs: 250 }, metric: 'scheduler_job_duration_seconds', expected: /scheduler_job_duration_seconds_count\{job_id="retention.purge"\} 1/ },
  certificateEscalated: { payload: { module: 'certificates', phase: 'error', details: {} }, metric: 'certificate_renewal_escalations_total', expected: /certificate_renewal_escalations_total 1/ },
};

describe('event-bus topics are used, not idle', () => {
  it('every declared topic is published somewhere in src (outside topics.ts and its subscriber)', () => {
    for (const key of Object.keys(TOPICS)) {
      const publishers = sources.filter((s) => !s.path.endsWith('topics.ts') && new RegExp(`\\.publish(<[^>]*>)?\\(\\s*TOPICS\\.${key}\\b`).test(s.text));
      expect({ topic: key, published: publishers.length > 0 }).toEqual({ topic: key, published: true });
    }
  });

  it('every declared topic has a production subscriber that acts on it (EventMetrics)', async () => {
    const metrics = new MetricsService(Object.assign(new MetricsConfig(), { metricsDefaultEnabled: false }), new Clock());
    const bus = new EventBus(new EventEmitter2({ wildcard: true, delimiter: '.' }), new EventsConfig(), metrics);
    new EventMetrics(bus, metrics).onModuleInit();
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(TOPICS).sort());
    for (const [key, sample] of Object.entries(SAMPLES)) {
      bus.publish(TOPICS[key as keyof typeof TOPICS], sample.payload);
      await bus.idle();
      expect((await metrics.registry.getSingleMetricAsString(sample.metric)).split('\n').filter((l) => !l.startsWith('#')).join('\n')).toMatch(sample.expected);
    }
    // `processing` is a passage: not counted.
    bus.publish(TOPICS.invoiceStatusChanged, { status: 'processing' });
    await bus.idle();
    expect(await metrics.registry.getSingleMetricAsString('invoices_total')).not.toContain('processing');
  });
});
