import { Global, Module, OnModuleInit } from '@nestjs/common';
import { ContextIdFactory, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InstanceContext } from './instance-context';
import { TenancyClock } from './tenancy.clock';
import { tenantContextIdStrategy } from './tenant-context-id.strategy';
import { TenantConfigResolver } from './tenant-config.resolver';
import { TenantRegistry } from './tenant-registry';
import { TenantScope } from './tenant-scope';
import { TenantScopeCheck } from './tenant-scope.check';
import { TENANT_CONTEXT_PROVIDER } from './tenant-scoped-provider.decorator';
import { TenantEntity } from './tenant.entity';
import { TenantGuard } from './tenant.guard';
import { TenantRepository } from './tenant.repository';
import { TenantResolver } from './tenant.resolver';
import { TenantsController } from './tenants.controller';
import { TenantsService } from './tenants.service';

const EXPORTED = [TenantRegistry, TenantResolver, TenantGuard, TenantScope, TENANT_CONTEXT_PROVIDER, InstanceContext, TenantsService];

/**
 * Multi-tenancy: the tenants table and its admin API, tenant resolution for @TenantScoped()
 * routes, TenantContext, durable tenant-scoped providers (context id strategy keyed by tenant,
 * with the declaration rule checked at boot), and this replica's instance identity.
 */
@Global()
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([TenantEntity])],
  controllers: [TenantsController],
  providers: [TenancyClock, TenantRepository, TenantConfigResolver, TenantScopeCheck, ...EXPORTED],
  exports: [TypeOrmModule, ...EXPORTED],
})
export class TenancyModule implements OnModuleInit {
  onModuleInit(): void {
    // Global and stateless (it reads only the request), so every app in the process can share it.
    ContextIdFactory.apply(tenantContextIdStrategy);
  }
}
