import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../errors';
import { CredentialsError } from './auth-errors';
import { AuthenticatorChain } from './authenticator-chain';
import type { Principal } from './principal';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';
import type { Role } from './roles';
import { logDenial } from './security-log';
import { FailedAuthThrottle } from './throttle/failed-auth-throttle';
import { crossesTenant, effectivePrincipal, TENANT_AWARE, TENANT_ID_HEADER, TenantCrossingError } from './tenant-binding';
import { challengeFor, insufficientScopeChallenge } from './www-authenticate';

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * The global guard: every route needs an authenticated caller unless marked @Public(), and the
 * roles named by @Roles (admin always passes). Credentials bound to a tenant that name another one
 * with X-Tenant-ID are refused on every route, whatever their roles. Each denial is logged as a
 * SecurityError event.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly chain: AuthenticatorChain,
    private readonly throttle: FailedAuthThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const denial = {
      method: request.method,
      route: request.routeOptions?.url ?? request.url.split('?')[0] ?? request.url,
      correlationId: String(request.id),
    };

    let principal: Principal;
    try {
      principal = await authenticateWith(this.chain, request);
    } catch (error) {
      throw await refusal(error, this.throttle, request, reply, denial);
    }
    request.principal = principal;

    // Before roles: a tenant-bound admin is still bound to its tenant, on every route.
    if (crossesTenant(principal, request.headers[TENANT_ID_HEADER])) {
      const error = new TenantCrossingError();
      logDenial(error, { ...denial, subject: principal.subject, mechanism: principal.mechanism, reason: 'tenant-crossing' });
      throw error;
    }

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets) ?? [];
    const tenantAware = this.reflector.getAllAndOverride<boolean | undefined>(TENANT_AWARE, targets) === true;
    if (required.length > 0 && !hasRole(effectivePrincipal(principal, tenantAware), required)) {
      // Had the role, but bound to a tenant, on an operation that spans tenants.
      const bound = hasRole(principal, required);
      const error = new ForbiddenError(
        bound
          ? `This operation spans tenants: it requires one of the roles ${required.join(', ')} on credentials without a tenant.`
          : `This operation requires one of the roles: ${required.join(', ')}.`,
      );
      logDenial(error, { ...denial, subject: principal.subject, mechanism: principal.mechanism, reason: bound ? 'tenant-crossing' : 'insufficient-role' });
      if (principal.mechanism === 'jwt') void reply.header('www-authenticate', insufficientScopeChallenge());
      throw error;
    }
    return true;
  }
}

/**
 * What to answer a failed authentication with: once the client address or the key prefix has
 * failed too often, 429 with Retry-After; otherwise the 401 with its challenge. Logged either way.
 */
export async function refusal(
  error: unknown,
  throttle: FailedAuthThrottle,
  request: FastifyRequest,
  reply: FastifyReply,
  denial: Parameters<typeof logDenial>[1],
): Promise<unknown> {
  if (!(error instanceof CredentialsError)) return error;
  const throttled = await throttle.recordFailure(request, error);
  if (throttled) {
    // Once per bucket and window; the rest are counted in auth_failures_total.
    if (throttled.first) logDenial(throttled, { ...denial, mechanism: error.mechanism });
    void reply.header('retry-after', String(throttled.retryAfterSeconds));
    return throttled;
  }
  logDenial(error, denial);
  void reply.header('www-authenticate', challengeFor(error));
  return error;
}

export function authenticateWith(chain: AuthenticatorChain, request: FastifyRequest): Promise<Principal> {
  return chain.authenticate({ method: request.method, url: request.url, headers: request.headers });
}

/** admin is enough for everything; otherwise any one of the required roles. */
export function hasRole(principal: Principal, required: readonly Role[]): boolean {
  return principal.roles.includes('admin') || required.some((role) => principal.roles.includes(role));
}
