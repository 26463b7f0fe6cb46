import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error';
import { PROBLEM_CONTENT_TYPE, ProblemDocument, RETRY_AFTER_SECONDS, toProblem } from './problem-details';

/**
 * The one place where errors become HTTP responses: every exception that leaves a Nest handler,
 * guard, pipe or interceptor ends up here as RFC 9457 problem+json. Errors raised by Fastify
 * before Nest sees the request (body parsing, size limits) go through `sendProblem` too, from the
 * Fastify error handler installed in the app factory.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    sendProblem(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}

const logger = new Logger('Errors');

export function sendProblem(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const problem = toProblem(exception, {
    instance: request.url.split('?')[0] ?? request.url,
    correlationId: String(request.id),
  });
  logProblem(exception, problem);
  if (reply.sent) return;
  // A 503 is temporary by definition (database or another dependency away): say when to come back.
  if (problem.status === 503 && !reply.hasHeader('retry-after')) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

function logProblem(exception: unknown, problem: ProblemDocument): void {
  const summary = {
    status: problem.status,
    type: problem.type,
    correlationId: problem.correlation_id,
    causes: exception instanceof AppError ? exception.causeChain() : describe(exception),
  };
  if (problem.status >= 500) {
    logger.error({ ...summary, stack: exception instanceof Error ? exception.stack : undefined }, 'request failed');
  } else {
    logger.log({ ...summary, detail: problem.detail }, 'request rejected');
  }
}

function describe(exception: unknown): string[] {
  return exception instanceof Error ? [`${exception.name}: ${exception.message}`] : [String(exception)];
}
