import { Injectable } from '@nestjs/common';
import { CircuitState } from 'cockatiel';
import type { Principal } from '../framework/auth';
import { HealthService } from '../framework/health';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { ModuleCatalogue } from '../pipeline/catalogue/module-catalogue.service';
import { CircuitBreakers } from '../pipeline/run/circuit-breakers';
import type { OverviewBreakerDto, OverviewDto } from './dto/overview.dto';

/** Statuses of invoices that are not finished yet: the queue depth (waiting for a run, running, waiting for a person). */
export const PENDING_STATUSES = ['received', 'processing', 'awaiting_approval'] as const;
const RECENT_FAILURES = 10;

const STATE_NAMES: Record<CircuitState, string> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'isolated',
};

/** The console's overview: health, throughput, queue depth, circuit breakers and recent failures of one tenant. */
@Injectable()
export class ConsoleOverviewService {
  constructor(
    private readonly invoices: InvoiceRepository,
    private readonly health: HealthService,
    private readonly breakers: CircuitBreakers,
    private readonly catalogue: ModuleCatalogue,
  ) {}

  /** tenantId null: credentials that act for no tenant (identity, health and shared breakers only). */
  async overview(principal: Principal, tenantId: string | null): Promise<OverviewDto> {
    const [snapshot, rows] = await Promise.all([this.health.snapshot(), tenantId === null ? null : this.invoices.overview(tenantId, PENDING_STATUSES, RECENT_FAILURES)]);
    return {
      principal: { subject: principal.subject, roles: [...principal.roles], tenant_id: principal.tenantId ?? null, mechanism: principal.mechanism },
      tenant_id: tenantId,
      health: {
        overall_status: snapshot.overall_status,
        readiness_status: snapshot.readiness_status,
        generated_at: snapshot.generated_at,
        modules: snapshot.modules.map((m) => ({ name: m.name, status: m.status, message: m.message ?? null, optional: m.optional })),
      },
      throughput: rows && {
        last_hour: { received: rows.window.received_hour, completed: rows.window.finished_hour, failed: rows.window.failed_hour },
        last_24_hours: { received: rows.window.received_day, completed: rows.window.finished_day, failed: rows.window.failed_day },
      },
      queue: rows && { depth: rows.pending.reduce((sum, row) => sum + row.count, 0), by_status: Object.fromEntries(rows.pending.map((row) => [row.status, row.count])) },
      breakers: this.breakerStates(tenantId),
      recent_failures: (rows?.failures ?? []).map((f) => ({
        id: f.id,
        invoice_number: f.invoice_number,
        supplier_name: f.supplier_name,
        received_at: new Date(f.received_at).toISOString(),
        failed_at: new Date(f.updated_at).toISOString(),
      })),
    };
  }

  /** The tenant's own circuits and the shared ones, never another tenant's. */
  private breakerStates(tenantId: string | null): OverviewBreakerDto[] {
    const states: OverviewBreakerDto[] = [];
    for (const { definition } of this.catalogue.all()) {
      for (const owner of tenantId === null ? [null] : [null, tenantId]) {
        const state = this.breakers.state(definition.id, owner);
        if (state !== undefined) states.push({ module_id: definition.id, stage: definition.stage, tenant_id: owner, state: STATE_NAMES[state] });
      }
    }
    return states.sort((a, b) => a.stage.localeCompare(b.stage) || a.module_id.localeCompare(b.module_id));
  }
}
