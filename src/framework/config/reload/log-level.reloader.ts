import { Injectable, Logger } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Logger as Pino } from 'pino';
import { LifecycleParticipant } from '../../lifecycle/lifecycle-participant.decorator';
import { PublishService } from '../../registry/publish-service.decorator';
import { AppConfig } from '../app.config';
import type { ConfigDiff } from '../config-diff';
import type { Reloadable } from './reloadable';

/**
 * Makes LOG_LEVEL take effect without a restart. The root logger (`PinoLogger.root`, the
 * pino-http one, parent of every per-request logger) and the one used outside requests get the
 * new level; since nestjs-pino 5 they are one logger, which the set below counts once. Request
 * loggers are children created per request, so the next request already logs at the new level.
 */
@Injectable()
@LifecycleParticipant({ name: 'logging' })
@PublishService({ name: 'logging.level', interface: 'Reloadable' })
export class LogLevelReloader implements Reloadable {
  private readonly logger = new Logger('Logging');
  private outOfContext?: Pino;

  constructor(
    private readonly pino: PinoLogger,
    private readonly config: AppConfig,
  ) {}

  /** Runs at bootstrap, outside any request, so `pino.logger` is the out-of-context root. */
  async start(): Promise<void> {
    this.outOfContext = this.pino.logger;
  }

  async reload(diff: ConfigDiff): Promise<void> {
    if (!diff.has('LOG_LEVEL')) return;
    const level = this.config.logLevel;
    for (const root of new Set([PinoLogger.root, this.outOfContext])) if (root) root.level = level;
    this.logger.log(`log level is now ${level}`);
  }
}
