import 'reflect-metadata';
import cluster, { type Worker } from 'node:cluster';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { CONFIG_CLASSES } from './config-classes';
import { AppConfig, ConfigSet } from './framework/config';
import { AppError, ConfigError } from './framework/errors';

const logger = new Logger('Main');

async function main(): Promise<void> {
  const configs = ConfigSet.load(CONFIG_CLASSES);
  const config = configs.get(AppConfig);
  if (config.webConcurrency > 1 && cluster.isPrimary) return runWorkers(config.webConcurrency, () => config.shutdownTimeoutMs);
  const app = await createApp(configs);
  // The config object is live: a reload of SHUTDOWN_TIMEOUT_MS (dynamic) applies to the next signal.
  installShutdown(() => app.close(), () => config.shutdownTimeoutMs);
  await app.listen({ port: config.port, host: config.host });
  logger.log(`listening on ${await app.getUrl()} (docs at /docs)`);
}

/**
 * WEB_CONCURRENCY > 1: this process only supervises N workers (node:cluster), each of which runs
 * main() as a single service process; the listening port is shared (connections handed out in
 * turn). The first worker boots alone, so that it alone applies pending migrations. SIGTERM/SIGINT
 * is passed to every worker, which drains as a single process does; this process exits 0 when all
 * of them did. A worker that dies otherwise stops the rest and exits 1, as a single process would.
 */
async function runWorkers(count: number, drainTimeoutMs: () => number): Promise<void> {
  let stopping = false;
  let failed = false;
  const stop = (reason: string, code: number): void => {
    if (code !== 0) failed = true;
    if (stopping) return;
    stopping = true;
    logger.log(`${reason}: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    // Each worker enforces its own drain timeout; this one only guards against a worker that hangs.
    setTimeout(() => {
      logger.error('workers did not stop in time; exiting');
      process.exit(1);
    }, drainTimeoutMs() + 2000).unref();
  };
  cluster.on('exit', (worker, code, signal) => {
    // Once stopping, a worker still booting (no handler yet) ends by the SIGTERM sent to it.
    const expected = stopping ? code === 0 || signal === 'SIGTERM' : false;
    if (!expected) logger.error(`worker ${worker.process.pid} exited (${signal ?? code})`);
    stop('a worker exited', expected ? 0 : 1);
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
  });
  process.once('SIGTERM', () => stop('SIGTERM received', 0));
  process.once('SIGINT', () => stop('SIGINT received', 0));
  // A worker that fails to boot exits; the exit handler above then stops the others.
  const start = (): Promise<Worker> =>
    new Promise((resolve) => {
      const worker = cluster.fork();
      worker.once('listening', () => resolve(worker));
    });
  await start();
  await Promise.all(Array.from({ length: count - 1 }, start));
  logger.log(`${count} workers listening`);
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
