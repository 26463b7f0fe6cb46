import { Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import type { SqlFragment } from '../../framework/database';
import { logLevelEnabled } from '../../framework/logging';
import type { CatalogueEntry } from '../catalogue/module-catalogue.service';
import type { FinishSteps } from '../catalogue/stage-module';
import { guaranteeIds } from '../catalogue/contract-guarantees';
import { ModuleCatalogue } from '../catalogue/module-catalogue.service';
import type { Selection } from '../configurations/selection';
import { stageContract } from '../contracts/registry';
import { CircuitBreakers } from './circuit-breakers';
import { CircuitBreakerInterceptor } from './interceptors/circuit-breaker.interceptor';
import { FallbackInterceptor } from './interceptors/fallback.interceptor';
import { RetryInterceptor } from './interceptors/retry.interceptor';
import { chain, ModuleUnavailableError, type Next, ProvisionalAnswerPending, type ProvisionalPass, SKIPPED, type StageCall, type StageRecord } from './interceptors/stage-call';
import { TimeoutInterceptor } from './interceptors/timeout.interceptor';
import { TimingInterceptor } from './interceptors/timing.interceptor';
import { PipelineMetrics } from './pipeline-metrics';
import { PolicyCache } from './policy-cache';

export interface StageSpec {
  stageId: string;
  position: number;
  required: boolean;
  /** Name of the stage's capability contract (e.g. `validate`). */
  contract: string;
}

export interface StageBinding {
  tenantId: string;
  configId: string;
  configVersion: number;
  correlationId?: string;
  /** The run's finishing statement (real runs only): steps of stage calls that succeeded are added to it. */
  finish?: FinishSteps;
  /**
   * A real run's pass in which the stages it names may answer provisionally (offered
   * `finish.confirm`; needs `finish`): their confirming steps are collected in it.
   */
  provisional?: ProvisionalPass;
}

/** A step a module call handed over: to add to the finish, or confirming the stage's provisional answer. */
interface HandedStep {
  step: SqlFragment;
  confirms: boolean;
}

/**
 * Calls one stage's module through the interceptor chain timing → fallback → retry →
 * circuit breaker → timeout → module, driven by the stage's fallback policy. Never throws: the
 * outcome, attempts, warnings and errors end up in the returned record.
 */
@Injectable()
export class StageInvoker {
  private readonly logger = new Logger('Stage');
  private readonly run: Next;
  /** Shadow runs: no circuit breaker (breakers stay untouched by them), their own metrics. */
  private readonly shadowRun: Next;
  /** configuration → stage → module → settings (nested: no key string built per call). */
  private readonly settingsCache = new Map<string, Map<string, Map<string, object>>>();
  /** A configuration's selections → the stages that may answer provisionally (configurations never change). */
  private readonly provisionalCache = new WeakMap<readonly Selection[], ReadonlySet<string>>();

  constructor(
    private readonly catalogue: ModuleCatalogue,
    private readonly policies: PolicyCache,
    breakers: CircuitBreakers,
    metrics: PipelineMetrics,
  ) {
    const terminal: Next = (call) => this.execute(call);
    const timeoutInterceptor = new TimeoutInterceptor();
    const fallbackChain = chain([timeoutInterceptor], terminal);
    const target = { resolve: (id: string) => this.available(id), settingsFor: (entry: CatalogueEntry, call: StageCall) => this.fallbackSettings(entry, call) };
    this.run = chain(
      [
        new TimingInterceptor(metrics.stageDuration),
        new FallbackInterceptor(target, fallbackChain, metrics.fallbacks),
        new RetryInterceptor(),
        new CircuitBreakerInterceptor(breakers),
        timeoutInterceptor,
      ],
      terminal,
    );
    this.shadowRun = chain(
      [new TimingInterceptor(metrics.shadowStageDuration), new FallbackInterceptor(target, fallbackChain, metrics.shadowFallbacks), new RetryInterceptor(), timeoutInterceptor],
      terminal,
    );
  }

  /**
   * The stages of a run that may answer provisionally (StageCallContext.finish.confirm): those
   * after which every selected module declares `effectsInFinishOnly` (the last stage whose
   * module does not, and every stage after it). A fallback is checked when it is about to be
   * called (execute): by then the answer is given, so the pass is discarded instead.
   */
  provisionalStages(stages: readonly StageSpec[], selections: readonly Selection[]): ReadonlySet<string> {
    let allowed = this.provisionalCache.get(selections);
    if (allowed) return allowed;
    const stageIds = new Set<string>();
    for (let i = stages.length - 1; i >= 0; i--) {
      const stage = stages[i];
      const selection = selections.find((s) => s.stageId === stage.stageId);
      if (!selection || !stageContract(stage.stageId)) continue; // not run
      stageIds.add(stage.stageId);
      if (this.catalogue.get(selection.moduleId)?.definition.effectsInFinishOnly !== true) break;
    }
    allowed = stageIds;
    this.provisionalCache.set(selections, allowed);
    return allowed;
  }

  /**
   * `shadow`: a shadow run's call. It skips the circuit breaker (neither counted nor refused by
   * it) and, when the stage's contract says `dry_run`, tells the module not to write.
   */
  async invoke(stage: StageSpec, selection: Selection, input: unknown, binding: StageBinding, mode: 'run' | 'shadow' = 'run'): Promise<{ record: StageRecord; output: unknown }> {
    const record: StageRecord = {
      stageId: stage.stageId,
      position: stage.position,
      moduleId: selection.moduleId,
      outcome: 'ok',
      fallbackUsed: false,
      fallbackReason: null,
      attempts: 0,
      durationMs: 0,
      warnings: [],
      errors: [],
      degraded: false,
      rejection: null,
      markForReview: false,
    };
    // Finish steps count only from the module call that answered (execute() drops a failed or timed-out
    // attempt's) and only when the stage call succeeds; none arrive once it has ended.
    const steps: HandedStep[] | null = mode === 'run' && binding.finish ? [] : null;
    const pass = steps ? binding.provisional : undefined;
    const offered = pass?.stages.has(stage.stageId) === true;
    let open = true;
    const entry = this.available(selection.moduleId) ?? unavailable(selection.moduleId, this.catalogue.get(selection.moduleId)?.definition.guarantees ?? guaranteeIds(stage.contract));
    const call: StageCall = {
      stageId: stage.stageId,
      required: stage.required,
      entry,
      input,
      context: {
        settings: this.settings(binding.configId, stage.stageId, entry, selection.settings),
        tenantId: binding.tenantId,
        configVersion: binding.configVersion,
        correlationId: binding.correlationId,
        ...(mode === 'shadow' && stageContract(stage.stageId)?.shadow === 'dry_run' ? { dryRun: true } : {}),
        ...(steps
          ? {
              finish: {
                add: (step: SqlFragment) => void (open && steps.push({ step, confirms: false })),
                ...(offered ? { confirm: (step: SqlFragment) => void (open && steps.push({ step, confirms: true })) } : {}),
              },
            }
          : {}),
      },
      policy: this.policies.policy(stage.stageId),
      record,
      ...(pass ? { pass } : {}),
    };
    try {
      const output = await (mode === 'shadow' ? this.shadowRun : this.run)(call);
      open = false;
      if (output === SKIPPED) return { record, output: undefined };
      if (steps) {
        for (const { step, confirms } of steps) {
          if (confirms) pass!.confirmations.push({ stageId: stage.stageId, step });
          else binding.finish!.add(step);
        }
      }
      return { record, output };
    } catch {
      return { record, output: undefined };
    } finally {
      open = false;
      // Under the run's correlation id (the worker's log context): one line per stage call.
      if (logLevelEnabled('debug')) this.logger.debug(
        { stage: record.stageId, module: record.moduleId, outcome: record.outcome, attempts: record.attempts, durationMs: record.durationMs },
        `stage ${record.stageId} on ${record.moduleId}: ${record.outcome}`,
      );
    }
  }

  private async execute(call: StageCall): Promise<unknown> {
    // After a provisional answer, a module that may act outside the finishing statement is not
    // called (a fallback: the selected modules were checked before the pass, provisionalStages).
    const pass = call.pass;
    if (pass && pass.confirmations.length > 0 && call.entry.definition.effectsInFinishOnly !== true) {
      pass.spoiled ??= call.stageId;
      throw new ProvisionalAnswerPending(`${call.entry.definition.id} may act outside the finishing statement while a provisional answer is pending`);
    }
    const sink = call.context.finish;
    if (!sink) {
      const output = await call.entry.instance.execute(call.input, call.context);
      stageContract(call.stageId)?.accept(output);
      return output;
    }
    // This attempt's steps reach the stage call only if it answers in time with an acceptable output.
    const attempt: HandedStep[] = [];
    const finish: FinishSteps = { add: (step) => void attempt.push({ step, confirms: false }) };
    if (sink.confirm) finish.confirm = (step) => void attempt.push({ step, confirms: true });
    const output = await call.entry.instance.execute(call.input, { ...call.context, finish });
    stageContract(call.stageId)?.accept(output);
    if (!call.context.signal?.aborted) {
      for (const { step, confirms } of attempt) {
        if (confirms) sink.confirm!(step);
        else sink.add(step);
      }
    }
    return output;
  }

  /** A module the pipeline may call: in the running code and not disabled by an operator. */
  private available(moduleId: string): CatalogueEntry | undefined {
    const entry = this.catalogue.get(moduleId);
    return entry && this.policies.isAvailable(moduleId) ? entry : undefined;
  }

  /** The selection's settings as an instance of the module's DTO (defaults applied); configurations never change, so cached. */
  private settings(configId: string, stageId: string, entry: CatalogueEntry, raw: Record<string, unknown>): object {
    let stages = this.settingsCache.get(configId);
    if (!stages) this.settingsCache.set(configId, (stages = new Map<string, Map<string, object>>()));
    let modules = stages.get(stageId);
    if (!modules) stages.set(stageId, (modules = new Map<string, object>()));
    let settings = modules.get(entry.definition.id);
    if (!settings) {
      settings = entry.definition.settings ? plainToInstance(entry.definition.settings, raw) : { ...raw };
      modules.set(entry.definition.id, settings);
    }
    return settings;
  }

  private fallbackSettings(entry: CatalogueEntry, call: StageCall): object {
    const raw = { ...(call.context.settings as Record<string, unknown>) };
    return entry.definition.settings ? plainToInstance(entry.definition.settings, raw) : raw;
  }
}

/**
 * Stands in for a selected module that is missing or disabled: every call fails as unavailable.
 * It claims the guarantees the module declared (all of the contract's when it is not in the code),
 * so a weaker fallback still counts as degraded.
 */
function unavailable(moduleId: string, guarantees: readonly string[]): CatalogueEntry {
  return {
    // It only refuses: no effect anywhere (a fallback it leads to is checked on its own).
    definition: { id: moduleId, name: moduleId, version: '0.0.0', stage: '', contract: { name: '', version: '0.0.0' }, guarantees, effectsInFinishOnly: true },
    instance: {
      execute: () => Promise.reject(new ModuleUnavailableError(`module ${moduleId} is unavailable`)),
    },
  };
}
