import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { CONFIG_CLASSES } from './config-classes';
import { AppConfig, ConfigSet } from './framework/config';
import { AppError, ConfigError } from './framework/errors';

const logger = new Logger('Main');

async function main(): Promise<void> {
  const configs = ConfigSet.load(CONFIG_CLASSES);
  const config = configs.get(AppConfig);
  const app = await createApp(configs);
  // The config object is live: a reload of SHUTDOWN_TIMEOUT_MS (dynamic) applies to the next signal.
  installShutdown(() => app.close(), () => config.shutdownTimeoutMs);
  await app.listen({ port: config.port, host: config.host });
  logger.log(`listening on ${await app.getUrl()} (docs at /docs)`);
}

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, close the database,
 * exit 0. If draining takes longer than the timeout, exit 1 rather than hang.
 */
function installShutdown(close: () => Promise<void>, drainTimeoutMs: () => number): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    const timeoutMs = drainTimeoutMs();
    logger.log(`${signal} received: draining and shutting down`);
    const timer = setTimeout(() => {
      logger.error(`shutdown did not finish within ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs);
    close()
      .then(() => {
        clearTimeout(timer);
        logger.log('shutdown complete');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  // Configuration problems are listed field by field; other boot failures keep their cause chain.
  const message =
    error instanceof ConfigError
      ? error.message
      : error instanceof AppError // e.g. LifecycleError naming the module, then each cause
        ? error.causeChain().join('\n  caused by ')
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
  process.stderr.write(`boot failed: ${message}\n`);
  process.exit(1);
});
