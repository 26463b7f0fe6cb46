import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';

/** How a stage module describes itself to the catalogue. */
export interface StageModuleDefinition {
  /** Stable id, e.g. `einvoice-xml`; the `module_id` of the modules table. */
  id: string;
  name: string;
  /** Implementation version (semver). */
  version: string;
  /** Stage it implements, e.g. `parse`. */
  stage: string;
  /** Capability contract it declares: name and semver version. */
  contract: { name: string; version: string };
  /** class-validator DTO its selection settings must satisfy. */
  settings?: new () => object;
  isFallback?: boolean;
  /**
   * Guarantee ids of its contract that this module keeps (see contract-guarantees.ts). None
   * declared means none kept: a fallback that keeps fewer than the selected module makes the
   * step degraded (never valid, never auto-approved).
   */
  guarantees?: readonly string[];
  /**
   * Whose faults open this module's circuit: `tenant` (default) keeps one breaker per tenant,
   * because a tenant's documents or settings (its webhook target, its directory) can make the
   * module fail; `shared` only for a dependency no tenant input can reach.
   */
  breaker?: 'tenant' | 'shared';
  /**
   * A real run's call of this module has no effect outside the run's finishing statement: it
   * writes nothing itself (a write goes through `context.finish`) and sends nothing out of the
   * process (reading is fine). Not declared: it may have such effects. An earlier stage of a run
   * may answer provisionally (`context.finish.confirm`) only when every module selected after it
   * declares this; a fallback that does not is never called while such an answer is pending (the
   * run goes again from the answering stage, decided directly, instead).
   */
  effectsInFinishOnly?: boolean;
  description?: string;
  vendor?: string;
}

export const STAGE_MODULE = Symbol('pipeline:stage-module');

/**
 * Marks a provider as a stage module implementation. The catalogue finds every such provider
 * through Nest's DiscoveryService at boot: Nest DI is the registry, no list to keep by hand.
 */
export function StageModule(definition: StageModuleDefinition): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(STAGE_MODULE, definition));
}
