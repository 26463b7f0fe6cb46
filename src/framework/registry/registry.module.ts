import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RegistryDiscovery } from './registry-discovery';
import { ServiceRegistry } from './service-registry';

/** The service registry, injectable everywhere as ServiceRegistry (register at runtime, resolve, list). */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [{ provide: ServiceRegistry, useFactory: () => new ServiceRegistry() }, RegistryDiscovery],
  exports: [ServiceRegistry],
})
export class RegistryModule {}
