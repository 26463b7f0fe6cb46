import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { FieldErrorSchema, PROBLEM_MEDIA_TYPE, ProblemDetailsSchema } from './problem-details.schema';

/** What each documented error status means here, with one example body. */
const PROBLEMS: Record<number, { description: string; category: string; title: string; detail: string }> = {
  400: { description: 'The request is malformed or a field is invalid (every field and reason listed).', category: 'validation-error', title: 'Validation failed', detail: 'The request body is invalid.' },
  401: { description: 'No valid credentials (Authorization: Bearer <JWT> or X-API-Key).', category: 'unauthenticated', title: 'Unauthorized', detail: 'Authentication is required.' },
  403: { description: 'The credentials lack the role, or act for another (or a disabled) tenant.', category: 'forbidden', title: 'Forbidden', detail: 'The credentials do not allow this operation.' },
  404: { description: 'No such resource (for this tenant).', category: 'not-found', title: 'Not Found', detail: 'The resource does not exist.' },
  406: { description: 'None of the representations in Accept is one this resource has.', category: 'not-acceptable', title: 'Not Acceptable', detail: 'The invoice is available as application/json, text/html or application/pdf.' },
  409: { description: 'Conflicts with the current state of the resource.', category: 'conflict', title: 'Conflict', detail: 'The resource is in a state that does not allow this.' },
  413: { description: 'The body is larger than BODY_LIMIT_BYTES.', category: 'payload-too-large', title: 'Payload Too Large', detail: 'The request body is too large.' },
  414: { description: 'The request target is longer than the service accepts.', category: 'uri-too-long', title: 'URI Too Long', detail: 'The request target is too long.' },
  415: { description: 'The Content-Type is not one this operation accepts.', category: 'unsupported-media-type', title: 'Unsupported Media Type', detail: 'Unsupported content type.' },
  422: { description: 'Well-formed, but cannot be processed as asked.', category: 'unprocessable-content', title: 'Unprocessable Content', detail: 'The request cannot be processed.' },
  429: { description: 'Too many requests; retry after the Retry-After seconds.', category: 'too-many-requests', title: 'Too Many Requests', detail: 'Too many requests.' },
  500: { description: 'Unexpected failure; the detail is generic and the correlation id finds it in the logs.', category: 'internal-error', title: 'Internal Server Error', detail: 'An unexpected error occurred.' },
  503: { description: 'A dependency (the database, a stage module) is unavailable, or the service is shutting down; retry after Retry-After.', category: 'service-unavailable', title: 'Service Unavailable', detail: 'The database is unavailable.' },
};

/** Documents `application/problem+json` answers for the given statuses (class or method). */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsSchema, FieldErrorSchema),
    ...statuses.map((status) => {
      const problem = PROBLEMS[status];
      if (!problem) throw new Error(`no problem documentation for HTTP ${status}`);
      const example = {
        type: `urn:invoice-service:problem:${problem.category}`,
        title: problem.title,
        status,
        detail: problem.detail,
        instance: '/api/v1/invoices',
        correlation_id: 'req-1',
        ...(status === 400 ? { errors: [{ field: 'roles', reason: 'must contain at least 1 element' }] } : {}),
      };
      return ApiResponse({
        status,
        description: problem.description,
        content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsSchema) }, example } },
      });
    }),
  );
}

/** The errors any authenticated operation can answer: bad request, no or insufficient credentials, internal error. */
export const ApiProtectedProblems = (): MethodDecorator & ClassDecorator => ApiProblems(400, 401, 403, 429, 500, 503);

/** The errors a public operation can answer. */
export const ApiPublicProblems = (): MethodDecorator & ClassDecorator => ApiProblems(414, 500);
