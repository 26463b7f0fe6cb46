import { Logger } from '@nestjs/common';
import { ForbiddenError } from '../errors';
import { AuthThrottledError, CredentialsError } from './auth-errors';

const logger = new Logger('Security');

export interface DenialContext {
  method: string;
  route: string;
  correlationId: string;
  /** The caller, when it was authenticated but lacked a role. */
  subject?: string;
  mechanism?: string;
  /** Why an authenticated caller was refused; default insufficient-role. */
  reason?: 'insufficient-role' | 'tenant-crossing';
}

/**
 * One structured `SecurityError` line per denied request: reason, mechanism, route and
 * correlation id. It is built from the error's classification only, never from the request's
 * headers, so the credential cannot end up in it.
 */
export function logDenial(error: CredentialsError | ForbiddenError | AuthThrottledError, context: DenialContext): void {
  const credentials = error instanceof CredentialsError;
  const throttled = error instanceof AuthThrottledError;
  logger.warn(
    {
      event: 'SecurityError',
      status: error.status,
      reason: credentials ? error.reason : throttled ? `throttled-${error.bucket}` : (context.reason ?? 'insufficient-role'),
      mechanism: credentials ? error.mechanism : (context.mechanism ?? 'unknown'),
      method: context.method,
      route: context.route,
      correlationId: context.correlationId,
      ...(context.subject ? { subject: context.subject } : {}),
    },
    throttled ? 'authentication throttled' : credentials ? 'authentication failed' : 'access denied',
  );
}
