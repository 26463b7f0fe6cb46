import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Gauge } from 'prom-client';
import { HealthContributor, HealthContributorProvider, HealthOutcome } from '../../framework/health';
import { MetricsService } from '../../framework/metrics';
import { ConfigurationsService, selectionsOf } from '../configurations/configurations.service';
import { CircuitBreakers } from './circuit-breakers';
import { PolicyCache } from './policy-cache';
import { ModuleCatalogue } from '../catalogue/module-catalogue.service';

/**
 * The `pipeline` health contributor: degraded while a module the active configuration selects is
 * unavailable (its stage runs on the fallback) or a module's circuit is open. At boot it logs and
 * counts every selected module that is unavailable.
 */
@Injectable()
@HealthContributorProvider()
export class PipelineHealth implements HealthContributor, OnApplicationBootstrap {
  readonly name = 'pipeline';
  readonly optional = true;
  private readonly logger = new Logger('Pipeline');
  private readonly unavailableGauge: Gauge<'stage' | 'module'>;

  constructor(
    private readonly configurations: ConfigurationsService,
    private readonly catalogue: ModuleCatalogue,
    private readonly policies: PolicyCache,
    private readonly breakers: CircuitBreakers,
    metrics: MetricsService,
  ) {
    this.unavailableGauge = metrics.gauge({
      name: 'pipeline_selected_module_unavailable',
      help: 'Modules the active configuration selects that are unavailable (1): their stage runs on its fallback.',
      labelNames: ['stage', 'module'] as const,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const { stageId, moduleId } of await this.unavailableSelections()) {
      this.logger.warn({ stage: stageId, module: moduleId }, 'a selected module is unavailable; its stage falls back per its policy');
    }
  }

  async check(): Promise<HealthOutcome> {
    const problems = (await this.unavailableSelections()).map((s) => `${s.stageId}: ${s.moduleId} unavailable (fallback in use)`);
    for (const open of this.breakers.open()) problems.push(`circuit open: ${open.moduleId}${open.tenantId ? ` (tenant ${open.tenantId})` : ''}`);
    return problems.length === 0 ? { status: 'healthy', message: 'all selected modules available' } : { status: 'degraded', message: problems.join('; ') };
  }

  private async unavailableSelections(): Promise<Array<{ stageId: string; moduleId: string }>> {
    await this.policies.refresh();
    const selections = selectionsOf(await this.configurations.active());
    this.unavailableGauge.reset();
    const missing = selections.filter((s) => !this.catalogue.get(s.moduleId) || !this.policies.isAvailable(s.moduleId));
    for (const s of missing) this.unavailableGauge.set({ stage: s.stageId, module: s.moduleId }, 1);
    return missing;
  }
}
