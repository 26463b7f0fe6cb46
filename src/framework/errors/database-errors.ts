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
