import { isDeepStrictEqual } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import { settingsOf } from '../config/setting.decorator';
import { NotFoundError, ValidationError } from '../errors';
import { TenantConfigResolver } from './tenant-config.resolver';
import { TenantConfig } from './tenant.config';
import type { TenantContext } from './tenant-context';
import { TenantRegistry } from './tenant-registry';
import type { TenantEntity, TenantOverrides } from './tenant.entity';
import { TenantRepository } from './tenant.repository';

/** Tenant administration: every write goes to the table first, then refreshes this replica's cache. */
@Injectable()
export class TenantsService {
  private readonly logger = new Logger('Tenancy');

  constructor(
    private readonly repository: TenantRepository,
    private readonly registry: TenantRegistry,
    private readonly resolver: TenantConfigResolver,
  ) {}

  async create(input: { tenantId: string; name: string; config?: TenantOverrides }, actor: string): Promise<TenantContext> {
    const overrides = this.checked(withoutNulls(input.config ?? {}));
    const row = await this.repository.create(input.tenantId, input.name.trim(), overrides);
    this.logger.log({ tenantId: row.tenantId, actor }, 'tenant created');
    return this.registry.apply(row);
  }

  async list(after: string | undefined, limit: number): Promise<TenantContext[]> {
    return (await this.repository.list(after, limit)).map((row) => this.registry.apply(row));
  }

  async get(tenantId: string): Promise<TenantContext> {
    return this.registry.apply(await this.repository.get(tenantId));
  }

  /** Name and overrides; an override set to null is removed. */
  async update(tenantId: string, changes: { name?: string; config?: TenantOverrides }, actor: string): Promise<TenantContext> {
    const current = await this.repository.get(tenantId);
    const update: Partial<Pick<TenantEntity, 'name' | 'config'>> = {};
    if (changes.name !== undefined) update.name = changes.name.trim();
    if (changes.config !== undefined) update.config = this.checked(withoutNulls({ ...current.config, ...changes.config }));
    const row = await this.repository.update(tenantId, update);
    this.logger.log({ tenantId, actor, changed: Object.keys(changes.config ?? {}) }, 'tenant updated');
    return this.registry.apply(row);
  }

  async setDisabled(tenantId: string, disabled: boolean, actor: string): Promise<TenantContext> {
    const row = await this.repository.update(tenantId, { disabledAt: disabled ? new Date() : null });
    this.logger.log({ tenantId, actor }, disabled ? 'tenant disabled' : 'tenant enabled');
    return this.registry.apply(row);
  }

  /** Re-reads one tenant's row and re-merges its configuration; other tenants are not touched. */
  async reload(tenantId: string): Promise<{ tenant: TenantContext; changed: string[] }> {
    const previous = (await this.registry.get(tenantId))?.config as Record<string, unknown> | undefined;
    this.resolver.refreshInstanceLayer();
    const tenant = await this.registry.refresh(tenantId);
    if (!tenant) throw new NotFoundError(`Tenant "${tenantId}" does not exist.`);
    const now = tenant.config as unknown as Record<string, unknown>;
    const changed = settingsOf(TenantConfig)
      .filter((s) => !isDeepStrictEqual(previous?.[s.property], now[s.property]))
      .map((s) => s.env);
    this.logger.log({ tenantId, changed }, 'tenant configuration reloaded');
    return { tenant, changed };
  }

  private checked(overrides: TenantOverrides): TenantOverrides {
    const problems = this.resolver.validate(overrides);
    if (problems.length > 0) throw new ValidationError('The configuration overrides are invalid.', problems);
    return overrides;
  }
}

function withoutNulls(values: TenantOverrides): TenantOverrides {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null));
}
