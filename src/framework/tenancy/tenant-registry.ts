import { Injectable, Logger } from '@nestjs/common';
import type { ConfigDiff } from '../config/config-diff';
import type { Reloadable } from '../config/reload/reloadable';
import { LifecycleParticipant } from '../lifecycle/lifecycle-participant.decorator';
import { TenancyClock } from './tenancy.clock';
import { TenancyConfig } from './tenancy.config';
import { TenantConfigResolver } from './tenant-config.resolver';
import { TenantContext } from './tenant-context';
import type { TenantEntity } from './tenant.entity';
import { TenantRepository } from './tenant.repository';

interface Entry {
  context: TenantContext;
  loadedAt: number;
}

/**
 * The tenants this replica has seen, as TenantContexts: one object per tenant for the life of the
 * process, refreshed in place. A cached tenant is trusted for TENANT_CACHE_TTL_MS, then read again
 * (one read per tenant at a time), so a tenant disabled on another replica is refused here within
 * that time; changes made through this replica apply at once. A configuration reload re-merges
 * every cached tenant (base and instance layers may have changed).
 */
@Injectable()
@LifecycleParticipant({ name: 'tenancy', dependsOn: ['database'] })
export class TenantRegistry implements Reloadable {
  private readonly logger = new Logger('Tenancy');
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<TenantContext | undefined>>();

  constructor(
    private readonly repository: TenantRepository,
    private readonly resolver: TenantConfigResolver,
    private readonly config: TenancyConfig,
    private readonly clock: TenancyClock,
  ) {}

  /** The tenant, from the cache while fresh; undefined when it does not exist. */
  get(tenantId: string): Promise<TenantContext | undefined> {
    const entry = this.entries.get(tenantId);
    if (entry && this.clock.now() - entry.loadedAt < this.config.tenantCacheTtlMs) return Promise.resolve(entry.context);
    return this.refresh(tenantId);
  }

  /** The cached tenant while fresh, without I/O (the request fast path); undefined otherwise. */
  peek(tenantId: string): TenantContext | undefined {
    const entry = this.entries.get(tenantId);
    return entry && this.clock.now() - entry.loadedAt < this.config.tenantCacheTtlMs ? entry.context : undefined;
  }

  /** Reads the tenant again now (single flight per tenant). */
  refresh(tenantId: string): Promise<TenantContext | undefined> {
    const pending = this.loading.get(tenantId);
    if (pending) return pending;
    const load = this.repository
      .find(tenantId)
      .then((row) => (row ? this.apply(row) : this.forget(tenantId)))
      .finally(() => this.loading.delete(tenantId));
    this.loading.set(tenantId, load);
    return load;
  }

  /** Puts a row into the cache (after a write through this replica) and returns its context. */
  apply(row: TenantEntity): TenantContext {
    const entry = this.entries.get(row.tenantId);
    const context = entry?.context ?? new TenantContext(row.tenantId, row.createdAt);
    this.fill(context, row);
    this.entries.set(row.tenantId, { context, loadedAt: this.clock.now() });
    return context;
  }

  /** Number of cached tenants (metrics, tests). */
  get size(): number {
    return this.entries.size;
  }

  async reload(_diff: ConfigDiff): Promise<void> {
    this.resolver.refreshInstanceLayer();
    for (const { context } of this.entries.values()) this.merge(context);
  }

  private fill(context: TenantContext, row: TenantEntity): void {
    context.name = row.name;
    context.overrides = Object.freeze({ ...row.config });
    context.disabledAt = row.disabledAt;
    context.updatedAt = row.updatedAt;
    this.merge(context);
  }

  private merge(context: TenantContext): void {
    const merged = this.resolver.merge(context.overrides);
    if (merged.rejected.length > 0) {
      this.logger.warn({ tenantId: context.tenantId, rejected: merged.rejected }, 'tenant overrides no longer valid; base values apply');
    }
    context.config = Object.freeze(merged.config);
    context.provenance = Object.freeze(merged.provenance);
  }

  private forget(tenantId: string): undefined {
    const entry = this.entries.get(tenantId);
    // Keep the object (durable instances may hold it) but treat the tenant as gone.
    if (entry) entry.context.disabledAt = entry.context.disabledAt ?? new Date(0);
    this.entries.delete(tenantId);
    return undefined;
  }
}
