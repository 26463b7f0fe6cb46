/**
 * What every pool thread runs: it stamps the task's start in the shared TaskStarts (its deadline
 * counts from here, not from when it was queued), then calls the task function. Worker files are
 * plain modules exporting task functions, loaded once per thread.
 */
import { workerData } from 'node:worker_threads';
import { markStarted, type RunnerData, type RunnerInput, type RunnerWarmUp } from './task-runner.protocol';

const { starts, preload } = workerData as RunnerData;

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

// The worker files the pool was asked to preload, loaded as the thread starts, so the first task
// finds them loaded. A file that fails to load here fails its tasks instead, as without preloading.
for (const filename of preload ?? []) {
  try {
    taskModule(filename);
  } catch {
    // Its task's require() throws the same error.
  }
}

export default async function runTask(message: RunnerInput | RunnerWarmUp): Promise<unknown> {
  if ('warmUp' in message) return true;
  markStarted(starts, message.slot, message.id);
  const module = taskModule(message.filename);
  const task = module[message.name];
  if (typeof task !== 'function') throw new Error(`${message.filename} exports no task ${message.name}`);
  return task(message.input);
}
