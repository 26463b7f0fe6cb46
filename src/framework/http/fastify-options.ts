import type { IncomingMessage } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import type { AppConfig } from '../config';
import { sendProblem, UriTooLongError, ValidationError } from '../errors';
import { resolveCorrelationId } from '../logging';
import { clientErrorHandler } from './client-errors';

/** Fastify server options: body limit, correlation ids, graceful close, parser-level errors. */
export function fastifyOptions(config: AppConfig): FastifyServerOptions {
  return {
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Requests are logged by pino-http through nestjs-pino, not by Fastify's own logger.
    logger: false,
    genReqId: (req: IncomingMessage) => {
      const id = resolveCorrelationId(req.headers);
      // pino-http (running on the raw request) picks the same id up from here.
      (req as IncomingMessage & { id?: string }).id = id;
      return id;
    },
    // While closing, requests on kept-alive connections get 503 instead of hanging.
    return503OnClosing: true,
    // Not 'idle': without a serverFactory Fastify then calls closeAllConnections() and cuts
    // in-flight requests. Node's server.close() already closes idle keep-alive sockets.
    forceCloseConnections: false,
    // Oversized headers, overlong URIs and non-HTTP bytes get problem+json like every other 4xx.
    clientErrorHandler,
    // Routing refused the URL (bad percent-encoding, a path parameter over maxParamLength).
    frameworkErrors: (error, request, reply) => sendProblem(frameworkProblem(error), request, reply),
  };
}

/** Fastify's routing errors as taxonomy errors, without echoing the (possibly huge) path back. */
export function frameworkProblem(error: Error & { code?: string }): Error {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return new UriTooLongError('A path segment of the request is longer than the server accepts.', { cause: error });
  if (error.code === 'FST_ERR_BAD_URL') {
    return new ValidationError('The request target is not a valid URL.', [{ field: 'url', reason: 'must be correctly percent-encoded' }], { cause: error });
  }
  return error;
}
