import { MetricsConfig, MetricsService } from '../../../../src/framework/metrics';
import { Clock } from '../../../../src/framework/scheduler';
import type { CatalogueEntry, ModuleCatalogue } from '../../../../src/pipeline/catalogue/module-catalogue.service';
import type { StageModuleImplementation } from '../../../../src/pipeline/catalogue/stage-module';
import type { FallbackPolicyEntity, FallbackActions, TriggerConditions } from '../../../../src/pipeline/fallback/entities/fallback-policy.entity';
import { CircuitBreakers } from '../../../../src/pipeline/run/circuit-breakers';
import { PipelineMetrics } from '../../../../src/pipeline/run/pipeline-metrics';
import type { PolicyCache } from '../../../../src/pipeline/run/policy-cache';
import { type StageBinding, StageInvoker } from '../../../../src/pipeline/run/stage-invoker';
import type { ProvisionalPass } from '../../../../src/pipeline/run/interceptors/stage-call';
import { InputFault } from '../../../../src/pipeline/catalogue/stage-fault';

const OUTPUT = { valid: true, rule_set: 'en16931', errors: [], warnings: [] };

function module(id: string, impl: StageModuleImplementation['execute'], isFallback = false, guarantees: string[] = []): CatalogueEntry {
  return { definition: { id, name: id, version: '1.0.0', stage: 'validate', contract: { name: 'validate', version: '1.0.0' }, isFallback, guarantees }, instance: { execute: impl } };
}

function policy(triggers: Partial<TriggerConditions> = {}, actions: Partial<FallbackActions> = {}): FallbackPolicyEntity {
  return {
    policyId: 'p',
    stageId: 'validate',
    fallbackModuleId: 'fallback',
    triggerConditions: { error: true, timeout_ms: null, circuit_open: null, module_unavailable: true, ...triggers },
    actions: { retry: null, on_failure: 'use_fallback', mark_for_review: false, ...actions },
    updatedBy: 'test',
    updatedAt: new Date(),
  };
}

