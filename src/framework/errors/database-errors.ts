import { AppError } from './app-error';
import { ConflictError, DependencyError, ForbiddenError, NotFoundError, ValidationError } from './error-types';

/**
 * The one mapping of database errors to the error taxonomy. Repositories call it (through
 * `withDatabaseErrors` or `mapDatabaseError`) with the meaning of their table's constraints; the
 * edge (toProblem) calls it with none, for the failures that need no table.
 *
 * - unique violation (23505) of a listed constraint → ConflictError (409)
 * - foreign-key violation (23503) of a listed constraint → NotFoundError (404): a referenced row is
 *   missing (a row that is still referenced is a `conflict`, say so in the table)
 * - check (23514) or not-null (23502) violation of a listed constraint → ValidationError (400)
 * - data exception (class 22, a value the edge validation missed), listed or not → ValidationError (400)
 * - the database cannot be reached → DependencyError (503, Retry-After)
 * - anything else, and a violation of a constraint the table does not list, is returned as it is:
 *   a statement the service got wrong stays an internal error (500) with its cause in the log.
 *
 * A listed constraint may name another kind (`as`), e.g. a credential naming a tenant that does not
 * exist is `forbidden`. The problem never carries the database's text; the field and reason the
 * table gives become the problem's `errors`.
 */
export interface ConstraintMeaning {
  /** The problem's detail. */
  message: string;
  /** The request field the constraint guards and why the value is refused (the problem's `errors`). */
  field?: string;
  reason?: string;
  /** The kind of error; by default from the SQLSTATE (see above). */
  as?: 'conflict' | 'not-found' | 'validation' | 'forbidden';
}

/**
 * What each constraint of a repository's tables means to the caller, by constraint name: a
 * ConstraintMeaning, or a function making the error when the caller must tell this case apart
 * (a subclass of a taxonomy error, e.g. a key taken by a concurrent request).
 */
export type ConstraintMeanings = Readonly<Record<string, ConstraintMeaning | ((cause: unknown) => AppError)>>;

/** SQLSTATEs of the integrity violations a table can describe, and their default kind. */
const INTEGRITY_KIND: Readonly<Record<string, NonNullable<ConstraintMeaning['as']>>> = {
  '23505': 'conflict',
  '23503': 'not-found',
  '23514': 'validation',
  '23502': 'validation',
};

/** The error as the taxonomy knows it (an AppError), or the error itself when it means nothing to the caller. */
export function mapDatabaseError(error: unknown, constraints: ConstraintMeanings = {}): unknown {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new DependencyError('The database is unavailable.', { cause: error });
  const driver = driverErrorOf(error);
  if (driver?.code !== undefined && driver.code in INTEGRITY_KIND) {
    const meaning = driver.constraint !== undefined && Object.hasOwn(constraints, driver.constraint) ? constraints[driver.constraint] : undefined;
    if (typeof meaning === 'function') return meaning(error);
    return meaning ? fromMeaning(meaning, INTEGRITY_KIND[driver.code], error) : error;
  }
  if (isDatabaseDataException(error)) {
    return new ValidationError(
      'A value in the request cannot be used: it is malformed, out of range, too long or contains a NUL character.',
      [{ field: 'request', reason: 'holds a value the service cannot store or compare' }],
      { cause: error },
    );
  }
  return error;
}

/** Runs a repository's statement(s) and throws any failure mapped by mapDatabaseError. */
export async function withDatabaseErrors<T>(constraints: ConstraintMeanings, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw mapDatabaseError(error, constraints);
  }
}

/** The name of the constraint a database error violated (through TypeORM's and pg's wrappers), if any. */
export function violatedConstraint(error: unknown): string | undefined {
  return driverErrorOf(error)?.constraint;
}

function fromMeaning(meaning: ConstraintMeaning, kind: NonNullable<ConstraintMeaning['as']>, cause: unknown): AppError {
  const errors = meaning.field === undefined ? [] : [{ field: meaning.field, reason: meaning.reason ?? 'is not accepted' }];
  const options = { cause, extensions: errors.length > 0 ? { errors } : undefined };
  switch (meaning.as ?? kind) {
    case 'conflict':
      return new ConflictError(meaning.message, options);
    case 'not-found':
      return new NotFoundError(meaning.message, options);
    case 'forbidden':
      return new ForbiddenError(meaning.message, options);
    case 'validation':
      return new ValidationError(meaning.message, errors, { cause });
  }
}

/** The pg error (code, constraint) under TypeORM's QueryFailedError or a `cause` chain. */
function driverErrorOf(error: unknown): { code?: string; constraint?: string } | undefined {
  let found: { code?: string; constraint?: string } | undefined;
  someCause(error, 6, (candidate) => {
    if (typeof candidate.code !== 'string' || !/^[0-9A-Z]{5}$/.test(candidate.code)) return false;
    const constraint = (candidate as { constraint?: unknown }).constraint;
    found = { code: candidate.code, constraint: typeof constraint === 'string' ? constraint : undefined };
    return true;
  });
  return found;
}

/**
 * Whether an error means "the database cannot be reached right now" rather than "this statement
 * is wrong": the server refused or dropped the connection, is shutting down or starting up, or
 * the pool could not hand out a connection in time. Such a failure is a 503 with Retry-After,
 * not a 500, and says nothing about the caller's request.
 *
 * Walks the wrappers TypeORM and pg put around the cause (QueryFailedError.driverError, `cause`,
 * AggregateError.errors from dual-stack connects), a few levels deep.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someCause(error, 6, (candidate) => {
    const code = typeof candidate.code === 'string' ? candidate.code : undefined;
    if (code !== undefined && (NETWORK_CODES.has(code) || SQLSTATE_UNAVAILABLE.test(code))) return true;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    return MESSAGES.some((pattern) => pattern.test(message));
  });
}

/**
 * Whether the database refused a value rather than a statement: SQLSTATE class 22 (data exception:
 * text that is no uuid or number, a number out of range, a NUL character, a string too long, an
 * impossible date). Only a value from the request can be like that when the edge validation missed
 * it, so it is the caller's 400, described without the database's text. Division by zero is the
 * service's own arithmetic and stays a 500.
 */
export function isDatabaseDataException(error: unknown): boolean {
  return someCause(error, 6, (candidate) => typeof candidate.code === 'string' && /^22[0-9A-Z]{3}$/.test(candidate.code) && candidate.code !== '22012');
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  driverError?: unknown;
  errors?: unknown;
}

/** Socket-level failures of connecting to or talking with the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs: class 08 (connection exception), 57P01 admin_shutdown, 57P02 crash_shutdown,
 * 57P03 cannot_connect_now, 53300 too_many_connections.
 */
const SQLSTATE_UNAVAILABLE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** pg and pg-pool report these without a code. */
const MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
];

function someCause(error: unknown, depth: number, test: (candidate: ErrorLike) => boolean): boolean {
  if (depth < 0 || typeof error !== 'object' || error === null) return false;
  const candidate = error as ErrorLike;
  if (test(candidate)) return true;
  if (someCause(candidate.driverError, depth - 1, test) || someCause(candidate.cause, depth - 1, test)) return true;
  return Array.isArray(candidate.errors) && candidate.errors.some((inner) => someCause(inner, depth - 1, test));
}
