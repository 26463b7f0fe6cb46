import { MigrationInterface, QueryRunner } from 'typeorm';

const SUMMARY = 'Initial configuration, exporting to the pull feed';

/**
 * A new install exports out of the box (issue 20): its initial configuration gains the export
 * stage with the `feed` module (the tenant's pull feed, which needs no endpoint). Done as a new
 * version (2, based on 1), active from the start, with its audit event, never by rewriting the
 * seeded one, and only on a new install: one configuration in all, the seeded one, and no invoice
 * yet. An install that has processed invoices keeps what it runs; its operators select `feed`
 * (or another export module) like any change.
 *
 * The `feed` module row is registered here so selections can reference it (the boot-time catalogue
 * sync marks it available, as for every module).
 */
export class InitialConfigurationExports1795400000142 implements MigrationInterface {
  name = 'InitialConfigurationExports1795400000142';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO modules (module_id, name, version, stage_id, capability_contract_id, is_fallback)
       VALUES ('feed', 'Export feed (pull)', '1.0.0', 'export', 'export@1.0.0', false)
       ON CONFLICT (module_id) DO NOTHING`,
    );
    const rows = (await q.query(`
      SELECT c.config_id, c.version FROM module_configurations c
       WHERE c.status = 'active' AND c.created_by = 'system'
         AND (SELECT count(*) FROM module_configurations) = 1
         AND NOT EXISTS (SELECT 1 FROM invoices)
         AND NOT EXISTS (SELECT 1 FROM module_selections s WHERE s.config_id = c.config_id AND s.stage_id = 'export')`)) as Array<{ config_id: string; version: number }>;
    const initial = rows[0];
    if (!initial) return;
    const [{ config_id: configId }] = (await q.query(
      `INSERT INTO module_configurations (status, created_by, validated_at, summary, based_on_version)
       VALUES ('validated', 'system', now(), $1, $2) RETURNING config_id`,
      [SUMMARY, initial.version],
    )) as Array<{ config_id: string }>;
    await q.query(
      `INSERT INTO module_selections (config_id, stage_id, module_id, settings)
       SELECT $1::uuid, stage_id, module_id, settings FROM module_selections WHERE config_id = $2
       UNION ALL SELECT $1::uuid, 'export', 'feed', '{}'::jsonb`,
      [configId, initial.config_id],
    );
    await q.query(`UPDATE module_configurations SET status = 'superseded' WHERE config_id = $1`, [initial.config_id]);
    await q.query(`UPDATE module_configurations SET status = 'active', activated_at = now() WHERE config_id = $1`, [configId]);
    await q.query(
      `INSERT INTO configuration_change_events (config_id, action, actor, result, message)
       VALUES ($1, 'activated', 'system', 'success', 'Initial configuration: exports to the pull feed (new install)')`,
      [configId],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // The versions stay (they are history, and runs may name them); the feed module row goes only
    // when nothing selects it.
    await q.query(`DELETE FROM modules WHERE module_id = 'feed' AND NOT EXISTS (SELECT 1 FROM module_selections WHERE module_id = 'feed')`);
  }
}
