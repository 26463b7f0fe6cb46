import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The validate stage's rule-set modules beside en16931: `peppol-bis3` (Peppol BIS Billing 3.0)
 * and `xrechnung` (XRechnung 3.0 and its extension scenario). The catalogue comes from code and
 * the boot-time sync marks them available; the rows exist here, unavailable until then, so a
 * configuration can name them as it can name the seeded modules.
 */
export class RuleSetModules1795400000120 implements MigrationInterface {
  name = 'RuleSetModules1795400000120';

  async up(q: QueryRunner): Promise<void> {
    for (const [id, name] of MODULES) {
      await q.query(
        `INSERT INTO modules (module_id, name, version, stage_id, capability_contract_id, is_fallback)
         VALUES ($1, $2, '1.0.0', 'validate', 'validate@1.0.0', false) ON CONFLICT (module_id) DO NOTHING`,
        [id, name],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM modules WHERE module_id = ANY($1)`, [MODULES.map(([id]) => id)]);
  }
}

const MODULES: ReadonlyArray<readonly [id: string, name: string]> = [
  ['peppol-bis3', 'Peppol BIS Billing 3.0'],
  ['xrechnung', 'XRechnung 3.0'],
];
