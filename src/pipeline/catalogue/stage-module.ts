/**
 * What every stage module implementation provides. The pipeline calls `execute` with the
 * stage's input and the selection's validated settings; the contract of the stage says what the
 * input and output are.
 */
export interface StageModuleImplementation<Input = unknown, Output = unknown, Settings extends object = object> {
  execute(input: Input, context: StageCallContext<Settings>): Promise<Output>;
}

export interface StageCallContext<Settings extends object = object> {
  settings: Settings;
  tenantId: string;
  /** Configuration version the run started with. */
  configVersion: number;
  correlationId?: string;
  /** Aborted when the stage's timeout expires; long calls should honour it. */
  signal?: AbortSignal;
  /**
   * A shadow run (a candidate configuration tried on stored invoices): the module must not write
   * anything and answers as if it had. Only stages whose contract says `shadow: 'dry_run'` are
   * called this way; their modules honour it.
   */
  dryRun?: boolean;
}
