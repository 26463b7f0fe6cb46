import { DependencyError } from '../../errors';
import { fetchJson, FetchLike } from './http-json';

export interface OidcMetadata {
  issuer: string;
  jwksUri: string;
}

/**
 * Reads the issuer's /.well-known/openid-configuration (OIDC Discovery 1.0). The document must
 * name the same issuer it was fetched for, otherwise anyone able to serve that path could
 * substitute another issuer's keys.
 */
export async function discoverOidc(issuer: string, fetchFn: FetchLike, timeoutMs: number): Promise<OidcMetadata> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const body = (await fetchJson(fetchFn, url, timeoutMs, 'OIDC discovery document')) as Record<string, unknown> | null;
  const discoveredIssuer = body?.issuer;
  const jwksUri = body?.jwks_uri;
  if (typeof discoveredIssuer !== 'string' || typeof jwksUri !== 'string') {
    throw new DependencyError('The OIDC discovery document lacks issuer or jwks_uri.');
  }
  if (discoveredIssuer.replace(/\/+$/, '') !== issuer.replace(/\/+$/, '')) {
    throw new DependencyError('The OIDC discovery document names another issuer than AUTH_OIDC_ISSUER.');
  }
  return { issuer: discoveredIssuer, jwksUri };
}
