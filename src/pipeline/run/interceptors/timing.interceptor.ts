import type { Histogram } from 'prom-client';
import { isInputFault } from '../../catalogue/stage-fault';
import { messageOf } from './failure-reason';
import type { Next, StageCall, StageInterceptor } from './stage-call';

/**
 * Outermost: measures the whole stage call (retries and fallback included), marks a failure
 * that got through every other interceptor as the stage's outcome (`rejected` for an input
 * fault, `failed` for a module fault), and records the histogram.
 */
export class TimingInterceptor implements StageInterceptor {
  constructor(private readonly duration: Histogram<'stage' | 'module' | 'outcome'>) {}

  async intercept(call: StageCall, next: Next): Promise<unknown> {
    const started = performance.now();
    try {
      return await next(call);
    } catch (error) {
      if (isInputFault(error)) {
        call.record.outcome = 'rejected';
        call.record.rejection = { kind: error.kind, findings: error.findings };
      } else {
        call.record.outcome = 'failed';
      }
      call.record.errors.push(messageOf(error));
      throw error;
    } finally {
      const record = call.record;
      record.durationMs = performance.now() - started;
      this.duration.observe({ stage: call.stageId, module: record.moduleId ?? 'none', outcome: record.outcome }, record.durationMs / 1000);
    }
  }
}
