import type { EventBus } from '../../../../src/framework/events';
import type { RunTracker } from '../../../../src/pipeline/activation/run-tracker';
import type { CatalogueRepository } from '../../../../src/pipeline/catalogue/catalogue.repository';
import type { PipelineMetrics } from '../../../../src/pipeline/run/pipeline-metrics';
import { PipelineRunner } from '../../../../src/pipeline/run/pipeline-runner';
import type { PolicyCache } from '../../../../src/pipeline/run/policy-cache';
import type { ClaimedRun, RunQueue } from '../../../../src/pipeline/run/run-queue';
import type { RunWaiters } from '../../../../src/pipeline/run/run-waiters';
import type { StageInvoker } from '../../../../src/pipeline/run/stage-invoker';

/** A pg error as the driver raises it: SQLSTATE in `code`. */
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('PipelineRunner: recording a result', () => {
  const run: ClaimedRun = { runId: 'r', invoiceId: 'i', tenantId: 't', claimToken: 'c', attempts: 1, document: Buffer.from('<x/>'), contentType: 'application/xml' };
  let abandoned: string[];
  let statuses: string[];
  let finish: () => Promise<Date | null>;
  let runner: PipelineRunner;
  let invoked: string[];
  let invoker: StageInvoker;
  let onParse: () => void;

  beforeEach(() => {
    abandoned = [];
    statuses = [];
    invoked = [];
    onParse = () => undefined;
    finish = async () => new Date();
    const queue = { finish: () => finish(), document: async (r: ClaimedRun) => r.document, abandon: async (_run: ClaimedRun, reason: string) => (abandoned.push(reason), true) } as unknown as RunQueue;
    const stages = ['parse', 'validate'].map((stageId, i) => ({ stageId, order: i + 1, isRequired: true, capabilityContractId: `${stageId}@1.0.0` }));
    const catalogue = { stages: async () => stages } as unknown as CatalogueRepository;
    const selections = stages.map((s) => ({ stageId: s.stageId, moduleId: `${s.stageId}-module`, settings: {} }));
    const tracker = { begin: async () => ({ configId: 'cfg', configVersion: 1, selections, end: () => undefined }) } as unknown as RunTracker;
    const record = (stageId: string) => ({ stageId, position: 1, moduleId: `${stageId}-module`, outcome: 'ok', fallbackUsed: false, fallbackReason: null, attempts: 1, durationMs: 1, warnings: [], errors: [], degraded: false, rejection: null, markForReview: false });
    const outputs: Record<string, unknown> = { parse: { invoice: { partial: false }, warnings: [] }, validate: { valid: true, rule_set: 'en16931', errors: [], warnings: [] } };
    invoker = {
      invoke: async (stage: { stageId: string }) => {
        invoked.push(stage.stageId);
        if (stage.stageId === 'parse') onParse();
        return { record: record(stage.stageId), output: outputs[stage.stageId] };
      },
      provisionalStages: () => new Set<string>(),
    } as unknown as StageInvoker;
    const policies = { refresh: async () => undefined } as unknown as PolicyCache;
    const metrics = { invoices: { inc: () => undefined } } as unknown as PipelineMetrics;
    const events = { publish: (_topic: string, payload: { status: string }) => statuses.push(payload.status) } as unknown as EventBus;
    const waiters = { notify: () => undefined } as unknown as RunWaiters;
    runner = new PipelineRunner(catalogue, tracker, policies, invoker, queue, waiters, metrics, events);
  });

  it('fails the run at once when the database refuses a value of the result (a verdict, not a retry)', async () => {
    finish = () => Promise.reject(pgError('22P05', 'unsupported Unicode escape sequence'));
    await expect(runner.process(run)).resolves.toBeNull();
    expect(abandoned).toEqual(['the document holds a value that cannot be stored (such as a NUL character or an impossible date)']);
    expect(statuses).toEqual(['processing', 'failed']);
  });

  it('lets any other failure to record propagate: the lease runs out and the run is taken up again', async () => {
    finish = () => Promise.reject(pgError('08006', 'connection failure'));
    await expect(runner.process(run)).rejects.toThrow('connection failure');
    expect(abandoned).toEqual([]);
  });

  it('stops before the next stage once its lease is lost, recording nothing', async () => {
    const lease = new AbortController();
    let finished = false;
    finish = async () => ((finished = true), new Date());
    onParse = () => lease.abort();
    await expect(runner.process(run, lease.signal)).resolves.toBeNull();
    expect(invoked).toEqual(['parse']);
    expect(finished).toBe(false);
    expect(statuses).toEqual(['processing']);
  });

  it('runs every stage and records the result while the lease holds', async () => {
    const lease = new AbortController();
    const recorded = await runner.process(run, lease.signal);
    expect(invoked).toEqual(['parse', 'validate']);
    expect(recorded).toMatchObject({ status: 'completed' });
    expect(statuses).toEqual(['processing', 'completed']);
  });
});

