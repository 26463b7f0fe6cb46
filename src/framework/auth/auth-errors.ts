import { AppErrorOptions, AuthenticationError, SecurityError } from '../errors';

/** Why a request was not authenticated; goes to the security log, never a credential. */
export type AuthFailureReason =
  | 'missing-credentials'
  | 'malformed-credentials'
  | 'invalid-signature'
  | 'invalid-claims'
  | 'unknown-key'
  | 'expired'
  | 'revoked'
  | 'unsupported-algorithm'
  | 'mechanism-disabled';

/** 401 with the details the guard needs for the WWW-Authenticate challenge and the security log. */
export class CredentialsError extends AuthenticationError {
  override readonly category: string = 'invalid-credentials';
  override readonly title: string = 'Invalid credentials';
  constructor(
    message: string,
    readonly reason: AuthFailureReason,
    readonly mechanism: string,
    options?: AppErrorOptions,
  ) {
    super(message, options);
  }
}

/** No credential at all on a protected route. */
export class MissingCredentialsError extends CredentialsError {
  override readonly category: string = 'unauthenticated';
  override readonly title: string = 'Authentication required';
  constructor() {
    super('This resource requires a bearer token or an X-API-Key header.', 'missing-credentials', 'none');
  }
}

/** An expired token or key: its own problem type so clients know to refresh rather than give up. */
export class CredentialsExpiredError extends CredentialsError {
  override readonly category: string = 'token-expired';
  override readonly title: string = 'Credentials expired';
  constructor(message: string, mechanism: string) {
    super(message, 'expired', mechanism);
  }
}

/**
 * 429: this client address or this API key prefix has failed authentication too often in the
 * current window. Only failing attempts get it: valid credentials are verified first and pass.
 */
export class AuthThrottledError extends SecurityError {
  readonly category = 'too-many-requests';
  readonly status = 429;
  readonly title = 'Too many failed authentication attempts';
  constructor(
    /** Whole seconds until the bucket that refused the attempt empties (the Retry-After header). */
    readonly retryAfterSeconds: number,
    readonly bucket: 'address' | 'key',
    /** The first refusal of this bucket in its window: the one that is logged (an attack must not flood the log). */
    readonly first = true,
  ) {
    super(`Too many failed authentication attempts; try again in ${retryAfterSeconds} s. Valid credentials are not affected.`, {
      extensions: { retry_after_seconds: retryAfterSeconds },
    });
  }
}
