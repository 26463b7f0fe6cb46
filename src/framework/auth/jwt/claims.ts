import type { JWTPayload } from 'jose';
import { ROLES, type Role } from '../roles';

/** Reads a claim by name, or by a dotted path into nested objects (e.g. `realm_access.roles`). */
export function claimAt(payload: JWTPayload, path: string): unknown {
  if (path in payload) return payload[path];
  let current: unknown = payload;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

const KNOWN_ROLES: ReadonlySet<string> = new Set<string>(ROLES);

/** The service's roles named by a claim value (an array, or a space-separated string); others are ignored. */
export function rolesFrom(value: unknown): Role[] {
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : [];
  return [...new Set(names.filter((name): name is Role => typeof name === 'string' && KNOWN_ROLES.has(name)))];
}
