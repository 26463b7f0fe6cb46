import { Injectable } from '@nestjs/common';
import { fragment, type SqlFragment, TenantDatabase } from '../../framework/database';

/** A position in a tenant's feed: (transaction id, sequence) of an entry, as decimal strings. */
export type FeedPosition = readonly [txid: string, seq: string];

export interface FeedEntryRow {
  entry_id: string;
  invoice_id: string;
  run_id: string;
  txid: string;
  seq: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

/** The tenant-owned table export_feed_entries, as the tenant (TenantDatabase, row-level security). */
@Injectable()
export class FeedRepository {
  constructor(private readonly db: TenantDatabase) {}

  /** Appends the run's entry under its transaction id; a second one for the same run is ignored (one per run). */
  async append(entry: { tenantId: string; invoiceId: string; runId: string; payload: unknown }): Promise<void> {
    await this.db.statement(
      entry.tenantId,
      `INSERT INTO export_feed_entries (tenant_id, invoice_id, run_id, txid, payload)
       VALUES ($1, $2, $3, pg_current_xact_id()::text::bigint, $4)
       ON CONFLICT ON CONSTRAINT export_feed_entries_one_per_run DO NOTHING`,
      [entry.tenantId, entry.invoiceId, entry.runId, JSON.stringify(entry.payload)],
      { prepared: true },
    );
  }

  /**
   * The same entry as a step of the run's finishing statement (StageCallContext.finish): written in
   * the transaction that records the run's result, under its transaction id, only when that result
   * is recorded (it reads the CTE `run`). One round trip and one commit less per run than append().
   * The payload's `invoice` (the delivery payload's: the run's parse result) is not stored again:
   * the same statement stores it with the run's stage results, and page() serves it from there
   * (migration 1795400000183). So the invoice is stored once, and a payload's `invoice` must be its
   * run's parse result.
   */
  appendStep(entry: { runId: string; payload: Record<string, unknown> }): SqlFragment {
    const { invoice: _storedWithTheRun, ...payload } = entry.payload;
    return fragment(
      `INSERT INTO export_feed_entries (tenant_id, invoice_id, run_id, txid, payload)
       SELECT run.tenant_id, run.invoice_id, run.run_id, pg_current_xact_id()::text::bigint, $2 FROM run WHERE run.run_id = $1
       ON CONFLICT ON CONSTRAINT export_feed_entries_one_per_run DO NOTHING`,
      [entry.runId, JSON.stringify(payload)],
    );
  }

  /**
   * Entries after `after` in feed order, at most `limit`. Only entries of transactions older than
   * every transaction still running are visible (txid below the snapshot's xmin): those are final,
   * and every entry written later sorts after them, so a reader that moves on never skips one.
   * An entry written without its invoice (appendStep) gets it back from its run's parse result.
   */
  page(tenantId: string, after: FeedPosition | null, limit: number): Promise<FeedEntryRow[]> {
    return this.db.statement<FeedEntryRow>(
      tenantId,
      `SELECT e.entry_id, e.invoice_id, e.run_id, e.txid::text AS txid, e.seq::text AS seq,
              CASE WHEN stored.invoice IS NULL THEN e.payload ELSE e.payload || jsonb_build_object('invoice', stored.invoice) END AS payload,
              e.created_at
         FROM export_feed_entries e
         LEFT JOIN LATERAL (SELECT run_parsed_invoice(e.run_id) AS invoice WHERE NOT e.payload ? 'invoice') stored ON true
        WHERE e.tenant_id = $1
          AND e.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
          AND ($2::bigint IS NULL OR (e.txid, e.seq) > ($2::bigint, $3::bigint))
        ORDER BY e.txid, e.seq
        LIMIT $4`,
      [tenantId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }
}
