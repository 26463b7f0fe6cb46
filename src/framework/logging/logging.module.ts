import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { AppConfig, InstanceConfig } from '../config';
import { resolveCorrelationId } from './correlation-id';
import { LogContext } from './log-context';
import { REDACTED_PATHS } from './redaction';


/** How a request is logged: the same for the API routes (nestjs-pino) and the routes outside the prefix. */
export const REQUEST_LOG_OPTIONS = {
  // Fastify's genReqId already stored the id on the raw request; reuse it.
  genReqId: (req: IncomingMessage) => req.id ?? resolveCorrelationId(req.headers),
  customProps: (req: IncomingMessage) => ({ correlationId: req.id }),
  customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
    error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  serializers: {
    req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
    res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
  },
} satisfies Options;

/**
 * Nest applies middleware (nestjs-pino's request logger among them) under the global prefix and
 * on the routes excluded from it (the probes, /metrics, the ACME challenge), but not on requests
 * that match no Nest route outside the prefix (an unknown path, the Swagger UI). This logs those
 * the same way, through the same root logger (so a LOG_LEVEL reload applies), from a Fastify
 * hook. Nest's middleware runs first (it is registered when the app is created), so a request
 * it logged already carries pino-http's `allLogs` and is not logged twice.
 */
export function logRequestsOutside(prefix: string): (req: IncomingMessage, res: ServerResponse) => void {
  let logger: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  return (req, res) => {
    // pino-http's typings declare `allLogs` always present; it is set only once a request is logged.
    if (req.url?.startsWith(prefix) || (req.allLogs as IncomingMessage['allLogs'] | undefined)) return;
    // PinoLogger.root exists once nestjs-pino's middleware was built (at init, before any request).
    logger ??= pinoHttp({ logger: PinoLogger.root, ...REQUEST_LOG_OPTIONS });
    logger(req, res);
  };
}

/**
 * Structured JSON logs through nestjs-pino: one line per request (method, route, status, time)
 * and every log line written while handling a request carries its correlation id.
 */
@Module({})
export class LoggingModule {
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      // LogContext is for any module whose work runs outside a request (run workers, jobs).
      global: true,
      providers: [LogContext],
      exports: [LogContext],
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig, InstanceConfig],
          useFactory: (config: AppConfig, instance: InstanceConfig) => {
            const options: Options = {
              level: config.logLevel,
              // Every line names the replica that wrote it (INSTANCE_ID).
              base: { pid: process.pid, hostname: hostname(), instanceId: instance.instanceId },
              redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
              ...REQUEST_LOG_OPTIONS,
            };
            return {
              pinoHttp: destination ? [options, destination] : options,
              forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
            };
          },
        }),
      ],
    };
  }
}
