import type { Principal } from '../framework/auth';

/** The audit trail's actor: the authenticated principal's subject. */
export function actorOf(principal: Principal | undefined): string {
  return principal?.subject ?? 'anonymous';
}
