import { LifecycleError } from '../errors';
import type { ModuleState } from './lifecycle.types';

/** Allowed moves; `stopped` and `error` are terminal: starting again needs a full restart. */
const NEXT: Record<ModuleState, readonly ModuleState[]> = {
  registering: ['starting'],
  starting: ['started', 'error'],
  started: ['stopping'],
  stopping: ['stopped', 'error'],
  stopped: [],
  error: [],
};

/** The state of one framework module; an illegal transition is a LifecycleError naming the module. */
export class ModuleStateMachine {
  private current: ModuleState = 'registering';

  constructor(readonly module: string) {}

  get state(): ModuleState {
    return this.current;
  }

  moveTo(next: ModuleState): void {
    if (!NEXT[this.current].includes(next)) {
      throw new LifecycleError(`module "${this.module}" cannot go from ${this.current} to ${next}`, this.module);
    }
    this.current = next;
  }
}