describe('PipelineRunner: a provisional answer confirmed by the finish', () => {
  const run: ClaimedRun = { runId: 'r', invoiceId: 'i', tenantId: 't', claimToken: 'c', attempts: 1, document: Buffer.from('<x/>'), contentType: 'application/xml' };
  const stages = ['parse', 'duplicate-check', 'export'].map((stageId, i) => ({ stageId, order: i + 1, isRequired: true, capabilityContractId: `${stageId}@1.0.0` }));
  const selections = stages.map((s) => ({ stageId: s.stageId, moduleId: `${s.stageId}-module`, settings: {} }));
  const record = (stageId: string) => ({ stageId, position: 1, moduleId: `${stageId}-module`, outcome: 'ok', fallbackUsed: false, fallbackReason: null, attempts: 1, durationMs: 1, warnings: [], errors: [], degraded: false, rejection: null, markForReview: false });
  const confirmStep = { sql: 'INSERT … RETURNING invoice_id', parameters: [] };
  let statuses: string[];
  let abandoned: string[];
  let discarded: Array<Record<string, string>>;
  let notified: number;
  /** Per pass: whether the duplicate check was offered a provisional answer, and what the finish got. */
  let passes: Array<{ offered: boolean; confirmations: number }>;
  let finishes: Array<() => Promise<Date | null | 'unconfirmed'>>;
  /** What the export stage's call does in a pass with a provisional answer pending. */
  let exportSpoils: boolean;
  let invoked: string[];

  const runner = () => {
    const queue = {
      finish: (_run: ClaimedRun, result: { confirmations?: unknown[] }) => {
        passes[passes.length - 1].confirmations = result.confirmations?.length ?? 0;
        return finishes.shift()!();
      },
      document: async (r: ClaimedRun) => r.document,
      abandon: async (_run: ClaimedRun, reason: string) => (abandoned.push(reason), true),
    } as unknown as RunQueue;
    const invoker = {
      provisionalStages: () => new Set(['duplicate-check', 'export']),
      invoke: async (stage: { stageId: string }, _selection: unknown, _input: unknown, binding: { provisional?: { stages: ReadonlySet<string>; confirmations: unknown[]; spoiled: string | null } }) => {
        invoked.push(stage.stageId);
        if (stage.stageId === 'parse') return { record: record('parse'), output: { invoice: { partial: false }, warnings: [] } };
        if (stage.stageId === 'duplicate-check') {
          const offered = binding.provisional?.stages.has('duplicate-check') === true;
          passes.push({ offered, confirmations: 0 });
          if (offered) binding.provisional!.confirmations.push({ stageId: 'duplicate-check', step: confirmStep });
          return { record: record('duplicate-check'), output: offered ? { duplicate: false, fingerprint: 'f', duplicate_of: null } : { duplicate: true, fingerprint: 'f', duplicate_of: 'original' } };
        }
        if (exportSpoils && binding.provisional && binding.provisional.confirmations.length > 0) binding.provisional.spoiled = 'export';
        return { record: record('export'), output: { delivery: 'queued', target: 'feed' } };
      },
    } as unknown as StageInvoker;
    const catalogue = { stages: async () => stages } as unknown as CatalogueRepository;
    const tracker = { begin: async () => ({ configId: 'cfg', configVersion: 1, selections, end: () => undefined }) } as unknown as RunTracker;
    const policies = { refresh: async () => undefined } as unknown as PolicyCache;
    const metrics = { provisionalDiscarded: { inc: (labels: Record<string, string>) => discarded.push(labels) } } as unknown as PipelineMetrics;
    const events = { publish: (_topic: string, payload: { status: string }) => statuses.push(payload.status) } as unknown as EventBus;
    const waiters = { notify: () => void notified++ } as unknown as RunWaiters;
    return new PipelineRunner(catalogue, tracker, policies, invoker, queue, waiters, metrics, events);
  };

  beforeEach(() => {
    statuses = [];
    abandoned = [];
    discarded = [];
    notified = 0;
    passes = [];
    exportSpoils = false;
    finishes = [];
    invoked = [];
  });

  it('records the run in one pass when the finish confirms the answer', async () => {
    finishes = [async () => new Date()];
    await expect(runner().process(run)).resolves.toMatchObject({ status: 'completed' });
    expect(passes).toEqual([{ offered: true, confirmations: 1 }]);
    expect(statuses).toEqual(['processing', 'completed']);
    expect(discarded).toEqual([]);
  });

  it('runs again with the stage answering directly when the finish does not confirm it, publishing only that outcome', async () => {
    finishes = [async () => 'unconfirmed', async () => new Date()];
    const recorded = await runner().process(run);
    expect(recorded).toMatchObject({ status: 'duplicate' });
    expect(recorded!.records.map((r) => r.stageId)).toEqual(['parse', 'duplicate-check']);
    expect(passes).toEqual([{ offered: true, confirmations: 1 }, { offered: false, confirmations: 0 }]);
    expect(statuses).toEqual(['processing', 'duplicate']);
    expect(discarded).toEqual([{ stage: 'duplicate-check', reason: 'unconfirmed' }]);
    expect(notified).toBe(1);
    // The stages before the answering one are not called again: the second pass starts at it, parse's result carried.
    expect(invoked).toEqual(['parse', 'duplicate-check', 'export', 'duplicate-check']);
  });

  it('runs again instead of failing the run when the database refuses a value of a finish with provisional answers', async () => {
    finishes = [() => Promise.reject(pgError('22007', 'invalid input syntax for type date')), async () => new Date()];
    await expect(runner().process(run)).resolves.toMatchObject({ status: 'duplicate' });
    expect(abandoned).toEqual([]);
    expect(passes.map((p) => p.offered)).toEqual([true, false]);
    expect(discarded).toEqual([{ stage: 'duplicate-check', reason: 'refused' }]);
  });

  it('discards the pass without a finish when a module that may act outside the finish comes after the answer', async () => {
    exportSpoils = true;
    finishes = [async () => new Date()];
    await expect(runner().process(run)).resolves.toMatchObject({ status: 'duplicate' });
    expect(passes).toEqual([{ offered: true, confirmations: 0 }, { offered: false, confirmations: 0 }]);
    expect(discarded).toEqual([{ stage: 'duplicate-check', reason: 'effect_ahead' }]);
    expect(statuses).toEqual(['processing', 'duplicate']);
    expect(invoked).toEqual(['parse', 'duplicate-check', 'export', 'duplicate-check']);
  });
});
