import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { AppError } from '../errors';
import { PublishService } from '../registry/publish-service.decorator';
import { LifecycleEvents } from './lifecycle-events';
import { LifecycleParticipant } from './lifecycle-participant.decorator';
import { LifecycleRunner, ModuleStateView, Participant } from './lifecycle-runner';

/**
 * Drives the lifecycle from Nest's hooks. At bootstrap (every provider exists, every onModuleInit
 * ran) it discovers the @LifecycleParticipant providers, orders them by their declared
 * `dependsOn`, otherwise by Nest module distance (deepest dependency first, global modules before
 * all), and starts them; a failed start rolls
 * back and fails the boot. At shutdown (after the HTTP server drained) it stops them in reverse.
 */
@Injectable()
@PublishService({ name: 'lifecycle' })
export class LifecycleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Lifecycle');
  private readonly runner: LifecycleRunner;

  constructor(
    private readonly discovery: DiscoveryService,
    readonly events: LifecycleEvents,
  ) {
    this.runner = new LifecycleRunner(events);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const participant of this.discover()) this.runner.register(participant);
    const began = Date.now();
    try {
      await this.runner.startAll();
    } catch (error) {
      this.logger.error({ causes: error instanceof AppError ? error.causeChain() : [String(error)] }, 'boot aborted: a module failed to start');
      throw error;
    }
    this.logger.log(`${this.runner.states().length} module(s) started in ${Date.now() - began} ms`);
  }

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.runner.stopAll();
    } catch (error) {
      this.logger.error({ causes: error instanceof AppError ? error.causeChain() : [String(error)] }, 'a module failed to stop');
      throw error;
    }
  }

  states(): ModuleStateView[] {
    return this.runner.states();
  }

  /** Started modules in start order: configuration reload calls them in this order. */
  startedInOrder(): Participant[] {
    return this.runner.startedInOrder();
  }

  private discover(): Participant[] {
    // Every provider is inspected (not `getProviders({ metadataKey })`): Nest indexes only one
    // discoverable decorator per class, and a participant may also be a @PublishService.
    const found = this.discovery
      .getProviders()
      .map((wrapper) => ({ wrapper, options: this.discovery.getMetadataByDecorator(LifecycleParticipant, wrapper) }))
      .filter(({ wrapper, options }) => options && wrapper.instance !== undefined && wrapper.isDependencyTreeStatic())
      .map(({ wrapper, options }, index) => ({
        name: options?.name ?? String(wrapper.name),
        dependsOn: options?.dependsOn,
        instance: wrapper.instance as Participant['instance'],
        distance: wrapper.host?.distance ?? 0,
        index,
      }));
    // Deeper modules are dependencies of shallower ones; ties keep discovery (import) order.
    found.sort((a, b) => b.distance - a.distance || a.index - b.index);
    return found.map(({ name, dependsOn, instance }) => ({ name, dependsOn, instance }));
  }
}
