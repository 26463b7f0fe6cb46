import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlatformDatabase } from '../../framework/database/platform-database';

/** The cluster's gate as a replica sees it. */
export interface GateState {
  epoch: number;
  /** The activation holding the gate closed, or null when it is open. */
  activationId: string | null;
  closedBy: string | null;
  /** The replica that closed it still holds its lease (true when open). */
  closerLive: boolean;
  /** How long it has been closed, in ms of the database's clock (0 when open). */
  closedForMs: number;
}

/** Where the live replicas are with one closure of the gate. */
export interface GateProgress {
  /** Replicas whose lease runs. */
  live: number;
  /** Of them, those that closed their admission gate for the epoch. */
  closed: number;
  /** Of them, those with no run in flight any more. */
  drained: number;
  /** Runs the replicas had in flight when they closed (those that drained included). */
  runsInFlight: number;
  /** Instance ids of live replicas not drained yet. */
  waitingFor: string[];
  /** When this was read (database clock). */
  at: Date;
}

interface GateRow {
  epoch: string;
  activation_id: string | null;
  closed_by: string | null;
  closer_live: boolean;
  closed_ms: number;
}

const GATE_COLUMNS = `g.epoch::text AS epoch, g.activation_id, g.closed_by,
  (g.closed_by IS NULL OR EXISTS (SELECT 1 FROM pipeline_replicas r WHERE r.replica_id = g.closed_by AND r.lease_until > now())) AS closer_live,
  coalesce(round(extract(epoch FROM now() - g.closed_at) * 1000), 0)::int AS closed_ms`;

const stateOf = (row: GateRow): GateState => ({
  epoch: Number(row.epoch),
  activationId: row.activation_id,
  closedBy: row.closed_by,
  closerLive: row.closer_live,
  closedForMs: row.closed_ms,
});

/**
 * The configuration_gate row and the pipeline_replicas table (platform tables of the activation
 * gate). A replica's join and heartbeat read the gate FOR SHARE, so they serialise with a closure
 * (FOR UPDATE): an activator that looks at the replicas after closing sees every replica that
 * could have read the gate open.
 */
@Injectable()
export class ClusterGateRepository {
  constructor(private readonly db: PlatformDatabase) {}

  /** Registers the replica (or renews it) and reads the gate, in one statement. */
  async join(replicaId: string, instanceId: string, leaseMs: number): Promise<GateState> {
    const [row] = await this.db.statement<GateRow>(
      `WITH gate AS (SELECT * FROM configuration_gate WHERE gate_id = 1 FOR SHARE),
            joined AS (
              INSERT INTO pipeline_replicas (replica_id, instance_id, lease_until)
              VALUES ($1, $2, now() + $3 * interval '1 millisecond')
              ON CONFLICT (replica_id) DO UPDATE SET lease_until = EXCLUDED.lease_until
              RETURNING replica_id)
       SELECT ${GATE_COLUMNS} FROM gate g, joined`,
      [replicaId, instanceId, leaseMs],
    );
    return stateOf(row);
  }

  /** Renews the replica's lease; the gate, or null when the replica is not registered (any more). */
  async heartbeat(replicaId: string, leaseMs: number): Promise<GateState | null> {
    const [row] = await this.db.statement<GateRow & { renewed: number }>(
      `WITH gate AS (SELECT * FROM configuration_gate WHERE gate_id = 1 FOR SHARE),
            renewed AS (
              UPDATE pipeline_replicas SET lease_until = now() + $2 * interval '1 millisecond'
               WHERE replica_id = $1 RETURNING replica_id)
       SELECT (SELECT count(*) FROM renewed)::int AS renewed, ${GATE_COLUMNS} FROM gate g`,
      [replicaId, leaseMs],
    );
    return row.renewed === 1 ? stateOf(row) : null;
  }

  /** The gate as it is now (no lock). */
  async gate(tx?: EntityManager): Promise<GateState> {
    const [row] = await this.db.statement<GateRow>(`SELECT ${GATE_COLUMNS} FROM configuration_gate g WHERE g.gate_id = 1`, [], tx);
    return stateOf(row);
  }

