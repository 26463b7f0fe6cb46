import type { Role } from '../../src/framework/auth';

export interface AuthOptions {
  tenantId?: string;
}

/**
 * Headers that authenticate a test request with the given role(s).
 * Placeholder until the authentication module lands: it returns no header, and every route is
 * open. The auth work replaces the body with a real credential (a JWT signed with the test
 * secret that `testConfig` sets), so every test that calls it keeps working.
 */
export async function authHeaders(_roles: Role | Role[], _options: AuthOptions = {}): Promise<Record<string, string>> {
  return {};
}
