import type { Histogram } from 'prom-client';
import { isInputFault } from '../../catalogue/stage-fault';
import { messageOf } from './failure-reason';
import { countCall, type Next, ProvisionalAnswerPending, type StageCall, type StageInterceptor } from './stage-call';

/**
 * Outermost: measures the whole stage call (retries and fallback included), marks a failure
 * that got through every other interceptor as the stage's outcome (`rejected` for an input
 * fault, `failed` for a module fault), and records the histogram.
 */
export class TimingInterceptor implements StageInterceptor {
  constructor(private readonly duration: Histogram<'stage' | 'module' | 'outcome'>) {}

  async intercept(call: StageCall, next: Next): Promise<unknown> {
    const started = performance.now();
    let discarded = false;
    try {
      return await next(call);
    } catch (error) {
      // Not a call of the module: the run's provisional pass stops here and is discarded.
      if (error instanceof ProvisionalAnswerPending) {
        discarded = true;
        throw error;
      }
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
      if (!discarded) {
        const labels = { stage: call.stageId, module: record.moduleId ?? 'none', outcome: record.outcome };
        const seconds = record.durationMs / 1000;
        countCall(call, () => this.duration.observe(labels, seconds));
      }
    }
  }
}