describe('StageInvoker: timing → fallback → retry → breaker → timeout → module', () => {
  let entries: Map<string, CatalogueEntry>;
  let available: Set<string>;
  let current: FallbackPolicyEntity | null;
  let metrics: MetricsService;
  let invoker: StageInvoker;
  let primaryCalls: number;
  let primary: () => Promise<unknown>;

  beforeEach(() => {
    primaryCalls = 0;
    primary = async () => OUTPUT;
    entries = new Map([
      ['primary', module('primary', async () => { primaryCalls++; return primary(); })],
      ['fallback', module('fallback', async () => ({ ...OUTPUT, rule_set: 'basic-checks' }), true)],
    ]);
    available = new Set(['primary', 'fallback']);
    current = policy();
    metrics = new MetricsService(Object.assign(new MetricsConfig(), { metricsDefaultEnabled: false }), new Clock());
    const catalogue = { get: (id: string) => entries.get(id) } as unknown as ModuleCatalogue;
    const policies = { policy: () => current, isAvailable: (id: string) => available.has(id) } as unknown as PolicyCache;
    invoker = new StageInvoker(catalogue, policies, new CircuitBreakers(metrics), new PipelineMetrics(metrics));
  });

  async function value(name: string, labels: Record<string, string>): Promise<number | undefined> {
    const data = await metrics.registry.getSingleMetric(name)!.get();
    return data.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
  }

  const invoke = (tenantId = 't') =>
    invoker.invoke({ stageId: 'validate', position: 2, required: true, contract: 'validate' }, { stageId: 'validate', moduleId: 'primary', settings: {} }, {}, { tenantId, configId: 'c', configVersion: 1 });

  it('records a plain success with one attempt', async () => {
    const { record, output } = await invoke();
    expect(output).toEqual(OUTPUT);
    expect(record).toMatchObject({ moduleId: 'primary', outcome: 'ok', fallbackUsed: false, attempts: 1, errors: [] });
    expect(record.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('retries with backoff, then runs the fallback and says why', async () => {
    current = policy({}, { retry: { attempts: 2, backoff_ms: 1 }, mark_for_review: true });
    primary = async () => { throw new Error('boom'); };
    const { record, output } = await invoke();
    expect(output).toMatchObject({ rule_set: 'basic-checks' });
    expect(primaryCalls).toBe(3);
    expect(record).toMatchObject({ moduleId: 'fallback', outcome: 'fallback', fallbackUsed: true, fallbackReason: 'error: boom', attempts: 4, markForReview: true });
    expect(await value('pipeline_fallback_total', { stage: 'validate', module: 'primary', reason: 'error' })).toBe(1);
  });

  it('retries each call on its own when calls of one policy overlap (the retry policy is shared)', async () => {
    current = policy({}, { retry: { attempts: 2, backoff_ms: 1 } });
    const failuresLeft = new Map([['t1', 1], ['t2', 2]]);
    entries.set('primary', module('primary', async (_input, context) => {
      primaryCalls++;
      const left = failuresLeft.get(context.tenantId)!;
      failuresLeft.set(context.tenantId, left - 1);
      if (left > 0) throw new Error(`boom ${context.tenantId}`);
      return OUTPUT;
    }));
    const [first, second] = await Promise.all([invoke('t1'), invoke('t2')]);
    expect(first.record).toMatchObject({ moduleId: 'primary', outcome: 'ok', attempts: 2, fallbackUsed: false });
    expect(second.record).toMatchObject({ moduleId: 'primary', outcome: 'ok', attempts: 3, fallbackUsed: false });
    expect(primaryCalls).toBe(5);
  });

  it('times a slow module out (and aborts its signal) before falling back', async () => {
    current = policy({ timeout_ms: 20 });
    let aborted = false;
    entries.set('primary', module('primary', (_input, context) => new Promise((resolve) => context.signal?.addEventListener('abort', () => { aborted = true; resolve(OUTPUT); }))));
    const { record } = await invoke();
    expect(record).toMatchObject({ outcome: 'fallback', fallbackReason: 'timeout: the module timed out' });
    expect(aborted).toBe(true);
  });

  it('opens the circuit after N consecutive failures and then fails fast without calling the module', async () => {
    current = policy({ circuit_open: { consecutive_failures: 2, half_open_after_ms: 60_000 } });
    primary = async () => { throw new Error('down'); };
    await invoke();
    await invoke();
    const { record } = await invoke();
    expect(primaryCalls).toBe(2);
    expect(record).toMatchObject({ outcome: 'fallback', fallbackReason: 'circuit_open: the module circuit is open', attempts: 1 });
    expect(await value('pipeline_circuit_state', { module: 'primary' })).toBe(1);
  });

  it('half-opens after the configured delay and closes on a success', async () => {
    jest.useFakeTimers({ doNotFake: ['performance', 'nextTick', 'setImmediate'] });
    try {
      current = policy({ circuit_open: { consecutive_failures: 1, half_open_after_ms: 1000 } });
      primary = async () => { throw new Error('down'); };
      await invoke();
      expect((await invoke()).record.fallbackReason).toMatch(/^circuit_open/);
      jest.setSystemTime(Date.now() + 1001);
      primary = async () => OUTPUT;
      expect((await invoke()).record).toMatchObject({ moduleId: 'primary', outcome: 'ok' });
      expect(await value('pipeline_circuit_state', { module: 'primary' })).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('skips an optional stage when the policy says skip_stage', async () => {
    current = policy({}, { on_failure: 'skip_stage' });
    primary = async () => { throw new Error('nope'); };
    const { record, output } = await invoke();
    expect(output).toBeUndefined();
    expect(record).toMatchObject({ outcome: 'skipped', fallbackUsed: false, warnings: ['primary failed (error): nope'] });
  });

  it('fails when the policy says fail or its triggers do not cover the failure', async () => {
    current = policy({}, { on_failure: 'fail', retry: null });
    primary = async () => { throw new Error('bad'); };
    expect((await invoke()).record).toMatchObject({ outcome: 'failed', errors: ['bad'] });
    current = policy({ error: false });
    expect((await invoke()).record).toMatchObject({ outcome: 'failed', fallbackUsed: false, warnings: [], errors: ['bad'] });
  });

  it('goes straight to the fallback when the selected module is unavailable, without counting an attempt', async () => {
    available.delete('primary');
    const { record } = await invoke();
    expect(primaryCalls).toBe(0);
    expect(record).toMatchObject({ moduleId: 'fallback', outcome: 'fallback', attempts: 1 });
    expect(record.fallbackReason).toMatch(/^module_unavailable: /);
  });

  it('treats an output that breaks the contract as a module failure', async () => {
    primary = async () => ({ nothing: true });
    const { record } = await invoke();
    expect(record).toMatchObject({ outcome: 'fallback', fallbackReason: 'error: the module returned no validation report' });
  });

  it('fails when the fallback module itself is unavailable', async () => {
    available.delete('fallback');
    primary = async () => { throw new Error('x'); };
    const { record } = await invoke();
    expect(record.outcome).toBe('failed');
    expect(record.errors[0]).toContain('fallback module fallback is unavailable');
  });

  describe('input faults are verdicts', () => {
    it('records a rejection: no retry, no fallback, nothing counted by the breaker', async () => {
      current = policy({ circuit_open: { consecutive_failures: 1, half_open_after_ms: 60_000 } }, { retry: { attempts: 3, backoff_ms: 1 } });
      primary = async () => { throw new InputFault('malformed', 'not well-formed (line 1, column 5)', [{ rule: 'MALFORMED_XML', message: 'not well-formed' }]); };
      for (let i = 0; i < 3; i++) {
        const { record, output } = await invoke();
        expect(output).toBeUndefined();
        expect(record).toMatchObject({
          moduleId: 'primary',
          outcome: 'rejected',
          fallbackUsed: false,
          attempts: 1,
          errors: ['not well-formed (line 1, column 5)'],
          rejection: { kind: 'malformed', findings: [{ rule: 'MALFORMED_XML', message: 'not well-formed' }] },
        });
      }
      expect(primaryCalls).toBe(3);
      // The breaker (opens after one module fault) is still closed: a module fault now reaches the module.
      primary = async () => OUTPUT;
      expect((await invoke()).record).toMatchObject({ outcome: 'ok', moduleId: 'primary' });
      expect(await value('pipeline_fallback_total', { module: 'primary' })).toBeUndefined();
    });

    it("a fallback module's own input fault is a rejection too", async () => {
      primary = async () => { throw new Error('down'); };
      entries.set('fallback', module('fallback', async () => { throw new InputFault('unsupported_input', 'cannot read JSON'); }, true));
      const { record } = await invoke();
      expect(record).toMatchObject({ moduleId: 'fallback', outcome: 'rejected', fallbackUsed: true });
    });
  });

  describe('guarantees', () => {
    it('marks the step degraded when the fallback keeps fewer guarantees than the selected module', async () => {
      entries.set('primary', module('primary', async () => { throw new Error('down'); }, false, ['arithmetic', 'business_rules']));
      entries.set('fallback', module('fallback', async () => OUTPUT, true, ['arithmetic']));
      const { record } = await invoke();
      expect(record).toMatchObject({ outcome: 'fallback', degraded: true, markForReview: true });
      expect(record.warnings).toContain('degraded: fallback does not keep business_rules of primary');
    });

    it('is not degraded when the fallback keeps every guarantee of the selected module', async () => {
      entries.set('primary', module('primary', async () => { throw new Error('down'); }, false, ['arithmetic']));
      entries.set('fallback', module('fallback', async () => OUTPUT, true, ['arithmetic', 'business_rules']));
      expect((await invoke()).record).toMatchObject({ outcome: 'fallback', degraded: false });
    });

    it('holds an unavailable module to the guarantees it declared', async () => {
      entries.set('primary', module('primary', async () => OUTPUT, false, ['business_rules']));
      available.delete('primary');
      expect((await invoke()).record).toMatchObject({ outcome: 'fallback', degraded: true });
    });

    it('holds a module missing from the code to every guarantee of its contract', async () => {
      entries.delete('primary');
      const { record } = await invoke();
      expect(record).toMatchObject({ outcome: 'fallback', degraded: true });
      expect(record.warnings.join()).toContain('mandatory_fields, arithmetic, business_rules, code_lists, syntax_binding');
    });
  });

  it("keeps one breaker per tenant: one tenant's module faults never open another's circuit", async () => {
    current = policy({ circuit_open: { consecutive_failures: 2, half_open_after_ms: 60_000 } });
    primary = async () => { throw new Error('target refused'); };
    await invoke('a');
    await invoke('a');
    expect((await invoke('a')).record.fallbackReason).toMatch(/^circuit_open: /);
    const callsBefore = primaryCalls;
    primary = async () => OUTPUT;
    expect((await invoke('b')).record).toMatchObject({ outcome: 'ok', moduleId: 'primary' });
    expect(primaryCalls).toBe(callsBefore + 1);
    expect(await value('pipeline_circuit_state', { module: 'primary', tenant: 'a' })).toBe(1);
    expect(await value('pipeline_circuit_state', { module: 'primary', tenant: 'b' })).toBe(0);
  });

  describe("steps for the run's finishing statement", () => {
    const step = (name: string) => ({ sql: `SELECT '${name}'`, parameters: [] });
    const run = (finish: { add(step: unknown): void }, mode: 'run' | 'shadow' = 'run') =>
      invoker.invoke({ stageId: 'validate', position: 2, required: true, contract: 'validate' }, { stageId: 'validate', moduleId: 'primary', settings: {} }, {}, { tenantId: 't', configId: 'c', configVersion: 1, finish }, mode);

    it("keeps the steps of a call that succeeded, also the fallback's, and drops those of a failed module", async () => {
      const kept: unknown[] = [];
      entries.set('primary', module('primary', async (_input, context) => { context.finish!.add(step('primary')); return OUTPUT; }));
      expect((await run({ add: (s) => kept.push(s) })).record.outcome).toBe('ok');
      expect(kept).toEqual([step('primary')]);

      kept.length = 0;
      entries.set('primary', module('primary', async (_input, context) => { context.finish!.add(step('primary')); throw new Error('after its step'); }));
      entries.set('fallback', module('fallback', async (_input, context) => { context.finish!.add(step('fallback')); return OUTPUT; }, true));
      current = policy({}, { on_failure: 'use_fallback' });
      expect((await run({ add: (s) => kept.push(s) })).record.outcome).toBe('fallback');
      expect(kept).toEqual([step('fallback')]);
    });

    it('drops the step of an attempt that timed out, even when it answers later', async () => {
      const kept: unknown[] = [];
      let late!: () => void;
      entries.set('primary', module('primary', (_input, context) => new Promise((resolve) => (late = () => { context.finish!.add(step('late')); resolve(OUTPUT); }))));
      current = policy({ timeout_ms: 20 }, { on_failure: 'fail' });
      expect((await run({ add: (s) => kept.push(s) })).record.outcome).toBe('failed');
      late();
      await new Promise((resolve) => setImmediate(resolve));
      expect(kept).toEqual([]);
    });

    it('drops the step of an attempt whose output breaks the contract', async () => {
      const kept: unknown[] = [];
      entries.set('primary', module('primary', async (_input, context) => { context.finish!.add(step('primary')); return { not: 'a validation' }; }));
      current = policy({}, { on_failure: 'fail' });
      expect((await run({ add: (s) => kept.push(s) })).record.outcome).toBe('failed');
      expect(kept).toEqual([]);
    });

    it('hands on nothing when the stage fails or is skipped', async () => {
      const kept: unknown[] = [];
      entries.set('primary', module('primary', async (_input, context) => { context.finish!.add(step('primary')); throw new Error('after its step'); }));
      current = policy({}, { on_failure: 'fail' });
      expect((await run({ add: (s) => kept.push(s) })).record.outcome).toBe('failed');
      current = policy({}, { on_failure: 'skip_stage' });
      expect((await run({ add: (s) => kept.push(s) })).record.outcome).toBe('skipped');
      expect(kept).toEqual([]);
    });

    it('offers no finishing statement to a shadow run or without one', async () => {
      const seen: unknown[] = [];
      entries.set('primary', module('primary', async (_input, context) => { seen.push(context.finish); return OUTPUT; }));
      const kept: unknown[] = [];
      await run({ add: (s) => kept.push(s) }, 'shadow');
      await invoke();
      expect(seen).toEqual([undefined, undefined]);
    });
  });

  describe('provisional answers (finish.confirm)', () => {
    const step = (name: string) => ({ sql: `SELECT '${name}'`, parameters: [] });
    const confined = (id: string, impl: StageModuleImplementation['execute'], isFallback = false): CatalogueEntry => {
      const entry = module(id, impl, isFallback);
      return { ...entry, definition: { ...entry.definition, effectsInFinishOnly: true } };
    };
    const pass = (stages: string[]): ProvisionalPass => ({ stages: new Set(stages), confirmations: [], spoiled: null, deferred: [] });
    const call = (stageId: string, moduleId: string, binding: Partial<StageBinding>, mode: 'run' | 'shadow' = 'run') =>
      invoker.invoke({ stageId, position: 2, required: true, contract: stageId }, { stageId, moduleId, settings: {} }, {}, { tenantId: 't', configId: 'c', configVersion: 1, ...binding }, mode);
    const stage = (stageId: string, position: number) => ({ stageId, position, required: true, contract: stageId });
    beforeEach(() => ['dedupe', 'confined'].forEach((id) => available.add(id)));

    it('allows them to the stages after which every selected module declares effectsInFinishOnly', () => {
      entries.set('confined', confined('confined', async () => OUTPUT));
      const stages = [stage('parse', 1), stage('validate', 2), stage('duplicate-check', 3), stage('approval', 4), stage('export', 5)];
      const select = (modules: Record<string, string>) => Object.entries(modules).map(([stageId, moduleId]) => ({ stageId, moduleId, settings: {} }));
      expect([...invoker.provisionalStages(stages, select({ parse: 'primary', validate: 'primary', 'duplicate-check': 'primary', approval: 'confined', export: 'confined' }))].sort())
        .toEqual(['approval', 'duplicate-check', 'export']);
      // A later module that may act outside the finish (a webhook): none before it.
      expect([...invoker.provisionalStages(stages, select({ parse: 'primary', 'duplicate-check': 'primary', approval: 'confined', export: 'primary' }))]).toEqual(['export']);
      // A stage without a selection is not run: it does not count.
      expect([...invoker.provisionalStages(stages, select({ parse: 'primary', 'duplicate-check': 'primary', approval: 'confined' }))].sort()).toEqual(['approval', 'duplicate-check']);
    });

    it('offers confirm only to the stages of the pass, in real runs, and collects the steps of calls that succeeded', async () => {
      const offered: boolean[] = [];
      entries.set('dedupe', module('dedupe', async (_input, context) => {
        offered.push(context.finish?.confirm !== undefined);
        context.finish?.confirm?.(step('confirms'));
        context.finish?.add(step('after'));
        return { duplicate: false, fingerprint: 'f', duplicate_of: null };
      }));
      current = null;
      const added: unknown[] = [];
      const provisional = pass(['duplicate-check']);
      await call('duplicate-check', 'dedupe', { finish: { add: (s) => void added.push(s) }, provisional });
      expect(provisional.confirmations).toEqual([{ stageId: 'duplicate-check', step: step('confirms') }]);
      expect(added).toEqual([step('after')]);
      // Its call's duration is observed once the pass is kept, not before.
      expect(await value('pipeline_stage_duration_seconds', { stage: 'duplicate-check' })).toBeUndefined();
      provisional.deferred.forEach((d) => d.apply());
      expect(await value('pipeline_stage_duration_seconds', { stage: 'duplicate-check', module: 'dedupe', outcome: 'ok', le: '+Inf' })).toBe(1);
      // Not offered: a stage outside the pass, a shadow run, a run without a provisional pass.
      await call('duplicate-check', 'dedupe', { finish: { add: () => undefined }, provisional: pass(['export']) });
      await call('duplicate-check', 'dedupe', { provisional: pass(['duplicate-check']) }, 'shadow');
      await call('duplicate-check', 'dedupe', { finish: { add: () => undefined } });
      expect(offered).toEqual([true, false, false, false]);

      // A failing call hands over nothing.
      entries.set('dedupe', module('dedupe', async (_input, context) => { context.finish!.confirm!(step('confirms')); throw new Error('after its step'); }));
      current = policy({}, { on_failure: 'fail' });
      const failing = pass(['duplicate-check']);
      expect((await call('duplicate-check', 'dedupe', { finish: { add: () => undefined }, provisional: failing })).record.outcome).toBe('failed');
      expect(failing.confirmations).toEqual([]);
    });

    it('once an answer is pending, calls no module that may act outside the finish (a fallback): the pass is spoiled', async () => {
      let fallbackCalls = 0;
      entries.set('confined', confined('confined', async () => { throw new Error('down'); }));
      entries.set('fallback', module('fallback', async () => { fallbackCalls++; return OUTPUT; }, true));
      current = policy();
      const provisional = pass(['duplicate-check', 'validate']);
      provisional.confirmations.push({ stageId: 'duplicate-check', step: step('confirms') });
      const { output } = await call('validate', 'confined', { finish: { add: () => undefined }, provisional });
      expect(output).toBeUndefined();
      expect(fallbackCalls).toBe(0);
      expect(provisional.spoiled).toBe('validate');
      // The refused call is not a stage call of the metrics (the primary's failure is a fallback that fired).
      expect(await value('pipeline_stage_duration_seconds', { stage: 'validate' })).toBeUndefined();

      // The primary's failure and its call wait for the pass's fate (the stage is one of the pass's: called again if it is discarded).
      expect(await value('pipeline_fallback_total', { stage: 'validate', module: 'confined' })).toBeUndefined();
      expect(provisional.deferred).toHaveLength(1);
      provisional.deferred.forEach((d) => d.apply());
      expect(await value('pipeline_fallback_total', { stage: 'validate', module: 'confined', reason: 'error' })).toBe(1);

      // Without a pending answer the fallback runs as always.
      const clean = pass(['duplicate-check', 'validate']);
      expect((await call('validate', 'confined', { finish: { add: () => undefined }, provisional: clean })).record.outcome).toBe('fallback');
      expect(fallbackCalls).toBe(1);
      expect(clean.spoiled).toBeNull();
    });
  });

  describe('shadow mode (shadow runs)', () => {
    const shadow = (stageId = 'validate', tenantId = 't') =>
      invoker.invoke({ stageId, position: 2, required: true, contract: stageId }, { stageId, moduleId: 'primary', settings: {} }, {}, { tenantId, configId: 'c', configVersion: 1 }, 'shadow');

    it('leaves the breakers untouched: failures are not counted, an open circuit does not refuse it', async () => {
      current = policy({ circuit_open: { consecutive_failures: 2, half_open_after_ms: 60_000 } });
      primary = async () => { throw new Error('down'); };
      for (let i = 0; i < 3; i++) expect((await shadow()).record).toMatchObject({ outcome: 'fallback', fallbackReason: 'error: down' });
      expect(primaryCalls).toBe(3);
      // Real traffic still finds the circuit closed: the shadow's failures did not count.
      await invoke();
      expect(primaryCalls).toBe(4);
      expect(await value('pipeline_circuit_state', { module: 'primary', tenant: 't' })).toBe(0);
      // Once real traffic opened it, a shadow call still reaches the module.
      await invoke();
      expect(await value('pipeline_circuit_state', { module: 'primary', tenant: 't' })).toBe(1);
      primary = async () => OUTPUT;
      expect((await shadow()).record).toMatchObject({ outcome: 'ok', moduleId: 'primary' });
      expect(await value('pipeline_circuit_state', { module: 'primary', tenant: 't' })).toBe(1);
    });

    it('counts its fallbacks and durations apart from real traffic', async () => {
      primary = async () => { throw new Error('boom'); };
      await shadow();
      expect(await value('pipeline_shadow_fallback_total', { stage: 'validate', module: 'primary', reason: 'error' })).toBe(1);
      expect(await value('pipeline_fallback_total', { stage: 'validate', module: 'primary', reason: 'error' })).toBeUndefined();
    });

    it('tells the module to dry-run only where the stage contract says so', async () => {
      const seen: Array<boolean | undefined> = [];
      entries.set('primary', module('primary', async (_input, context) => { seen.push(context.dryRun); return { duplicate: false, fingerprint: 'f', duplicate_of: null }; }));
      current = null;
      await shadow('duplicate-check');
      await invoker.invoke({ stageId: 'duplicate-check', position: 4, required: true, contract: 'duplicate-check' }, { stageId: 'duplicate-check', moduleId: 'primary', settings: {} }, {}, { tenantId: 't', configId: 'c', configVersion: 1 });
      entries.set('primary', module('primary', async (_input, context) => { seen.push(context.dryRun); return OUTPUT; }));
      await shadow('validate');
      expect(seen).toEqual([true, undefined, undefined]);
    });
  });
});
