import { STATUS_CODES } from 'node:http';
import { AppError, FieldError } from './app-error';
import { isDatabaseUnavailable, mapDatabaseError } from './database-errors';
import { DependencyError, ValidationError } from './error-types';

/** RFC 9457 problem document, as sent with `Content-Type: application/problem+json`. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  /** The request id (X-Request-ID), snake_case like every API body. */
  correlation_id: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_PREFIX = 'urn:invoice-service:problem:';

/** Seconds a client is asked to wait (Retry-After) before repeating a request answered 503. */
export const RETRY_AFTER_SECONDS = 5;

export function problemType(category: string): string {
  return PROBLEM_TYPE_PREFIX + category;
}

interface HttpLikeError {
  status?: unknown;
  statusCode?: unknown;
  message?: unknown;
  getStatus?: () => number;
  getResponse?: () => unknown;
}

const CATEGORY_BY_STATUS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  408: 'request-timeout',
  413: 'payload-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  422: 'unprocessable-content',
  429: 'too-many-requests',
  431: 'request-header-fields-too-large',
  503: 'service-unavailable',
};

export interface ProblemContext {
  instance: string;
  correlationId: string;
}

/**
 * Turns any thrown value into a problem document. Only AppErrors and client-side (4xx) framework
 * errors expose their message; anything else is an internal error with a generic detail, so no
 * stack trace or internal message ever reaches a client.
 */
export function toProblem(error: unknown, ctx: ProblemContext): ProblemDocument {
  // Whatever wrapped it (TypeORM, pg, a 5xx AppError), an unreachable database is a 503.
  if (!(error instanceof AppError && error.status < 500) && !(error instanceof DependencyError) && isDatabaseUnavailable(error)) {
    return toProblem(new DependencyError('The database is unavailable.', { cause: error }), ctx);
  }
  // What no repository mapped (a value the edge validation let through and PostgreSQL refused is
  // still the caller's mistake): the one mapping, without any table's constraints.
  if (!(error instanceof AppError)) {
    const mapped = mapDatabaseError(error);
    if (mapped !== error) return toProblem(mapped, ctx);
  }
  if (error instanceof AppError) {
    const internal = error.status >= 500;
    const problem: ProblemDocument = {
      ...error.extensions,
      type: problemType(error.category),
      title: error.title,
      status: error.status,
      detail: internal ? genericDetail(error.status) : error.message,
      instance: ctx.instance,
      correlation_id: ctx.correlationId,
    };
    if (error instanceof ValidationError && error.errors.length > 0) problem.errors = error.errors;
    return problem;
  }

  const http = (typeof error === 'object' && error !== null ? error : {}) as HttpLikeError;
  const status = httpStatusOf(http);
  if (status !== undefined && status >= 400 && status < 500) {
    const category = CATEGORY_BY_STATUS[status] ?? 'client-error';
    return {
      type: problemType(category),
      title: STATUS_CODES[status] ?? 'Client error',
      status,
      detail: clientDetail(http, status),
      instance: ctx.instance,
      correlation_id: ctx.correlationId,
    };
  }

  const serverStatus = status !== undefined && status >= 500 && status < 600 ? status : 500;
  return {
    type: problemType(serverStatus === 503 ? 'service-unavailable' : 'internal-error'),
    title: STATUS_CODES[serverStatus] ?? 'Internal Server Error',
    status: serverStatus,
    detail: genericDetail(serverStatus),
    instance: ctx.instance,
    correlation_id: ctx.correlationId,
  };
}

function httpStatusOf(error: HttpLikeError): number | undefined {
  if (typeof error.getStatus === 'function') return error.getStatus();
  if (typeof error.statusCode === 'number') return error.statusCode;
  if (typeof error.status === 'number') return error.status;
  return undefined;
}

function clientDetail(error: HttpLikeError, status: number): string {
  if (typeof error.getResponse === 'function') {
    const response = error.getResponse();
    if (typeof response === 'string') return response;
    if (response && typeof response === 'object' && 'message' in response) {
      const message = response.message;
      if (typeof message === 'string') return message;
      if (Array.isArray(message)) return message.join('; ');
    }
  }
  if (typeof error.message === 'string' && error.message.length > 0) {
    // Fastify prefixes its messages with the error code; keep only the human part.
    return error.message.replace(/^FST_ERR_[A-Z_]+:\s*/, '');
  }
  return STATUS_CODES[status] ?? 'Client error';
}

function genericDetail(status: number): string {
  return status === 503
    ? 'The service cannot handle the request right now; try again later.'
    : 'An unexpected error occurred. Quote the correlation id when reporting it.';
}
