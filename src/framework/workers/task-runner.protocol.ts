/** The message the pool sends a thread for each task, and the one the thread answers when it starts it. */
export interface RunnerInput {
  id: number;
  filename: string;
  name: string;
  input: unknown;
}

export const TASK_STARTED = 'workerTaskStarted';

export function startedTask(message: unknown): number | undefined {
  if (typeof message !== 'object' || message === null || !(TASK_STARTED in message)) return undefined;
  const id = (message as Record<string, unknown>)[TASK_STARTED];
  return typeof id === 'number' ? id : undefined;
}
