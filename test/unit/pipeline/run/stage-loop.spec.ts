import type { RunState } from '../../../../src/pipeline/contracts/registry';
import type { StageRecord } from '../../../../src/pipeline/run/interceptors/stage-call';
import { type Resumption, runStages, type StageCheckpoint } from '../../../../src/pipeline/run/stage-loop';

const STAGES = ['parse', 'validate', 'enrich', 'duplicate-check', 'approval', 'export'].map((stageId, i) => ({ stageId, position: i + 1, required: stageId === 'parse', contract: stageId }));
const SELECTIONS = STAGES.map((s) => ({ stageId: s.stageId, moduleId: `${s.stageId}-m`, settings: {} }));
const state = (): RunState => ({ tenantId: 't', invoiceId: 'i', runId: 'r', document: Buffer.from('<x/>'), contentType: 'application/xml' });
const record = (stageId: string, over: Partial<StageRecord> = {}): StageRecord => ({
  stageId,
  position: STAGES.find((s) => s.stageId === stageId)!.position,
  moduleId: `${stageId}-m`,
  outcome: 'ok',
  fallbackUsed: false,
  fallbackReason: null,
  attempts: 1,
  durationMs: 1,
  warnings: [],
  errors: [],
  degraded: false,
  rejection: null,
  markForReview: false,
  ...over,
});
const OUTPUTS: Record<string, unknown> = {
  parse: { invoice: { number: 'INV-1', seller: { name: 'Acme' }, partial: false }, warnings: [] },
  validate: { valid: true, rule_set: 'en16931', errors: [], warnings: [] },
  enrich: { supplier: null, always_review: false },
  'duplicate-check': { duplicate: false, fingerprint: 'f', duplicate_of: null },
  export: { delivery: 'delivered', target: 'feed' },
};

/** The stage loop's approval pause and resume (shared by real and shadow runs). */
describe('runStages: pausing for approval and resuming after it', () => {
  it('stops at approval when a person must decide (export does not run), and as rejected on a rejection', async () => {
    for (const [decision, status] of [['needs_approval', 'awaiting_approval'], ['rejected', 'rejected'], ['auto_approved', 'completed']] as const) {
      const called: string[] = [];
      const outcome = await runStages(STAGES, SELECTIONS, state(), async (stage) => {
        called.push(stage.stageId);
        return { record: record(stage.stageId), output: stage.stageId === 'approval' ? { decision, reasons: ['r'] } : OUTPUTS[stage.stageId] };
      });
      expect(outcome!.status).toBe(status);
      expect(called.includes('export')).toBe(decision === 'auto_approved');
    }
  });

  it('resumes: the paused steps are carried as they were, approval becomes approved, only the later stages run', async () => {
    const paused = await runStages(STAGES, SELECTIONS, state(), async (stage) => ({
      record: record(stage.stageId, stage.stageId === 'enrich' ? { outcome: 'fallback', fallbackUsed: true, degraded: true } : {}),
      output: stage.stageId === 'approval' ? { decision: 'auto_approved', reasons: [] } : OUTPUTS[stage.stageId],
    }));
    // The degraded enrich step made the loop settle auto_approved into needs_approval (fail closed).
    expect(paused!.status).toBe('awaiting_approval');
    expect(paused!.records.map((r) => r.stageId)).toEqual(['parse', 'validate', 'enrich', 'duplicate-check', 'approval']);

    const resumed = state();
    const called: Array<{ stageId: string; input: unknown }> = [];
    const resumption: Resumption = { records: paused!.records, reviewRequired: paused!.reviewRequired };
    const outcome = await runStages(STAGES, SELECTIONS, resumed, async (stage, _selection, input) => {
      called.push({ stageId: stage.stageId, input });
      return { record: record(stage.stageId), output: OUTPUTS[stage.stageId] };
    }, () => false, resumption);
    expect(called.map((c) => c.stageId)).toEqual(['export']);
    // Export sees the carried invoice and the person's decision.
    expect(called[0].input).toMatchObject({ invoice: { number: 'INV-1' }, decision: 'approved' });
    expect(outcome!.records.map((r) => r.stageId)).toEqual(['parse', 'validate', 'enrich', 'duplicate-check', 'approval', 'export']);
    expect(outcome!.records[4].output).toMatchObject({ decision: 'approved' });
    // The carried degraded step still counts: warnings, review.
    expect(outcome!.status).toBe('completed_with_warnings');
    expect(outcome!.reviewRequired).toBe(true);
    expect(resumed.approval).toMatchObject({ decision: 'approved' });
  });

  it('refuses to resume from results no stage with a resume rule paused', async () => {
    const records = [{ ...record('parse'), output: OUTPUTS.parse }, { ...record('duplicate-check'), output: OUTPUTS['duplicate-check'] }];
    await expect(runStages(STAGES, SELECTIONS, state(), async () => ({ record: record('export'), output: OUTPUTS.export }), () => false, { records, reviewRequired: false })).rejects.toThrow(
      /resume rule/,
    );
  });
});

/** Checkpoints: where a run's direct pass goes on from after a discarded provisional pass. */
describe('runStages: checkpoints before stages, and a pass that goes on from one', () => {
  it('takes the loop as it stood before each named stage; a pass from it calls only that stage and the later ones, the earlier results carried', async () => {
    const taken = new Map<string, StageCheckpoint>();
    const first = await runStages(STAGES, SELECTIONS, state(), async (stage) => ({
      record: record(stage.stageId, stage.stageId === 'enrich' ? { outcome: 'fallback', fallbackUsed: true, degraded: true } : {}),
      output: stage.stageId === 'approval' ? { decision: 'auto_approved', reasons: [] } : OUTPUTS[stage.stageId],
    }), () => false, undefined, { before: new Set(['duplicate-check', 'approval']), taken });
    expect([...taken.keys()]).toEqual(['duplicate-check', 'approval']);
    const before = taken.get('duplicate-check')!;
    expect(before).toMatchObject({ position: 4, warnings: true, review: true, concerns: ['enrich ran on enrich-m with weaker guarantees (degraded)'] });
    expect(before.records.map((r) => r.stageId)).toEqual(['parse', 'validate', 'enrich']);
    expect(Object.keys(before.outputs).sort()).toEqual(['enrich', 'parse', 'validate']);
    expect(first!.status).toBe('awaiting_approval');

    const again = state();
    const called: Array<{ stageId: string; input: unknown }> = [];
    const outcome = await runStages(STAGES, SELECTIONS, again, async (stage, _selection, input) => {
      called.push({ stageId: stage.stageId, input });
      return { record: record(stage.stageId), output: stage.stageId === 'duplicate-check' ? { duplicate: true, fingerprint: 'f', duplicate_of: 'o' } : OUTPUTS[stage.stageId] };
    }, () => false, undefined, { from: before });
    expect(called.map((c) => c.stageId)).toEqual(['duplicate-check']);
    // Its input comes from the carried parse output.
    expect(called[0].input).toMatchObject({ invoice: { number: 'INV-1' }, invoiceId: 'i' });
    expect(outcome!.records.map((r) => r.stageId)).toEqual(['parse', 'validate', 'enrich', 'duplicate-check']);
    expect(outcome).toMatchObject({ status: 'duplicate', reviewRequired: true });
    // The checkpoint itself is left as it was (a copy was carried on).
    expect(before.records).toHaveLength(3);
  });
});
