import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

/**
 * Log context for work that runs outside the request that caused it: a run worker executing a
 * queued run logs under the submitting request's correlation id, as the request's own handlers
 * did. Every line written inside (through the Nest Logger, which nestjs-pino backs) carries it.
 */
@Injectable()
export class LogContext {
  constructor(private readonly pino: PinoLogger) {}

  /** Runs `work` with every log line inside carrying `correlationId`; without an id, in the current context. */
  withCorrelationId<T>(correlationId: string | undefined, work: () => T): T {
    return correlationId ? this.pino.runInContext(work, { bindings: { correlationId } }) : work();
  }
}
