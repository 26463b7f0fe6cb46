import { PinoLogger } from 'nestjs-pino';
import type { Level, Logger as Pino } from 'pino';

/**
 * Whether a line at `level` is written at the current LOG_LEVEL (the root logger's level, which
 * a reload changes, and which every request and run log context inherits). Hot paths ask before
 * building a debug line nobody writes: through Nest's Logger, even a dropped line costs the
 * argument objects of three logger layers. Without nestjs-pino's root logger (unit tests, CLI
 * contexts on Nest's own logger) the answer is yes: the line goes to the logger as before.
 */
export function logLevelEnabled(level: Level): boolean {
  const root = (PinoLogger as unknown as { root?: Pino }).root;
  return root ? root.isLevelEnabled(level) : true;
}
