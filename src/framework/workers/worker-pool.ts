import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import Piscina from 'piscina';
import type { Counter, Histogram } from 'prom-client';
import { LifecycleParticipant } from '../lifecycle/lifecycle-participant.decorator';
import { MetricsService } from '../metrics/metrics.service';
import { TaskStarts, type RunnerData, type RunnerInput, type RunnerWarmUp } from './task-runner.protocol';
import { WorkerPoolError, WorkerTaskTimeoutError } from './worker-errors';
import { poolSize, WorkersConfig } from './workers.config';

/** A function exported by a worker file: the pool runs `name` of `filename` in a worker thread. */
export interface WorkerTask {
  filename: string;
  name: string;
}

export interface WorkerRunOptions {
  /** The caller giving up (e.g. the stage timeout) stops the task like its deadline does. */
  signal?: AbortSignal;
  /** Buffers moved to the worker instead of copied. */
  transferList?: ArrayBuffer[];
}

export interface WorkerPoolStats {
  started: boolean;
  threads: number;
  queueDepth: number;
  /** Worker threads terminated (deadline, caller abort, out of memory, crash) and replaced since start. */
  terminated: number;
  timeouts: number;
}

/** task-runner.worker.js in the build, .ts under ts-jest or tsx. */
const RUNNER = join(__dirname, `task-runner.worker${extname(__filename)}`);

/**
 * Worker threads (piscina) for CPU-bound work on untrusted input, so that nothing a caller sends
 * can hold the event loop. Every task has a deadline (WORKER_TASK_DEADLINE_MS, counted from the
 * moment a thread starts it) that really stops it: piscina terminates the thread running an
 * aborted task and starts a replacement; the call fails with WorkerTaskTimeoutError. The
 * caller's signal (the stage timeout) stops it the same way, queued or running. At most
 * WORKER_QUEUE_LIMIT tasks wait; more are refused at once. A lifecycle participant: the threads
 * start with the application and are destroyed at shutdown.
 */
@Injectable()
@LifecycleParticipant({ name: 'workers', dependsOn: ['metrics'] })
export class WorkerPool {
  private readonly logger = new Logger('Workers');
  private pool: Piscina | undefined;
  /** Worker files every thread loads as it starts (preload()). */
  private readonly preloads = new Set<string>();
  private stopping = false;
  private terminated = 0;
  private timeouts = 0;
  private threads = 0;
  private inFlight = 0;
  private nextId = 0;
  /** Milliseconds tasks run with runHere held the calling thread in the current turn of the event loop. */
  private callerSpentMs = 0;
  private callerTurnOpen = false;
  /** Where the threads stamp the start of each task (one slot per task in flight), and the free slots. */
  private starts: TaskStarts | undefined;
  private freeSlots: number[] = [];
  private readonly durations: Histogram<'task' | 'outcome' | 'thread'>;
  private readonly timeoutCounter: Counter<'task'>;
  private readonly terminations: Counter;

