import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One name per stage: a stage's capability contract is named after the stage
 * (`duplicate-check@1.0.0`, `approval@1.0.0`, `export@1.0.0`; were `dedupe@…`, `route@…`,
 * `deliver@…`), as its folder (`src/stages/<stage>`), its contract file
 * (`src/pipeline/contracts/<stage>.contract.ts`) and its run-state key already are. The contract
 * id is a primary key that stages and modules reference, so each contract is copied under its
 * new name, the references are moved, and the old row goes.
 */
export class OneNamePerStage1795400000031 implements MigrationInterface {
  name = 'OneNamePerStage1795400000031';

  async up(q: QueryRunner): Promise<void> {
    for (const [from, to] of RENAMES) await rename(q, from, to);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [from, to] of RENAMES) await rename(q, to, from);
  }
}

const RENAMES: ReadonlyArray<readonly [string, string]> = [
  ['dedupe', 'duplicate-check'],
  ['route', 'approval'],
  ['deliver', 'export'],
];

async function rename(q: QueryRunner, from: string, to: string): Promise<void> {
  await q.query(
    `INSERT INTO capability_contracts (contract_id, name, version, inputs, outputs, guarantees, constraints)
     SELECT $2 || '@' || version, $2, version, inputs, outputs, guarantees, constraints
       FROM capability_contracts WHERE name = $1`,
    [from, to],
  );
  for (const table of ['processing_stages', 'modules']) {
    await q.query(
      `UPDATE ${table} t SET capability_contract_id = $2 || '@' || c.version
         FROM capability_contracts c
        WHERE c.contract_id = t.capability_contract_id AND c.name = $1`,
      [from, to],
    );
  }
  await q.query(`DELETE FROM capability_contracts WHERE name = $1`, [from]);
}
