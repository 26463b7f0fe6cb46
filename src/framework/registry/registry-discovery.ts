import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { LifecycleParticipant } from '../lifecycle/lifecycle-participant.decorator';
import type { Startable } from '../lifecycle/lifecycle.types';
import { PublishService } from './publish-service.decorator';
import { ServiceRegistry } from './service-registry';

/**
 * Fills the registry from @PublishService providers once Nest has created every instance (before
 * any module starts), then checks declared dependencies: a missing required one or a cycle fails
 * the boot with a DependencyError; a missing optional one is only a warning. A lifecycle
 * participant: its start checks again, so services registered at runtime before start (stage
 * catalogues, tests) are held to the same rule.
 */
@Injectable()
@LifecycleParticipant({ name: 'registry' })
export class RegistryDiscovery implements OnModuleInit, Startable {
  private readonly logger = new Logger('ServiceRegistry');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly registry: ServiceRegistry,
  ) {}

  onModuleInit(): void {
    // Not `getProviders({ metadataKey })`: Nest indexes one discoverable decorator per class, and a
    // provider may also be a @LifecycleParticipant. Reading the metadata of every provider is boot-time only.
    for (const wrapper of this.discovery.getProviders()) {
      const options = this.discovery.getMetadataByDecorator(PublishService, wrapper);
      if (!options || !wrapper.instance) continue;
      this.registry.register(options, wrapper.instance, wrapper.host?.name ?? 'unknown');
    }
    this.verify();
    this.logger.log(`${this.registry.list().length} service(s) published`);
  }

  async start(): Promise<void> {
    this.verify();
  }

  private verify(): void {
    const { missingOptional } = this.registry.verify();
    for (const { service, dependency } of missingOptional) {
      this.logger.warn(`service ${service}: optional dependency ${dependency} is not registered; continuing without it`);
    }
  }
}
