/**
 * What every pool thread runs: it stamps the task's start in the shared TaskStarts (its deadline
 * counts from here, not from when it was queued), then calls the task function. Worker files are
 * plain modules exporting task functions, loaded once per thread.
 */
import { workerData } from 'node:worker_threads';
import { markStarted, type RunnerData, type RunnerInput } from './task-runner.protocol';

const { starts } = workerData as RunnerData;

type TaskModule = Record<string, (input: unknown) => unknown>;

/** Worker files by filename (require() resolves its argument on every call before its own cache). */
const modules = new Map<string, TaskModule>();

function taskModule(filename: string): TaskModule {
  let module = modules.get(filename);
  if (module === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module = require(filename) as TaskModule;
    modules.set(filename, module);
  }
  return module;
}

export default async function runTask(message: RunnerInput): Promise<unknown> {
  markStarted(starts, message.slot, message.id);
  const module = taskModule(message.filename);
  const task = module[message.name];
  if (typeof task !== 'function') throw new Error(`${message.filename} exports no task ${message.name}`);
  return task(message.input);
}
