import { Injectable } from '@nestjs/common';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import type { ModuleStatus } from '../catalogue/entities/module.entity';
import type { FallbackPolicyEntity } from '../fallback/entities/fallback-policy.entity';
import { FallbackPolicyRepository } from '../fallback/fallback-policy.repository';
import { PipelineRunConfig } from './pipeline-run.config';

/**
 * Fallback policies and module statuses, read at most every PIPELINE_POLICY_CACHE_MS: a policy or
 * status change made through the API applies to runs that start after that, without a query per stage.
 */
@Injectable()
export class PolicyCache {
  private policies = new Map<string, FallbackPolicyEntity>();
  private statuses = new Map<string, ModuleStatus>();
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly fallbackPolicies: FallbackPolicyRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly config: PipelineRunConfig,
  ) {}

  async refresh(force = false): Promise<void> {
    if (!force && performance.now() - this.loadedAt < this.config.policyCacheMs) return;
    this.loading ??= this.load().finally(() => (this.loading = null));
    await this.loading;
  }

  policy(stageId: string): FallbackPolicyEntity | null {
    return this.policies.get(stageId) ?? null;
  }

  isAvailable(moduleId: string): boolean {
    return this.statuses.get(moduleId) === 'available';
  }

  private async load(): Promise<void> {
    const policies = await this.fallbackPolicies.all();
    const modules = await this.catalogue.moduleStatuses();
    this.policies = new Map(policies.map((p) => [p.stageId, p]));
    this.statuses = new Map(modules.map((m) => [m.moduleId, m.status]));
    this.loadedAt = performance.now();
  }
}
