import { DiscoveryService } from '@nestjs/core';
import type { PublishOptions } from './service-descriptor';

/**
 * Publishes a Nest provider in the service registry under a descriptor (name, interface, scope,
 * priority, dependencies). Nest still creates and injects it; the registry adds lookup by name or
 * interface with tie-breaking. A DiscoveryService-based catalogue can read the same metadata with
 * `discovery.getProviders({ metadataKey: PublishService.KEY })`.
 */
export const PublishService = DiscoveryService.createDecorator<PublishOptions>();
