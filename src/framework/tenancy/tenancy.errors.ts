import { AppErrorOptions, ForbiddenError, LifecycleError, ValidationError } from '../errors';

/** Strict mode: a tenant-scoped route was called without a tenant (400 problem+json). */
export class TenantRequiredError extends ValidationError {
  override readonly category = 'tenant-required';
  override readonly title = 'Tenant required';

  constructor(message: string) {
    super(message, [{ field: 'X-Tenant-ID', reason: 'a tenant is required for this route' }]);
  }
}

/** The tenant exists but is disabled: its credentials are refused on tenant routes. */
export class TenantDisabledError extends ForbiddenError {
  constructor(tenantId: string) {
    super(`Tenant "${tenantId}" is disabled.`);
  }
}

/**
 * A tenant-scoped service was resolved outside a tenant context, or declared wrongly. A
 * programming mistake, never a caller's: 500 with a message for the log that says what to fix.
 */
export class TenantScopeError extends LifecycleError {
  constructor(message: string, options?: AppErrorOptions) {
    super(message, 'tenancy', options);
  }
}
