import type { RunState } from './registry';

/** The columns of the invoice row a stage's output fills when the run is recorded (null: not known). */
export interface InvoiceProjection {
  invoice_number: string | null;
  issue_date: string | null;
  supplier_key: string | null;
  supplier_name: string | null;
  /** The amount due (BT-115, else BT-112) as a decimal string, and the invoice currency (BT-5). */
  total_amount: string | null;
  currency: string | null;
}

/** A promise of a capability contract, as an id a module declares it keeps; the description explains it. */
export interface Guarantee {
  id: string;
  description: string;
}

/** The capability contract in the catalogue (capability_contracts, seeded by migration) that the stage's modules implement. */
export interface Capability {
  /** capability_contracts.name: modules declare it in @StageModule({ contract }). */
  name: string;
  /** What the contract promises; the ids are stable API (catalogue views, stage results). */
  guarantees: readonly Guarantee[];
}

/**
 * Everything the pipeline knows about one stage: its id (processing_stages.stage_id, also the key
 * of its output in the run state), how it builds its input from the run state, a shape check of a
 * module's output (a broken module counts as a failing one), the JSON kept in the stage result,
 * and the optional rules that make a stage special: fail-closed settling, stopping the run,
 * asking for review and filling invoice columns.
 */
export interface StageContract<Input = unknown, Output = unknown> {
  /** The stage id in processing_stages, in RunState and in stage results. */
  readonly stageId: string;
  /** Where the stage's output sits in the run state. */
  readonly stateKey: StateKey;
  readonly capability: Capability;
  input(state: RunState): Input;
  accept(output: unknown): void;
  /**
   * Fail closed: the output as it must stand when earlier steps (or this one) were degraded,
   * failed, skipped or rejected (`concerns` says which). A validation is then never valid and a
   * decision never auto_approved, whatever the module returned.
   */
  settle?(output: Output, concerns: readonly string[]): Output;
  view(output: Output): unknown;
  /** Stop rule: the final status the run ends with after this output, or null to go on. */
  stop?(output: Output): StopStatus | null;
  /**
   * For a stage whose stop rule pauses a run for a person (`awaiting_approval`): the output as it
   * stands once the person released it. A run with trigger `approval` carries the paused run's
   * results on, takes this in place of the paused output and runs the stages after it.
   */
  resume?(output: Output): Output;
  /** Whether this output puts the invoice up for review even when every step succeeded. */
  review?(output: Output): boolean;
  /** The invoice columns this output fills. */
  project?(output: Output): Partial<InvoiceProjection>;
  /**
   * How the stage runs in a shadow run, which must leave no trace: `as_is` (the default) when its
   * modules have no side effects; `dry_run` when they write, so they are called with
   * `context.dryRun` and must only read (duplicate-check: the fingerprint is looked up, not
   * recorded); `not_run` when the side effect is the stage's whole point (export: delivery).
   */
  readonly shadow?: ShadowMode;
}

/**
 * The final statuses a stop rule may end a run with: a duplicate; waiting for a person's approval
 * (the run can be resumed, see resume()); rejected (never resumed, never exported).
 */
export type StopStatus = 'duplicate' | 'awaiting_approval' | 'rejected';

/** How a stage runs in a shadow run (StageContract.shadow). */
export type ShadowMode = 'as_is' | 'dry_run' | 'not_run';

/** The run-state keys stage outputs sit under (the registry's RunState lists them). */
export type StateKey = Exclude<keyof RunState, 'tenantId' | 'invoiceId' | 'runId' | 'document' | 'contentType'>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A shape check: throws (a module fault) when the module's output is not what the contract says. */
export function expectShape(output: unknown, check: (o: Record<string, unknown>) => boolean, what: string): void {
  if (!(isObject(output) && check(output))) throw new Error(`the module returned no ${what}`);
}
