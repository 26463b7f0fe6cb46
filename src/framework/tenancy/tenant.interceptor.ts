import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, Observable, switchMap } from 'rxjs';
import type { Principal } from '../auth';
import { TenantContext } from './tenant-context';
import { TENANT_HEADER } from './tenant-resolution';
import { tenantStorage } from './tenant-storage';
import { TenantResolver } from './tenant.resolver';

export interface TenantAwareRequest {
  principal?: Principal;
  headers: Record<string, string | string[] | undefined>;
  tenant?: TenantContext;
}

/**
 * Resolves the tenant of a @TenantScoped() route. Interceptors run after every guard, so the
 * principal is known; the handler then runs inside the tenant's async context (tenantStorage).
 */
@Injectable()
export class TenantInterceptor implements NestInterceptor {
  constructor(private readonly resolver: TenantResolver) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<TenantAwareRequest>();
    return from(this.resolver.resolve(request.principal, request.headers[TENANT_HEADER])).pipe(
      switchMap(
        (tenant) =>
          new Observable<unknown>((subscriber) => {
            request.tenant = tenant;
            // Subscribing inside run() starts the handler there, so every await in it keeps the tenant.
            const subscription = tenantStorage.run({ tenant, request }, () => next.handle().subscribe(subscriber));
            return () => subscription.unsubscribe();
          }),
      ),
    );
  }
}
