import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '../../framework/database';
import type { FinalRunStatus } from './entities/invoice-run.entity';

/** A finished run with its stage results, as stored. */
export interface FinishedRun {
  invoiceId: string;
  runId: string;
  status: FinalRunStatus;
  configVersion: number | null;
  reviewRequired: boolean;
  stages: Array<{
    stage_id: string;
    module_id: string | null;
    outcome: string;
    fallback_used: boolean;
    fallback_reason: string | null;
    degraded: boolean;
    output: unknown;
  }>;
}

/**
 * Reads of finished runs and their stage results (invoice_runs) off the hot path: shadow runs
 * compare a candidate configuration with what each invoice's latest run did. Read-only.
 */
@Injectable()
export class RunHistoryRepository {
  constructor(private readonly db: TenantDatabase) {}

  /** The latest finished run of each of the subjects (absent: none finished yet). */
  async latestFinished(tenantId: string, subjectIds: readonly string[]): Promise<Map<string, FinishedRun>> {
    if (subjectIds.length === 0) return new Map();
    const rows = await this.db.transaction(tenantId, (manager) =>
      manager.query<Array<{ invoice_id: string; run_id: string; status: FinalRunStatus; config_version: number | null; review_required: boolean; stages: FinishedRun['stages'] }>>(
        `SELECT r.invoice_id, r.run_id, r.status, r.config_version, r.review_required,
                COALESCE((SELECT json_agg(json_build_object(
                            'stage_id', s ->> 'stage_id', 'module_id', s ->> 'module_id', 'outcome', s ->> 'outcome', 'fallback_used', s -> 'fallback_used',
                            'fallback_reason', s ->> 'fallback_reason', 'degraded', s -> 'degraded', 'output', s -> 'output') ORDER BY o)
                            FROM jsonb_array_elements(r.stage_results) WITH ORDINALITY AS e(s, o)), '[]') AS stages
           FROM (SELECT DISTINCT ON (invoice_id) invoice_id, run_id, status, config_version, review_required, stage_results
                   FROM invoice_runs
                  WHERE tenant_id = $1 AND invoice_id = ANY($2::uuid[]) AND finished_at IS NOT NULL
                  ORDER BY invoice_id, run_number DESC) r`,
        [tenantId, subjectIds],
      ),
    );
    return new Map(
      rows.map((r) => [r.invoice_id, { invoiceId: r.invoice_id, runId: r.run_id, status: r.status, configVersion: r.config_version, reviewRequired: r.review_required, stages: r.stages }]),
    );
  }
}