  constructor(
    private readonly config: WorkersConfig,
    metrics: MetricsService,
  ) {
    this.durations = metrics.histogram({
      name: 'worker_task_duration_seconds',
      help: 'Worker tasks from call to answer (queueing included), by task, outcome (ok, error, timeout, refused) and thread (worker: a pool thread; caller: run in the calling thread, see runHere).',
      labelNames: ['task', 'outcome', 'thread'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
    this.timeoutCounter = metrics.counter({ name: 'worker_task_timeouts_total', help: 'Worker tasks stopped at their deadline or when their caller gave up.', labelNames: ['task'] });
    this.terminations = metrics.counter({ name: 'worker_threads_terminated_total', help: 'Worker threads terminated (deadline, abort, out of memory, crash) and replaced.' });
    const queueDepth = () => this.queueDepth();
    metrics.gauge({
      name: 'worker_queue_depth',
      help: 'Worker tasks waiting for a free thread.',
      collect() {
        this.set(queueDepth());
      },
    });
  }

  /**
   * A worker file every thread loads as it starts (before start() resolves, and in every
   * replacement thread), so no task pays for loading it: the first invoice after a boot would
   * otherwise wait for the engine's modules to load under its stage deadline. Call before start().
   */
  preload(filename: string): void {
    this.preloads.add(filename);
  }

  async start(): Promise<void> {
    if (this.pool) return;
    const threads = (this.threads = poolSize(this.config, availableParallelism()));
    this.stopping = false;
    // At most threads + queue limit tasks are in flight (run() refuses more): one slot each.
    const slots = threads + this.config.workerQueueLimit;
    this.starts = new TaskStarts(slots);
    this.freeSlots = Array.from({ length: slots }, (_, i) => slots - 1 - i);
    const workerData: RunnerData = { starts: this.starts.view, preload: [...this.preloads] };
    this.pool = new Piscina({
      filename: RUNNER,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      workerData,
      // worker_task_duration_seconds measures tasks; piscina's own run/wait histograms go unread.
      recordTiming: false,
      resourceLimits: { maxOldGenerationSizeMb: this.config.workerMaxHeapMb },
      // Compiled: the threads inherit the process's Node options as Node parses them for a worker
      // (execArgv undefined). Passing process.execArgv instead makes Node parse it again as a
      // worker's, and it refuses V8 and per-process flags there: `node --max-old-space-size=2048
      // dist/main.js` would not boot (ERR_WORKER_INVALID_EXEC_ARGV). V8's flags are the process's
      // anyway; the threads' heap limit is resourceLimits above. Under ts-jest or tsx the worker
      // files are TypeScript, which the thread loads through tsx.
      execArgv: __filename.endsWith('.ts') ? [...process.execArgv, '--import', 'tsx'] : undefined,
    });
    this.pool.on('workerDestroy', () => {
      if (this.stopping) return;
      this.terminated++;
      this.terminations.inc();
    });
    this.pool.on('error', (error: unknown) => this.logger.error(`worker thread failed outside a task: ${error instanceof Error ? error.message : String(error)}`));
    if (this.preloads.size > 0) {
      // One warm-up per thread (each takes one message at a time, so each thread gets one): it is
      // answered once the thread has loaded its preloads.
      const loading = performance.now();
      const warmUp: RunnerWarmUp = { warmUp: true };
      await Promise.all(Array.from({ length: threads }, () => this.pool!.run(warmUp)));
      this.logger.log(`${threads} worker thread(s) loaded ${this.preloads.size} worker file(s) in ${Math.round(performance.now() - loading)} ms`);
    }
    this.logger.log(`${threads} worker thread(s), task deadline ${this.config.workerTaskDeadlineMs} ms`);
  }

  async stop(): Promise<void> {
    const pool = this.pool;
    if (!pool) return;
    this.stopping = true;
    this.pool = undefined;
    await pool.destroy();
  }

  /** Runs the task in a worker thread; fails with WorkerTaskTimeoutError past the deadline, WorkerPoolError when refused or failed. */
  async run<Input, Output>(task: WorkerTask, input: Input, options: WorkerRunOptions = {}): Promise<Output> {
    const started = performance.now();
    const observe = (outcome: string) => this.durations.observe({ task: task.name, outcome, thread: 'worker' }, (performance.now() - started) / 1000);
    const { pool, starts, freeSlots } = this;
    const slot = pool && starts && this.inFlight < this.threads + this.config.workerQueueLimit ? freeSlots.pop() : undefined;
    if (!pool || !starts || slot === undefined) {
      observe('refused');
      throw new WorkerPoolError(task.name, pool ? `refused: ${this.config.workerQueueLimit} tasks are already waiting` : 'refused: the worker pool is not running');
    }
    const id = (this.nextId = (this.nextId % 0x7fffffff) + 1);
    starts.assign(slot, id);
    const stop = new AbortController();
    const abort = () => stop.abort();
    const deadlineMs = this.config.workerTaskDeadlineMs;
    // The deadline counts from the moment the task's thread stamped its start; while it waits for a
    // thread, look again a deadline later.
    const check = () => {
      const ran = starts.runningFor(slot, id);
      if (ran === undefined) deadline = setTimeout(check, deadlineMs);
      else if (ran >= deadlineMs) abort();
      else deadline = setTimeout(check, deadlineMs - ran);
    };
    let deadline = setTimeout(check, deadlineMs);
    options.signal?.addEventListener('abort', abort, { once: true });
    if (options.signal?.aborted) abort();
    this.inFlight++;
    try {
      const message: RunnerInput = { id, slot, filename: task.filename, name: task.name, input };
      const output = (await pool.run(message, { signal: stop.signal, transferList: options.transferList })) as Output;
      observe('ok');
      return output;
    } catch (error) {
      if (stop.signal.aborted) {
        observe('timeout');
        this.timeouts++;
        this.timeoutCounter.inc({ task: task.name });
        throw new WorkerTaskTimeoutError(task.name, this.config.workerTaskDeadlineMs);
      }
      observe('error');
      throw new WorkerPoolError(task.name, 'failed in its worker thread', { cause: error });
    } finally {
      this.inFlight--;
      clearTimeout(deadline);
      freeSlots.push(slot);
      options.signal?.removeEventListener('abort', abort);
    }
  }

  /**
   * Runs a task's function in the calling thread, counted with the pool's tasks (thread="caller").
   * Only for input whose cost the caller has bounded: nothing can stop it once it runs, so the
   * caller must know its worst case is linear in an input it has capped (the engine client's
   * small plain-XML documents). A throw that is not the function's answer fails as a task failed
   * in its thread would (WorkerPoolError, a module fault).
   */
  async runHere<Input, Output>(task: WorkerTask, run: (input: Input) => Output | Promise<Output>, input: Input): Promise<Output> {
    const started = performance.now();
    const observe = (outcome: string) => this.durations.observe({ task: task.name, outcome, thread: 'caller' }, (performance.now() - started) / 1000);
    try {
      let answer: Output | Promise<Output>;
      try {
        answer = run(input);
      } finally {
        // How long it held the thread (its synchronous part), against this turn's budget.
        this.spendCallerTime(performance.now() - started);
      }
      const output = await answer;
      observe('ok');
      return output;
    } catch (error) {
      observe('error');
      throw new WorkerPoolError(task.name, 'failed in the calling thread', { cause: error });
    }
  }

  /**
   * Whether the calling thread may still run a task in this turn of the event loop: tasks run
   * with runHere in the current turn have held it for less than WORKER_CALLER_BUDGET_MS. Each is
   * bounded, but many arriving together (their I/O answered in one poll phase) would run back to
   * back: past the budget, the caller sends the rest to a worker thread until the turn ends.
   */
  hasCallerBudget(): boolean {
    return this.callerSpentMs < this.config.workerCallerBudgetMs;
  }

  private spendCallerTime(ms: number): void {
    this.callerSpentMs += ms;
    if (this.callerTurnOpen) return;
    this.callerTurnOpen = true;
    // Check phase: after the I/O callbacks of this turn, before the next poll for new ones.
    setImmediate(() => {
      this.callerSpentMs = 0;
      this.callerTurnOpen = false;
    });
  }

  /** Tasks waiting for a thread. */
  private queueDepth(): number {
    return Math.max(0, this.inFlight - this.threads);
  }

  stats(): WorkerPoolStats {
    return {
      started: this.pool !== undefined,
      threads: this.pool?.threads.length ?? 0,
      queueDepth: this.pool ? this.queueDepth() : 0,
      terminated: this.terminated,
      timeouts: this.timeouts,
    };
  }
}
