import { differences, outcomeView, type RunOutcome, type ShadowInvoiceReport, summarise } from '../../../../src/pipeline/shadow/shadow-report';

const line = (stage_id: string, module_id: string, output: unknown, extra: Partial<RunOutcome['stages'][number]> = {}) => ({
  stage_id,
  module_id,
  outcome: 'ok',
  fallback_used: false,
  fallback_reason: null,
  degraded: false,
  output,
  ...extra,
});

const run = (decision: string | null, over: Partial<RunOutcome> = {}): RunOutcome => ({
  status: 'completed',
  review_required: false,
  stages: [
    line('parse', 'einvoice-xml', {}),
    line('validate', 'en16931', { valid: true, errors: [], warnings: [{ rule: 'BR-X', location: 'a', message: 'm' }] }),
    ...(decision ? [line('approval', 'threshold-rules', { decision, reasons: decision === 'auto_approved' ? [] : ['total above 100'] })] : []),
    line('export', 'outbox', null),
  ],
  ...over,
});

describe('shadow report', () => {
  it('labels an outcome by status, or by the decision when not auto-approved', () => {
    expect(outcomeView(run('auto_approved')).outcome).toBe('completed');
    expect(outcomeView(run('needs_approval')).outcome).toBe('needs_approval');
    expect(outcomeView(run(null, { status: 'duplicate' })).outcome).toBe('duplicate');
    expect(outcomeView(run('needs_approval', { status: 'failed' })).outcome).toBe('failed');
  });

  it('reads decision, validation verdict, modules and fallbacks; stages not run are left out', () => {
    const view = outcomeView(
      run('needs_approval', { stages: [...run('needs_approval').stages, line('enrich', 'supplier-directory-db', null, { outcome: 'fallback', fallback_used: true, fallback_reason: 'error: down' })] }),
      ['export'],
    );
    expect(view).toEqual({
      outcome: 'needs_approval',
      status: 'completed',
      decision: 'needs_approval',
      decision_reasons: ['total above 100'],
      validation: { valid: true, degraded: false, errors: [], warnings: ['BR-X@a'] },
      modules: { parse: 'einvoice-xml', validate: 'en16931', approval: 'threshold-rules', enrich: 'supplier-directory-db' },
      fallbacks: [{ stage_id: 'enrich', module_id: 'supplier-directory-db', reason: 'error: down' }],
      review_required: false,
    });
  });

  it('lists what differs, field by field, and nothing when nothing does', () => {
    expect(differences(outcomeView(run('auto_approved')), outcomeView(run('auto_approved')))).toEqual([]);
    expect(differences(outcomeView(run('auto_approved')), outcomeView(run('needs_approval')))).toEqual([
      { field: 'decision', current: 'auto_approved', candidate: 'needs_approval' },
      { field: 'decision_reasons', current: [], candidate: ['total above 100'] },
    ]);
    const basic = run('auto_approved', { stages: run('auto_approved').stages.map((s) => (s.stage_id === 'validate' ? { ...s, module_id: 'basic-checks' } : s)) });
    expect(differences(outcomeView(run('auto_approved'), ['export']), outcomeView(basic, ['export']))).toEqual([{ field: 'modules.validate', current: 'en16931', candidate: 'basic-checks' }]);
  });

  it('summarises counts by transition, changes and invoices without a baseline', () => {
    const report = (current: RunOutcome | null, candidate: RunOutcome): ShadowInvoiceReport => {
      const c = current && outcomeView(current);
      const n = outcomeView(candidate);
      return { invoice_id: 'i', received_at: '2026-01-01T00:00:00.000Z', current: c, candidate: n, differences: c ? differences(c, n) : [], not_run: [] };
    };
    const summary = summarise([
      report(run('auto_approved'), run('needs_approval')),
      report(run('auto_approved'), run('needs_approval')),
      report(run('needs_approval'), run('auto_approved')),
      report(run('auto_approved'), run('auto_approved')),
      report(null, run('auto_approved')),
    ]);
    expect(summary).toEqual({
      invoices: 5,
      changed: 3,
      unchanged: 1,
      without_baseline: 1,
      errors: 0,
      transitions: [
        { from: 'completed', to: 'needs_approval', count: 2 },
        { from: 'needs_approval', to: 'completed', count: 1 },
      ],
    });
  });
});
