import type { CanonicalInvoice } from '../../../../src/domain/canonical-invoice';
import { invoiceProjection, recordOutput, type RunState, STAGE_CONTRACTS, stageContract } from '../../../../src/pipeline/contracts/registry';

const base = (): RunState => ({ tenantId: 't', invoiceId: 'i', runId: 'r', document: Buffer.from('<x/>'), contentType: 'application/xml' });
const invoice = (overrides: Partial<CanonicalInvoice> = {}) =>
  ({
    number: 'INV-1',
    issue_date: '2026-03-01',
    currency: 'EUR',
    totals: { payable: '1190.00', tax_inclusive: '1190.00' },
    seller: { name: ' Acme GmbH ', vat_id: null },
    partial: false,
    ...overrides,
  }) as unknown as CanonicalInvoice;

/** The stage contracts: one per stage id, one name across id, folder and state, and the rules that used to be special cases. */
describe('stage contracts', () => {
  it('cover the six stages, each under its own state key', () => {
    expect([...STAGE_CONTRACTS.keys()]).toEqual(['parse', 'validate', 'enrich', 'duplicate-check', 'approval', 'export']);
    expect([...STAGE_CONTRACTS.values()].map((c) => c.stateKey)).toEqual(['parse', 'validate', 'enrich', 'duplicateCheck', 'approval', 'export']);
    expect(stageContract('dedupe')).toBeUndefined();
  });

  it('name each capability contract after its stage (one name per stage)', () => {
    for (const [stageId, contract] of STAGE_CONTRACTS) expect(contract.capability.name).toBe(stageId);
  });

  it('project the parsed invoice onto the invoice row (supplier key: VAT id, else the name, upper-cased)', () => {
    const state = base();
    expect(invoiceProjection(state)).toEqual({ invoice_number: null, issue_date: null, supplier_key: null, supplier_name: null, total_amount: null, currency: null });
    recordOutput(state, stageContract('parse')!, { invoice: invoice(), warnings: [] });
    expect(invoiceProjection(state)).toEqual({
      invoice_number: 'INV-1',
      issue_date: '2026-03-01',
      supplier_key: 'ACME GMBH',
      supplier_name: ' Acme GmbH ',
      total_amount: '1190.00',
      currency: 'EUR',
    });
    recordOutput(state, stageContract('parse')!, { invoice: invoice({ seller: { name: 'Acme', vat_id: 'de123' } as CanonicalInvoice['seller'] }), warnings: [] });
    expect(invoiceProjection(state).supplier_key).toBe('DE123');
  });

  it('stop the run on a duplicate and at approval (awaiting a person, or rejected), and ask for review only on a partial parse', () => {
    const duplicateCheck = stageContract('duplicate-check')!;
    expect(duplicateCheck.stop?.({ duplicate: true, fingerprint: 'f', duplicate_of: 'x' })).toBe('duplicate');
    expect(duplicateCheck.stop?.({ duplicate: false, fingerprint: 'f', duplicate_of: null })).toBeNull();
    const parse = stageContract('parse')!;
    expect(parse.review?.({ invoice: invoice({ partial: true }), warnings: [] })).toBe(true);
    expect(parse.review?.({ invoice: invoice(), warnings: [] })).toBe(false);
    expect([...STAGE_CONTRACTS.values()].filter((c) => c.stop).map((c) => c.stageId)).toEqual(['duplicate-check', 'approval']);
    const approval = stageContract('approval')!;
    expect(approval.stop?.({ decision: 'needs_approval', reasons: ['over threshold'] })).toBe('awaiting_approval');
    expect(approval.stop?.({ decision: 'rejected', reasons: ['invalid'] })).toBe('rejected');
    expect(approval.stop?.({ decision: 'auto_approved', reasons: [] })).toBeNull();
    // Only approval can be resumed; a person's approval releases it as `approved`, reasons kept.
    expect([...STAGE_CONTRACTS.values()].filter((c) => c.resume).map((c) => c.stageId)).toEqual(['approval']);
    expect(approval.resume?.({ decision: 'needs_approval', reasons: ['over threshold'] })).toEqual({ decision: 'approved', reasons: ['over threshold'] });
    expect(approval.stop?.(approval.resume!({ decision: 'needs_approval', reasons: [] }))).toBeNull();
    // A module may not claim a person's approval.
    expect(() => approval.accept({ decision: 'approved', reasons: [] })).toThrow();
  });

  it('feed each stage from the outputs stored under the earlier stages\' keys', () => {
    const state = base();
    recordOutput(state, stageContract('parse')!, { invoice: invoice(), warnings: [] });
    recordOutput(state, stageContract('validate')!, { valid: true, rule_set: 'en16931', errors: [], warnings: [], degraded: false });
    recordOutput(state, stageContract('approval')!, { decision: 'auto_approved', reasons: [] });
    expect(state.approval).toEqual({ decision: 'auto_approved', reasons: [] });
    expect(stageContract('export')!.input(state)).toMatchObject({
      invoiceId: 'i',
      decision: 'auto_approved',
      validation: { valid: true, degraded: false, rule_set: 'en16931' },
    });
  });

  it('fail closed: with concerns a report is never valid and a decision never auto_approved', () => {
    const report = { valid: true, rule_set: 'basic-checks', errors: [], warnings: [] };
    expect(stageContract('validate')!.settle?.(report, ['enrich failed'])).toEqual({ ...report, valid: false, degraded: true, concerns: ['enrich failed'] });
    expect(stageContract('validate')!.settle?.(report, [])).toBe(report);
    expect(stageContract('approval')!.settle?.({ decision: 'auto_approved', reasons: ['under threshold'] }, ['enrich failed'])).toEqual({
      decision: 'needs_approval',
      reasons: ['under threshold', 'not auto-approved: enrich failed'],
    });
  });
});
