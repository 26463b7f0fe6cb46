import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Level, Logger } from 'pino';

/** What a request's log lines are bound with and how its completion line is levelled (see REQUEST_LOG_OPTIONS). */
export interface RequestLogOptions {
  genReqId: (req: IncomingMessage) => IncomingMessage['id'];
  customProps: (req: IncomingMessage) => Record<string, unknown>;
  customLogLevel: (req: IncomingMessage, res: ServerResponse, error?: Error) => Level;
}

const LEVELS: ReadonlySet<string> = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const noop = (): void => undefined;

/** Set on a request once it is logged, so that a second logger (the hook for routes outside Nest) leaves it alone. */
const LOGGED = Symbol('request-logged');

/**
 * A logger whose pino child (`make()`) is created on first real use: a line at a level the root
 * writes, `child()`, bindings, anything else. A line at a level the root drops is dropped without
 * creating it. pino serializes and redacts a child's bindings when the child is made (with the
 * service's redaction paths, 7-15 µs per child), and at LOG_LEVEL=warn most requests write nothing.
 */
export function lazyLogger(root: Logger, make: () => Logger): { logger: Logger; isLevelEnabled: (level: Level) => boolean } {
  let child: Logger | undefined;
  const real = (): Logger => (child ??= make());
  const isLevelEnabled = (level: Level): boolean => (child ?? root).isLevelEnabled(level);
  const logger = new Proxy({} as Logger, {
    get(_target, property) {
      if (child === undefined && typeof property === 'string' && LEVELS.has(property) && !root.isLevelEnabled(property)) return noop;
      const target = real();
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set(_target, property, value) {
      return Reflect.set(real(), property, value);
    },
    has(_target, property) {
      return property in real();
    },
  });
  return { logger, isLevelEnabled };
}

/**
 * The request logger: what pino-http did for the service, with the per-request child loggers made
 * only when a line is written. Every line written while handling the request (through nestjs-pino,
 * which binds `req.log`) carries the request (`req`, through the root's serializer) and its
 * correlation id; when the response is finished or the connection closed, one line says how it
 * ended (`request completed`, `request aborted`, or `request errored` with the error), at the level
 * `customLogLevel` gives. The children and lines are pino-http's: `root.child({ req }).child(customProps)`,
 * then `{ res, responseTime }` (with `err` for a failure), so the output is the same.
 */
export function createRequestLogger(root: Logger, options: RequestLogOptions): (req: IncomingMessage, res: ServerResponse, next?: () => void) => void {
  return (req, res, next) => {
    const raw = req as IncomingMessage & { [LOGGED]?: true; log?: Logger };
    if (raw[LOGGED]) {
      next?.();
      return;
    }
    raw[LOGGED] = true;
    raw.id = raw.id || options.genReqId(req);
    const started = Date.now();
    const { logger: log, isLevelEnabled } = lazyLogger(root, () => root.child({ req }).child(options.customProps(req)));
    // middie has put Fastify's own request logger (off in this service) there; nestjs-pino binds
    // `req.log` to the request's context, so it must be this one.
    raw.log = log;
    const done = (error?: Error): void => {
      res.removeListener('close', done);
      res.removeListener('finish', done);
      res.removeListener('error', done);
      const level = options.customLogLevel(req, res, error);
      if (!isLevelEnabled(level)) return;
      const responseTime = Date.now() - started;
      const failure = error ?? (res as { err?: Error }).err;
      if (failure || res.statusCode >= 500) {
        log[level]({ res, err: failure ?? new Error(`failed with status code ${res.statusCode}`), responseTime }, 'request errored');
        return;
      }
      log[level]({ res, responseTime }, !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted');
    };
    res.on('close', done);
    res.on('finish', done);
    res.on('error', done);
    next?.();
  };
}

/** Whether a request was logged by `createRequestLogger` already. */
export function requestLogged(req: IncomingMessage): boolean {
  return (req as { [LOGGED]?: true })[LOGGED] === true;
}
