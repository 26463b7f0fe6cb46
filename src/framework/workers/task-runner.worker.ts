/**
 * What every pool thread runs: it tells the pool that the task has started (its deadline counts
 * from here, not from when it was queued), then calls the task function. Worker files are plain
 * modules exporting task functions; require caches them per thread.
 */
import { parentPort } from 'node:worker_threads';
import { TASK_STARTED, type RunnerInput } from './task-runner.protocol';

export default async function runTask(message: RunnerInput): Promise<unknown> {
  parentPort?.postMessage({ [TASK_STARTED]: message.id });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(message.filename) as Record<string, (input: unknown) => unknown>;
  const task = module[message.name];
  if (typeof task !== 'function') throw new Error(`${message.filename} exports no task ${message.name}`);
  return task(message.input);
}
