import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One activation gate for the cluster (issue 18).
 *
 * - `configuration_gate`: one row. `epoch` moves on with every close and every open; the gate is
 *   closed while `activation_id` names the activation holding it (and `closed_by` the replica
 *   that closed it). Every change sends `NOTIFY configuration_gate, '<epoch>'` (trigger, at commit).
 * - `pipeline_replicas`: the replicas that admit runs, each with a lease it renews, and its
 *   acknowledgements of a closed gate: `closed_epoch` (its admission gate is closed for that
 *   epoch; `runs_in_flight` then), `drained_epoch` (no run of it is in flight any more).
 * - `configuration_activations` records what a switch waited for: `gate_closed_at` (every live
 *   replica had closed its admission gate), `runs_drained`, `switch_delay_ms`.
 * - The fence: a run's result is recorded only if the configuration it ran on is still the active
 *   one (a BEFORE UPDATE trigger on invoice_runs turns a late finish of a run on a replaced
 *   version into a no-op, as a lost claim; the run is taken up again on the new version). It is
 *   checked inside the run's own finishing statement: no round trip of its own.
 */
export class ClusterActivationGate1795400000110 implements MigrationInterface {
  name = 'ClusterActivationGate1795400000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE configuration_activations ADD runs_drained integer, ADD switch_delay_ms integer, ADD gate_closed_at timestamptz`);
    await q.query(`
      CREATE TABLE configuration_gate (
        gate_id smallint NOT NULL DEFAULT 1,
        epoch bigint NOT NULL DEFAULT 0,
        activation_id uuid,
        closed_by uuid,
        closed_at timestamptz,
        CONSTRAINT configuration_gate_pk PRIMARY KEY (gate_id),
        CONSTRAINT configuration_gate_one_row CHECK (gate_id = 1),
        CONSTRAINT configuration_gate_closed_whole CHECK ((activation_id IS NULL) = (closed_by IS NULL) AND (activation_id IS NULL) = (closed_at IS NULL)),
        CONSTRAINT configuration_gate_activation_fk FOREIGN KEY (activation_id) REFERENCES configuration_activations (activation_id)
      )`);
    await q.query(`INSERT INTO configuration_gate (gate_id, epoch) VALUES (1, 0)`);
    await q.query(`COMMENT ON TABLE configuration_gate IS 'platform: the cluster-wide admission gate of configuration switches (one row)'`);
    await q.query(`
      CREATE TABLE pipeline_replicas (
        replica_id uuid NOT NULL,
        instance_id text NOT NULL,
        joined_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz NOT NULL,
        closed_epoch bigint NOT NULL DEFAULT 0,
        drained_epoch bigint NOT NULL DEFAULT 0,
        runs_in_flight integer NOT NULL DEFAULT 0,
        CONSTRAINT pipeline_replicas_pk PRIMARY KEY (replica_id),
        CONSTRAINT pipeline_replicas_runs_not_negative CHECK (runs_in_flight >= 0),
        CONSTRAINT pipeline_replicas_drained_after_closed CHECK (drained_epoch <= closed_epoch)
      )`);
    await q.query(`COMMENT ON TABLE pipeline_replicas IS 'platform: replicas admitting invoice runs, their leases and gate acknowledgements'`);
    await q.query(`
      CREATE FUNCTION configuration_gate_notify() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$
      BEGIN
        PERFORM pg_notify('configuration_gate', NEW.epoch::text);
        RETURN NULL;
      END
      $$`);
    await q.query(`CREATE TRIGGER configuration_gate_changed AFTER UPDATE ON configuration_gate FOR EACH ROW EXECUTE FUNCTION configuration_gate_notify()`);
    await q.query(`
      CREATE FUNCTION invoice_runs_finish_on_active() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM public.module_configurations WHERE config_id = NEW.config_id AND status = 'active') THEN
          RETURN NEW;
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER invoice_runs_finish_on_active BEFORE UPDATE OF status ON invoice_runs
        FOR EACH ROW WHEN (OLD.status = 'running' AND NEW.status <> 'running' AND NEW.config_id IS NOT NULL)
        EXECUTE FUNCTION invoice_runs_finish_on_active()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER invoice_runs_finish_on_active ON invoice_runs`);
    await q.query(`DROP FUNCTION invoice_runs_finish_on_active()`);
    await q.query(`DROP TRIGGER configuration_gate_changed ON configuration_gate`);
    await q.query(`DROP FUNCTION configuration_gate_notify()`);
    await q.query(`DROP TABLE pipeline_replicas`);
    await q.query(`DROP TABLE configuration_gate`);
    await q.query(`ALTER TABLE configuration_activations DROP COLUMN gate_closed_at, DROP COLUMN switch_delay_ms, DROP COLUMN runs_drained`);
  }
}
