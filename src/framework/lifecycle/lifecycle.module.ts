import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LifecycleEventEntity } from './lifecycle-event.entity';
import { LifecycleEventRepository } from './lifecycle-event.repository';
import { LifecycleEventStore } from './lifecycle-event.store';
import { LifecycleEvents } from './lifecycle-events';
import { LifecycleHealth } from './lifecycle.health';
import { LifecycleService } from './lifecycle.service';
import { LifecycleShutdown } from './lifecycle-shutdown';

/** The lifecycle driver and its event stream, available everywhere (observers subscribe to LifecycleEvents). */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [LifecycleEvents, LifecycleService, LifecycleHealth],
  exports: [LifecycleEvents, LifecycleService],
})
export class LifecycleModule {}

/** Persistence of recent lifecycle events (needs the database). */
@Module({
  imports: [TypeOrmModule.forFeature([LifecycleEventEntity])],
  providers: [LifecycleEventRepository, LifecycleEventStore],
  exports: [LifecycleEventStore],
})
export class LifecycleStoreModule {}

/** Imported by the root module (not global): its shutdown hook runs before every global module's (see LifecycleShutdown). */
@Module({ providers: [LifecycleShutdown] })
export class LifecycleShutdownModule {}
