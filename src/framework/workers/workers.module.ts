import { Global, Module } from '@nestjs/common';
import { WorkerPool } from './worker-pool';
import { WorkersHealth } from './workers.health';

/** The worker thread pool; global so any stage module can run CPU-bound work off the event loop. */
@Global()
@Module({
  providers: [WorkerPool, WorkersHealth],
  exports: [WorkerPool],
})
export class WorkersModule {}
