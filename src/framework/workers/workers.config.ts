import { IsInt, Max, Min } from 'class-validator';
import { Setting } from '../config';

/** The worker thread pool that runs CPU-bound work on untrusted input off the event loop. */
export class WorkersConfig {
  @Setting({ env: 'WORKER_POOL_SIZE', description: 'Worker threads for parsing and validating documents; 0 means the available cores minus one (at least 1).' })
  @IsInt()
  @Min(0)
  @Max(64)
  workerPoolSize: number = 0;

  @Setting({ env: 'WORKER_TASK_DEADLINE_MS', description: 'A worker task still running after this many milliseconds is stopped (its thread is terminated and replaced) and fails.' })
  @IsInt()
  @Min(10)
  @Max(600000)
  workerTaskDeadlineMs: number = 10000;

  @Setting({ env: 'WORKER_QUEUE_LIMIT', description: 'Tasks that may wait for a free worker; beyond it a task fails at once instead of queueing.' })
  @IsInt()
  @Min(1)
  @Max(100000)
  workerQueueLimit: number = 1000;

  @Setting({ env: 'WORKER_MAX_HEAP_MB', description: 'Heap limit of each worker thread in MB; a task that exceeds it fails and its thread is replaced.' })
  @IsInt()
  @Min(32)
  @Max(16384)
  workerMaxHeapMb: number = 512;

  @Setting({
    env: 'WORKER_CALLER_BUDGET_MS',
    description:
      'Milliseconds per turn of the event loop that tasks may hold the calling thread (small documents the engine reads there); past it, the turn\'s further tasks go to a worker thread, so many arriving together cannot run back to back.',
  })
  @IsInt()
  @Min(0)
  @Max(1000)
  workerCallerBudgetMs: number = 10;

  @Setting({
    env: 'ENGINE_INLINE_MAX_BYTES',
    description:
      'Plain-XML documents (never PDFs) up to this many bytes are parsed and validated in the calling thread instead of a worker thread: the worker trip costs more than their reading, and the engine\'s worst case is linear in the size (docs/performance.md), so the cap bounds how long one can hold the event loop. 0 sends every document to a worker thread.',
  })
  @IsInt()
  @Min(0)
  @Max(1048576)
  engineInlineMaxBytes: number = 32768;
}

/** WORKER_POOL_SIZE, with 0 resolved to the available cores minus one (at least 1). */
export function poolSize(config: WorkersConfig, cores: number): number {
  return config.workerPoolSize > 0 ? config.workerPoolSize : Math.max(1, cores - 1);
}
