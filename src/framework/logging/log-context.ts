import { PinoLogger } from 'nestjs-pino';
import { storage, Store } from 'nestjs-pino/storage';

/**
 * Runs `work` with every log line written inside it (through the Nest Logger, which nestjs-pino
 * backs) carrying `correlationId`, as request handlers' lines do. For work that runs outside the
 * request that caused it: a run worker executing a queued run logs under the submitting request's
 * id. Without an id, or before the logger exists, the work runs in the current context.
 */
export function withCorrelationId<T>(correlationId: string | undefined, work: () => T): T {
  const root = PinoLogger.root as PinoLogger['logger'] | undefined;
  if (!correlationId || !root) return work();
  return storage.run(new Store(root.child({ correlationId })), work);
}
