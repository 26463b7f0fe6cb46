import { Global, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { EventBus } from './event-bus';
import { EventBusHealth } from './event-bus.health';
import { LifecycleBridge } from './lifecycle-bridge';

/** The event bus; global so any module can publish or subscribe. */
@Global()
@Module({
  imports: [EventEmitterModule.forRoot({ wildcard: true, delimiter: '.', maxListeners: 100, ignoreErrors: true })],
  providers: [EventBus, EventBusHealth, LifecycleBridge],
  exports: [EventBus],
})
export class EventsModule {}
