import { AppError, AppErrorOptions, FieldError } from './app-error';

/** Invalid or missing configuration; raised at boot (before any module starts) or on reload. */
export class ConfigError extends AppError {
  readonly category = 'config-error';
  readonly status = 500;
  readonly title = 'Configuration error';
  constructor(
    message: string,
    readonly problems: Array<FieldError & { source?: string }> = [],
    options?: AppErrorOptions,
  ) {
    super(message, options);
  }
}

/** The caller sent something that does not satisfy the contract of the route. */
export class ValidationError extends AppError {
  readonly category: string = 'validation-error';
  readonly status: number = 400;
  readonly title: string = 'Request validation failed';
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
    options?: AppErrorOptions,
  ) {
    super(message, options);
  }
}

/** A required collaborator (service, database, remote endpoint) is missing or ambiguous. */
export class DependencyError extends AppError {
  readonly category = 'dependency-error';
  readonly status = 503;
  readonly title = 'Dependency unavailable';
}

/** A module failed to start or stop, or a lifecycle transition was not allowed. */
export class LifecycleError extends AppError {
  readonly category = 'lifecycle-error';
  readonly status = 500;
  readonly title = 'Lifecycle error';
  constructor(
    message: string,
    readonly moduleName?: string,
    options?: AppErrorOptions,
  ) {
    super(message, options);
  }
}

/** Authentication or authorisation failure. Subclasses pick 401 or 403. */
export abstract class SecurityError extends AppError {}

export class AuthenticationError extends SecurityError {
  readonly category: string = 'unauthenticated';
  readonly status = 401;
  readonly title: string = 'Authentication required';
}

export class ForbiddenError extends SecurityError {
  readonly category = 'forbidden';
  readonly status = 403;
  readonly title = 'Insufficient permissions';
}

export class NotFoundError extends AppError {
  readonly category = 'not-found';
  readonly status = 404;
  readonly title = 'Resource not found';
}

/** The request conflicts with the current state (duplicate key, invalid state transition, …). */
export class ConflictError extends AppError {
  readonly category = 'conflict';
  readonly status = 409;
  readonly title = 'Conflict';
}

/** None of the representations the resource has is acceptable to the caller (Accept). */
export class NotAcceptableError extends AppError {
  readonly category = 'not-acceptable';
  readonly status = 406;
  readonly title = 'Not acceptable';
}

export class PayloadTooLargeError extends AppError {
  readonly category = 'payload-too-large';
  readonly status = 413;
  readonly title = 'Payload too large';
}

export class UriTooLongError extends AppError {
  readonly category = 'uri-too-long';
  readonly status = 414;
  readonly title = 'URI too long';
}

export class UnsupportedMediaTypeError extends AppError {
  readonly category = 'unsupported-media-type';
  readonly status = 415;
  readonly title = 'Unsupported media type';
}

/**
 * Base for domain categories (invoice parsing, pipeline, …): the request was well-formed but the
 * business content cannot be processed. Domain errors subclass this with their own category.
 */
export abstract class DomainError extends AppError {
  readonly status: number = 422;
}
