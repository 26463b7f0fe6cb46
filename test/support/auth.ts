import type { Role } from '../../src/framework/auth';

export interface AuthOptions {
  tenantId?: string;
  /** JWT subject, i.e. the actor recorded in audit trails; default `test-user`. */
  subject?: string;
}

/** HS256 secret that `testConfig` sets as AUTH_JWT_SECRET unless a test overrides it. */
export const TEST_JWT_SECRET = 'test-only-hs256-secret-0123456789abcdef';

/**
 * Headers that authenticate a test request with the given role(s): a bearer JWT signed with the
 * test secret, valid for ten minutes, subject `test-user`, tenant when given.
 */
export async function authHeaders(roles: Role | Role[], options: AuthOptions = {}): Promise<Record<string, string>> {
  const { SignJWT } = await import('jose');
  const claims: Record<string, unknown> = { roles: Array.isArray(roles) ? roles : [roles] };
  if (options.tenantId) claims.tenant_id = options.tenantId;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject ?? 'test-user')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
  return { authorization: `Bearer ${token}` };
}
