import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from './principal';

/** What an authenticator may look at: the request line and headers (never the body). */
export interface AuthRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * One way of proving identity. `authenticate` returns null when the request carries nothing this
 * authenticator recognises ("not mine", the chain asks the next one); it throws a CredentialsError
 * when it recognises the credential but the credential is not valid (the chain stops there).
 */
export interface Authenticator {
  /** Short name reported as Principal.mechanism and in security logs, e.g. `jwt`. */
  readonly mechanism: string;
  authenticate(request: AuthRequest): Promise<Principal | null>;
}

/** The single value of a header, or undefined when absent or repeated ambiguously. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  return value;
}
