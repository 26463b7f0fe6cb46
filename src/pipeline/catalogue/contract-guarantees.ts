import { STAGE_CONTRACTS } from '../contracts/registry';
import type { Guarantee } from '../contracts/stage-contract';

export type { Guarantee } from '../contracts/stage-contract';

/**
 * What each capability contract promises, by contract name, as the stage contracts declare it
 * (pipeline/contracts/<stage>.contract.ts). The seed in the FailClosedVerdicts migration writes
 * the same list into capability_contracts.guarantees.
 */
export const CONTRACT_GUARANTEES: Readonly<Record<string, readonly Guarantee[]>> = Object.fromEntries(
  [...STAGE_CONTRACTS.values()].map((c) => [c.capability.name, c.capability.guarantees]),
);

export function guaranteeIds(contractName: string): string[] {
  return (CONTRACT_GUARANTEES[contractName] ?? []).map((g) => g.id);
}

/** Guarantees of `selected` that `used` does not keep: non-empty means the step is degraded. */
export function missingGuarantees(selected: readonly string[] | undefined, used: readonly string[] | undefined): string[] {
  const kept = new Set(used ?? []);
  return (selected ?? []).filter((g) => !kept.has(g));
}
