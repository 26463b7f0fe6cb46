import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { LifecycleService } from './lifecycle.service';

/**
 * Stops the lifecycle first in Nest's shutdown hooks. Nest calls onApplicationShutdown module by
 * module, nearest to the root module first and global modules last, in registration order among
 * them; LifecycleModule is global like TypeORM's core module, which closes the DataSource in its
 * own hook, so the lifecycle's hook could run after the pool was gone while the pipeline still
 * drained its runs. This provider lives in a module the root imports directly, so the participants
 * stop (in reverse dependency order, the database last) before any global module's hook; the
 * lifecycle's own hook then finds nothing left to stop.
 */
@Injectable()
export class LifecycleShutdown implements OnApplicationShutdown {
  constructor(private readonly lifecycle: LifecycleService) {}

  onApplicationShutdown(): Promise<void> {
    return this.lifecycle.onApplicationShutdown();
  }
}
