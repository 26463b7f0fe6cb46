import type { Role } from './roles';

/** Who is calling, as proven by an authenticator. */
export interface Principal {
  /** Stable subject id: the JWT `sub`, or `apikey:<prefix>`. */
  subject: string;
  roles: Role[];
  /** Tenant the caller belongs to; absent for platform roles acting across tenants. */
  tenantId?: string;
  issuedAt?: Date;
  expiresAt?: Date;
  /** Which authenticator recognised the request, e.g. `jwt`, `api-key`. */
  mechanism: string;
}