  /** Locks the gate for the rest of the caller's transaction (switches, closures and recoveries serialise on it). */
  async lock(tx: EntityManager): Promise<GateState> {
    const [row] = await this.db.statement<GateRow>(`SELECT ${GATE_COLUMNS} FROM configuration_gate g WHERE g.gate_id = 1 FOR UPDATE`, [], tx);
    return stateOf(row);
  }

  /** Closes the gate for the activation (the caller holds the lock); the new epoch. */
  async close(tx: EntityManager, activationId: string, replicaId: string): Promise<number> {
    const [row] = await this.db.statement<{ epoch: string }>(
      `UPDATE configuration_gate SET epoch = epoch + 1, activation_id = $1, closed_by = $2, closed_at = now() WHERE gate_id = 1 RETURNING epoch::text AS epoch`,
      [activationId, replicaId],
      tx,
    );
    return Number(row.epoch);
  }

  /** Opens the gate (the caller holds the lock); the new epoch. */
  async open(tx: EntityManager): Promise<number> {
    const [row] = await this.db.statement<{ epoch: string }>(
      `UPDATE configuration_gate SET epoch = epoch + 1, activation_id = NULL, closed_by = NULL, closed_at = NULL WHERE gate_id = 1 RETURNING epoch::text AS epoch`,
      [],
      tx,
    );
    return Number(row.epoch);
  }

  /** The replica closed its admission gate for `epoch` with `runsInFlight` runs in flight (drained at once when none). */
  async acknowledge(replicaId: string, epoch: number, runsInFlight: number, tx?: EntityManager): Promise<void> {
    await this.db.statement(
      `UPDATE pipeline_replicas
          SET closed_epoch = greatest(closed_epoch, $2), runs_in_flight = $3,
              drained_epoch = CASE WHEN $3 = 0 THEN greatest(drained_epoch, $2) ELSE drained_epoch END
        WHERE replica_id = $1`,
      [replicaId, epoch, runsInFlight],
      tx,
    );
  }

  /** No run the replica had in flight when it closed for `epoch` is in flight any more. */
  async drained(replicaId: string, epoch: number): Promise<void> {
    await this.db.statement(
      `UPDATE pipeline_replicas SET drained_epoch = greatest(drained_epoch, $2) WHERE replica_id = $1 AND closed_epoch >= $2`,
      [replicaId, epoch],
    );
  }

  /** Where the live replicas are with the closure of `epoch`. */
  async progress(epoch: number, tx?: EntityManager): Promise<GateProgress> {
    const [row] = await this.db.statement<{ live: number; closed: number; drained: number; runs_in_flight: number; waiting_for: string[] | null; at: Date }>(
      `SELECT now() AS at, count(*)::int AS live,
              count(*) FILTER (WHERE closed_epoch >= $1)::int AS closed,
              count(*) FILTER (WHERE drained_epoch >= $1)::int AS drained,
              coalesce(sum(runs_in_flight) FILTER (WHERE closed_epoch >= $1), 0)::int AS runs_in_flight,
              array_agg(instance_id ORDER BY instance_id) FILTER (WHERE drained_epoch < $1) AS waiting_for
         FROM pipeline_replicas WHERE lease_until > now()`,
      [epoch],
      tx,
    );
    return { live: row.live, closed: row.closed, drained: row.drained, runsInFlight: row.runs_in_flight, waitingFor: row.waiting_for ?? [], at: row.at };
  }

  /** The replica leaves (shutdown): activations stop waiting for it. */
  async leave(replicaId: string): Promise<void> {
    await this.db.statement(`DELETE FROM pipeline_replicas WHERE replica_id = $1`, [replicaId]);
  }

  /** Forgets replicas whose lease ran out long ago (killed processes). */
  async forgetGone(olderThanMs: number): Promise<void> {
    await this.db.statement(`DELETE FROM pipeline_replicas WHERE lease_until < now() - $1 * interval '1 millisecond'`, [olderThanMs]);
  }
}
