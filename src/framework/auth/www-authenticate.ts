import { CredentialsError } from './auth-errors';

export const AUTH_REALM = 'invoice-service';

/**
 * The WWW-Authenticate challenge for a 401 (RFC 6750 section 3): a bare challenge when no
 * credential was sent, `error="invalid_token"` when one was sent and failed. The description is
 * a fixed phrase per reason, never anything taken from the request.
 */
export function challengeFor(error: CredentialsError): string {
  if (error.reason === 'missing-credentials') return `Bearer realm="${AUTH_REALM}", ApiKey realm="${AUTH_REALM}"`;
  const scheme = error.mechanism === 'api-key' ? 'ApiKey' : 'Bearer';
  const description = error.reason === 'expired' ? 'The credentials expired' : 'The credentials are not valid';
  return `${scheme} realm="${AUTH_REALM}", error="invalid_token", error_description="${description}"`;
}

/** 403 challenge for bearer callers whose token lacks a role (RFC 6750 insufficient_scope). */
export function insufficientScopeChallenge(): string {
  return `Bearer realm="${AUTH_REALM}", error="insufficient_scope"`;
}
