import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who asked for a run (issue 20: every action on the invoice's timeline): the submitter of a
 * submission, whoever reprocessed the invoice, the approver whose approval released it. The
 * principal's subject (JWT sub or apikey:<prefix>), never a secret. Runs from before: unknown (NULL).
 */
export class RunRequestedBy1795400000151 implements MigrationInterface {
  name = 'RunRequestedBy1795400000151';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoice_runs ADD requested_by text`);
    await q.query(`ALTER TABLE invoice_runs ADD CONSTRAINT invoice_runs_requested_by_valid CHECK (char_length(requested_by) BETWEEN 1 AND 300)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoice_runs DROP CONSTRAINT invoice_runs_requested_by_valid`);
    await q.query(`ALTER TABLE invoice_runs DROP COLUMN requested_by`);
  }
}
