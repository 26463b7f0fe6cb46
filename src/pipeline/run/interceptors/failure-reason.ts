import { BrokenCircuitError, TaskCancelledError } from 'cockatiel';
import { isInputFault } from '../../catalogue/stage-fault';
import type { TriggerConditions } from '../../fallback/entities/fallback-policy.entity';
import { type FallbackReason, ModuleUnavailableError } from './stage-call';

/** Failures a retry, a breaker or a fallback acts on: module faults only, never a verdict on the input. */
export function isModuleFault(error: unknown): boolean {
  return !isInputFault(error);
}

export function reasonOf(error: unknown): FallbackReason {
  if (error instanceof ModuleUnavailableError) return 'module_unavailable';
  if (error instanceof BrokenCircuitError) return 'circuit_open';
  if (error instanceof TaskCancelledError) return 'timeout';
  return 'error';
}

/** Whether the policy's trigger conditions cover this failure. */
export function triggers(conditions: TriggerConditions, reason: FallbackReason): boolean {
  switch (reason) {
    case 'module_unavailable':
      return conditions.module_unavailable;
    case 'circuit_open':
      return conditions.circuit_open !== null;
    case 'timeout':
      return conditions.timeout_ms !== null;
    default:
      return conditions.error;
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof TaskCancelledError) return 'the module timed out';
  if (error instanceof BrokenCircuitError) return 'the module circuit is open';
  return error instanceof Error ? error.message : String(error);
}
