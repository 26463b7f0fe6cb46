import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fail-closed verdicts on stage results: `rejected` is a verdict on the caller's input (an input
 * fault: never retried, never a fallback), `degraded` marks a step that ran on a fallback with
 * weaker guarantees than the selected module. Only a fallback can be degraded. Capability
 * contracts list their guarantees as ids modules declare (was free text).
 */
export class FailClosedVerdicts1795400000020 implements MigrationInterface {
  name = 'FailClosedVerdicts1795400000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoice_stage_results DROP CONSTRAINT invoice_stage_results_outcome_valid`);
    await q.query(`ALTER TABLE invoice_stage_results ADD CONSTRAINT invoice_stage_results_outcome_valid
                     CHECK (outcome IN ('ok', 'fallback', 'skipped', 'failed', 'rejected'))`);
    await q.query(`ALTER TABLE invoice_stage_results ADD COLUMN degraded boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE invoice_stage_results ADD CONSTRAINT invoice_stage_results_degraded_is_fallback
                     CHECK (NOT degraded OR outcome = 'fallback')`);
    for (const [name, guarantees] of Object.entries(GUARANTEES)) {
      await q.query(`UPDATE capability_contracts SET guarantees = $2 WHERE name = $1`, [name, JSON.stringify(guarantees)]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name, guarantees] of Object.entries(PREVIOUS_GUARANTEES)) {
      await q.query(`UPDATE capability_contracts SET guarantees = $2 WHERE name = $1`, [name, JSON.stringify(guarantees)]);
    }
    await q.query(`ALTER TABLE invoice_stage_results DROP CONSTRAINT invoice_stage_results_degraded_is_fallback`);
    await q.query(`ALTER TABLE invoice_stage_results DROP COLUMN degraded`);
    await q.query(`DELETE FROM invoice_stage_results WHERE outcome = 'rejected'`);
    await q.query(`ALTER TABLE invoice_stage_results DROP CONSTRAINT invoice_stage_results_outcome_valid`);
    await q.query(`ALTER TABLE invoice_stage_results ADD CONSTRAINT invoice_stage_results_outcome_valid
                     CHECK (outcome IN ('ok', 'fallback', 'skipped', 'failed'))`);
  }
}

/** The contracts' guarantees as of this migration (src/pipeline/catalogue/contract-guarantees.ts). */
const GUARANTEES: Record<string, Array<{ id: string; description: string }>> = {
  parse: [
    { id: 'complete_model', description: 'every EN 16931 business term the document carries is in the canonical invoice' },
    { id: 'strict_syntax', description: 'the document is well-formed and its datatypes were checked; a malformed one is rejected' },
  ],
  validate: [
    { id: 'mandatory_fields', description: 'the mandatory business terms are present' },
    { id: 'arithmetic', description: 'line, document and VAT totals add up' },
    { id: 'business_rules', description: 'every EN 16931 business rule (BR, BR-CO, VAT category rules) was evaluated' },
    { id: 'code_lists', description: 'code values are checked against the EN 16931 code lists' },
    { id: 'syntax_binding', description: 'the syntax-binding rules of the source syntax were evaluated' },
  ],
  enrich: [
    { id: 'amounts_unchanged', description: 'never changes the invoice amounts' },
    { id: 'supplier_resolved', description: "the supplier is looked up in the tenant's maintained directory" },
  ],
  dedupe: [{ id: 'persisted_fingerprint', description: 'same tenant, supplier, number, issue date and total is a duplicate, enforced by a unique index' }],
  route: [
    { id: 'deterministic', description: 'the same input and settings give the same decision' },
    { id: 'rule_based', description: 'the decision applies the configured approval rules' },
  ],
  deliver: [{ id: 'at_least_once', description: 'the invoice is delivered at least once, or queued durably' }],
};

const PREVIOUS_GUARANTEES: Record<string, string[]> = {
  parse: ['never throws on malformed input: reports a parse failure', 'amounts are decimals'],
  validate: ['each rule reports independently', 'valid means no fatal rule fired'],
  enrich: ['never changes the invoice amounts'],
  dedupe: ['same tenant, supplier, number, issue date and total is a duplicate', 'enforced by a unique index'],
  route: ['deterministic for the same input and settings'],
  deliver: ['at-least-once delivery'],
};
